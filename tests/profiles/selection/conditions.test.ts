import type { Condition } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  chronicDiseaseList,
  conditionSince,
  DEFAULT_CHRONIC_DISEASES,
  icpcPrefixesOf,
  isCountedCondition,
  qualifyingConditions,
} from '../../../profiles/src/selection/conditions.ts';
import { CLINICAL_SYSTEM, condition, ICD10, ICPC, ms, SCT, VERIFICATION_SYSTEM } from './support.ts';

// DOMAIN.md "Chronic-disease gate", copied by hand: disease → its ICPC-1-NL codes.
const DOMAIN_LIST: Record<string, string> = {
  diabetes: 'T90',
  'coronary-heart-disease': 'K74 K75 K76',
  'heart-failure': 'K77',
  'atrial-fibrillation': 'K78',
  'stroke-tia': 'K89 K90',
  'peripheral-arterial-disease': 'K92',
  copd: 'R95',
  asthma: 'R96',
  osteoarthritis: 'L89 L90 L91',
  'rheumatoid-arthritis': 'L88',
  'chronic-neck-back-disorder': 'L83 L84 L86',
  osteoporosis: 'L95',
  cancer:
    'A79 B72 B73 B74 D74 D75 D76 D77 F74 H75 K72 L71 N74 R84 R85 S77 S80 T71 T73 U75 U76 U77 U79 W72 X75 X76 X77 X81 Y77 Y78',
  depression: 'P76',
  'anxiety-disorder': 'P74',
  dementia: 'P70',
  'schizophrenia-psychosis': 'P72',
  'parkinsons-disease': 'N87',
  epilepsy: 'N88',
  'multiple-sclerosis': 'N86',
  migraine: 'N89',
  'hearing-impairment': 'H86',
  'visual-impairment': 'F94',
  'inflammatory-bowel-disease': 'D94',
  'chronic-kidney-disease': 'U99',
  'alcohol-abuse': 'P15',
  'drug-abuse': 'P19',
  'intellectual-disability': 'P85',
};

/** Reference date 1 March 2025: its first instant is 00:00 Amsterdam (CET) = 28 February 23:00 UTC. */
const REFERENCE_MS = ms('2025-02-28T23:00:00Z');

describe('the default chronic-disease list', () => {
  test('holds exactly the ICPC codes of DOMAIN.md, each under its disease', () => {
    const expected = Object.entries(DOMAIN_LIST)
      .flatMap(([disease, codes]) => codes.split(' ').map((code) => [code, disease]))
      .sort();
    expect([...DEFAULT_CHRONIC_DISEASES.byIcpc.entries()].sort()).toEqual(expected);
  });

  test('has 28 diseases', () => {
    expect(new Set(DEFAULT_CHRONIC_DISEASES.byIcpc.values()).size).toBe(28);
  });
});

describe('ICPC-1-NL codes', () => {
  test.each([
    ['T90', ['T90']],
    ['T90.02', ['T90']],
    ['t90', ['T90']],
    ['t90.02', ['T90']],
    ['K74.01', ['K74']],
    ['K86', []],
    ['K86.02', []],
    ['T9', []],
  ])('%s counts for %j', (code, prefixes) => {
    expect(icpcPrefixesOf({ system: ICPC, code }, DEFAULT_CHRONIC_DISEASES)).toEqual(prefixes);
  });

  test('an ICPC code in another system, or without code, counts for nothing', () => {
    expect(icpcPrefixesOf({ system: 'http://example.org/icpc', code: 'T90' }, DEFAULT_CHRONIC_DISEASES)).toEqual([]);
    expect(icpcPrefixesOf({ code: 'T90' }, DEFAULT_CHRONIC_DISEASES)).toEqual([]);
    expect(icpcPrefixesOf({ system: ICPC }, DEFAULT_CHRONIC_DISEASES)).toEqual([]);
  });
});

