import type { Task } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { buildInvitationTask, type InvitationStatus } from '../../../profiles/src/builders/invitation-task.ts';
import {
  countsAsInvited,
  invitationChangeProblem,
  isInvitationTask,
} from '../../../profiles/src/conversation/invitation.ts';

function invitation(status: InvitationStatus, change: Partial<Task> = {}): Task {
  return {
    ...buildInvitationTask({
      id: 'inv-1',
      status,
      statusReason: status === 'rejected' ? 'Geen behoefte.' : undefined,
      patient: { reference: 'Patient/p1' },
      practice: { reference: 'Organization/o1' },
      authoredOn: '2025-03-04',
    }),
    ...change,
  };
}

describe('invitation state machine', () => {
  test.each([
    ['requested', 'accepted'],
    ['requested', 'rejected'],
    ['requested', 'cancelled'],
    ['accepted', 'cancelled'],
    ['requested', 'requested'],
    ['rejected', 'rejected'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(invitationChangeProblem(invitation(from), invitation(to))).toBeUndefined();
  });

  test.each([
    ['accepted', 'requested'],
    ['accepted', 'rejected'],
    ['rejected', 'accepted'],
    ['rejected', 'requested'],
    ['cancelled', 'requested'],
    ['cancelled', 'accepted'],
  ] as const)('refuses %s → %s, naming what is allowed', (from, to) => {
    expect(invitationChangeProblem(invitation(from), invitation(to))).toMatch(
      new RegExp(`cannot go from ${from} to ${to}`),
    );
  });

  test('a new invitation must start as requested', () => {
    expect(invitationChangeProblem(undefined, invitation('requested'))).toBeUndefined();
    expect(invitationChangeProblem(undefined, invitation('accepted'))).toMatch(/starts as requested/);
  });

  test('an invitation cannot change patient or practice, nor stop being an invitation', () => {
    expect(
      invitationChangeProblem(invitation('requested'), invitation('accepted', { for: { reference: 'Patient/p2' } })),
    ).toMatch(/cannot change/);
    expect(
      invitationChangeProblem(
        invitation('requested'),
        invitation('requested', { owner: { reference: 'Organization/o2' } }),
      ),
    ).toMatch(/cannot change/);
    const other: Task = {
      resourceType: 'Task',
      status: 'completed',
      intent: 'order',
      for: { reference: 'Patient/p1' },
    };
    expect(invitationChangeProblem(invitation('requested'), other)).toMatch(/stop being/);
  });

  test('other Tasks are not its business', () => {
    const other: Task = { resourceType: 'Task', status: 'completed', intent: 'order' };
    expect(isInvitationTask(other)).toBe(false);
    expect(invitationChangeProblem({ ...other, status: 'requested' }, other)).toBeUndefined();
  });

  test('evaluation counts every invitation but a cancelled one as invited', () => {
    expect(
      ['requested', 'accepted', 'rejected', 'cancelled'].map((s) => countsAsInvited(s as InvitationStatus)),
    ).toEqual([true, true, true, false]);
  });
});
