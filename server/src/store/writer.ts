// Writes resource versions: the current row, the history row and the index rows, each kind as one
// multi-row statement (`unnest` of column arrays) so that one resource and ten thousand cost the
// same number of round trips.
import type { Resource } from '@medplum/fhirtypes';
import type { SqlRunner } from './database.ts';
import type { IndexRows } from './indexer.ts';
import { emptyIndexRows, indexResource } from './indexer.ts';
import type { SearchParamRegistry } from './search-params.ts';

export interface VersionWrite {
  /** Internal key; already allocated (see allocateRids) for new resources. */
  readonly rid: number;
  /** True when the resource row does not exist yet. */
  readonly isNew: boolean;
  readonly resourceType: string;
  readonly id: string;
  readonly version: number;
  readonly lastUpdated: string;
  /** The stored resource; undefined for a delete. */
  readonly resource: Resource | undefined;
}

export async function allocateRids(db: SqlRunner, count: number): Promise<number[]> {
  if (count === 0) {
    return [];
  }
  const rows = await db.query<{ rid: number }>(
    "SELECT nextval('resource_rid_seq') AS rid FROM generate_series(1, $1::int)",
    [count],
  );
  return rows.map((row) => row.rid);
}

/**
 * Stores the given versions in one SQL statement (atomic on its own, and part of the caller's
 * transaction when `db` is one). Index rows of updated and deleted resources are replaced.
 */
export async function writeVersions(
  db: SqlRunner,
  registry: SearchParamRegistry,
  writes: VersionWrite[],
): Promise<void> {
  if (writes.length === 0) {
    return;
  }
  const rows = emptyIndexRows();
  for (const write of writes) {
    if (write.resource) {
      indexResource(registry, write.resource, write.rid, rows);
    }
  }
  const inserts = writes.filter((w) => w.isNew);
  const updates = writes.filter((w) => !w.isNew);
  const params: unknown[] = [];
  const p = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const ctes: string[] = [];
  const column = <T>(list: VersionWrite[], pick: (w: VersionWrite) => T): T[] => list.map(pick);

  if (inserts.length > 0) {
    ctes.push(`ins AS (
      INSERT INTO resource (rid, resource_type, id, version, last_updated, deleted, content)
      SELECT * FROM unnest(${p(column(inserts, (w) => w.rid))}::bigint[], ${p(column(inserts, (w) => w.resourceType))}::text[],
        ${p(column(inserts, (w) => w.id))}::text[], ${p(column(inserts, (w) => w.version))}::int[],
        ${p(column(inserts, (w) => w.lastUpdated))}::timestamptz[], ${p(column(inserts, (w) => !w.resource))}::bool[],
        ${p(column(inserts, (w) => (w.resource ? JSON.stringify(w.resource) : null)))}::jsonb[]))`);
  }
  if (updates.length > 0) {
    const rids = p(column(updates, (w) => w.rid));
    ctes.push(`upd AS (
      UPDATE resource SET version = u.version, last_updated = u.last_updated, deleted = u.deleted, content = u.content
      FROM unnest(${rids}::bigint[], ${p(column(updates, (w) => w.version))}::int[],
        ${p(column(updates, (w) => w.lastUpdated))}::timestamptz[], ${p(column(updates, (w) => !w.resource))}::bool[],
        ${p(column(updates, (w) => (w.resource ? JSON.stringify(w.resource) : null)))}::jsonb[])
        AS u(rid, version, last_updated, deleted, content)
      WHERE resource.rid = u.rid)`);
    for (const table of INDEX_TABLES) {
      ctes.push(`del_${table} AS (DELETE FROM ${table} WHERE rid = ANY(${rids}::bigint[]))`);
    }
  }
  ctes.push(`hist AS (
    INSERT INTO resource_history (rid, version, resource_type, id, last_updated, deleted, content)
    SELECT * FROM unnest(${p(column(writes, (w) => w.rid))}::bigint[], ${p(column(writes, (w) => w.version))}::int[],
      ${p(column(writes, (w) => w.resourceType))}::text[], ${p(column(writes, (w) => w.id))}::text[],
      ${p(column(writes, (w) => w.lastUpdated))}::timestamptz[], ${p(column(writes, (w) => !w.resource))}::bool[],
      ${p(column(writes, (w) => (w.resource ? JSON.stringify(w.resource) : null)))}::jsonb[]))`);
  ctes.push(...indexInserts(rows, p));
  await db.query(`WITH ${ctes.join(',\n')} SELECT 1`, params);
}

