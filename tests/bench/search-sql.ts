// The SQL our repository runs for a search URL, captured by running findResources on a recording runner: for
// EXPLAIN in the benchmarks (fhir.bench.ts, import.bench.ts).
import { parseSearchRequest } from '@medplum/core';
import type { SqlRunner } from '../../server/src/store/database/database.ts';
import type { PostgresRepository } from '../../server/src/store/repository.ts';
import { findResources } from '../../server/src/store/search/search.ts';

export async function searchSql(repo: PostgresRepository, url: string): Promise<{ sql: string; params: unknown[] }[]> {
  const statements: { sql: string; params: unknown[] }[] = [];
  const recorder: SqlRunner = {
    query: async <Row>(sql: string, params?: unknown[]) => {
      statements.push({ sql, params: params ?? [] });
      return [] as Row[];
    },
  };
  await findResources(
    { db: recorder, registry: repo.registry, fhirBaseUrl: repo.fhirBaseUrl, lenient: false },
    parseSearchRequest(url),
  );
  return statements;
}
