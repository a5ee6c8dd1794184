// Writing imported resources in batches: one transaction per batch, new resources and next versions in one
// upsert statement, a resource whose content is already stored left as it is (so importing the same data
// again writes nothing). What goes into a batch are units: one resource (an NDJSON line, a batch Bundle
// entry) or the writes of one transaction Bundle, which stand or fall together. Every resource is validated
// before its batch is written, on a worker thread when one is ready. When a batch fails, nothing of it stays
// and it is written again unit by unit, so only the bad units are rejected.
import { randomUUID } from 'node:crypto';
import type { WithId } from '@medplum/core';
import { isResourceType, OperationOutcomeError } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { unprocessable } from '../platform/outcomes.ts';
import type { PostgresRepository } from '../store/repository.ts';
import { storedForm, validationErrors } from '../store/validation/validation.ts';
import type { ValidationWorkers } from '../store/validation/workers.ts';
import {
  hasConditionalReferences,
  parseConditionalReference,
  resolveConditionalReferences,
} from '../store/write/conditional-references.ts';
import { WritePipeline } from '../store/write/pipeline.ts';
import type { UpsertOutcome } from '../store/write/unchanged.ts';
import type { ImportLocation, ImportReport } from './report.ts';
import { errorReason } from './report.ts';

export const DEFAULT_BATCH_SIZE = 500;
/**
 * Batches in flight. Validation runs on workers and indexing on this thread before a batch is sent, so a
 * second batch lets that work overlap with the database writing the first; more only queue.
 */
export const DEFAULT_CONCURRENCY = 2;
/** Resources taken in before validation workers are started (see BatchWriter.validation). */
export const START_WORKERS_AFTER = 5000;

export interface Pending {
  readonly resource: Resource;
  readonly location: ImportLocation;
}

/** What a batch is made of: one resource, or a transaction Bundle's writes (all of them or none). */
export interface WriteUnit {
  readonly items: readonly Pending[];
  /** A transaction Bundle: where it came from, and the types of its entries that needed no write. */
  readonly transaction?: { readonly location: ImportLocation; readonly kept: readonly string[] };
}

/** Why a parsed JSON value cannot be a resource, or undefined when it may be one. */
function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not a JSON object';
  }
  const { resourceType, id } = value as { resourceType?: unknown; id?: unknown };
  if (resourceType === undefined) {
    return 'no resourceType';
  }
  if (typeof resourceType !== 'string' || !isResourceType(resourceType)) {
    return `unknown resourceType ${JSON.stringify(resourceType)}`;
  }
  if (id !== undefined && typeof id !== 'string') {
    return `${resourceType}.id must be a string`;
  }
  return undefined;
}

function keyOf(resource: Resource): string | undefined {
  return resource.id === undefined ? undefined : `${resource.resourceType}/${resource.id}`;
}

function invalid(issues: OperationOutcomeIssue[]): string {
  return errorReason(new OperationOutcomeError(unprocessable(issues)));
}

export class BatchWriter {
  private readonly repo: PostgresRepository;
  private readonly report: ImportReport;
  private readonly batchSize: number;
  private readonly pipeline: WritePipeline;
  private batch: WriteUnit[] = [];
  private batchResources = 0;
  /** Units taken in and not yet written (pending or in flight). */
  private outstanding = 0;
  /** type/id of every NDJSON resource taken in this run: a second one with the same id is a duplicate. */
  private readonly seen = new Set<string>();
  /** type/id of the resources pending or in flight: a unit writing one of them again waits for them. */
  private readonly writing = new Set<string>();
  /** Conditional references and conditional creates that found one resource, by query (see find). */
  private readonly found = new Map<string, WithId<Resource>>();
  private readonly placeholderId = randomUUID();

  /**
   * Validate batches off this thread when a worker is ready (see validation/workers.ts): given workers, or a
   * function that starts them, called once the import has taken START_WORKERS_AFTER resources in (a small
   * import is over before a worker has loaded the FHIR definitions).
   */
  private readonly validation: ValidationWorkers | (() => ValidationWorkers) | undefined;

