import { describe, expect, test } from 'vitest';
import {
  chronicDiseaseList,
  DEFAULT_CHRONIC_DISEASES,
  icpcOfDisease,
  icpcPrefixesOf,
  withMappedCodes,
} from '../../../profiles/src/selection/conditions.ts';
import {
  descendantsEcl,
  snomedExclusionsByIcpc,
  snomedRootsByIcpc,
  withDescendants,
} from '../../../profiles/src/selection/descendants.ts';
import { ICD10, ICPC, SCT } from './support.ts';

/** A descendant of heart failure that only a terminology server knows (made-up identifier). */
const ONLY_THE_SERVER_KNOWS = '9990001000146100';

describe('codes a list adds to the map', () => {
  test('count for their ICPC code as a counted map target does, ICD-10 codes below them too', () => {
    const list = withMappedCodes(DEFAULT_CHRONIC_DISEASES, [
      { system: SCT, code: ONLY_THE_SERVER_KNOWS, icpc: 'K77' },
      { system: ICD10, code: 'i11.0', icpc: 'K77' },
    ]);
    expect(icpcPrefixesOf({ system: SCT, code: ONLY_THE_SERVER_KNOWS }, list)).toEqual(['K77']);
    expect(icpcPrefixesOf({ system: ICD10, code: 'I11.0' }, list)).toEqual(['K77']);
    expect(icpcPrefixesOf({ system: ICD10, code: 'I11.00' }, list)).toEqual(['K77']);
  });

  test('leave the list they were added to as it was', () => {
    withMappedCodes(DEFAULT_CHRONIC_DISEASES, [{ system: SCT, code: ONLY_THE_SERVER_KNOWS, icpc: 'K77' }]);
    expect(icpcPrefixesOf({ system: SCT, code: ONLY_THE_SERVER_KNOWS }, DEFAULT_CHRONIC_DISEASES)).toEqual([]);
  });

  test('count for nothing when their ICPC code is not on the list', () => {
    const list = withMappedCodes(chronicDiseaseList(['T90']), [{ system: SCT, code: '123456789', icpc: 'K77' }]);
    expect(icpcPrefixesOf({ system: SCT, code: '123456789' }, list)).toEqual([]);
  });

  test('a code the map already has for another ICPC code counts for both', () => {
    const list = withMappedCodes(DEFAULT_CHRONIC_DISEASES, [{ system: SCT, code: '73211009', icpc: 'U99' }]);
    expect(icpcPrefixesOf({ system: SCT, code: '73211009' }, list)).toEqual(['T90', 'U99']);
  });

  test('none added is the same list', () => {
    expect(withMappedCodes(DEFAULT_CHRONIC_DISEASES, [])).toBe(DEFAULT_CHRONIC_DISEASES);
  });

  test.each([
    ['diabetes', 'T90'],
    ['coronary-heart-disease', 'K74'],
    ['migraine', 'N89'],
  ])('a disease is counted through the first of its ICPC codes on the list (%s: %s)', (disease, icpc) => {
    expect(icpcOfDisease(DEFAULT_CHRONIC_DISEASES, disease)).toBe(icpc);
  });

  test('a disease not on the list has no ICPC code', () => {
    expect(icpcOfDisease(chronicDiseaseList(['T90']), 'migraine')).toBeUndefined();
  });
});

describe('SNOMED CT descendants of the list', () => {
  test('are asked for per ICPC code, for every SNOMED CT code it counts, sorted', () => {
    const roots = snomedRootsByIcpc(DEFAULT_CHRONIC_DISEASES);
    expect(roots.get('K77')).toEqual(['42343007', '446221000', '703272007', '84114007', '85232009', '88805009']);
    expect(roots.get('N89')).toEqual(['124171000119105', '37796009', '4473006', '56097005']);
  });

  test('leave out wider targets (ischaemic heart disease under K76) and ICPC codes without SNOMED CT codes', () => {
    expect(snomedRootsByIcpc(DEFAULT_CHRONIC_DISEASES).get('K76')).toEqual(['1755008', '413838009', '53741008']);
    expect(snomedRootsByIcpc(DEFAULT_CHRONIC_DISEASES).has('L83')).toBe(false);
  });

  test('cover only the ICPC codes of a practice’s own list', () => {
    expect([...snomedRootsByIcpc(chronicDiseaseList(['T90', 'K86'])).keys()]).toEqual(['T90']);
  });

  test('are one ECL expression per ICPC code: each concept and its descendants', () => {
    expect(descendantsEcl(['84114007', '88805009'])).toBe('<< 84114007 OR << 88805009');
  });

  test('leave out what the map declares disjoint: gestational diabetes (ICPC W85) under diabetes', () => {
    expect(snomedExclusionsByIcpc().get('T90')).toEqual(['11687002']);
    expect(descendantsEcl(['44054006', '73211009'], ['11687002'])).toBe(
      '(<< 44054006 OR << 73211009) MINUS (<< 11687002)',
    );
  });

  test('once expanded, count for their ICPC code', () => {
    const list = withDescendants(DEFAULT_CHRONIC_DISEASES, new Map([['K77', ['84114007', ONLY_THE_SERVER_KNOWS]]]));
    expect(icpcPrefixesOf({ system: SCT, code: ONLY_THE_SERVER_KNOWS }, list)).toEqual(['K77']);
    expect(icpcPrefixesOf({ system: ICPC, code: 'K77' }, list)).toEqual(['K77']);
  });
});
