// The patients a Group-level export covers: the Group's current members (Group.member.entity) that are
// existing Patients. Members that are not Patients or do not exist are reported in the export's error file.
import { notFound, OperationOutcomeError } from '@medplum/core';
import type { Group, OperationOutcome } from '@medplum/fhirtypes';
import type { SqlRunner } from '../store/database/database.ts';
import { parseReference } from '../store/write/indexer.ts';

function problem(text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', details: { text } }] };
}

/** Ids of the Group's member Patients; `errors` receives one OperationOutcome per member left out. */
export async function groupMembers(sql: SqlRunner, groupId: string, errors: OperationOutcome[]): Promise<string[]> {
  const [row] = await sql.query<{ content: Group }>(
    `SELECT content FROM resource WHERE resource_type = 'Group' AND id = $1 AND NOT deleted`,
    [groupId],
  );
  if (!row) {
    throw new OperationOutcomeError({
      ...notFound,
      issue: [{ severity: 'error', code: 'not-found', details: { text: `Group/${groupId} no longer exists` } }],
    });
  }
  const wanted = new Set<string>();
  // A member marked inactive is no longer part of the group (R4 Group.member.inactive).
  for (const member of (row.content.member ?? []).filter((m) => m.inactive !== true)) {
    const reference = member.entity?.reference;
    const target = reference ? parseReference(reference) : undefined;
    if (target?.type === 'Patient') {
      wanted.add(target.id);
    } else {
      errors.push(problem(`Group/${groupId} member ${reference ?? '(no reference)'} is not a Patient; left out`));
    }
  }
  const found = await sql.query<{ id: string }>(
    `SELECT id FROM resource WHERE resource_type = 'Patient' AND id = ANY($1::text[]) AND NOT deleted`,
    [[...wanted]],
  );
  const existing = new Set(found.map((r) => r.id));
  for (const id of wanted) {
    if (!existing.has(id)) {
      errors.push(problem(`Group/${groupId} member Patient/${id} does not exist; left out`));
    }
  }
  return [...existing];
}
