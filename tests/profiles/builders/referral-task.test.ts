import type { Task } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildReferralTask,
  type ReferralTaskInput,
  readReferralTask,
} from '../../../profiles/src/builders/referral-task.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const requested: ReferralTaskInput = {
  id: 'task-1',
  status: 'requested',
  referral: { reference: 'ServiceRequest/ref-1' },
  patient: { reference: 'Patient/p1' },
  authoredOn: '2025-03-04T11:00:00+01:00',
  requester: { reference: 'Practitioner/poh-1' },
  partner: { reference: 'HealthcareService/schuldhulp' },
  feedback: [],
};

const completed: ReferralTaskInput = {
  ...requested,
  status: 'completed',
  progress: 'first-contact',
  lastModified: '2025-03-20T09:00:00+01:00',
  feedback: ['Intake gehad.', 'Budgetplan gemaakt; afgesloten.'],
};

const cancelled: ReferralTaskInput = {
  ...requested,
  status: 'cancelled',
  progress: 'patient-declined',
  statusReason: 'Patiënt wil eerst zelf contact opnemen.',
};

describe('referral Task', () => {
  test.each([
    ['requested', requested],
    ['completed with feedback', completed],
    ['cancelled with a reason', cancelled],
  ])('builds a %s Task that conforms to TargetReferralTask', (_name, input) => {
    expect(validationErrors(buildReferralTask(input))).toEqual([]);
  });

  test.each([
    ['a completed Task without feedback', { ...completed, feedback: [] }, 'target-task-1'],
    ['a cancelled Task without reason', { ...requested, status: 'cancelled' as const }, 'target-task-2'],
  ])('%s breaks its invariant', (_name, input, key) => {
    expect(validationErrors(buildReferralTask(input)).join('\n')).toContain(key);
  });

  test.each([requested, completed, cancelled])('reads back exactly what it built ($status)', (input) => {
    expect(readReferralTask(buildReferralTask(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    expect(readReferralTask(example('target-referral-task-example'))).toStrictEqual({
      id: 'target-referral-task-example',
      status: 'in-progress',
      progress: 'first-contact',
      referral: { reference: 'ServiceRequest/target-referral-request-example' },
      patient: { reference: 'Patient/target-patient-example' },
      authoredOn: '2025-02-03T11:00:00+01:00',
      lastModified: '2025-02-12T15:30:00+01:00',
      requester: { reference: 'Practitioner/target-practitioner-example' },
      partner: { reference: 'HealthcareService/target-partner-service-example' },
      feedback: ['Kennismaking gehad op 12 februari; mevrouw start in de wandelgroep op dinsdag.'],
    });
  });

  test('leaves a business status without a TARGET code out', () => {
    const task = broken(buildReferralTask(completed), (r) => (r.businessStatus = { text: 'wachtlijst' }));
    expect(readReferralTask(task).progress).toBeUndefined();
  });

  const built = buildReferralTask(completed);
  test.each<[string, (r: Task) => void, string, string]>([
    ['another kind of Task', (r) => (r.code = { text: 'approve' }), 'wrong-resource', 'Task.code'],
    ['no referral', (r) => delete r.focus, 'missing', 'Task.focus'],
    ['no partner', (r) => delete r.owner, 'missing', 'Task.owner'],
    ['no patient', (r) => delete r.for, 'missing', 'Task.for'],
    [
      'an unknown TARGET progress code',
      (r) => Object.assign(r.businessStatus?.coding?.[0] ?? {}, { code: 'closed' }),
      'invalid',
      'Task.businessStatus',
    ],
    [
      'feedback without text',
      (r) => delete r.output?.[1].valueString,
      'missing',
      'Task.output:feedback[1].valueString',
    ],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readReferralTask(broken(built, breakIt)))).toEqual({ code, path });
  });
});
