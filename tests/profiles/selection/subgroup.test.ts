import type { Observation } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { assignSubgroup, latestSocialValue, type SocialFacts } from '../../../profiles/src/selection/subgroup.ts';
import { HOUSEHOLD_SYSTEM, ms, social } from './support.ts';

const REFERENCE = '2025-03-01';
/** 70 on the reference date. */
const OLDER = '1955-01-01';
/** 40 on the reference date. */
const MIDDLE = '1985-01-01';

describe('subgroup of an older patient (≥ 65)', () => {
  test.each([
    ['alone', 'older-alone', '70 jaar, alleenwonend (woonsituatie)'],
    ['with-partner', 'older-with-partner', '70 jaar, samenwonend (woonsituatie)'],
    ['with-family', 'older-with-partner', '70 jaar, samenwonend (woonsituatie)'],
  ] as const)('living %s by a household Observation is %s', (household, subgroup, reason) => {
    const facts: SocialFacts = { birthDate: OLDER, household: { code: household, observation: 'Observation/h1' } };
    expect(assignSubgroup(facts, REFERENCE, 65)).toEqual({
      subgroup,
      reason,
      missingData: [],
      derivedFrom: ['Observation/h1'],
    });
  });

  test.each([
    ['M (married)', 'M', 'older-with-partner', '70 jaar, samenwonend (burgerlijke staat)'],
    ['T (domestic partner)', 'T', 'older-with-partner', '70 jaar, samenwonend (burgerlijke staat)'],
    ['S (never married)', 'S', 'older-alone', '70 jaar, alleenwonend (burgerlijke staat)'],
    ['D (divorced)', 'D', 'older-alone', '70 jaar, alleenwonend (burgerlijke staat)'],
    ['L (legally separated)', 'L', 'older-alone', '70 jaar, alleenwonend (burgerlijke staat)'],
    ['W (widowed)', 'W', 'older-alone', '70 jaar, alleenwonend (burgerlijke staat)'],
  ])('without a household Observation, marital status %s gives %s', (_name, maritalStatus, subgroup, reason) => {
    expect(assignSubgroup({ birthDate: OLDER, maritalStatus }, REFERENCE, 65)).toEqual({
      subgroup,
      reason,
      missingData: [],
      derivedFrom: [],
    });
  });

  test('a household Observation wins over the marital status', () => {
    const facts: SocialFacts = {
      birthDate: OLDER,
      maritalStatus: 'M',
      household: { code: 'alone', observation: 'Observation/h1' },
    };
    expect(assignSubgroup(facts, REFERENCE, 65).subgroup).toBe('older-alone');
  });

  test.each([
    ['no household and no marital status', undefined],
    ['marital status U (unknown)', 'U'],
    ['marital status P (polygamous)', 'P'],
    ['marital status I (interlocutory)', 'I'],
  ])('with %s is unclassified, missing the household', (_name, maritalStatus) => {
    const facts: SocialFacts = maritalStatus ? { birthDate: OLDER, maritalStatus } : { birthDate: OLDER };
    expect(assignSubgroup(facts, REFERENCE, 65)).toEqual({
      subgroup: 'unclassified',
      reason: '70 jaar; woonsituatie onbekend',
      missingData: ['household'],
      derivedFrom: [],
    });
  });

  test('an older patient is split by household, not by income source', () => {
    const facts: SocialFacts = {
      birthDate: OLDER,
      maritalStatus: 'W',
      incomeSource: { code: 'employed', observation: 'Observation/i1' },
    };
    expect(assignSubgroup(facts, REFERENCE, 65)).toMatchObject({ subgroup: 'older-alone', derivedFrom: [] });
  });
});

describe('subgroup of a middle-aged patient (< 65)', () => {
  test.each([
    ['employed', 'middle-aged-employed', '40 jaar, werkend'],
    ['benefit', 'middle-aged-welfare', '40 jaar, met uitkering'],
  ] as const)('with income source %s is %s', (code, subgroup, reason) => {
    const facts: SocialFacts = { birthDate: MIDDLE, incomeSource: { code, observation: 'Observation/i1' } };
    expect(assignSubgroup(facts, REFERENCE, 65)).toEqual({
      subgroup,
      reason,
      missingData: [],
      derivedFrom: ['Observation/i1'],
    });
  });

  test('retired under the older age fits no middle-aged subgroup and is unclassified', () => {
    const facts: SocialFacts = { birthDate: MIDDLE, incomeSource: { code: 'retired', observation: 'Observation/i1' } };
    expect(assignSubgroup(facts, REFERENCE, 65)).toEqual({
      subgroup: 'unclassified',
      reason: '40 jaar met pensioen: past in geen van de subgroepen van middelbare leeftijd',
      missingData: ['income-source'],
      derivedFrom: ['Observation/i1'],
    });
  });

  test('without an income source is unclassified, missing the income source, whatever the household', () => {
    const facts: SocialFacts = {
      birthDate: MIDDLE,
      maritalStatus: 'M',
      household: { code: 'with-family', observation: 'Observation/h1' },
    };
    expect(assignSubgroup(facts, REFERENCE, 65)).toEqual({
      subgroup: 'unclassified',
      reason: '40 jaar; bron van inkomen onbekend',
      missingData: ['income-source'],
      derivedFrom: [],
    });
  });
});

