import { describe, expect, test } from 'vitest';
import {
  buildInvitationTask,
  type InvitationTaskInput,
  readInvitationTask,
} from '../../../profiles/src/builders/invitation-task.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const requested: InvitationTaskInput = {
  id: 'inv-1',
  status: 'requested',
  patient: { reference: 'Patient/p1' },
  practice: { reference: 'Organization/practice-1' },
  authoredOn: '2025-03-04T11:00:00+01:00',
  requester: { reference: 'PractitionerRole/gp-1' },
  selection: { reference: 'Group/sel-1' },
};
const declined: InvitationTaskInput = { ...requested, status: 'rejected', statusReason: 'Geen tijd nu.' };
const minimal: InvitationTaskInput = {
  status: 'accepted',
  patient: { reference: 'Patient/p1' },
  practice: { reference: 'Organization/practice-1' },
  authoredOn: '2025-03-04',
};

describe('invitation Task', () => {
  test.each([
    ['requested', requested],
    ['declined with a reason', declined],
    ['minimal accepted', minimal],
  ])('builds a %s Task that conforms to TargetInvitationTask', (_name, input) => {
    expect(validationErrors(buildInvitationTask(input))).toEqual([]);
  });

  test.each([['a declined Task without reason', { ...requested, status: 'rejected' as const }, 'target-inv-2']])(
    '%s breaks its invariant',
    (_name, input, key) => {
      expect(validationErrors(buildInvitationTask(input)).join('\n')).toContain(key);
    },
  );

  test('a Task in progress is no invitation status (target-inv-1)', () => {
    const task = broken(buildInvitationTask(requested), (t) => {
      t.status = 'in-progress';
    });
    expect(validationErrors(task).join('\n')).toContain('target-inv-1');
    expect(readFailure(() => readInvitationTask(task))).toEqual({ code: 'invalid', path: 'Task.status' });
  });

  test.each([requested, declined, minimal])('reads back exactly what it built ($status)', (input) => {
    expect(readInvitationTask(buildInvitationTask(input))).toStrictEqual(input);
  });

  test('a Task without the invitation code is not read as one', () => {
    const task = broken(buildInvitationTask(requested), (t) => {
      t.code = { text: 'iets anders' };
    });
    expect(readFailure(() => readInvitationTask(task))).toEqual({ code: 'wrong-resource', path: 'Task.code' });
  });

  test('reads the generated example', () => {
    expect(readInvitationTask(example('target-invitation-task-example'))).toStrictEqual({
      id: 'target-invitation-task-example',
      status: 'requested',
      patient: { reference: 'Patient/target-patient-example' },
      practice: { reference: 'Organization/target-practice-organization-example' },
      authoredOn: '2025-01-15T09:30:00+01:00',
      requester: { reference: 'Practitioner/target-practitioner-example' },
      selection: { reference: 'Group/target-selection-group-example' },
    });
  });
});
