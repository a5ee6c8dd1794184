import type { Observation, Patient } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { buildCareBurdenObservation, readCareBurdenObservation } from '../../profiles/src/builders/care-burden.ts';
import {
  hasSecurityLabel,
  isPracticeInternal,
  isTestData,
  PRACTICE_INTERNAL_LABEL,
  TEST_DATA_LABEL,
} from '../../profiles/src/security-labels.ts';
import { example } from './builders/support.ts';

describe('security labels', () => {
  test('a care-burden result as the builder makes it is practice-internal, and not test data', () => {
    const stored = readCareBurdenObservation(example<Observation>('target-care-burden-observation-example'));
    const careBurden = buildCareBurdenObservation(stored);
    expect(isPracticeInternal(careBurden)).toBe(true);
    expect(isTestData(careBurden)).toBe(false);
  });

  test('a patient (the generated example) is test data, not practice-internal', () => {
    const patient = example<Patient>('target-patient-example');
    expect(isPracticeInternal(patient)).toBe(false);
    expect(isTestData(patient)).toBe(true);
  });

  test('a resource without meta carries no label', () => {
    expect(isPracticeInternal({ resourceType: 'Patient' } as Patient)).toBe(false);
    expect(isTestData({ resourceType: 'Patient' } as Patient)).toBe(false);
  });

  test('a label matches by system and code, whatever its display', () => {
    const labelled = { meta: { security: [{ system: PRACTICE_INTERNAL_LABEL.system, code: 'practice-internal' }] } };
    expect(hasSecurityLabel(labelled, PRACTICE_INTERNAL_LABEL)).toBe(true);
    expect(hasSecurityLabel(labelled, TEST_DATA_LABEL)).toBe(false);
  });

  test('the same code in another system is not the label', () => {
    expect(isPracticeInternal({ meta: { security: [{ system: 'x', code: 'practice-internal' }] } })).toBe(false);
    expect(isTestData({ meta: { security: [{ code: 'HTEST' }] } })).toBe(false);
  });

  test('test data is v3 ActReason HTEST, as the TargetTestData rule set writes it', () => {
    expect(TEST_DATA_LABEL).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
      code: 'HTEST',
      display: 'test health data',
    });
  });
});
