import type { Observation } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildCareBurdenObservation,
  type CareBurdenInput,
  readCareBurdenObservation,
} from '../../../profiles/src/builders/care-burden.ts';
import { tryRead } from '../../../profiles/src/builders/read-error.ts';
import { PRACTICE_INTERNAL_LABEL } from '../../../profiles/src/security-labels.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const input: CareBurdenInput = {
  id: 'cb-1',
  status: 'final',
  patient: { reference: 'Patient/p1', display: 'J. Jansen' },
  window: { start: '2024-03-01', end: '2025-02-28' },
  issued: '2025-03-01T05:00:00+01:00',
  score: 7.5,
  category: 'medium',
  hnhc: false,
  chronicConditionCount: 1,
  contacts: [
    { type: 'consult', count: 5, weightedSum: 5 },
    { type: 'visit-long', count: 1, weightedSum: 2.5 },
    { type: 'e-consult', count: 0, weightedSum: 0 },
  ],
  qualifyingConditions: [{ reference: 'Condition/c1' }],
  settingsUsed: { id: 'settings-1', version: '3' },
};

describe('care burden Observation', () => {
  test('builds a resource that conforms to TargetCareBurdenObservation', () => {
    expect(validationErrors(buildCareBurdenObservation(input))).toEqual([]);
  });

  test('builds one without contacts or optional parts that still conforms', () => {
    const minimal: CareBurdenInput = { ...input, id: undefined, issued: undefined, score: 0, contacts: [] };
    expect(validationErrors(buildCareBurdenObservation(minimal))).toEqual([]);
  });

  test('labels it practice-internal, so patient tokens never see it', () => {
    expect(buildCareBurdenObservation(input).meta?.security).toEqual([PRACTICE_INTERNAL_LABEL]);
  });

  test('reads back exactly what it built', () => {
    expect(readCareBurdenObservation(buildCareBurdenObservation(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    expect(readCareBurdenObservation(example('target-care-burden-observation-example'))).toStrictEqual({
      id: 'target-care-burden-observation-example',
      status: 'final',
      patient: { reference: 'Patient/target-patient-example' },
      window: { start: '2024-01-02', end: '2024-12-31' },
      issued: '2025-01-01T06:00:00+01:00',
      score: 16.5,
      category: 'high',
      hnhc: true,
      chronicConditionCount: 2,
      contacts: [
        { type: 'consult', count: 8, weightedSum: 8 },
        { type: 'consult-long', count: 2, weightedSum: 4 },
        { type: 'visit', count: 1, weightedSum: 1.5 },
        { type: 'phone', count: 6, weightedSum: 3 },
      ],
      qualifyingConditions: [
        { reference: 'Condition/target-condition-diabetes-example' },
        { reference: 'Condition/target-condition-copd-example' },
      ],
      settingsUsed: { id: 'target-practice-settings-example', version: '1' },
    });
  });

  const built = buildCareBurdenObservation(input);
  test.each<[string, (r: Observation) => void, string, string]>([
    ['another kind of Observation', (r) => (r.code = { text: 'weight' }), 'wrong-resource', 'Observation.code'],
    ['another resource type', (r) => Object.assign(r, { resourceType: 'Condition' }), 'wrong-resource', 'Observation'],
    ['no subject', (r) => delete r.subject, 'missing', 'Observation.subject'],
    ['no window end', (r) => delete r.effectivePeriod?.end, 'missing', 'Observation.effectivePeriod.end'],
    ['no score', (r) => delete r.valueQuantity, 'missing', 'Observation.valueQuantity.value'],
    [
      'a score in another unit',
      (r) => Object.assign(r.valueQuantity ?? {}, { code: 'h' }),
      'invalid',
      'Observation.valueQuantity',
    ],
    [
      'no qualifying Condition',
      (r) => (r.extension = r.extension?.slice(-1)),
      'missing',
      'Observation.extension:qualifyingCondition',
    ],
    [
      'a settings reference without version',
      (r) => Object.assign(r.extension?.at(-1) ?? {}, { valueReference: { reference: 'Basic/s' } }),
      'invalid',
      'Observation.extension:settingsUsed',
    ],
    ['no HNHC component', (r) => r.component?.splice(1, 1), 'missing', 'Observation.component:hnhc'],
    [
      'an unknown category',
      (r) => Object.assign(r.component?.[0].valueCodeableConcept?.coding?.[0] ?? {}, { code: 'extreme' }),
      'invalid',
      'Observation.component:category.valueCodeableConcept',
    ],
    [
      'a contact type without weighted sum',
      (r) => delete r.component?.[3].extension,
      'missing',
      'Observation.component[3].extension:weightedSum',
    ],
  ])('rejects %s', (_name, breakIt, code, path) => {
    const resource = broken(built, breakIt);
    expect(readFailure(() => readCareBurdenObservation(resource))).toEqual({ code, path });
    expect(tryRead(readCareBurdenObservation, resource)).toBeUndefined();
  });
});