describe('SNOMED CT and ICD-10 codes through the ConceptMap, read backwards', () => {
  test.each([
    ['SNOMED CT diabetes mellitus (equivalent to T90)', ['T90'], SCT, '73211009'],
    ['SNOMED CT atrial fibrillation (narrower than K78)', ['K78'], SCT, '49436004'],
    ['SNOMED CT ischaemic heart disease (wider than K76)', [], SCT, '414545008'],
    ['SNOMED CT osteoarthritis (wider than L91)', [], SCT, '396275006'],
    ['SNOMED CT essential hypertension (not on the list)', [], SCT, '59621000'],
    ['ICD-10 E11', ['T90'], ICD10, 'E11'],
    ['ICD-10 E11.9 through E11', ['T90'], ICD10, 'E11.9'],
    ['ICD-10 e11.9 in lower case', ['T90'], ICD10, 'e11.9'],
    ['ICD-10 E119 written without a dot', ['T90'], ICD10, 'E119'],
    ['ICD-10 I70.2 (a four-character target)', ['K92'], ICD10, 'I70.2'],
    ['ICD-10 I70.20, which starts with the target I70.2', ['K92'], ICD10, 'I70.20'],
    ['ICD-10 I70.0, which does not start with the target I70.2', [], ICD10, 'I70.0'],
    ['ICD-10 G45 TIA (wider than K89)', [], ICD10, 'G45'],
    ['ICD-10 G45.4 transient global amnesia, only under the wider G45', [], ICD10, 'G45.4'],
    ['ICD-10 G45.9 TIA unspecified (narrower than K89)', ['K89'], ICD10, 'G45.9'],
    ['ICD-10 C50 breast cancer (wider than X76)', [], ICD10, 'C50'],
    ['ICD-10 I10 hypertension (not on the list)', [], ICD10, 'I10'],
  ])('%s counts for %j', (_name, prefixes, system, code) => {
    expect(icpcPrefixesOf({ system, code }, DEFAULT_CHRONIC_DISEASES)).toEqual(prefixes);
  });

  // The codes the Synthea import was not counted for, each for its disease.
  test.each([
    ['type 2 diabetes', '44054006', 'diabetes'],
    ['chronic congestive heart failure', '88805009', 'heart-failure'],
    ['chronic obstructive bronchitis', '185086009', 'copd'],
    ['pulmonary emphysema', '87433001', 'copd'],
    ['Alzheimer’s disease', '26929004', 'dementia'],
    ['childhood asthma', '233678006', 'asthma'],
    ['chronic intractable migraine without aura', '124171000119105', 'migraine'],
  ])('the starter map counts SNOMED CT %s (%s) for %s', (_name, code, disease) => {
    const found = qualifyingConditions([condition('c1', SCT, code)], DEFAULT_CHRONIC_DISEASES, REFERENCE_MS);
    expect(found.map((c) => c.diseases)).toEqual([[disease]]);
  });

  test('the starter map counts a SNOMED CT and an ICD-10 code for each of the 28 diseases', () => {
    const countedIn = (system: string) =>
      new Set(
        [...(DEFAULT_CHRONIC_DISEASES.mapped.get(system)?.values() ?? [])]
          .flat()
          .map((icpc) => DEFAULT_CHRONIC_DISEASES.byIcpc.get(icpc)),
      );
    expect([...countedIn(SCT)].sort()).toEqual(Object.keys(DOMAIN_LIST).sort());
    expect([...countedIn(ICD10)].sort()).toEqual(Object.keys(DOMAIN_LIST).sort());
  });

  test('the starter map leaves out what ICPC codes elsewhere: gestational diabetes (W85), low back pain (L03)', () => {
    expect(icpcPrefixesOf({ system: SCT, code: '11687002' }, DEFAULT_CHRONIC_DISEASES)).toEqual([]);
    expect(icpcPrefixesOf({ system: SCT, code: '279039007' }, DEFAULT_CHRONIC_DISEASES)).toEqual([]);
    expect(icpcPrefixesOf({ system: ICD10, code: 'M54.5' }, DEFAULT_CHRONIC_DISEASES)).toEqual([]);
  });

  test('a code of a system the map does not cover counts for nothing', () => {
    expect(icpcPrefixesOf({ system: 'http://loinc.org', code: '73211009' }, DEFAULT_CHRONIC_DISEASES)).toEqual([]);
  });
});

