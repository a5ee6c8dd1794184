// Writes resource versions: the current row, the history row and the index rows, each kind as one
// multi-row statement (`unnest` of column arrays) so that one resource and ten thousand cost the
// same number of round trips.
import { createHash } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import type { SqlRunner } from '../database/database.ts';
import { RESOURCE_CHANGED_CHANNEL } from '../read-cache.ts';
import type { SearchParamRegistry } from '../search/params.ts';
import { type DerivedIndex, derivedColumns, insertStatement } from './derived-index.ts';
import type { IndexRows } from './indexer.ts';
import { emptyIndexRows, indexResource } from './indexer.ts';

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
 * transaction when `db` is one). Index rows of updated resources are replaced; a deleted resource keeps its
 * reference rows only (see the delete CTE).
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
  const column = <T>(pick: (w: VersionWrite) => T, onlyNew: boolean): T[] =>
    writes.flatMap((w) => (w.isNew === onlyNew ? [pick(w)] : []));
  const versionColumns = (onlyNew: boolean): unknown[] => [
    column((w) => w.rid, onlyNew),
    column((w) => w.resourceType, onlyNew),
    column((w) => w.id, onlyNew),
    column((w) => w.version, onlyNew),
    column((w) => w.lastUpdated, onlyNew),
    column((w) => !w.resource, onlyNew),
    // The contents travel as one JSON array: node-postgres would otherwise escape every JSON text into an
    // array literal, which cost more CPU than validating the resource.
    JSON.stringify(column((w) => w.resource ?? null, onlyNew)),
  ];
  const hasUpdates = writes.some((w) => !w.isNew);
  const params = [
    ...versionColumns(true),
    ...(hasUpdates ? versionColumns(false) : []),
    ...indexColumns(rows),
    ...derivedColumns(registry.derivedIndexes, writes).flat(),
  ];
  const statement = writeStatements(registry.derivedIndexes)[hasUpdates ? 'withUpdates' : 'creates'];
  await db.query(
    statement.text,
    params.map((param) => (Array.isArray(param) ? arrayLiteral(param) : param)),
    { name: statement.name },
  );
}

