import { describe, expect, test } from 'vitest';
import { assessPatient, classifyPatient, type PatientFacts } from '../../../profiles/src/selection/assess.ts';
import type { ContactCounts } from '../../../profiles/src/selection/contacts.ts';
import { resolveSettings } from '../../../profiles/src/selection/settings.ts';
import type { PopulationCutoffs } from '../../../profiles/src/selection/stratify.ts';

const REFERENCE = '2025-03-01';
const NONE: ContactCounts = {
  'consult-short': 0,
  consult: 0,
  'consult-long': 0,
  visit: 0,
  'visit-long': 0,
  phone: 0,
  'e-consult': 0,
};

function facts(changes: Partial<PatientFacts> = {}): PatientFacts {
  return {
    patientId: 'p1',
    contacts: NONE,
    conditions: [{ reference: 'Condition/dm', diseases: ['diabetes'], since: '2015-01-01' }],
    ...changes,
  };
}

describe('weighted care burden', () => {
  test.each([
    ['consult-short', 0.5],
    ['consult', 1.0],
    ['consult-long', 2.0],
    ['visit', 1.5],
    ['visit-long', 2.5],
    ['phone', 0.5],
    ['e-consult', 0.5],
  ] as const)('three %s contacts weigh %d each by default', (type, weight) => {
    const assessment = assessPatient(facts({ contacts: { ...NONE, [type]: 3 } }), REFERENCE, resolveSettings());
    expect(assessment?.contacts).toEqual([{ type, count: 3, weightedSum: 3 * weight }]);
    expect(assessment?.score).toBe(3 * weight);
  });

  test.each([
    ['consult-short', 0.25, 0.75],
    ['consult', 1.5, 4.5],
    ['consult-long', 3, 9],
    ['visit', 3, 9],
    ['visit-long', 4, 12],
    ['phone', 0.3, 0.9],
    ['e-consult', 0, 0],
  ] as const)('a practice weight for %s of %d makes three contacts weigh %d', (type, weight, sum) => {
    const settings = resolveSettings({ contactWeights: { [type]: weight } });
    const assessment = assessPatient(facts({ contacts: { ...NONE, [type]: 3 } }), REFERENCE, settings);
    expect(assessment?.contacts).toEqual([{ type, count: 3, weightedSum: sum }]);
    expect(assessment?.score).toBe(sum);
  });

  test('sums the weighted contacts and lists the types with contacts in CodeSystem order', () => {
    const contacts = { ...NONE, 'e-consult': 2, consult: 8, 'consult-long': 2, visit: 1, phone: 6 };
    expect(assessPatient(facts({ contacts }), REFERENCE, resolveSettings())).toEqual({
      patientId: 'p1',
      // 8 × 1 + 2 × 2 + 1 × 1.5 + 6 × 0.5 + 2 × 0.5 = 17.5
      score: 17.5,
      contacts: [
        { type: 'consult', count: 8, weightedSum: 8 },
        { type: 'consult-long', count: 2, weightedSum: 4 },
        { type: 'visit', count: 1, weightedSum: 1.5 },
        { type: 'phone', count: 6, weightedSum: 3 },
        { type: 'e-consult', count: 2, weightedSum: 1 },
      ],
      diseaseCount: 1,
      qualifyingConditions: ['Condition/dm'],
      isNew: false,
    });
  });

  test('a chronically ill patient without contacts has care burden zero', () => {
    expect(assessPatient(facts(), REFERENCE, resolveSettings())).toMatchObject({ score: 0, contacts: [] });
  });

  test('rounds decimal weights to four decimals: 3 × 0.1 is 0.3', () => {
    const settings = resolveSettings({ contactWeights: { phone: 0.1 } });
    expect(assessPatient(facts({ contacts: { ...NONE, phone: 3 } }), REFERENCE, settings)?.score).toBe(0.3);
  });

  test('a patient without a qualifying chronic disease has no assessment', () => {
    expect(
      assessPatient(facts({ conditions: [], contacts: { ...NONE, consult: 20 } }), REFERENCE, resolveSettings()),
    ).toBe(undefined);
  });
});

describe('chronic diseases of the assessment', () => {
  test('counts distinct diseases and sorts the Condition references', () => {
    const conditions = [
      { reference: 'Condition/z-dm', diseases: ['diabetes'], since: '2015-01-01' },
      { reference: 'Condition/a-dm-icd', diseases: ['diabetes'], since: '2016-01-01' },
      { reference: 'Condition/m-copd', diseases: ['copd'], since: '2017-01-01' },
    ];
    expect(assessPatient(facts({ conditions }), REFERENCE, resolveSettings())).toMatchObject({
      diseaseCount: 2,
      qualifyingConditions: ['Condition/a-dm-icd', 'Condition/m-copd', 'Condition/z-dm'],
    });
  });

  test('two Conditions of one disease are one disease', () => {
    const conditions = [
      { reference: 'Condition/k74', diseases: ['coronary-heart-disease'], since: '2015-01-01' },
      { reference: 'Condition/k75', diseases: ['coronary-heart-disease'], since: '2016-01-01' },
    ];
    expect(assessPatient(facts({ conditions }), REFERENCE, resolveSettings())?.diseaseCount).toBe(1);
  });
});

