// Fresh planner statistics after an import. PostgreSQL plans a search from its statistics of the tables; after
// a large import they describe the tables as they were before (empty, for a first import), and the planner
// picks sequential scans and nested loops that made searches 20–40 times slower until the next ANALYZE.
// Autovacuum would get there eventually (PGlite has none, a server may run without): the import runs ANALYZE
// itself when it changed enough to matter.
import type { SqlRunner } from '../store/database/database.ts';

/**
 * The tables an import writes: resources, their history, the search index tables and the derived indexes.
 * Read from the catalogue, so that a new index table needs no change here.
 */
async function importedTables(sql: SqlRunner, derivedTables: readonly string[]): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = current_schema()
        AND (c.relname IN ('resource', 'resource_history') OR c.relname LIKE 'idx\\_%' OR c.relname = ANY($1::text[]))
      ORDER BY c.relname`,
    [derivedTables],
  );
  return rows.map((row) => row.name);
}

// PostgreSQL's own defaults for when autovacuum analyzes a table (autovacuum_analyze_threshold and
// autovacuum_analyze_scale_factor): after more than 50 + 10% of its rows changed.
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE_FACTOR = 0.1;

/**
 * ANALYZE the tables an import writes (both databases), when it wrote enough to change their statistics by
 * autovacuum's rule, counted on the resource table (never analyzed yet: always). ANALYZE samples a bounded
 * number of rows per table, so this takes seconds also after millions of rows.
 * @param written - Resources the import created or updated.
 * @returns The tables analyzed (none when the import changed too little).
 */
export async function analyzeImportedTables(
  sql: SqlRunner,
  derivedTables: readonly string[],
  written: number,
): Promise<string[]> {
  const [resource] = await sql.query<{ reltuples: number }>(
    "SELECT reltuples FROM pg_class WHERE relname = 'resource' AND relnamespace = current_schema()::regnamespace",
  );
  const rows = resource?.reltuples ?? -1;
  if (written === 0 || (rows >= 0 && written <= ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * rows)) {
    return [];
  }
  const tables = await importedTables(sql, derivedTables);
  if (tables.length > 0) {
    await sql.query(`ANALYZE ${tables.map((table) => `"${table}"`).join(', ')}`);
  }
  return tables;
}