const NEEDS_ESCAPE = /["\\]/;

/**
 * A column of values as a PostgreSQL array literal (`{"a","b",NULL,1}`). node-postgres writes the same
 * literal, but runs two regular-expression replacements over every element; the writer's columns hold tens
 * of thousands of codes and URLs that need no escaping, which made that a tenth of a write's CPU time.
 * @param values - Strings, finite numbers, booleans or null.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      parts[i] = 'NULL';
    } else if (typeof value === 'string') {
      parts[i] = NEEDS_ESCAPE.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : `"${value}"`;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      parts[i] = String(value);
    } else {
      throw new TypeError(`index column value of type ${typeof value} cannot be written`);
    }
  }
  return `{${parts.join(',')}}`;
}

const statementCache = new WeakMap<readonly DerivedIndex[], { creates: WriteStatement; withUpdates: WriteStatement }>();

/** The two write statements for a set of derived indexes (fixed for the life of a store). */
function writeStatements(derived: readonly DerivedIndex[]) {
  let statements = statementCache.get(derived);
  if (!statements) {
    // Prepared statement names are cut at 63 bytes: a short digest names the set of derived tables.
    const suffix = derived.length
      ? createHash('sha1')
          .update(derived.map((index) => `${index.table}:${index.version}`).join(','))
          .digest('hex')
          .slice(0, 10)
      : '';
    statements = {
      creates: buildWriteStatement(false, derived, suffix),
      withUpdates: buildWriteStatement(true, derived, suffix),
    };
    statementCache.set(derived, statements);
  }
  return statements;
}

interface WriteStatement {
  name: string;
  text: string;
}

// The write statements have a fixed shape (empty arrays insert nothing), so PostgreSQL prepares each once
// per connection instead of planning a dozen CTEs on every write.
const VERSION_COLUMNS = ['rid', 'resource_type', 'id', 'version', 'last_updated', 'deleted', 'content'];
const VERSION_TYPES = ['bigint', 'text', 'text', 'int', 'timestamptz', 'bool'];

function buildWriteStatement(withUpdates: boolean, derived: readonly DerivedIndex[], suffix: string): WriteStatement {
  let n = 0;
  const next = (type: string): string => `$${++n}::${type}[]`;
  /** Rows of versions: the column arrays zipped with the elements of the JSON array of contents. */
  const versionRows = (): string => {
    const arrays = VERSION_TYPES.map(next).join(', ');
    const contents = `$${++n}::jsonb`;
    return `(SELECT u.rid, u.resource_type, u.id, u.version, u.last_updated, u.deleted,
        CASE WHEN u.deleted THEN NULL ELSE c.content END AS content
      FROM unnest(${arrays}) WITH ORDINALITY AS u(rid, resource_type, id, version, last_updated, deleted, n)
      JOIN jsonb_array_elements(${contents}) WITH ORDINALITY AS c(content, n) USING (n))`;
  };
  const ctes = [`ins AS (INSERT INTO resource (${VERSION_COLUMNS.join(', ')}) SELECT * FROM ${versionRows()} AS v)`];
  if (withUpdates) {
    const first = n + 1;
    const changed = versionRows();
    ctes.push(
      `upd AS (UPDATE resource SET version = u.version, last_updated = u.last_updated, deleted = u.deleted, content = u.content
        FROM ${changed} AS u WHERE resource.rid = u.rid)`,
      // The version being replaced moves to history (every CTE reads the rows as they were before the statement).
      `hist AS (INSERT INTO resource_history (${VERSION_COLUMNS.join(', ')})
        SELECT ${VERSION_COLUMNS.join(', ')} FROM resource WHERE rid = ANY($${first}::bigint[]))`,
      ...[...INDEX_TABLES, ...derived.map((index) => index.table)].map((table) =>
        table === 'idx_reference'
          ? // A delete keeps the references of the last version: they decide who may still read its history,
            // and that re-creating the id needs the rights on it (access/compartments.ts). Every search
            // and join on references skips deleted rows.
            `del_${table} AS (DELETE FROM ${table} WHERE rid = ANY(ARRAY(SELECT u.rid FROM unnest($${first}::bigint[], $${first + 5}::bool[]) AS u(rid, deleted) WHERE NOT u.deleted)))`
          : `del_${table} AS (DELETE FROM ${table} WHERE rid = ANY($${first}::bigint[]))`,
      ),
      // Other server processes drop these from their read caches (delivered on commit; see read-cache.ts).
      `notify AS (SELECT pg_notify('${RESOURCE_CHANGED_CHANNEL}', t || '/' || i) FROM unnest($${first + 1}::text[], $${first + 2}::text[]) AS n(t, i))`,
    );
  }
  for (const { table, columns } of INDEX_COLUMNS) {
    const arrays = columns.map(([, type]) => next(type)).join(', ');
    ctes.push(
      `ins_${table} AS (INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) SELECT * FROM unnest(${arrays}))`,
    );
  }
  for (const index of derived) {
    const columns = ['rid', ...index.columns.map(([name]) => name)];
    ctes.push(
      `ins_${index.table} AS (INSERT INTO ${index.table} (${columns.join(', ')}) ${insertStatement(index, n + 1)})`,
    );
    n += columns.length;
  }
  // A SELECT in WITH runs only when referenced (data-modifying ones always run).
  const result = withUpdates ? 'SELECT count(*) FROM notify' : 'SELECT 1';
  const name = withUpdates ? 'target_write_versions' : 'target_write_creates';
  return {
    name: suffix ? `${name}_${suffix}` : name,
    text: `WITH ${ctes.join(',\n')} ${result}`,
  };
}

const INDEX_TABLES = [
  'idx_token',
  'idx_string',
  'idx_date',
  'idx_reference',
  'idx_number',
  'idx_quantity',
  'idx_uri',
  'idx_composite',
] as const;

/** Index tables, their columns and SQL types, in the order of `indexColumns`. */
const INDEX_COLUMNS: { table: (typeof INDEX_TABLES)[number]; columns: [string, string][] }[] = [
  {
    table: 'idx_token',
    columns: [
      ['param', 'smallint'],
      ['rid', 'bigint'],
      ['system', 'text'],
      ['value', 'text'],
      ['text', 'text'],
    ],
  },
  {
    table: 'idx_string',
    columns: [
      ['param', 'smallint'],
      ['rid', 'bigint'],
      ['normalized', 'text'],
      ['raw', 'text'],
    ],
  },
  {
    table: 'idx_date',
    columns: [
      ['param', 'smallint'],
      ['rid', 'bigint'],
      ['low', 'timestamptz'],
      ['high', 'timestamptz'],
    ],
  },
  {
    table: 'idx_reference',
    columns: [
      ['param', 'smallint'],
      ['rid', 'bigint'],
      ['target_type', 'text'],
      ['target_id', 'text'],
      ['reference', 'text'],
      ['identifier_system', 'text'],
      ['identifier_value', 'text'],
    ],
  },
  {
    table: 'idx_number',
    columns: [
      ['param', 'smallint'],
      ['rid', 'bigint'],
      ['low', 'numeric'],
      ['high', 'numeric'],
    ],
  },
  {
    table: 'idx_quantity',
    columns: [
      ['param', 'smallint'],
      ['rid', 'bigint'],
      ['value', 'numeric'],
      ['system', 'text'],
      ['code', 'text'],
      ['unit', 'text'],
    ],
  },
  {
    table: 'idx_uri',
    columns: [
      ['param', 'smallint'],
      ['rid', 'bigint'],
      ['value', 'text'],
    ],
  },
  {
    table: 'idx_composite',
    columns: [
      ['param', 'smallint'],
      ['rid', 'bigint'],
      ['c1_system', 'text'],
      ['c1_value', 'text'],
      ['c2_system', 'text'],
      ['c2_value', 'text'],
      ['c2_number', 'numeric'],
      ['c2_unit', 'text'],
      ['c2_low', 'timestamptz'],
      ['c2_high', 'timestamptz'],
    ],
  },
];

/** The index rows as column arrays, in INDEX_COLUMNS order. */
function indexColumns(rows: IndexRows): unknown[][] {
  const { token, string, date, reference, number, quantity, uri, composite } = rows;
  return [
    [token.param, token.rid, token.system, token.value, token.text],
    [string.param, string.rid, string.normalized, string.raw],
    [date.param, date.rid, date.low, date.high],
    [
      reference.param,
      reference.rid,
      reference.targetType,
      reference.targetId,
      reference.reference,
      reference.identifierSystem,
      reference.identifierValue,
    ],
    [number.param, number.rid, number.low, number.high],
    [quantity.param, quantity.rid, quantity.value, quantity.system, quantity.code, quantity.unit],
    [uri.param, uri.rid, uri.value],
    [
      composite.param,
      composite.rid,
      composite.c1System,
      composite.c1Value,
      composite.c2System,
      composite.c2Value,
      composite.c2Number,
      composite.c2Unit,
      composite.c2Low,
      composite.c2High,
    ],
  ].flat();
}
