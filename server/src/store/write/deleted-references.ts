// Deleted resources keep the reference index rows of their last version (writer.ts): the access policy
// decides with them who may still read a deleted resource's history, and that re-creating its id needs the
// rights on it. Databases written before that rule lost those rows at delete; migration 10 marks them,
// and this restores the rows once, at start, from each deleted resource's last stored version.
import type { Resource } from '@medplum/fhirtypes';
import type { SqlRunner } from '../database/database.ts';
import type { SearchParamRegistry } from '../search/params.ts';
import { emptyIndexRows, indexResource } from './indexer.ts';
import { arrayLiteral } from './writer.ts';

const BATCH = 1000;
export const DELETED_REFERENCES_TASK = 'deleted-references';

/**
 * Restores the reference rows of deleted resources when migration 10 asked for it; a no-op afterwards.
 * Run it in a transaction (`tx`): the pending mark is locked, so a second starting process waits and then
 * finds nothing to do.
 * @returns How many deleted resources got their references back.
 */
export async function restoreDeletedReferences(tx: SqlRunner, registry: SearchParamRegistry): Promise<number> {
  const [pending] = await tx.query('SELECT 1 FROM pending_task WHERE name = $1 FOR UPDATE', [DELETED_REFERENCES_TASK]);
  if (!pending) {
    return 0; // done before, or by another process that started at the same time
  }
  let restored = 0;
  let after = 0;
  for (;;) {
    const rows = await tx.query<{ rid: number; content: Resource }>(
      `SELECT DISTINCT ON (r.rid) r.rid, h.content FROM resource r
           JOIN resource_history h ON h.rid = r.rid AND NOT h.deleted
         WHERE r.deleted AND r.rid > $1
           AND NOT EXISTS (SELECT 1 FROM idx_reference x WHERE x.rid = r.rid)
         ORDER BY r.rid, h.version DESC LIMIT ${BATCH}`,
      [after],
    );
    if (rows.length === 0) {
      break;
    }
    const index = emptyIndexRows();
    for (const row of rows) {
      indexResource(registry, row.content, Number(row.rid), index);
    }
    const ref = index.reference;
    await tx.query(
      `INSERT INTO idx_reference (param, rid, target_type, target_id, reference, identifier_system, identifier_value)
         SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [ref.param, ref.rid, ref.targetType, ref.targetId, ref.reference, ref.identifierSystem, ref.identifierValue].map(
        (column) => arrayLiteral(column),
      ),
    );
    restored += rows.length;
    after = Number(rows[rows.length - 1].rid);
  }
  await tx.query('DELETE FROM pending_task WHERE name = $1', [DELETED_REFERENCES_TASK]);
  return restored;
}
