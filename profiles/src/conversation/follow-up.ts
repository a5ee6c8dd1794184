// The follow-up agreed in the other conversation (a TargetFollowUpTask, due on restriction.period.end): the
// practice's worklist shows the next open one per patient, so nobody has to remember it.
import type { Task } from 'fhir/r4.js';
import { TargetConceptCodeSystem } from '../generated/canonical.ts';

/** Statuses of a follow-up that still has to happen (draft: not agreed yet; done, cancelled: over). */
export const OPEN_FOLLOW_UP_STATUSES: readonly Task['status'][] = ['requested', 'accepted', 'in-progress'];

/** Whether a Task is the follow-up of an other conversation (by its code, as any server stores it). */
export function isFollowUpTask(task: Pick<Task, 'code'> | undefined): boolean {
  return (task?.code?.coding ?? []).some((c) => c.system === TargetConceptCodeSystem.url && c.code === 'follow-up');
}

/** The date the follow-up is due (yyyy-mm-dd), if it has one. */
export function followUpDueDate(task: Pick<Task, 'restriction'>): string | undefined {
  return task.restriction?.period?.end?.slice(0, 10);
}
