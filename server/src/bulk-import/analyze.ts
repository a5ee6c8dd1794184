// Fresh planner statistics after an import. PostgreSQL plans a search from its statistics of the tables; after
// a large import they describe the tables as they were before (empty, for a first import), and the planner
// picks sequential scans and nested loops that made searches 20–40 times slower until the next ANALYZE.
// Autovacuum would get there eventually (PGlite has none): the import runs ANALYZE itself.
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

/**
 * ANALYZE the tables an import writes (both databases; ANALYZE samples a bounded number of rows per table,
 * so this takes seconds also after millions of rows).
 * @returns The tables analyzed.
 */
export async function analyzeImportedTables(sql: SqlRunner, derivedTables: readonly string[]): Promise<string[]> {
  const tables = await importedTables(sql, derivedTables);
  if (tables.length > 0) {
    await sql.query(`ANALYZE ${tables.map((table) => `"${table}"`).join(', ')}`);
  }
  return tables;
}