describe('a custom chronic-disease list', () => {
  const list = chronicDiseaseList(['T90', 'k86.01', 'K87']);

  test('groups our diseases by key and makes any other code a disease of its own', () => {
    expect([...list.byIcpc.entries()].sort()).toEqual([
      ['K86', 'K86'],
      ['K87', 'K87'],
      ['T90', 'diabetes'],
    ]);
  });

  test('counts a code on the custom list (K86 hypertension)', () => {
    expect(icpcPrefixesOf({ system: ICPC, code: 'K86.02' }, list)).toEqual(['K86']);
  });

  test('maps SNOMED CT and ICD-10 only to codes on the custom list', () => {
    expect(icpcPrefixesOf({ system: SCT, code: '73211009' }, list)).toEqual(['T90']);
    expect(icpcPrefixesOf({ system: ICD10, code: 'E11.9' }, list)).toEqual(['T90']);
    expect(icpcPrefixesOf({ system: SCT, code: '84114007' }, list)).toEqual([]);
    expect(icpcPrefixesOf({ system: ICD10, code: 'I50' }, list)).toEqual([]);
    expect(icpcPrefixesOf({ system: ICPC, code: 'K77' }, list)).toEqual([]);
  });

  test('a list holding one code of a disease groups it under that disease', () => {
    expect([...chronicDiseaseList(['K75']).byIcpc.entries()]).toEqual([['K75', 'coronary-heart-disease']]);
  });
});

describe('which Conditions count', () => {
  const status = (clinical?: string, verification?: string): Partial<Condition> => ({
    clinicalStatus: clinical ? { coding: [{ system: CLINICAL_SYSTEM, code: clinical }] } : undefined,
    verificationStatus: verification ? { coding: [{ system: VERIFICATION_SYSTEM, code: verification }] } : undefined,
  });

  test.each([
    ['active', 'confirmed', true],
    ['recurrence', 'confirmed', true],
    ['relapse', 'confirmed', true],
    ['inactive', 'confirmed', false],
    ['remission', 'confirmed', false],
    ['resolved', 'confirmed', false],
    ['active', 'refuted', false],
    ['active', 'entered-in-error', false],
    ['active', 'provisional', false],
    ['active', 'differential', false],
    ['active', 'unconfirmed', false],
  ])('clinical status %s with verification %s counts: %s', (clinical, verification, counts) => {
    expect(isCountedCondition(condition('c1', ICPC, 'T90', status(clinical, verification)))).toBe(counts);
  });

  test('an active Condition without verificationStatus counts as confirmed', () => {
    expect(isCountedCondition(condition('c1', ICPC, 'T90', status('active')))).toBe(true);
  });

  test('a Condition without clinicalStatus does not count', () => {
    expect(isCountedCondition(condition('c1', ICPC, 'T90', status(undefined, 'confirmed')))).toBe(false);
  });

  test('a status coded in another system does not count as active', () => {
    const other = { clinicalStatus: { coding: [{ system: 'http://example.org/status', code: 'active' }] } };
    expect(isCountedCondition(condition('c1', ICPC, 'T90', other))).toBe(false);
  });
});

describe('when a Condition began', () => {
  test.each([
    ['onsetDateTime', { onsetDateTime: '2024-05-01', recordedDate: '2024-06-01' }, '2024-05-01'],
    ['onsetPeriod.start', { onsetDateTime: undefined, onsetPeriod: { start: '2024-04-01' } }, '2024-04-01'],
    ['recordedDate when no onset is known', { onsetDateTime: undefined, recordedDate: '2024-06-01' }, '2024-06-01'],
    [
      'recordedDate when the onset is only an age',
      { onsetDateTime: undefined, onsetAge: { value: 50 }, recordedDate: '2024-06-01' },
      '2024-06-01',
    ],
    ['nothing when neither is known', { onsetDateTime: undefined }, undefined],
  ])('is read from %s', (_name, changes, since) => {
    expect(conditionSince(condition('c1', ICPC, 'T90', changes))).toBe(since);
  });
});

