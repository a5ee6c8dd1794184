// Writing the same content again need not make a new version: the bulk import asks the repository to skip a
// resource whose content equals its current version's (repository.ts, upsertResourcesWithOutcomes), so that
// importing the same files twice, or a Bulk export back into its server, writes nothing.
import type { Resource } from '@medplum/fhirtypes';
import type { SqlRunner } from '../database/database.ts';

/** What a create-or-update did: a new resource, a new version, or nothing (same content). */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** The current version a resource keeps when it is written again unchanged. */
export interface KeptVersion {
  readonly version: number;
  readonly lastUpdated: string;
}

// jsonb equality: key order, whitespace and number spelling do not matter, array order does. The server
// stamps meta.versionId and meta.lastUpdated on every write, so they are left out of the comparison.
const UNCHANGED_SQL = `SELECT u.n::int AS n, r.version, r.content #>> '{meta,lastUpdated}' AS last_updated
  FROM unnest($1::bigint[]) WITH ORDINALITY AS u(rid, n)
  JOIN jsonb_array_elements($2::jsonb) WITH ORDINALITY AS c(content, n) ON c.n = u.n
  JOIN resource r ON r.rid = u.rid
 WHERE (r.content #- '{meta,versionId}' #- '{meta,lastUpdated}') = (c.content #- '{meta,versionId}' #- '{meta,lastUpdated}')`;

/**
 * Of the resources about to be written over a current, not deleted version, those whose content equals that
 * version's, by key, with the version they keep. One query, only when some of them exist already.
 * @param sql - The transaction that holds the rows' locks.
 * @param resources - The resources in their stored form.
 * @param keys - `type/id` of each resource.
 * @param current - The locked current rows, by key.
 */
export async function unchangedVersions(
  sql: SqlRunner,
  resources: readonly Resource[],
  keys: readonly string[],
  current: ReadonlyMap<string, { readonly rid: number; readonly deleted: boolean }>,
): Promise<Map<string, KeptVersion>> {
  const candidates: number[] = [];
  for (const [i, key] of keys.entries()) {
    const row = current.get(key);
    if (row && !row.deleted) {
      candidates.push(i);
    }
  }
  const kept = new Map<string, KeptVersion>();
  if (candidates.length === 0) {
    return kept;
  }
  const rows = await sql.query<{ n: number; version: number; last_updated: string }>(UNCHANGED_SQL, [
    candidates.map((i) => current.get(keys[i])?.rid),
    JSON.stringify(candidates.map((i) => resources[i])),
  ]);
  for (const row of rows) {
    const i = candidates[row.n - 1];
    kept.set(keys[i], { version: row.version, lastUpdated: row.last_updated });
  }
  return kept;
}