const INDEX_TABLES = [
  'idx_token',
  'idx_token_text',
  'idx_string',
  'idx_date',
  'idx_reference',
  'idx_number',
  'idx_quantity',
  'idx_uri',
  'idx_composite',
] as const;

function indexInserts(rows: IndexRows, p: (value: unknown) => string): string[] {
  const statements: string[] = [];
  const add = (table: string, columns: [string, unknown[], string][]): void => {
    if (columns[0][1].length === 0) {
      return;
    }
    const names = columns.map(([name]) => name).join(', ');
    const arrays = columns.map(([, values, type]) => `${p(values)}::${type}[]`).join(', ');
    statements.push(`ins_${table} AS (INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays}))`);
  };
  add('idx_token', [
    ['param', rows.token.param, 'smallint'],
    ['rid', rows.token.rid, 'bigint'],
    ['system', rows.token.system, 'text'],
    ['value', rows.token.value, 'text'],
  ]);
  add('idx_token_text', [
    ['param', rows.tokenText.param, 'smallint'],
    ['rid', rows.tokenText.rid, 'bigint'],
    ['text', rows.tokenText.text, 'text'],
  ]);
  add('idx_string', [
    ['param', rows.string.param, 'smallint'],
    ['rid', rows.string.rid, 'bigint'],
    ['normalized', rows.string.normalized, 'text'],
    ['raw', rows.string.raw, 'text'],
  ]);
  add('idx_date', [
    ['param', rows.date.param, 'smallint'],
    ['rid', rows.date.rid, 'bigint'],
    ['low', rows.date.low, 'timestamptz'],
    ['high', rows.date.high, 'timestamptz'],
  ]);
  add('idx_reference', [
    ['param', rows.reference.param, 'smallint'],
    ['rid', rows.reference.rid, 'bigint'],
    ['target_type', rows.reference.targetType, 'text'],
    ['target_id', rows.reference.targetId, 'text'],
    ['reference', rows.reference.reference, 'text'],
    ['identifier_system', rows.reference.identifierSystem, 'text'],
    ['identifier_value', rows.reference.identifierValue, 'text'],
  ]);
  add('idx_number', [
    ['param', rows.number.param, 'smallint'],
    ['rid', rows.number.rid, 'bigint'],
    ['low', rows.number.low, 'numeric'],
    ['high', rows.number.high, 'numeric'],
  ]);
  add('idx_quantity', [
    ['param', rows.quantity.param, 'smallint'],
    ['rid', rows.quantity.rid, 'bigint'],
    ['value', rows.quantity.value, 'numeric'],
    ['system', rows.quantity.system, 'text'],
    ['code', rows.quantity.code, 'text'],
    ['unit', rows.quantity.unit, 'text'],
  ]);
  add('idx_uri', [
    ['param', rows.uri.param, 'smallint'],
    ['rid', rows.uri.rid, 'bigint'],
    ['value', rows.uri.value, 'text'],
  ]);
  add('idx_composite', [
    ['param', rows.composite.param, 'smallint'],
    ['rid', rows.composite.rid, 'bigint'],
    ['c1_system', rows.composite.c1System, 'text'],
    ['c1_value', rows.composite.c1Value, 'text'],
    ['c2_system', rows.composite.c2System, 'text'],
    ['c2_value', rows.composite.c2Value, 'text'],
    ['c2_number', rows.composite.c2Number, 'numeric'],
    ['c2_unit', rows.composite.c2Unit, 'text'],
    ['c2_low', rows.composite.c2Low, 'timestamptz'],
    ['c2_high', rows.composite.c2High, 'timestamptz'],
  ]);
  return statements;
}