describe('age and the older-age setting', () => {
  test.each([
    ['on the 65th birthday', '1960-03-01', 'older-alone'],
    ['the day before the 65th birthday', '1960-03-02', 'unclassified'],
  ])('a patient %s is older from 65', (_name, birthDate, subgroup) => {
    expect(assignSubgroup({ birthDate, maritalStatus: 'S' }, REFERENCE, 65).subgroup).toBe(subgroup);
  });

  test('with older age set to 70, a 67-year-old is middle-aged', () => {
    const facts: SocialFacts = {
      birthDate: '1958-01-01',
      maritalStatus: 'S',
      incomeSource: { code: 'benefit', observation: 'Observation/i1' },
    };
    expect(assignSubgroup(facts, REFERENCE, 70)).toMatchObject({
      subgroup: 'middle-aged-welfare',
      reason: '67 jaar, met uitkering',
    });
    expect(assignSubgroup(facts, REFERENCE, 65)).toMatchObject({ subgroup: 'older-alone' });
  });

  test.each([
    ['no birth date', {}],
    ['a birth date that is not a date', { birthDate: 'onbekend' }],
  ])('with %s the patient is unclassified, missing the birth date', (_name, facts) => {
    expect(assignSubgroup({ ...facts, maritalStatus: 'M' }, REFERENCE, 65)).toEqual({
      subgroup: 'unclassified',
      reason: 'Geboortedatum onbekend',
      missingData: ['birthDate'],
      derivedFrom: [],
    });
  });
});

describe('the latest usable social-history value', () => {
  // 00:00 Amsterdam time on 1 March 2025.
  const before = ms('2025-02-28T23:00:00Z');

  test('is the most recent one of its kind measured before the reference date', () => {
    const observations = [
      social('old', 'household', 'with-partner', '2020-01-01'),
      social('new', 'household', 'alone', '2024-06-01'),
      social('middle', 'household', 'with-family', '2022-01-01'),
      social('income', 'income-source', 'employed', '2024-12-01'),
    ];
    expect(latestSocialValue(observations, 'household', before)).toEqual({
      code: 'alone',
      observation: 'Observation/new',
    });
    expect(latestSocialValue(observations, 'income-source', before)).toEqual({
      code: 'employed',
      observation: 'Observation/income',
    });
  });

  test.each(['final', 'amended', 'corrected'] as const)('uses a %s Observation', (status) => {
    const observation = social('h1', 'household', 'alone', '2024-06-01', { status });
    expect(latestSocialValue([observation], 'household', before)?.code).toBe('alone');
  });

  test.each(['preliminary', 'registered', 'cancelled', 'entered-in-error', 'unknown'] as const)(
    'skips a %s Observation for an older final one',
    (status) => {
      const observations = [
        social('final', 'household', 'with-partner', '2023-01-01'),
        social('other', 'household', 'alone', '2024-06-01', { status }),
      ];
      expect(latestSocialValue(observations, 'household', before)?.observation).toBe('Observation/final');
    },
  );

  test.each([
    ['on the reference date', '2025-03-01'],
    ['at 00:00 Amsterdam time on the reference date', '2025-03-01T00:00:00+01:00'],
    ['after the reference date', '2025-04-01'],
  ])('skips a value measured %s', (_name, effectiveDateTime) => {
    const observations = [
      social('earlier', 'household', 'with-partner', '2025-02-28T23:59:59+01:00'),
      social('later', 'household', 'alone', effectiveDateTime),
    ];
    expect(latestSocialValue(observations, 'household', before)?.observation).toBe('Observation/earlier');
  });

  test('breaks a tie on the date by the greatest id', () => {
    const observations = [
      social('b', 'household', 'alone', '2024-06-01'),
      social('c', 'household', 'with-family', '2024-06-01'),
      social('a', 'household', 'with-partner', '2024-06-01'),
    ];
    expect(latestSocialValue(observations, 'household', before)).toEqual({
      code: 'with-family',
      observation: 'Observation/c',
    });
  });

  test('reads effectivePeriod.start when there is no effectiveDateTime', () => {
    const byPeriod = social('p', 'household', 'alone', '2024-06-01', {
      effectiveDateTime: undefined,
      effectivePeriod: { start: '2024-08-01' },
    });
    const observations = [social('d', 'household', 'with-partner', '2024-07-01'), byPeriod];
    expect(latestSocialValue(observations, 'household', before)?.observation).toBe('Observation/p');
  });

  test.each<[string, Partial<Observation>]>([
    ['without a date', { effectiveDateTime: undefined }],
    ['without id', { id: undefined }],
    [
      'with a value code our CodeSystem does not have',
      { valueCodeableConcept: { coding: [{ system: HOUSEHOLD_SYSTEM, code: 'commune' }] } },
    ],
    [
      'with a value in another system',
      { valueCodeableConcept: { coding: [{ system: 'http://example.org', code: 'alone' }] } },
    ],
    ['with a text value only', { valueCodeableConcept: { text: 'woont alleen' } }],
    ['of another kind', { code: { coding: [{ system: 'http://loinc.org', code: '63512-8' }] } }],
  ])('skips an Observation %s', (_name, changes) => {
    expect(latestSocialValue([social('x', 'household', 'alone', '2024-06-01', changes)], 'household', before)).toBe(
      undefined,
    );
  });
});
