// TargetFollowUpTask: the follow-up agreed in the other conversation — the practice and the patient look at
// the goals and the health plan again by a due date (restriction.period.end). The practice owns the Task, as
// it owns the invitation; the worklist shows the follow-ups that are due.
import type { Reference, Task } from 'fhir/r4.js';
import { Profiles, TargetConceptCodeSystem } from '../generated/canonical.ts';
import { compact, concept, defined, expectCoding } from './elements.ts';
import { expectResourceType, required, TargetReadError } from './read-error.ts';

/** The statuses a follow-up can have (target-fu-1): `draft` while the conversation is a draft. */
export const FOLLOW_UP_STATUSES = ['draft', 'requested', 'accepted', 'in-progress', 'completed', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export interface FollowUpTaskInput {
  id?: string;
  status: FollowUpStatus;
  patient: Reference;
  /** The health plan (TargetHealthPlan) that is looked at again. */
  plan: Reference;
  /** The other conversation in which the follow-up was agreed. */
  conversation?: Reference;
  /** The practice (TargetPracticeOrganization) that follows up and owns the Task. */
  practice: Reference;
  /** The practice worker (PractitionerRole) who agreed it. */
  requester?: Reference;
  /** When the follow-up was agreed. */
  authoredOn: string;
  lastModified?: string;
  /** The date by which the follow-up should have happened. */
  dueDate: string;
  /** What the follow-up is about, in plain words. */
  description?: string;
}

export function buildFollowUpTask(input: FollowUpTaskInput): Task {
  return compact<Task>({
    resourceType: 'Task',
    id: input.id,
    meta: { profile: [Profiles.TargetFollowUpTask] },
    status: input.status,
    intent: 'plan',
    code: concept(TargetConceptCodeSystem, 'follow-up'),
    description: input.description,
    focus: input.plan,
    for: input.patient,
    encounter: input.conversation,
    authoredOn: input.authoredOn,
    lastModified: input.lastModified,
    requester: input.requester,
    owner: input.practice,
    restriction: { period: { end: input.dueDate } },
  });
}

function isFollowUpStatus(status: string | undefined): status is FollowUpStatus {
  return (FOLLOW_UP_STATUSES as readonly string[]).includes(status ?? '');
}

export function readFollowUpTask(resource: Task): FollowUpTaskInput {
  expectResourceType(resource, 'Task');
  expectCoding([resource.code], { system: TargetConceptCodeSystem.url, code: 'follow-up' }, 'Task.code');
  const status = required(resource.status, 'Task.status');
  if (!isFollowUpStatus(status)) {
    throw new TargetReadError('invalid', 'Task.status', `"${status}" is not a follow-up status`);
  }
  return defined<FollowUpTaskInput>({
    id: resource.id,
    status,
    patient: required(resource.for, 'Task.for'),
    plan: required(resource.focus, 'Task.focus'),
    conversation: resource.encounter,
    practice: required(resource.owner, 'Task.owner'),
    requester: resource.requester,
    authoredOn: required(resource.authoredOn, 'Task.authoredOn'),
    lastModified: resource.lastModified,
    dueDate: required(resource.restriction?.period?.end, 'Task.restriction.period.end'),
    description: resource.description,
  });
}