  constructor(
    repo: PostgresRepository,
    report: ImportReport,
    batchSize: number,
    concurrency: number,
    validation?: ValidationWorkers | (() => ValidationWorkers),
  ) {
    this.repo = repo;
    this.report = report;
    this.batchSize = batchSize;
    this.pipeline = new WritePipeline(concurrency);
    this.validation = validation;
  }

  /** Takes one value in (an NDJSON line); resolves when there is room for the next. */
  async add(value: unknown, location: ImportLocation): Promise<void> {
    this.report.processed++;
    const problem = shapeProblem(value);
    if (problem) {
      this.report.reject(location, problem);
      return;
    }
    const resource = value as Resource;
    const key = keyOf(resource);
    if (key) {
      if (this.seen.has(key)) {
        this.report.reject(location, `duplicate: ${key} appears earlier in this import`);
        return;
      }
      this.seen.add(key);
    }
    let resolved: Resource;
    try {
      resolved = await this.resolveReferences(resource);
    } catch (err) {
      this.reject({ resource, location }, errorReason(err));
      return;
    }
    await this.addUnit({ items: [{ resource: resolved, location }] });
  }

  /** Takes a unit in whose references are resolved; resolves when there is room for the next. */
  async addUnit(unit: WriteUnit): Promise<void> {
    if (unit.items.length === 0) {
      this.record(unit, []);
      return;
    }
    const keys = unit.items.flatMap((item) => keyOf(item.resource) ?? []);
    if (keys.some((key) => this.writing.has(key))) {
      // A later version of a resource in flight: the earlier one is written first.
      await this.barrier();
    }
    for (const key of keys) {
      this.writing.add(key);
    }
    this.batch.push(unit);
    this.outstanding++;
    this.batchResources += unit.items.length;
    if (this.batchResources >= this.batchSize) {
      await this.dispatch();
    }
  }

  /**
   * The resources a conditional reference or conditional create (`Patient?identifier=…`) finds. One that
   * found a single resource is remembered for the rest of the import: Synthea's Bundles name the same
   * providers thousands of times. When none is found while earlier units are still unwritten, those are
   * written first and the search runs again, so a reference finds what earlier lines and Bundles brought.
   */
  async find(query: string): Promise<WithId<Resource>[]> {
    const known = this.found.get(query);
    if (known) {
      return [known];
    }
    const search = () => this.repo.searchResources(parseConditionalReference(query));
    let matches = await search();
    if (matches.length === 0 && this.outstanding > 0) {
      await this.barrier();
      matches = await search();
    }
    if (matches.length === 1) {
      this.found.set(query, matches[0]);
    }
    return matches;
  }

  /** The resource with its conditional references resolved (see find). */
  resolveReferences<T extends Resource>(resource: T): Promise<T> {
    return hasConditionalReferences(resource)
      ? resolveConditionalReferences(resource, (query) => this.find(query))
      : Promise.resolve(resource);
  }

  /** Writes everything taken in so far and waits for it, e.g. before a Bundle that runs through the router. */
  async barrier(): Promise<void> {
    if (this.batch.length > 0) {
      await this.dispatch();
    }
    await this.pipeline.settle();
  }

  /** Forgets what conditional searches found: after writes this writer did not make (a router Bundle). */
  forgetFound(): void {
    this.found.clear();
  }

  /** Writes what is pending and waits for every batch in flight. */
  async drain(): Promise<void> {
    if (this.batch.length > 0) {
      await this.dispatch();
    }
    await this.pipeline.drain();
  }

  private async dispatch(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    this.batchResources = 0;
    await this.pipeline.submit(() => this.writeBatch(batch));
  }

  private async writeBatch(units: WriteUnit[]): Promise<void> {
    try {
      const valid = await this.validUnits(units);
      if (valid.length === 0) {
        return;
      }
      let outcomes: UpsertOutcome[];
      try {
        outcomes = await this.repo.withTransaction((tx) =>
          write(
            tx,
            valid.flatMap((unit) => unit.items),
          ),
        );
      } catch {
        // Rolled back as a whole; which units were at fault only writing them one by one can tell.
        for (const unit of valid) {
          await this.writeUnit(unit);
        }
        return;
      }
      let next = 0;
      for (const unit of valid) {
        this.record(unit, outcomes.slice(next, next + unit.items.length));
        next += unit.items.length;
      }
    } finally {
      for (const unit of units) {
        for (const item of unit.items) {
          this.writing.delete(keyOf(item.resource) ?? '');
        }
      }
      this.outstanding -= units.length;
    }
  }

