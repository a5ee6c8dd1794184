// TargetInvitationTask: the practice invites a selected patient for the other conversation. The practice
// owns the Task; its status goes requested → accepted / rejected (declined, with the reason) / cancelled
// (conversation/invitation.ts says which transitions are allowed; the server enforces them).
import type { Reference, Task } from 'fhir/r4.js';
import { Profiles, TargetConceptCodeSystem } from '../generated/canonical.ts';
import { compact, concept, defined, expectCoding } from './elements.ts';
import { expectResourceType, required, TargetReadError } from './read-error.ts';

/** The statuses an invitation can have (target-inv-1). */
export const INVITATION_STATUSES = ['requested', 'accepted', 'rejected', 'cancelled'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface InvitationTaskInput {
  id?: string;
  status: InvitationStatus;
  /** Why the patient declined (required for rejected) or the practice cancelled, in words. */
  statusReason?: string;
  patient: Reference;
  /** The practice (TargetPracticeOrganization) that invites and owns the Task. */
  practice: Reference;
  /** When the practice invited the patient. */
  authoredOn: string;
  lastModified?: string;
  /** The practice worker who invited (Practitioner or PractitionerRole), when known. */
  requester?: Reference;
  /** The selection Group the patient was invited from, when known. */
  selection?: Reference;
}

export function buildInvitationTask(input: InvitationTaskInput): Task {
  return compact<Task>({
    resourceType: 'Task',
    id: input.id,
    meta: { profile: [Profiles.TargetInvitationTask] },
    status: input.status,
    statusReason: input.statusReason === undefined ? undefined : { text: input.statusReason },
    intent: 'proposal',
    code: concept(TargetConceptCodeSystem, 'invitation'),
    focus: input.selection,
    for: input.patient,
    authoredOn: input.authoredOn,
    lastModified: input.lastModified,
    requester: input.requester,
    owner: input.practice,
  });
}

function isInvitationStatus(status: string | undefined): status is InvitationStatus {
  return (INVITATION_STATUSES as readonly string[]).includes(status ?? '');
}

export function readInvitationTask(resource: Task): InvitationTaskInput {
  expectResourceType(resource, 'Task');
  expectCoding([resource.code], { system: TargetConceptCodeSystem.url, code: 'invitation' }, 'Task.code');
  const status = required(resource.status, 'Task.status');
  if (!isInvitationStatus(status)) {
    throw new TargetReadError('invalid', 'Task.status', `"${status}" is not an invitation status`);
  }
  const reason = resource.statusReason;
  return defined<InvitationTaskInput>({
    id: resource.id,
    status,
    statusReason: reason && (reason.text ?? reason.coding?.[0]?.display ?? reason.coding?.[0]?.code),
    patient: required(resource.for, 'Task.for'),
    practice: required(resource.owner, 'Task.owner'),
    authoredOn: required(resource.authoredOn, 'Task.authoredOn'),
    lastModified: resource.lastModified,
    requester: resource.requester,
    selection: resource.focus,
  });
}
