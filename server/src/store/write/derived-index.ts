// Derived indexes: a table of facts computed from each stored resource of one type by a pure function, kept
// by the writer in the same statement as the resource and its search index (rows of an updated or deleted
// resource are replaced). They serve set-based queries that search parameters cannot express cheaply — the
// selection's contact type of every Encounter, say — while the rule stays one function in profiles/src.
// A derived index carries a version: when its function changes, the next start rebuilds the table from the
// stored resources.
import type { Resource } from '@medplum/fhirtypes';
import type { Database, SqlRunner } from '../database/database.ts';

export interface DerivedIndex {
  /** Table name; it has `rid bigint NOT NULL` first, then `columns`. */
  readonly table: string;
  readonly resourceType: string;
  /** Bump when `rows` or the columns change: the table is then rebuilt from the stored resources. */
  readonly version: number;
  /** Columns after `rid`: name, SQL type (no array types: use jsonb), and whether NULL is allowed. */
  readonly columns: readonly (readonly [name: string, sqlType: string, nullable?: 'nullable'])[];
  /** `CREATE INDEX` statements beyond the one on rid. */
  readonly indexes?: readonly string[];
  /** The rows of one current resource version, each with a value per column (jsonb as JSON text). */
  rows(resource: Resource): unknown[][];
}

/** Rows of every derived index for a batch of writes, as column arrays per index (rid first). */
export function derivedColumns(
  indexes: readonly DerivedIndex[],
  writes: readonly { rid: number; resource: Resource | undefined }[],
): unknown[][][] {
  return indexes.map((index) => {
    const columns: unknown[][] = [[], ...index.columns.map(() => [])];
    for (const { rid, resource } of writes) {
      if (resource?.resourceType !== index.resourceType) {
        continue;
      }
      for (const row of index.rows(resource)) {
        columns[0].push(rid);
        for (const [i, value] of row.entries()) {
          columns[i + 1].push(value);
        }
      }
    }
    return columns;
  });
}

const BACKFILL_BATCH = 5000;

/**
 * Creates each derived index table that is missing or of an older version and fills it from the stored
 * resources, in one transaction per index under the migration lock (concurrent starters wait, then find
 * it done). Runs on every start after the migrations; costs one query when nothing changed.
 */
export async function ensureDerivedIndexes(db: Database, indexes: readonly DerivedIndex[]): Promise<void> {
  const current = new Map(
    (await db.query<{ name: string; version: number }>('SELECT name, version FROM derived_index')).map((row) => [
      row.name,
      row.version,
    ]),
  );
  for (const index of indexes) {
    if (current.get(index.table) === index.version) {
      continue;
    }
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7281)');
      const [row] = await tx.query<{ version: number }>('SELECT version FROM derived_index WHERE name = $1', [
        index.table,
      ]);
      if (row?.version === index.version) {
        return;
      }
      await rebuild(tx, index);
      await tx.query(
        'INSERT INTO derived_index (name, version) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET version = $2',
        [index.table, index.version],
      );
    });
  }
}

async function rebuild(tx: SqlRunner, index: DerivedIndex): Promise<void> {
  const columns = index.columns
    .map(([name, type, nullable]) => `${name} ${type}${nullable ? '' : ' NOT NULL'}`)
    .join(', ');
  await tx.query(`DROP TABLE IF EXISTS ${index.table}`);
  await tx.query(`CREATE TABLE ${index.table} (rid bigint NOT NULL, ${columns})`);
  const insert = insertStatement(index, 1);
  for (let after = 0; ; ) {
    const resources = await tx.query<{ rid: number; content: Resource }>(
      `SELECT rid, content FROM resource WHERE resource_type = $1 AND NOT deleted AND rid > $2 ORDER BY rid LIMIT ${BACKFILL_BATCH}`,
      [index.resourceType, after],
    );
    if (resources.length === 0) {
      break;
    }
    after = Number(resources[resources.length - 1].rid);
    const [rows] = derivedColumns(
      [index],
      resources.map((r) => ({ rid: Number(r.rid), resource: r.content })),
    );
    await tx.query(`INSERT INTO ${index.table} ${insert}`, rows);
  }
  // Indexes after the bulk fill: one sort each instead of row-by-row maintenance.
  await tx.query(`CREATE INDEX ON ${index.table} (rid)`);
  for (const statement of index.indexes ?? []) {
    await tx.query(statement);
  }
  await tx.query(`ANALYZE ${index.table}`);
}

/** `SELECT * FROM unnest($n::bigint[], …)` for the rows of `index`, numbering parameters from `first`. */
export function insertStatement(index: DerivedIndex, first: number): string {
  const types = ['bigint', ...index.columns.map(([, type]) => type)];
  return `SELECT * FROM unnest(${types.map((type, i) => `$${first + i}::${type}[]`).join(', ')})`;
}
