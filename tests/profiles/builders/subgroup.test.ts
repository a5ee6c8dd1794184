import type { Observation } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildSubgroupObservation,
  readSubgroupObservation,
  type SubgroupInput,
} from '../../../profiles/src/builders/subgroup.ts';
import { PRACTICE_INTERNAL_LABEL } from '../../../profiles/src/security-labels.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const classified: SubgroupInput = {
  id: 'sg-1',
  status: 'final',
  patient: { reference: 'Patient/p1' },
  assessedAt: '2025-03-01',
  subgroup: 'middle-aged-welfare',
  reason: '52 jaar; bijstandsuitkering (arbeidssituatie). Benadering.',
  missingData: [],
  derivedFrom: [{ reference: 'Observation/employment-1' }],
  settingsUsed: { id: 'settings-1', version: '2' },
};

const unclassified: SubgroupInput = {
  ...classified,
  id: 'sg-2',
  subgroup: 'unclassified',
  reason: 'Leeftijd en woonsituatie onbekend.',
  missingData: ['birthDate', 'household'],
  derivedFrom: [],
};

describe('subgroup Observation', () => {
  test.each([
    ['a classified patient', classified],
    ['an unclassified patient with the missing data', unclassified],
  ])('builds a resource for %s that conforms to TargetSubgroupObservation', (_name, input) => {
    expect(validationErrors(buildSubgroupObservation(input))).toEqual([]);
  });

  test('labels it practice-internal, so patient tokens never see it', () => {
    expect(buildSubgroupObservation(classified).meta?.security).toEqual([PRACTICE_INTERNAL_LABEL]);
  });

  test.each([classified, unclassified])('reads back exactly what it built ($subgroup)', (input) => {
    expect(readSubgroupObservation(buildSubgroupObservation(input))).toStrictEqual(input);
  });

  test('an unclassified patient without missing data breaks target-sg-1', () => {
    const issues = validationErrors(buildSubgroupObservation({ ...unclassified, missingData: [] }));
    expect(issues.join('\n')).toContain('target-sg-1');
  });

  test('reads the generated example', () => {
    expect(readSubgroupObservation(example('target-subgroup-observation-example'))).toStrictEqual({
      id: 'target-subgroup-observation-example',
      status: 'final',
      patient: { reference: 'Patient/target-patient-example' },
      assessedAt: '2025-01-01',
      subgroup: 'older-with-partner',
      reason:
        '73 jaar (oudere vanaf 65); woont samen met partner (burgerlijke staat: gehuwd). Benadering, geen officiële indeling.',
      missingData: [],
      derivedFrom: [],
      settingsUsed: { id: 'target-practice-settings-example', version: '1' },
    });
  });

  const built = buildSubgroupObservation(unclassified);
  test.each<[string, (r: Observation) => void, string, string]>([
    [
      'a care burden Observation',
      (r) => (r.code.coding = [{ ...r.code.coding?.[0], code: 'care-burden' }]),
      'wrong-resource',
      'Observation.code',
    ],
    ['no reason', (r) => r.component?.splice(0, 1), 'missing', 'Observation.component:reason'],
    ['no reference date', (r) => delete r.effectiveDateTime, 'missing', 'Observation.effectiveDateTime'],
    ['no subgroup', (r) => delete r.valueCodeableConcept, 'missing', 'Observation.valueCodeableConcept'],
    [
      'an unknown missing-data name',
      (r) => Object.assign(r.component?.[1] ?? {}, { valueString: 'income' }),
      'invalid',
      'Observation.component:missingData[0].valueString',
    ],
    ['no settings used', (r) => delete r.extension, 'missing', 'Observation.extension:settingsUsed'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readSubgroupObservation(broken(built, breakIt)))).toEqual({ code, path });
  });
});