describe('qualifying Conditions', () => {
  test('keeps the counted, listed Conditions in input order with their diseases and start', () => {
    const conditions = [
      condition('copd', ICPC, 'R95'),
      condition('hypertension', ICPC, 'K86'),
      condition('dm', SCT, '73211009', { onsetDateTime: undefined, recordedDate: '2023-02-01' }),
      condition('refuted', ICPC, 'T90', {
        verificationStatus: { coding: [{ system: VERIFICATION_SYSTEM, code: 'refuted' }] },
      }),
    ];
    expect(qualifyingConditions(conditions, DEFAULT_CHRONIC_DISEASES, REFERENCE_MS)).toEqual([
      { reference: 'Condition/copd', diseases: ['copd'], since: '2020-01-01' },
      { reference: 'Condition/dm', diseases: ['diabetes'], since: '2023-02-01' },
    ]);
  });

  test.each([
    ['on the day before the reference date', '2025-02-28', true],
    ['at the last second before the reference date in Amsterdam', '2025-02-28T23:59:59+01:00', true],
    ['on the reference date', '2025-03-01', false],
    ['at 00:00 Amsterdam time on the reference date', '2025-03-01T00:00:00+01:00', false],
    ['after the reference date', '2025-06-01', false],
  ])('a Condition begun %s qualifies: %s', (_name, onsetDateTime, qualifies) => {
    const found = qualifyingConditions(
      [condition('c1', ICPC, 'T90', { onsetDateTime })],
      DEFAULT_CHRONIC_DISEASES,
      REFERENCE_MS,
    );
    expect(found.length).toBe(qualifies ? 1 : 0);
  });

  test('a Condition recorded after the reference date without onset does not qualify', () => {
    const late = condition('c1', ICPC, 'T90', { onsetDateTime: undefined, recordedDate: '2025-03-02' });
    expect(qualifyingConditions([late], DEFAULT_CHRONIC_DISEASES, REFERENCE_MS)).toEqual([]);
  });

  test('a Condition whose start is unknown qualifies, without a start', () => {
    const unknown = condition('c1', ICPC, 'T90', { onsetDateTime: undefined });
    expect(qualifyingConditions([unknown], DEFAULT_CHRONIC_DISEASES, REFERENCE_MS)).toEqual([
      { reference: 'Condition/c1', diseases: ['diabetes'] },
    ]);
  });

  test('two codes of one disease in one Condition are one disease', () => {
    const both = condition('c1', ICPC, 'T90.02', {
      code: {
        coding: [
          { system: ICPC, code: 'T90.02' },
          { system: SCT, code: '73211009' },
          { system: ICD10, code: 'E11.9' },
        ],
      },
    });
    expect(qualifyingConditions([both], DEFAULT_CHRONIC_DISEASES, REFERENCE_MS)).toEqual([
      { reference: 'Condition/c1', diseases: ['diabetes'], since: '2020-01-01' },
    ]);
  });

  test('codes of two diseases in one Condition are two diseases', () => {
    const both = condition('c1', ICPC, 'K77', {
      code: {
        coding: [
          { system: ICPC, code: 'K77' },
          { system: ICPC, code: 'K78' },
        ],
      },
    });
    expect(qualifyingConditions([both], DEFAULT_CHRONIC_DISEASES, REFERENCE_MS)[0]?.diseases).toEqual([
      'heart-failure',
      'atrial-fibrillation',
    ]);
  });

  test('a Condition without id, or without a listed code, does not qualify', () => {
    const noId = condition('c1', ICPC, 'T90');
    delete noId.id;
    const noCode = condition('c2', ICPC, 'T90', { code: { text: 'suikerziekte' } });
    expect(qualifyingConditions([noId, noCode], DEFAULT_CHRONIC_DISEASES, REFERENCE_MS)).toEqual([]);
  });
});
