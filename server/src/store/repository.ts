// The FhirRepository (contract of @medplum/fhir-router) on PostgreSQL: resources as JSONB with
// versioned history, typed search indexes written in the same statement as the resource.
import { randomUUID } from 'node:crypto';
import type { Operation, SearchRequest, WithId } from '@medplum/core';
import {
  badRequest,
  conflict,
  formatSearchQuery,
  gone,
  notFound,
  OperationOutcomeError,
  Operator,
  preconditionFailed,
} from '@medplum/core';
import type {
  CreateResourceOptions,
  DeleteResourceOptions,
  ReadHistoryOptions,
  RepositoryMode,
  SearchOptions,
  TransactionOptions,
  UpdateResourceOptions,
} from '@medplum/fhir-router';
import { FhirRepository, getExtraEntries } from '@medplum/fhir-router';
import type {
  AuditEvent,
  Bundle,
  BundleEntry,
  OperationOutcome,
  Parameters,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { AccessFilter, Bind } from './access-filter.ts';
import type { AuditJournal } from './audit-journal.ts';
import type { Database, SqlRunner } from './database/database.ts';
import { afterTransaction, guarded } from './database/errors.ts';
import type { HistoryQuery } from './history.ts';
import { historyBundle } from './history.ts';
import { ReadCache } from './read-cache.ts';
import { readMany, readOneVersion, readStoredRow, resourceOfRow, splitLocalReference } from './reads.ts';
import { applyElementsFilter } from './search/elements.ts';
import type { SearchParamRegistry } from './search/params.ts';
import { searchRowPlan } from './search/row-plan.ts';
import { findResources, searchsetBundle } from './search/search.ts';
import { fromStored } from './stored.ts';
import { assertValidResource, storedForm } from './validation/validation.ts';
import { parseConditionalReference, resolveConditionalReferences } from './write/conditional-references.ts';
import { applyResourcePatch } from './write/patch.ts';
import { type KeptVersion, type UpsertOutcome, unchangedVersions } from './write/unchanged.ts';
import { checkWriteRules, hasWriteRule, type WriteRule } from './write/write-rules.ts';
import type { VersionWrite } from './write/writer.ts';
import { allocateRids, writeVersions } from './write/writer.ts';

export interface RepositoryContext {
  readonly db: Database;
  readonly registry: SearchParamRegistry;
  /** e.g. http://localhost:8080/fhir */
  readonly fhirBaseUrl: string;
  readonly cache: ReadCache;
  /** The access filter of the server's own work (calls without a caller's): access/policy.ts unrestricted. */
  readonly serverAccess: AccessFilter;
  /** Workflow rules over two versions of a resource, checked on every write (write/write-rules.ts). */
  readonly writeRules?: readonly WriteRule[];
  /** Where AuditEvents are stored before they are indexed; reads of AuditEvents settle it first. */
  readonly auditJournal: AuditJournal;
}

export interface RequestOptions {
  /** `Prefer: handling=lenient`: unknown search parameters are ignored with a warning. */
  readonly lenient?: boolean;
  /** What the caller's access token allows (access/policy.ts); absent: the server itself (serverAccess). */
  readonly access?: AccessFilter;
}

interface CurrentRow {
  rid: number;
  version: number;
  deleted: boolean;
}

const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;
const AUDIT_EVENT = 'AuditEvent';

/** Bounds on the work one search may cause through _include/_revinclude. */
const MAX_INCLUDE_PARAMETERS = 10;
const MAX_INCLUDED_RESOURCES = 1000;

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505';
}

export class PostgresRepository extends FhirRepository {
  private readonly ctx: RepositoryContext;
  /** Set when this repository runs inside a transaction (see withTransaction). */
  private readonly tx: SqlRunner | undefined;
  private readonly options: RequestOptions;
  /** Keys written inside this repository's transaction, dropped from the read cache again after it ends. */
  private readonly touched: Set<string> | undefined;

  constructor(ctx: RepositoryContext, options: RequestOptions = {}, tx?: SqlRunner, touched?: Set<string>) {
    super();
    this.ctx = ctx;
    this.options = options;
    this.tx = tx;
    this.touched = touched;
  }

