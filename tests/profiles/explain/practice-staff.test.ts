import type { Organization, PractitionerRole } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { userKindOf } from '../../../profiles/src/explain/practice-staff.ts';
import { Profiles, TargetPracticeRoleCodeSystem } from '../../../profiles/src/generated/canonical.ts';

const gpRole: PractitionerRole = {
  resourceType: 'PractitionerRole',
  id: 'r1',
  practitioner: { reference: 'Practitioner/p1' },
  organization: { reference: 'Organization/practice' },
  code: [{ coding: [{ system: TargetPracticeRoleCodeSystem.url, code: 'gp' }] }],
};
const partnerRole: PractitionerRole = {
  resourceType: 'PractitionerRole',
  id: 'r2',
  practitioner: { reference: 'Practitioner/p2' },
  organization: { reference: 'Organization/welzijn' },
};
const partner: Organization = {
  resourceType: 'Organization',
  id: 'welzijn',
  meta: { profile: [Profiles.TargetPartnerOrganization] },
  name: 'Welzijn Drenthe',
};
const plainRole: PractitionerRole = { ...partnerRole, id: 'r3', organization: { reference: 'Organization/his' } };

const TARGET = { practiceRolesCoded: true };
const FOREIGN = { practiceRolesCoded: false };

describe('userKindOf', () => {
  test.each(['Patient/1', 'RelatedPerson/2', 'https://ehr.example/fhir/Patient/3'])('%s is a patient', (user) => {
    expect(userKindOf(user, [], [], TARGET)).toBe('patient');
    expect(userKindOf(user, [gpRole], [], FOREIGN)).toBe('patient');
  });

  test('a practitioner with a practice role is practice staff', () => {
    expect(userKindOf('Practitioner/p1', [gpRole], [], TARGET)).toBe('practice-staff');
  });

  test('a practitioner at a partner organisation, without a practice role, is a partner', () => {
    expect(userKindOf('Practitioner/p2', [partnerRole], [partner], TARGET)).toBe('partner');
    expect(userKindOf('Practitioner/p2', [partnerRole], [partner], FOREIGN)).toBe('partner');
  });

  test('on a TARGET server a practitioner without a practice role is unknown, and sees nothing practice-internal', () => {
    expect(userKindOf('Practitioner/p2', [partnerRole], [], TARGET)).toBe('unknown');
    expect(userKindOf('Practitioner/p3', [], [], TARGET)).toBe('unknown');
  });

  test("on a foreign GP EHR its practitioners are the practice's staff", () => {
    expect(userKindOf('Practitioner/p3', [plainRole], [], FOREIGN)).toBe('practice-staff');
    expect(userKindOf('PractitionerRole/r3', [plainRole], [], FOREIGN)).toBe('practice-staff');
  });

  test('no fhirUser, or one of another kind, is unknown', () => {
    expect(userKindOf(undefined, [gpRole], [], FOREIGN)).toBe('unknown');
    expect(userKindOf('Device/1', [], [], FOREIGN)).toBe('unknown');
  });
});
