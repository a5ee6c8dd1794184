// The invitation for the other conversation as a workflow: which status changes of a TargetInvitationTask
// are allowed, and what evaluation counts as "invited". The server checks every write against this (REST
// update and patch, batch and transaction); the app uses it to offer only allowed actions.
//
//   (new) → requested                     the practice invites
//   requested → accepted                  the patient said yes
//   requested → rejected (statusReason)   the patient declined, with the reason
//   requested | accepted → cancelled      the practice withdraws the invitation
//   rejected, cancelled                   final: a new invitation is a new Task
import type { Task } from 'fhir/r4.js';
import type { InvitationStatus } from '../builders/invitation-task.ts';
import { Profiles, TargetConceptCodeSystem } from '../generated/canonical.ts';

const NEXT: Readonly<Record<InvitationStatus, readonly InvitationStatus[]>> = {
  requested: ['accepted', 'rejected', 'cancelled'],
  accepted: ['cancelled'],
  rejected: [],
  cancelled: [],
};

/** The statuses an invitation in `status` may move to (not counting staying where it is). */
export function nextInvitationStatuses(status: InvitationStatus): readonly InvitationStatus[] {
  return NEXT[status];
}

/** Whether a Task is an invitation for the other conversation: by its profile or by its code. */
export function isInvitationTask(task: Pick<Task, 'meta' | 'code'> | undefined): boolean {
  if (!task) {
    return false;
  }
  const profiled = task.meta?.profile?.includes(Profiles.TargetInvitationTask) ?? false;
  const coded =
    task.code?.coding?.some((c) => c.system === TargetConceptCodeSystem.url && c.code === 'invitation') ?? false;
  return profiled || coded;
}

/**
 * Why `before` may not become `after` (undefined: it may). `before` undefined is a create; `after` undefined
 * a delete. A Task that is an invitation in one version must be one in the other, with the same patient and
 * practice: changing what a Task is would undo the workflow by the back door.
 */
export function invitationChangeProblem(before: Task | undefined, after: Task | undefined): string | undefined {
  const was = isInvitationTask(before);
  const is = isInvitationTask(after);
  if (!was && !is) {
    return undefined;
  }
  if (!after) {
    return undefined; // Deletion is an access question (the practice's own Tasks), not a transition.
  }
  if (!before) {
    return after.status === 'requested'
      ? undefined
      : `a new invitation starts as requested, not ${after.status ?? '(no status)'}`;
  }
  if (was !== is) {
    return 'a Task cannot become, or stop being, an invitation for the other conversation';
  }
  if (before.for?.reference !== after.for?.reference || before.owner?.reference !== after.owner?.reference) {
    return "an invitation's patient (for) and practice (owner) cannot change";
  }
  const from = before.status as InvitationStatus;
  const to = after.status as InvitationStatus;
  if (from === to || (NEXT[from] ?? []).includes(to)) {
    return undefined;
  }
  const allowed = NEXT[from]?.length ? NEXT[from].join(', ') : 'nothing (it is final)';
  return `an invitation cannot go from ${from} to ${to}; from ${from} it may go to ${allowed}`;
}

/** Evaluation's "invited": an invitation the practice made and did not withdraw (declined ones count). */
export function countsAsInvited(status: InvitationStatus): boolean {
  return status !== 'cancelled';
}