  /** A repository for one request, e.g. with `Prefer: handling=lenient`. */
  withOptions(options: RequestOptions): PostgresRepository {
    return new PostgresRepository(this.ctx, options, this.tx, this.touched);
  }

  get access(): AccessFilter {
    return this.options.access ?? this.ctx.serverAccess;
  }

  /** e.g. http://localhost:8080/fhir */
  get fhirBaseUrl(): string {
    return this.ctx.fhirBaseUrl;
  }

  get registry(): SearchParamRegistry {
    return this.ctx.registry;
  }

  /** SQL over the store in this repository's transaction, database errors turned into OperationOutcomes. */
  get sql(): SqlRunner {
    return guarded(this.tx ?? this.ctx.db);
  }

  /**
   * Runs `fn` in the current transaction, or in a new one. `key` (type/id) is the resource it writes:
   * dropped from the read cache again once a transaction started here has ended.
   */
  private async inTransaction<T>(key: string, fn: (sql: SqlRunner) => Promise<T>): Promise<T> {
    if (this.tx) {
      return fn(guarded(this.tx));
    }
    try {
      return await this.ctx.db.transaction((tx) => fn(guarded(tx)));
    } catch (err) {
      throw afterTransaction(err);
    } finally {
      this.ctx.cache.invalidate([key]);
    }
  }

  /** Called right after a write statement: other readers must not be served the old version from cache. */
  private wrote(keys: string[]): void {
    this.ctx.cache.invalidate(keys);
    for (const key of keys) {
      this.touched?.add(key);
    }
  }

  setMode(_mode: RepositoryMode): void {
    // One connection pool serves reads and writes; read replicas would be chosen here.
  }

  generateId(): string {
    return randomUUID();
  }

  private get writeRules(): readonly WriteRule[] {
    return this.ctx.writeRules ?? [];
  }

  /** The workflow rules for `before` → `after`, reading the current content only when a rule needs it. */
  private async checkRules(
    sql: SqlRunner,
    resourceType: string,
    current: CurrentRow | undefined,
    after: Resource | undefined,
  ): Promise<void> {
    if (!hasWriteRule(this.writeRules, resourceType)) {
      return;
    }
    let before: Resource | undefined;
    if (current && !current.deleted) {
      const [row] = await sql.query<{ content: Resource }>('SELECT content FROM resource WHERE rid = $1', [
        current.rid,
      ]);
      before = row?.content;
    }
    checkWriteRules(this.writeRules, resourceType, before, after);
  }

  // ------------------------------------------------------------------------------------------ writes

  async createResource<T extends Resource>(resource: T, options?: CreateResourceOptions): Promise<WithId<T>> {
    const [created] = await this.createResources([resource], options);
    return created;
  }

