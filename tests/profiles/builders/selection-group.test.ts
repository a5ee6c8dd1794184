import type { Group } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildSelectionGroup,
  readSelectionGroup,
  type SelectionInput,
} from '../../../profiles/src/builders/selection-group.ts';
import { PRACTICE_INTERNAL_LABEL } from '../../../profiles/src/security-labels.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const selection: SelectionInput = {
  id: 'sel-2025-03',
  name: 'TARGET-selectie 2025-03-01',
  referenceDate: '2025-03-01',
  settingsUsed: { id: 'settings-1', version: '4' },
  practice: { reference: 'Organization/practice' },
  members: [
    { patient: { reference: 'Patient/p1' }, score: 21, category: 'high', hnhc: true, subgroup: 'older-alone' },
    { patient: { reference: 'Patient/p2' }, score: 9.5, category: 'medium', hnhc: false },
    { patient: { reference: 'Patient/p3' }, score: 0, category: 'new', hnhc: false, subgroup: 'unclassified' },
  ],
};

const empty: SelectionInput = {
  referenceDate: '2025-03-01',
  settingsUsed: { id: 'settings-1', version: '4' },
  practice: { reference: 'Organization/practice' },
  members: [],
};

describe('selection Group', () => {
  test.each([
    ['with members', selection],
    ['without members', empty],
  ])('builds a selection %s that conforms to TargetSelectionGroup', (_name, input) => {
    expect(validationErrors(buildSelectionGroup(input))).toEqual([]);
  });

  test('labels it practice-internal, so patient tokens never see it', () => {
    expect(buildSelectionGroup(selection).meta?.security).toEqual([PRACTICE_INTERNAL_LABEL]);
  });

  test('sets the quantity to the number of members (target-sel-2)', () => {
    expect(buildSelectionGroup(selection).quantity).toBe(3);
    expect(buildSelectionGroup(empty).quantity).toBe(0);
  });

  test.each([selection, empty])('reads back exactly what it built (%#)', (input) => {
    expect(readSelectionGroup(buildSelectionGroup(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    expect(readSelectionGroup(example('target-selection-group-example'))).toStrictEqual({
      id: 'target-selection-group-example',
      name: 'TARGET-selectie 2025-01-01',
      referenceDate: '2025-01-01',
      settingsUsed: { id: 'target-practice-settings-example', version: '1' },
      practice: { reference: 'Organization/target-practice-organization-example' },
      members: [
        {
          patient: { reference: 'Patient/target-patient-example' },
          score: 16.5,
          category: 'high',
          hnhc: true,
          subgroup: 'older-with-partner',
        },
      ],
    });
  });

  const built = buildSelectionGroup(selection);
  test.each<[string, (r: Group) => void, string, string]>([
    ['another Group', (r) => delete r.code, 'wrong-resource', 'Group.code'],
    ['no reference date', (r) => r.extension?.shift(), 'missing', 'Group.extension:referenceDate'],
    ['no practice', (r) => delete r.managingEntity, 'missing', 'Group.managingEntity'],
    ['a member without score', (r) => r.member?.[1].extension?.shift(), 'missing', 'Group.member[1].extension:score'],
    [
      'a member with an unknown subgroup',
      (r) => Object.assign(r.member?.[0].extension?.[3].valueCoding ?? {}, { code: 'young' }),
      'invalid',
      'Group.member[0].extension:subgroup',
    ],
    [
      'a member with two HNHC flags',
      (r) => r.member?.[2].extension?.push({ ...r.member[2].extension[2] }),
      'invalid',
      'Group.member[2].extension:hnhc',
    ],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readSelectionGroup(broken(built, breakIt)))).toEqual({ code, path });
  });
});
