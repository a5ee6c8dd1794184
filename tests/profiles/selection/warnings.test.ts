import { describe, expect, test } from 'vitest';
import type { PatientAssessment } from '../../../profiles/src/selection/assess.ts';
import { countingWindow } from '../../../profiles/src/selection/time.ts';
import { emptyWindowOutcome, isCountingWindowEmpty } from '../../../profiles/src/selection/warnings.ts';
import { validationErrors } from '../builders/support.ts';

function assessment(patientId: string, consults: number): PatientAssessment {
  return {
    patientId,
    score: consults,
    contacts: consults ? [{ type: 'consult', count: consults, weightedSum: consults }] : [],
    diseaseCount: 1,
    qualifyingConditions: [`Condition/${patientId}`],
    isNew: false,
  };
}

describe('an empty counting window', () => {
  test.each([
    ['one chronically ill patient without contacts', [assessment('a', 0)], true],
    ['79 without contacts', Array.from({ length: 79 }, (_, i) => assessment(`p${i}`, 0)), true],
    ['one contact among many', [assessment('a', 0), assessment('b', 1), assessment('c', 0)], false],
    ['no chronically ill patients (nothing to warn about here)', [], false],
  ])('is %s: %s', (_name, assessments, empty) => {
    expect(isCountingWindowEmpty(assessments)).toBe(empty);
  });

  test('a contact that weighs nothing still fills the window', () => {
    const weightless = { ...assessment('a', 0), contacts: [{ type: 'phone' as const, count: 2, weightedSum: 0 }] };
    expect(isCountingWindowEmpty([weightless])).toBe(false);
  });
});

describe('the warning for an empty counting window', () => {
  const window = countingWindow('2025-07-01', 365);

  test('names the practice and the window and suggests the day after the latest contact, in Amsterdam time', () => {
    // 23:30 UTC on 14 March 2019 is 00:30 on 15 March in Amsterdam.
    const outcome = emptyWindowOutcome({
      practice: 'Organization/p',
      window,
      latestContactMs: Date.parse('2019-03-14T23:30:00Z'),
    });
    expect(validationErrors(outcome)).toEqual([]);
    expect(outcome).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'warning',
          code: 'informational',
          details: {
            text:
              'No chronically ill patient of Organization/p has a counted contact from 2024-07-01 to 2025-06-30: ' +
              'every care burden is 0, so every one of them is low and none is HNHC. The latest counted contact ' +
              'of its patients began on 2019-03-15: the reference date 2019-03-16 counts the period up to it.',
          },
          expression: ['date'],
        },
      ],
    });
  });

  test('says so when the practice’s patients have no counted contact at all', () => {
    const [issue] = emptyWindowOutcome({ practice: 'Organization/p', window }).issue;
    expect(issue.details?.text).toMatch(/HNHC\. Its patients have no counted contact on record\.$/);
  });
});
