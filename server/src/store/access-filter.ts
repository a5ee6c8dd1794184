// What the repository asks of access control, and nothing more: the store applies an AccessFilter to every
// read, search, include, history and write, but knows nothing of tokens, scopes, roles or compartments.
// access/policy.ts (AccessPolicy) implements it; the wiring hands the repository one per request
// (RequestOptions.access) and one for the server's own work (RepositoryContext.serverAccess).
import type { Resource } from '@medplum/fhirtypes';
import type { SqlRunner } from './database/database.ts';
import type { StoredRow } from './reads.ts';

/** What a call does to a resource: create, read, update, delete, search (SMART v2's permission letters). */
export type Interaction = 'c' | 'r' | 'u' | 'd' | 's';

/** Adds a query parameter and returns its placeholder (`$3`). */
export type Bind = (value: unknown) => string;

/**
 * How a refused row answers: `hidden` 404, as for an id that does not exist; `target` 403 for the resource a
 * write targets; `result` 403 for what a write would make of the resource.
 */
export type RowDenial = 'hidden' | 'target' | 'result';

/**
 * How a row condition is best evaluated: `set` when every one of many rows must be judged (a type history, a
 * search with a total or a broad sort: what is shared, such as a practice's patient list, is computed once per
 * statement), `anchored` when few rows are judged (a read, a write, an instance history, a page of a search:
 * each row's own links are probed; store/search/row-plan.ts chooses for searches). Both mean the same rule.
 */
export type RowPlan = 'set' | 'anchored';

export interface AccessFilter {
  /** False when nothing is limited (the server itself, an unrestricted system token): the store skips the SQL. */
  readonly restricted: boolean;
  /** Whether the caller's visible rows are a whole practice's (many): chooses the search plan (row-plan.ts). */
  readonly seesAPractice: boolean;
  /** Whether `interaction` on `resourceType` is allowed at all (in some rows). */
  permits(resourceType: string, interaction: Interaction): boolean;
  /** Throws a 403 OperationOutcomeError unless `permits`. */
  assertPermits(resourceType: string, interaction: Interaction): void;
  /** Whether updates of `resourceType` are limited to some elements: the store then reads the old version. */
  limitsChanges(resourceType: string): boolean;
  /** Throws a 403 unless the caller may turn `before` (undefined for a create) into `after`. */
  assertChange(before: Resource | undefined, after: Resource): void;
  /**
   * SQL condition on `resource` row alias `r` for the rows the caller may `interaction`; undefined when
   * nothing is limited. With `resourceType` the row is known to be of that type.
   */
  rowCondition(
    r: string,
    interaction: Interaction,
    bind: Bind,
    resourceType?: string,
    plan?: RowPlan,
  ): string | undefined;
  /** Throws (as `denied` says; default `hidden`) unless the current row of `resourceType/id` passes. */
  assertRow(
    sql: SqlRunner,
    resourceType: string,
    id: string,
    interaction: Interaction,
    denied?: RowDenial,
  ): Promise<void>;
  /**
   * The current row of `resourceType/id` if the caller may read it; undefined when there is none or it is
   * hidden from the caller (both 404). Unknown types are a 404.
   */
  readRow(sql: SqlRunner, resourceType: string, id: string): Promise<StoredRow | undefined>;
  /** Throws a 403 when the caller may not create Patient `id` because stored records already name it. */
  assertUnclaimedPatient(sql: SqlRunner, id: string): Promise<void>;
  /** Of `keys` (`Type/id`), those whose current rows the caller may `interaction`. */
  allowedKeys(sql: SqlRunner, keys: readonly string[], interaction: Interaction): Promise<Set<string>>;
}
