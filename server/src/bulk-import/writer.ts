// Writing imported resources in batches: one transaction per batch, new resources in one createResources
// statement, resources whose id already exists as updates (a new version, so importing the same data again
// adds no duplicates). When a batch fails, nothing of it stays and it is written again resource by resource,
// so only the bad ones are rejected.
import { isResourceType, OperationOutcomeError } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { unprocessable } from '../platform/outcomes.ts';
import type { PostgresRepository } from '../store/repository.ts';
import type { ValidationWorkers } from '../store/validation/workers.ts';
import { hasConditionalReferences } from '../store/write/conditional-references.ts';
import { WritePipeline } from '../store/write/pipeline.ts';
import type { ImportLocation, ImportReport } from './report.ts';
import { errorReason } from './report.ts';

export const DEFAULT_BATCH_SIZE = 500;
/**
 * Batches in flight. The repository validates and indexes a batch on this thread before sending it, so a
 * second batch lets that work overlap with the database writing the first; more only queue.
 */
export const DEFAULT_CONCURRENCY = 2;
/** Resources taken in before validation workers are started (see BatchWriter.validation). */
export const START_WORKERS_AFTER = 5000;

interface Pending {
  readonly resource: Resource;
  readonly location: ImportLocation;
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

export class BatchWriter {
  private readonly repo: PostgresRepository;
  private readonly report: ImportReport;
  private readonly batchSize: number;
  private readonly pipeline: WritePipeline;
  private batch: Pending[] = [];
  /** type/id of every resource taken in this run: a second one with the same id is a duplicate. */
  private readonly seen = new Set<string>();

  /**
   * Validate batches off this thread when a worker is ready (see validation-workers.ts): given workers, or a
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

  /** Takes one value in; resolves when there is room for the next (at most `concurrency` batches in flight). */
  async add(value: unknown, location: ImportLocation): Promise<void> {
    this.report.processed++;
    const problem = shapeProblem(value);
    if (problem) {
      this.report.reject(location, problem);
      return;
    }
    const resource = value as Resource;
    if (resource.id !== undefined) {
      const key = `${resource.resourceType}/${resource.id}`;
      if (this.seen.has(key)) {
        this.report.reject(location, `duplicate: ${key} appears earlier in this import`);
        return;
      }
      this.seen.add(key);
    }
    this.batch.push({ resource, location });
    if (this.batch.length >= this.batchSize) {
      await this.dispatch();
    }
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
    await this.pipeline.submit(() => this.writeBatch(batch));
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const { validated, unvalidated } = await this.validateOnWorker(batch);
    const toWrite = [...validated, ...unvalidated];
    try {
      await this.repo.withTransaction(async (tx) => {
        for (const [items, validatedByCaller] of [
          [validated, true],
          [unvalidated, false],
        ] as const) {
          // With an id: create or next version, in one statement; without: the server assigns one.
          const withId = items.filter((item) => item.resource.id !== undefined).map((item) => item.resource);
          const withoutId = items.filter((item) => item.resource.id === undefined).map((item) => item.resource);
          if (withId.length > 0) {
            await tx.upsertResources(withId, { validatedByCaller });
          }
          if (withoutId.length > 0) {
            await tx.createResources(withoutId, { validatedByCaller });
          }
        }
      });
    } catch {
      // Rolled back as a whole; which resources were at fault only the single writes can tell.
      for (const item of toWrite) {
        await this.writeOne(item);
      }
      return;
    }
    for (const item of toWrite) {
      this.report.imported(item.resource.resourceType);
    }
  }

  /** The validation workers, once given or (when started on demand) once the import is large enough. */
  private workers(): ValidationWorkers | undefined {
    if (typeof this.validation !== 'function') {
      return this.validation;
    }
    return this.report.processed >= START_WORKERS_AFTER ? this.validation() : undefined;
  }

  /**
   * Validates the batch on a worker when one is ready, rejecting the invalid resources with the reason a
   * write would give. Resources with conditional references are validated by the repository, after their
   * references are resolved; so is the whole batch when no worker is ready or the worker failed.
   */
  private async validateOnWorker(batch: Pending[]): Promise<{ validated: Pending[]; unvalidated: Pending[] }> {
    const workers = this.workers();
    if (!workers) {
      return { validated: [], unvalidated: batch };
    }
    const conditional: Pending[] = [];
    const plain: Pending[] = [];
    for (const item of batch) {
      (hasConditionalReferences(item.resource) ? conditional : plain).push(item);
    }
    const checking = plain.length ? workers.validate(plain.map((item) => item.resource)) : undefined;
    const errors = await checking?.catch(() => undefined);
    if (!errors) {
      return { validated: [], unvalidated: batch };
    }
    const validated: Pending[] = [];
    for (const [i, item] of plain.entries()) {
      if (errors[i].length === 0) {
        validated.push(item);
      } else {
        this.reject(item, errorReason(new OperationOutcomeError(unprocessable(errors[i]))));
      }
    }
    return { validated, unvalidated: conditional };
  }

  /** One resource on its own: an update keeps the id (and creates it when new); without id, a create. */
  private async writeOne(item: Pending): Promise<void> {
    try {
      if (item.resource.id === undefined) {
        await this.repo.createResource(item.resource);
      } else {
        await this.repo.updateResource(item.resource);
      }
      this.report.imported(item.resource.resourceType);
    } catch (err) {
      this.reject(item, errorReason(err));
    }
  }

  private reject(item: Pending, reason: string): void {
    this.report.reject(item.location, reason);
    if (item.resource.id !== undefined) {
      // A later line may bring a corrected version of a rejected resource.
      this.seen.delete(`${item.resource.resourceType}/${item.resource.id}`);
    }
  }
}