  private async writeUnit(unit: WriteUnit): Promise<void> {
    try {
      this.record(unit, await this.repo.withTransaction((tx) => write(tx, unit.items)));
    } catch (err) {
      this.rejectUnit(unit, errorReason(err));
    }
  }

  /** Validates every resource of the batch; rejects the units with an invalid one, returns the others. */
  private async validUnits(units: WriteUnit[]): Promise<WriteUnit[]> {
    const resources = units.flatMap((unit) => unit.items.map((item) => item.resource));
    const errors = await this.validate(resources);
    let next = 0;
    return units.filter((unit) => {
      const first = next;
      next += unit.items.length;
      const bad = unit.items.findIndex((_item, i) => errors[first + i].length > 0);
      if (bad >= 0) {
        this.rejectUnit(unit, invalid(errors[first + bad]), unit.items[bad]);
      }
      return bad < 0;
    });
  }

  /**
   * The error issues of each resource, as the repository would find them: on a worker when one is ready,
   * else (a small import, or a worker that failed) on this thread.
   */
  private async validate(resources: Resource[]): Promise<OperationOutcomeIssue[][]> {
    const errors = await this.workers()
      ?.validate(resources)
      ?.catch(() => undefined);
    if (errors) {
      return errors;
    }
    const lastUpdated = new Date().toISOString();
    return resources.map((r) => validationErrors(storedForm(r, r.id ?? this.placeholderId, 1, lastUpdated)));
  }

  /** The validation workers, once given or (when started on demand) once the import is large enough. */
  private workers(): ValidationWorkers | undefined {
    if (typeof this.validation !== 'function') {
      return this.validation;
    }
    return this.report.processed >= START_WORKERS_AFTER ? this.validation() : undefined;
  }

  private record(unit: WriteUnit, outcomes: readonly UpsertOutcome[]): void {
    for (const [i, item] of unit.items.entries()) {
      this.report.imported(item.resource.resourceType, outcomes[i]);
    }
    for (const type of unit.transaction?.kept ?? []) {
      this.report.imported(type, 'unchanged');
    }
  }

  /** Rejects a unit: a transaction Bundle as a whole (naming the entry at fault), else its one resource. */
  private rejectUnit(unit: WriteUnit, reason: string, at?: Pending): void {
    const transaction = unit.transaction;
    if (!transaction) {
      this.reject(unit.items[0], reason);
      return;
    }
    const location = at ? { ...transaction.location, entry: at.location.entry } : transaction.location;
    this.report.reject(location, `transaction Bundle rejected, nothing of it imported: ${reason}`);
  }

  private reject(item: Pending, reason: string): void {
    this.report.reject(item.location, reason);
    // A later line may bring a corrected version of a rejected resource.
    this.seen.delete(keyOf(item.resource) ?? '');
  }
}

/**
 * Writes validated resources in the caller's transaction: with an id as create-or-next-version (nothing
 * when the content is already stored), without one as a create with an id the server assigns.
 * @returns What became of each resource, in order.
 */
async function write(tx: PostgresRepository, items: readonly Pending[]): Promise<UpsertOutcome[]> {
  const withId = items.filter((item) => item.resource.id !== undefined).map((item) => item.resource);
  const withoutId = items.filter((item) => item.resource.id === undefined).map((item) => item.resource);
  const upserted =
    withId.length > 0
      ? await tx.upsertResourcesWithOutcomes(withId, { validatedByCaller: true, skipUnchanged: true })
      : [];
  if (withoutId.length > 0) {
    await tx.createResources(withoutId, { validatedByCaller: true });
  }
  let next = 0;
  return items.map((item) => (item.resource.id === undefined ? 'created' : upserted[next++].outcome));
}