  /**
   * Creates many resources in one statement (bulk import, benchmarks). With `assignedId` the given ids
   * are kept (and must be new); otherwise the server assigns ids, as FHIR create requires.
   * `validatedByCaller` is for resources the server builds itself from its own facts (the audit trail,
   * audit/events.ts, whose builder is tested against the validator) and for resources the caller ran
   * through the same validator (the bulk import's validation workers); everything else is validated.
   */
  async createResources<T extends Resource>(
    resources: T[],
    options?: CreateResourceOptions & { validatedByCaller?: boolean },
  ): Promise<WithId<T>[]> {
    for (const resource of resources) {
      this.access.assertPermits(resource.resourceType, 'c');
      this.access.assertChange(undefined, resource);
    }
    // A restricted caller's new resources must land in its compartment: checked inside the transaction.
    if (this.access.restricted && !this.tx) {
      return this.withTransaction((repo) => repo.createResources(resources, options));
    }
    const lastUpdated = new Date().toISOString();
    const resolved = await Promise.all(resources.map((resource) => this.resolveReferences(resource)));
    const prepared = resolved.map((resource) => {
      const id = options?.assignedId && resource.id ? resource.id : this.generateId();
      return this.prepare(resource, id, 1, lastUpdated, !options?.validatedByCaller);
    });
    // Workflow rules after the profile: a resource the profile refuses is answered with the profile's issue.
    for (const resource of prepared) {
      checkWriteRules(this.writeRules, resource.resourceType, undefined, resource);
    }
    const rids = await allocateRids(this.sql, prepared.length);
    const writes: VersionWrite[] = prepared.map((resource, i) => ({
      rid: rids[i],
      isNew: true,
      resourceType: resource.resourceType,
      id: resource.id,
      version: 1,
      lastUpdated,
      resource,
    }));
    try {
      await writeVersions(this.sql, this.ctx.registry, writes);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new OperationOutcomeError(conflict('A resource with this id already exists'));
      }
      throw err;
    }
    for (const resource of prepared) {
      await this.access.assertRow(this.sql, resource.resourceType, resource.id, 'c', 'result');
    }
    return prepared;
  }

  /**
   * Creates or updates many resources with given ids in one transaction and one write statement (computed
   * results such as a practice's selection): each becomes the next version of its id, or version 1.
   * `validatedByCaller` is for resources the server computed with the profile builders, whose caller has
   * validated resources built the same way (see programme/selection/selection.ts), and for resources the
   * caller ran through the same validator (the bulk import's validation workers); everything else is validated.
   */
  async upsertResources<T extends Resource>(
    resources: T[],
    options: { validatedByCaller?: boolean } = {},
  ): Promise<WithId<T>[]> {
    return (await this.upsertResourcesWithOutcomes(resources, options)).map((written) => written.resource);
  }

  /**
   * upsertResources, saying for each resource whether it was created, updated or left unchanged. With
   * `skipUnchanged` (the bulk import), a resource whose content equals its current version's, meta.versionId
   * and meta.lastUpdated aside, gets no new version: the current one is returned, so importing the same data
   * again writes nothing.
   */
  async upsertResourcesWithOutcomes<T extends Resource>(
    resources: T[],
    options: { validatedByCaller?: boolean; skipUnchanged?: boolean } = {},
  ): Promise<{ resource: WithId<T>; outcome: UpsertOutcome }[]> {
    const lastUpdated = new Date().toISOString();
    const validated = await Promise.all(
      resources.map(async (resource) => {
        if (!resource.id) {
          throw new OperationOutcomeError(badRequest('Missing id', `${resource.resourceType}.id`));
        }
        const resolved = await this.resolveReferences(resource);
        return this.prepare(resolved, resource.id, 1, lastUpdated, !options.validatedByCaller);
      }),
    );
    const keys = validated.map((r) => ReadCache.key(r.resourceType, r.id));
    if (new Set(keys).size !== keys.length) {
      throw new OperationOutcomeError(badRequest('The same resource appears twice in one upsert'));
    }
    const write = async (sql: SqlRunner): Promise<{ resource: WithId<T>; outcome: UpsertOutcome }[]> => {
      const current = new Map<string, CurrentRow>();
      for (const type of new Set(validated.map((r) => r.resourceType))) {
        const ids = validated.filter((r) => r.resourceType === type).map((r) => r.id);
        const rows = await sql.query<CurrentRow & { id: string }>(
          'SELECT rid, id, version, deleted FROM resource WHERE resource_type = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE',
          [type, ids],
        );
        for (const row of rows) {
          current.set(ReadCache.key(type, row.id), row);
        }
      }
      for (const [i, resource] of validated.entries()) {
        await this.assertWriteTarget(sql, current.get(keys[i]), resource);
        await this.checkRules(sql, resource.resourceType, current.get(keys[i]), resource);
      }
      const kept = options.skipUnchanged
        ? await unchangedVersions(sql, validated, keys, current)
        : new Map<string, KeptVersion>();
      const changed = validated.flatMap((resource, i) =>
        kept.has(keys[i]) ? [] : [{ resource, key: keys[i], row: current.get(keys[i]) }],
      );
      const fresh = await allocateRids(sql, changed.filter((c) => !c.row).length);
      const writes: VersionWrite[] = changed.map(({ resource, row }) => {
        const version = (row?.version ?? 0) + 1;
        const stored = { ...resource, meta: { ...resource.meta, versionId: String(version) } };
        return {
          rid: row?.rid ?? (fresh.shift() as number),
          isNew: !row,
          resourceType: stored.resourceType,
          id: stored.id,
          version,
          lastUpdated,
          resource: stored,
        };
      });
      await writeVersions(sql, this.ctx.registry, writes);
      this.wrote(changed.map((c) => c.key));
      for (const write of writes) {
        await this.access.assertRow(sql, write.resourceType, write.id, write.isNew ? 'c' : 'u', 'result');
      }
      const results = new Map(
        changed.map(({ key, row }, i) => [
          key,
          { resource: writes[i].resource as WithId<T>, outcome: row && !row.deleted ? 'updated' : 'created' } as const,
        ]),
      );
      return validated.map((resource, i) => {
        const version = kept.get(keys[i]);
        if (!version) {
          return results.get(keys[i]) as { resource: WithId<T>; outcome: UpsertOutcome };
        }
        const meta = { ...resource.meta, versionId: String(version.version), lastUpdated: version.lastUpdated };
        return { resource: { ...resource, meta }, outcome: 'unchanged' };
      });
    };
    if (this.tx) {
      return write(guarded(this.tx));
    }
    try {
      try {
        return await this.ctx.db.transaction((tx) => write(guarded(tx)));
      } catch (err) {
        // A concurrent first write of the same new id won: ours is its next version.
        if (!isUniqueViolation(err)) {
          throw err;
        }
        return await this.ctx.db.transaction((tx) => write(guarded(tx)));
      }
    } catch (err) {
      throw afterTransaction(err);
    } finally {
      this.ctx.cache.invalidate(keys);
    }
  }

  async updateResource<T extends Resource>(resource: T, options?: UpdateResourceOptions): Promise<WithId<T>> {
    if (!resource.id) {
      throw new OperationOutcomeError(badRequest('Missing id', `${resource.resourceType}.id`));
    }
    const id = resource.id;
    // Validate before taking the row lock; only the version stamp changes inside the transaction.
    const validated = this.prepare(await this.resolveReferences(resource), id, 1, new Date().toISOString());
    try {
      return await this.writeUpdate(validated, options);
    } catch (err) {
      // Two create-on-updates of the same new id raced; the loser retries as a normal update.
      if (isUniqueViolation(err) && !this.tx) {
        return this.writeUpdate(validated, options);
      }
      throw isUniqueViolation(err) ? new OperationOutcomeError(conflict('Concurrent create of the same id')) : err;
    }
  }

  private writeUpdate<T extends Resource>(validated: WithId<T>, options?: UpdateResourceOptions): Promise<WithId<T>> {
    const id = validated.id;
    const key = ReadCache.key(validated.resourceType, id);
    return this.inTransaction(key, async (sql) => {
      const current = await this.lockCurrent(sql, validated.resourceType, id);
      const existed = current !== undefined && !current.deleted;
      await this.assertWriteTarget(sql, current, validated);
      this.checkIfMatch(current, options?.ifMatch);
      await this.checkRules(sql, validated.resourceType, current, validated);
      const version = (current?.version ?? 0) + 1;
      const lastUpdated = new Date().toISOString();
      const stored = { ...validated, meta: { ...validated.meta, versionId: String(version), lastUpdated } };
      const rid = current?.rid ?? (await allocateRids(sql, 1))[0];
      await writeVersions(sql, this.ctx.registry, [
        { rid, isNew: !current, resourceType: stored.resourceType, id, version, lastUpdated, resource: stored },
      ]);
      this.wrote([key]);
      await this.access.assertRow(sql, stored.resourceType, id, existed ? 'u' : 'c', 'result');
      return stored;
    });
  }

  async patchResource<T extends Resource>(
    resourceType: T['resourceType'],
    id: string,
    patch: Operation[] | Parameters,
    options?: UpdateResourceOptions,
  ): Promise<WithId<T>> {
    const key = ReadCache.key(resourceType, id);
    return this.inTransaction(key, async (sql) => {
      const current = await this.lockCurrent(sql, resourceType, id);
      if (!current) {
        throw new OperationOutcomeError(notFound);
      }
      // Access first: that a resource was deleted is for who may see it (else 404, as for an unknown id).
      await this.access.assertRow(sql, resourceType, id, 'u');
      if (current.deleted) {
        throw new OperationOutcomeError(gone);
      }
      this.checkIfMatch(current, options?.ifMatch);
      const [row] = await sql.query<{ content: WithId<T> }>('SELECT content FROM resource WHERE rid = $1', [
        current.rid,
      ]);
      const before = structuredClone(row.content);
      const resource = row.content;
      applyResourcePatch(resource, patch);
      this.access.assertChange(before, resource);
      checkWriteRules(this.writeRules, resourceType, before, resource);
      const version = current.version + 1;
      const lastUpdated = new Date().toISOString();
      // Conditional references are searched inside this transaction (on PGlite, outside it would wait forever).
      const txRepo = this.tx ? this : new PostgresRepository(this.ctx, this.options, sql);
      const stored = this.prepare(await txRepo.resolveReferences(resource), id, version, lastUpdated);
      await writeVersions(sql, this.ctx.registry, [
        { rid: current.rid, isNew: false, resourceType, id, version, lastUpdated, resource: stored },
      ]);
      this.wrote([key]);
      await this.access.assertRow(sql, resourceType, id, 'u', 'result');
      return stored;
    });
  }

  async deleteResource(resourceType: string, id: string, options?: DeleteResourceOptions): Promise<void> {
    const key = ReadCache.key(resourceType, id);
    await this.inTransaction(key, async (sql) => {
      const current = await this.lockCurrent(sql, resourceType, id);
      if (!current) {
        throw new OperationOutcomeError(notFound);
      }
      // A deleted resource keeps its references: another practice's answers 404 here too.
      await this.access.assertRow(sql, resourceType, id, 'd');
      this.checkIfMatch(current, options?.ifMatch);
      if (current.deleted) {
        return; // Deleting a deleted resource succeeds and writes nothing (R4 http.html#delete).
      }
      if (this.access.limitsChanges(resourceType)) {
        // What a role owns by content (a practice's invitation) it alone may delete: the same check as a change.
        const [row] = await sql.query<{ content: Resource }>('SELECT content FROM resource WHERE rid = $1', [
          current.rid,
        ]);
        if (row) {
          this.access.assertChange(row.content, row.content);
        }
      }
      await this.checkRules(sql, resourceType, current, undefined);
      await writeVersions(sql, this.ctx.registry, [
        {
          rid: current.rid,
          isNew: false,
          resourceType,
          id,
          version: current.version + 1,
          lastUpdated: new Date().toISOString(),
          resource: undefined,
        },
      ]);
      this.wrote([key]);
    });
  }

  private resolveReferences<T extends Resource>(resource: T): Promise<T> {
    return resolveConditionalReferences(resource, (query) => this.searchResources(parseConditionalReference(query)));
  }

  /** Validates and stamps a resource for storage: server-owned meta.versionId and meta.lastUpdated. */
  private prepare<T extends Resource>(
    resource: T,
    id: string,
    version: number,
    lastUpdated: string,
    validate = true,
  ): WithId<T> {
    if (!ID_PATTERN.test(id)) {
      throw new OperationOutcomeError(badRequest(`Invalid id "${id}"`, `${resource.resourceType}.id`));
    }
    const stored = storedForm(resource, id, version, lastUpdated) as WithId<T>;
    if (validate) {
      assertValidResource(stored);
    }
    return stored;
  }

  private async lockCurrent(sql: SqlRunner, resourceType: string, id: string): Promise<CurrentRow | undefined> {
    const [row] = await sql.query<CurrentRow>(
      'SELECT rid, version, deleted FROM resource WHERE resource_type = $1 AND id = $2 FOR UPDATE',
      [resourceType, id],
    );
    return row;
  }

  /**
   * The write rule's "as it was" half, for an update or create-on-update of `next`: a new id needs create
   * rights; an existing one (a deleted one too: re-creating an id is an update of its last version) needs
   * update rights on it, and a role limited to some elements (roles.ts) may change only those.
   */
  private async assertWriteTarget(sql: SqlRunner, current: CurrentRow | undefined, next: Resource): Promise<void> {
    const access = this.access;
    if (!current) {
      access.assertPermits(next.resourceType, 'c');
      access.assertChange(undefined, next);
      if (next.resourceType === 'Patient') {
        await access.assertUnclaimedPatient(sql, next.id as string);
      }
      return;
    }
    await access.assertRow(sql, next.resourceType, next.id as string, 'u', 'target');
    if (current.deleted) {
      access.assertPermits(next.resourceType, 'c');
      access.assertChange(undefined, next);
      return;
    }
    if (access.limitsChanges(next.resourceType)) {
      const [row] = await sql.query<{ content: Resource }>('SELECT content FROM resource WHERE rid = $1', [
        current.rid,
      ]);
      access.assertChange(row.content, next);
    }
  }

  /** If-Match: the write applies only to the named version, else 412 (R4 http.html#concurrency). */
  private checkIfMatch(current: CurrentRow | undefined, ifMatch: string | undefined): void {
    if (ifMatch !== undefined && (!current || current.deleted || String(current.version) !== ifMatch)) {
      throw new OperationOutcomeError(preconditionFailed);
    }
  }

  // ------------------------------------------------------------------------------------------- audit

  /**
   * Stores the server's AuditEvents durably (audit-journal.ts): resolved once they are committed; they become
   * readable and searchable as soon as anything reads the trail. Only the server writes its trail.
   */
  async appendAuditEvents(events: readonly AuditEvent[]): Promise<WithId<AuditEvent>[]> {
    if (this.access.restricted || this.tx) {
      throw new Error('AuditEvents are appended by the server itself, outside any transaction');
    }
    const recorded = new Date().toISOString();
    const stored = events.map((event) => storedForm(event, this.generateId(), 1, recorded));
    await this.ctx.auditJournal.append(stored);
    return stored;
  }

  /** Makes every AuditEvent appended so far readable (reads of AuditEvents do this themselves). */
  settleAuditTrail(): Promise<void> {
    return this.ctx.auditJournal.settle(this.tx);
  }

  /** Settles the audit trail when a read may return AuditEvents: `types` undefined means any type. */
  private async settleFor(types: readonly (string | undefined)[]): Promise<void> {
    if (types.some((type) => type === undefined || type === AUDIT_EVENT)) {
      await this.settleAuditTrail();
    }
  }

  // ------------------------------------------------------------------------------------------- reads

  async readResource<T extends Resource>(resourceType: string, id: string): Promise<WithId<T>> {
    this.access.assertPermits(resourceType, 'r');
    await this.settleFor([resourceType]);
    if (this.access.restricted) {
      // The check and the read in one statement (a deleted resource: 410 only to who may see it, else 404).
      return resourceOfRow<T>(await this.access.readRow(this.sql, resourceType, id));
    }
    return this.readCurrent<T>(resourceType, id);
  }

  private async readCurrent<T extends Resource>(resourceType: string, id: string): Promise<WithId<T>> {
    // Inside a transaction the cache is bypassed: it may see its own uncommitted writes.
    const cache = this.tx ? undefined : this.ctx.cache;
    const cached = cache?.get(resourceType, id);
    if (cached) {
      return fromStored(cached as WithId<T>);
    }
    const generation = cache?.currentGeneration ?? 0;
    const row = await readStoredRow(this.sql, resourceType, id);
    const resource = resourceOfRow<T>(row);
    cache?.fill(resourceType, id, row?.json as string, generation);
    return resource;
  }

  async readReference<T extends Resource>(reference: Reference<T>): Promise<WithId<T>> {
    const target = splitLocalReference(reference.reference);
    if (!target) {
      throw new OperationOutcomeError(badRequest('Invalid reference'));
    }
    return this.readResource(target.type, target.id);
  }

  /** Reads many references in one query; unresolvable ones come back as errors in their place. */
  async readReferences<T extends Resource>(references: readonly Reference<T>[]): Promise<(T | Error)[]> {
    const types = references.flatMap((reference) => splitLocalReference(reference.reference)?.type ?? []);
    await this.settleFor(types);
    const found = await readMany<T>(this.sql, references);
    if (!this.access.restricted) {
      return found;
    }
    // _include: what the caller may not read is left out, as if it did not exist.
    const key = (r: Resource) => `${r.resourceType}/${r.id}`;
    const resources = found.filter((r): r is T => !(r instanceof Error));
    const allowed = await this.access.allowedKeys(this.sql, resources.map(key), 'r');
    return found.map((r) => (r instanceof Error || allowed.has(key(r)) ? r : new OperationOutcomeError(notFound)));
  }

  async readVersion<T extends Resource>(resourceType: string, id: string, versionId: string): Promise<WithId<T>> {
    this.access.assertPermits(resourceType, 'r');
    await this.settleFor([resourceType]);
    // Access first: whether a version exists or was a delete is for who may see the resource.
    await this.access.assertRow(this.sql, resourceType, id, 'r');
    return readOneVersion<T>(this.sql, resourceType, id, versionId);
  }

  async readHistory<T extends Resource>(
    resourceType: string,
    id: string,
    options?: ReadHistoryOptions & { since?: string },
  ): Promise<Bundle<WithId<T>>> {
    await this.settleFor([resourceType]);
    const [exists] = await this.sql.query('SELECT 1 FROM resource WHERE resource_type = $1 AND id = $2', [
      resourceType,
      id,
    ]);
    if (!exists) {
      throw new OperationOutcomeError(notFound);
    }
    await this.access.assertRow(this.sql, resourceType, id, 'r');
    return this.history<T>({ resourceType, id, count: options?.limit, offset: options?.offset, since: options?.since });
  }

  /** History at instance, type or system level (R4 http.html#history), newest first. */
  async history<T extends Resource>(query: HistoryQuery): Promise<Bundle<WithId<T>>> {
    const access = this.access;
    if (query.resourceType && !query.id) {
      access.assertPermits(query.resourceType, 's');
    }
    await this.settleFor([query.resourceType]);
    // Judged on the current version: what the caller may see now, all its versions included.
    const interaction = query.id ? 'r' : 's';
    // An instance history checks one resource's rows; a type or system history filters many.
    const plan = query.id ? 'anchored' : 'set';
    const restrict = (alias: string, bind: Bind) =>
      access.rowCondition(alias, interaction, bind, query.resourceType, plan);
    return historyBundle<T>(this.sql, this.ctx.fhirBaseUrl, query, access.restricted ? restrict : undefined);
  }

  // ------------------------------------------------------------------------------------------ search

  async search<T extends Resource>(request: SearchRequest<T>, options?: SearchOptions): Promise<Bundle<WithId<T>>> {
    const access = this.access;
    const plan = searchRowPlan(this.ctx.registry, request, access.seesAPractice);
    // `_has:AuditEvent:…` and chains through AuditEvents read its index rows too.
    const throughAuditEvents = request.filters?.some((filter) => filter.code.includes(AUDIT_EVENT));
    await this.settleFor(throughAuditEvents ? [AUDIT_EVENT] : (request.types ?? [request.resourceType]));
    const searchContext = {
      db: this.sql,
      registry: this.ctx.registry,
      fhirBaseUrl: this.ctx.fhirBaseUrl,
      lenient: Boolean(this.options.lenient),
      // Searched types, chain targets and _has sources alike: the scope check, then the compartment in SQL.
      rowFilter: access.restricted
        ? (type: string, alias: string, bind: Bind) => {
            access.assertPermits(type, 's');
            return access.rowCondition(alias, 's', bind, type, plan);
          }
        : undefined,
    };
    const result = await findResources(searchContext, request);
    const bundle = searchsetBundle(this.ctx.fhirBaseUrl, request, result, Boolean(options?.resourceOnly));
    if ((request.include?.length ?? 0) + (request.revInclude?.length ?? 0) > MAX_INCLUDE_PARAMETERS) {
      throw new OperationOutcomeError(badRequest(`At most ${MAX_INCLUDE_PARAMETERS} _include/_revinclude parameters`));
    }
    if ((request.include || request.revInclude) && result.resources.length > 0) {
      const entries = bundle.entry as BundleEntry[];
      await getExtraEntries(this, request, result.resources, entries, {
        fullUrl: (type, id) => `${this.ctx.fhirBaseUrl}/${type}/${id}`,
        maxResults: MAX_INCLUDED_RESOURCES,
        // _revinclude of a type the scopes do not allow searching is left out rather than failing the search.
        executeSearch: (s: SearchRequest) =>
          access.permits(s.resourceType, 's') ? this.searchResources(s) : Promise.resolve([]),
      });
    }
    if (request.fields || request.summary) {
      for (const entry of bundle.entry ?? []) {
        if (entry.resource && entry.search?.mode !== 'outcome') {
          entry.resource = applyElementsFilter(entry.resource, request) as WithId<T>;
        }
      }
    }
    return bundle;
  }

  async searchByReference<T extends Resource>(
    request: SearchRequest<T>,
    referenceField: string,
    references: string[],
  ): Promise<Record<string, WithId<T>[]>> {
    const result: Record<string, WithId<T>[]> = {};
    for (const reference of references) {
      const filters = [
        ...(request.filters ?? []),
        { code: referenceField, operator: Operator.EQUALS, value: reference },
      ];
      result[reference] = await this.searchResources({ ...request, filters });
    }
    return result;
  }

  // ------------------------------------------------------------------------------------ transactions

  async withTransaction<TResult>(
    callback: (txRepo: this) => Promise<TResult>,
    options?: TransactionOptions,
  ): Promise<TResult> {
    if (this.tx) {
      return callback(this);
    }
    const touched = new Set<string>();
    try {
      return await this.ctx.db.transaction(
        (tx) => callback(new PostgresRepository(this.ctx, this.options, tx, touched) as this),
        {
          serializable: options?.serializable,
        },
      );
    } catch (err) {
      throw afterTransaction(err);
    } finally {
      this.ctx.cache.invalidate(touched);
    }
  }

  // Conditional writes (R4 http.html#cond-update): writers with the same criteria first take a
  // transaction-scoped advisory lock on them, so they run one after the other and each sees the previous
  // one's result, instead of all but one failing serialization. READ COMMITTED, so that the search after
  // the lock sees what the previous holder committed.

  override conditionalCreate<T extends Resource>(
    resource: T,
    search: SearchRequest<T>,
    options?: CreateResourceOptions,
  ): Promise<{ resource: WithId<T>; outcome: OperationOutcome }> {
    return this.underCriteriaLock(search, (repo) => repo.lockedConditionalCreate(resource, search, options));
  }

  override conditionalUpdate<T extends Resource>(
    resource: T,
    search: SearchRequest,
    options?: CreateResourceOptions & UpdateResourceOptions,
  ): Promise<{ resource: WithId<T>; outcome: OperationOutcome }> {
    return this.underCriteriaLock(search, (repo) => repo.lockedConditionalUpdate(resource, search, options));
  }

  override conditionalDelete(search: SearchRequest): Promise<void> {
    return this.underCriteriaLock(search, (repo) => repo.lockedConditionalDelete(search));
  }

  override conditionalPatch(
    search: SearchRequest,
    patch: Operation[],
    options?: UpdateResourceOptions,
  ): Promise<WithId<Resource>> {
    return this.underCriteriaLock(search, (repo) => repo.lockedConditionalPatch(search, patch, options));
  }

  // The router's own conditional logic, run on the transaction's repository once the lock is held.
  private lockedConditionalCreate<T extends Resource>(
    resource: T,
    search: SearchRequest<T>,
    options?: CreateResourceOptions,
  ) {
    return super.conditionalCreate(resource, search, options);
  }

  private lockedConditionalUpdate<T extends Resource>(
    resource: T,
    search: SearchRequest,
    options?: CreateResourceOptions & UpdateResourceOptions,
  ) {
    return super.conditionalUpdate(resource, search, options);
  }

  private lockedConditionalDelete(search: SearchRequest) {
    return super.conditionalDelete(search);
  }

  private lockedConditionalPatch(search: SearchRequest, patch: Operation[], options?: UpdateResourceOptions) {
    return super.conditionalPatch(search, patch, options);
  }

  private underCriteriaLock<T>(search: SearchRequest, fn: (repo: PostgresRepository) => Promise<T>): Promise<T> {
    const criteria = `${search.resourceType}${formatSearchQuery({ ...search, count: undefined, sortRules: undefined })}`;
    return this.withTransaction(async (repo) => {
      await repo.sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [criteria]);
      return fn(repo);
    });
  }
}