describe('new-patient stratum', () => {
  const since = (value: string | undefined) =>
    facts({ conditions: [{ reference: 'Condition/c', diseases: ['diabetes'], ...(value ? { since: value } : {}) }] });

  test.each([
    ['exactly 365 days before the reference date', '2024-03-01', true],
    ['at 00:00 Amsterdam time 365 days before', '2024-03-01T00:00:00+01:00', true],
    ['a second before 00:00 Amsterdam time 365 days before', '2024-02-29T23:59:59+01:00', false],
    ['366 days before the reference date', '2024-02-29', false],
    ['the day before the reference date', '2025-02-28', true],
    ['in a year only (counted from 1 January 2024)', '2024', false],
  ])('a patient whose disease began %s is new: %s', (_name, value, isNew) => {
    expect(assessPatient(since(value), REFERENCE, resolveSettings())?.isNew).toBe(isNew);
  });

  test('a patient whose disease start is unknown is not new', () => {
    expect(assessPatient(since(undefined), REFERENCE, resolveSettings())?.isNew).toBe(false);
  });

  test('the earliest disease decides: an old disease and a recent one is not new', () => {
    const conditions = [
      { reference: 'Condition/copd', diseases: ['copd'], since: '2025-01-01' },
      { reference: 'Condition/dm', diseases: ['diabetes'], since: '2018-01-01' },
    ];
    expect(assessPatient(facts({ conditions }), REFERENCE, resolveSettings())?.isNew).toBe(false);
  });

  test.each([
    ['30 days before', '2025-01-30', true],
    ['31 days before', '2025-01-29', false],
  ])('with new-patient days set to 30, a disease begun %s is new: %s', (_name, value, isNew) => {
    expect(assessPatient(since(value), REFERENCE, resolveSettings({ newPatientDays: 30 }))?.isNew).toBe(isNew);
  });

  test('in summer time the new-patient period starts at 00:00 CEST', () => {
    expect(assessPatient(since('2024-07-01T00:00:00+02:00'), '2025-07-01', resolveSettings())?.isNew).toBe(true);
    expect(assessPatient(since('2024-06-30T23:59:59+02:00'), '2025-07-01', resolveSettings())?.isNew).toBe(false);
  });
});

describe('classification', () => {
  const cutoffs: PopulationCutoffs = { population: 20, mean: 4, hnhcTop: 10, high: 10, medium: 4 };
  const settings = resolveSettings();
  const social = { birthDate: '1950-01-01', maritalStatus: 'W' };
  const assessment = (score: number, diseaseCount: number, isNew = false) => ({
    patientId: 'p1',
    score,
    contacts: [],
    diseaseCount,
    qualifyingConditions: ['Condition/dm'],
    isNew,
  });

  test('an HNHC patient gets a category, the flag and a subgroup', () => {
    expect(classifyPatient(assessment(12, 1), social, cutoffs, REFERENCE, settings)).toEqual({
      category: 'high',
      hnhc: true,
      subgroup: {
        subgroup: 'older-alone',
        reason: '75 jaar, alleenwonend (burgerlijke staat)',
        missingData: [],
        derivedFrom: [],
      },
    });
  });

  test('a multimorbid patient above the mean is HNHC in the medium category', () => {
    expect(classifyPatient(assessment(5, 2), social, cutoffs, REFERENCE, settings)).toMatchObject({
      category: 'medium',
      hnhc: true,
    });
  });

  test('a patient who is not HNHC gets no subgroup', () => {
    expect(classifyPatient(assessment(4, 2), social, cutoffs, REFERENCE, settings)).toEqual({
      category: 'medium',
      hnhc: false,
    });
    expect(classifyPatient(assessment(1, 1), social, cutoffs, REFERENCE, settings)).toEqual({
      category: 'low',
      hnhc: false,
    });
  });

  test('a new patient is in the new stratum', () => {
    expect(classifyPatient(assessment(2, 1, true), social, cutoffs, REFERENCE, settings)).toEqual({
      category: 'new',
      hnhc: false,
    });
  });

  test('the older-age setting decides the subgroup', () => {
    const middleAged = {
      birthDate: '1956-01-01',
      incomeSource: { code: 'benefit' as const, observation: 'Observation/i' },
    };
    expect(
      classifyPatient(assessment(12, 1), middleAged, cutoffs, REFERENCE, resolveSettings({ olderAgeYears: 70 }))
        .subgroup,
    ).toEqual({
      subgroup: 'middle-aged-welfare',
      reason: '69 jaar, met uitkering',
      missingData: [],
      derivedFrom: ['Observation/i'],
    });
  });
});
