// Reads that need no repository state: several references at once (for _include) and one version (vread).

import type { WithId } from '@medplum/core';
import { badRequest, gone, notFound, OperationOutcomeError } from '@medplum/core';
import type { Reference, Resource } from '@medplum/fhirtypes';
import type { SqlRunner } from './database/database.ts';
import { fromStored } from './stored.ts';

/** The current row of a resource as a read by id needs it: its content as JSON text, or a delete. */
export interface StoredRow {
  readonly json: string | null;
  readonly deleted: boolean;
}

/** The current row of `resourceType/id`, if there is one (deleted or not). */
export async function readStoredRow(sql: SqlRunner, resourceType: string, id: string): Promise<StoredRow | undefined> {
  const [row] = await sql.query<StoredRow>(
    'SELECT content::text AS json, deleted FROM resource WHERE resource_type = $1 AND id = $2',
    [resourceType, id],
    { name: 'target_read' },
  );
  return row;
}

/** The resource of a read by id: 404 without a row, 410 for a delete. */
export function resourceOfRow<T extends Resource>(row: StoredRow | undefined): WithId<T> {
  if (!row) {
    throw new OperationOutcomeError(notFound);
  }
  if (row.deleted || !row.json) {
    throw new OperationOutcomeError(gone);
  }
  return fromStored(JSON.parse(row.json) as WithId<T>);
}

/** `Patient/123` → { type, id }; anything else (absolute, versioned, contained) → undefined. */
export function splitLocalReference(reference: string | undefined): { type: string; id: string } | undefined {
  const [type, id, ...rest] = reference?.split('/') ?? [];
  return type && id && rest.length === 0 ? { type, id } : undefined;
}

/** Reads many references in one query; unresolvable ones come back as errors in their place. */
export async function readMany<T extends Resource>(
  sql: SqlRunner,
  references: readonly Reference<T>[],
): Promise<(T | Error)[]> {
  const keys = references.map((r) => splitLocalReference(r.reference));
  const valid = keys.filter((k) => k !== undefined);
  const rows =
    valid.length === 0
      ? []
      : await sql.query<{ resource_type: string; id: string; content: T }>(
          `SELECT r.resource_type, r.id, r.content FROM resource r
           JOIN unnest($1::text[], $2::text[]) AS k(resource_type, id) USING (resource_type, id)
           WHERE NOT r.deleted`,
          [valid.map((k) => k.type), valid.map((k) => k.id)],
        );
  const found = new Map(rows.map((row) => [`${row.resource_type}/${row.id}`, fromStored(row.content)]));
  return keys.map((k) => {
    const resource = k && found.get(`${k.type}/${k.id}`);
    return resource ?? new OperationOutcomeError(k ? notFound : badRequest('Invalid reference'));
  });
}

/** vread (R4 http.html#vread): the current version lives in `resource`, older ones in `resource_history`. */
export async function readOneVersion<T extends Resource>(
  sql: SqlRunner,
  resourceType: string,
  id: string,
  versionId: string,
): Promise<WithId<T>> {
  const [row] = await sql.query<{ content: WithId<T> | null; deleted: boolean }>(
    `SELECT content, deleted FROM resource WHERE resource_type = $1 AND id = $2 AND version::text = $3
     UNION ALL
     SELECT h.content, h.deleted FROM resource r JOIN resource_history h ON h.rid = r.rid
     WHERE r.resource_type = $1 AND r.id = $2 AND h.version::text = $3`,
    [resourceType, id, versionId],
  );
  if (!row) {
    throw new OperationOutcomeError(notFound);
  }
  if (row.deleted || !row.content) {
    throw new OperationOutcomeError(gone);
  }
  return fromStored(row.content);
}
