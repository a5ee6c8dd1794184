import type { Task } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildFollowUpTask,
  type FollowUpTaskInput,
  readFollowUpTask,
} from '../../../profiles/src/builders/follow-up-task.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const agreed: FollowUpTaskInput = {
  id: 'fu-1',
  status: 'requested',
  patient: { reference: 'Patient/p1' },
  plan: { reference: 'CarePlan/plan-1' },
  conversation: { reference: 'Encounter/conv-1' },
  practice: { reference: 'Organization/practice' },
  requester: { reference: 'PractitionerRole/poh-1-role' },
  authoredOn: '2025-03-04T11:00:00+01:00',
  dueDate: '2025-06-01',
  description: 'Kijken hoe het fietsen gaat.',
};

/** Agreed in a conversation that is still a draft. */
const drafted: FollowUpTaskInput = { ...agreed, id: 'fu-draft', status: 'draft' };

const done: FollowUpTaskInput = {
  status: 'completed',
  patient: { reference: 'Patient/p2' },
  plan: { reference: 'CarePlan/plan-2' },
  practice: { reference: 'Organization/practice' },
  authoredOn: '2025-01-10',
  lastModified: '2025-04-02T16:00:00+02:00',
  dueDate: '2025-04-10',
};

describe('follow-up Task', () => {
  test.each([
    ['just agreed', agreed],
    ['agreed in a draft conversation', drafted],
    ['completed', done],
  ])('builds a follow-up %s that conforms to TargetFollowUpTask', (_name, input) => {
    expect(validationErrors(buildFollowUpTask(input))).toEqual([]);
  });

  test('writes the due date as the end of the restriction period, which the worklist reads', () => {
    expect(buildFollowUpTask(agreed).restriction).toEqual({ period: { end: '2025-06-01' } });
  });

  test('a follow-up on hold breaks target-fu-1', () => {
    const task = broken(buildFollowUpTask(agreed), (r) => (r.status = 'on-hold'));
    expect(validationErrors(task).join('\n')).toContain('target-fu-1');
  });

  test.each([agreed, drafted, done])('reads back exactly what it built (%#)', (input) => {
    expect(readFollowUpTask(buildFollowUpTask(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    expect(readFollowUpTask(example('target-follow-up-task-example'))).toStrictEqual({
      id: 'target-follow-up-task-example',
      status: 'requested',
      patient: { reference: 'Patient/target-patient-example' },
      plan: { reference: 'CarePlan/target-health-plan-example' },
      conversation: { reference: 'Encounter/target-other-conversation-encounter-example' },
      practice: { reference: 'Organization/target-practice-organization-example' },
      requester: { reference: 'PractitionerRole/target-practitioner-role-example' },
      authoredOn: '2025-02-03T10:45:00+01:00',
      dueDate: '2025-05-01',
      description: 'Samen kijken hoe het wandelen gaat en of welzijn contact heeft opgenomen.',
    });
  });

  const built = buildFollowUpTask(agreed);
  test.each<[string, (r: Task) => void, string, string]>([
    [
      'an invitation',
      (r) => Object.assign(r.code?.coding?.[0] ?? {}, { code: 'invitation' }),
      'wrong-resource',
      'Task.code',
    ],
    ['a rejected follow-up', (r) => (r.status = 'rejected'), 'invalid', 'Task.status'],
    ['no due date', (r) => delete r.restriction, 'missing', 'Task.restriction.period.end'],
    ['no plan', (r) => delete r.focus, 'missing', 'Task.focus'],
    ['no owner', (r) => delete r.owner, 'missing', 'Task.owner'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readFollowUpTask(broken(built, breakIt)))).toEqual({ code, path });
  });
});
