import type { Organization, Patient, Practitioner } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildPatient,
  buildPracticeOrganization,
  buildPractitioner,
  type PatientInput,
  type PracticeInput,
  type PractitionerInput,
  practiceFromOrganization,
  readPatient,
  readPracticeOrganization,
  readPractitioner,
} from '../../../profiles/src/builders/identity.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const patient: PatientInput = {
  id: 'p1',
  bsn: '999912345',
  names: [{ use: 'official', family: 'Jansen', given: ['Jan'] }],
  gender: 'male',
  birthDate: '1958-07-01',
  maritalStatus: { text: 'weduwnaar' },
  addresses: [{ city: 'Emmen' }],
  generalPractitioners: [{ reference: 'Practitioner/gp-1' }],
  practice: { reference: 'Organization/practice' },
};
const withoutBsn: PatientInput = { names: [{ text: 'Onbekend' }], addresses: [], generalPractitioners: [] };

const practitioner: PractitionerInput = {
  id: 'gp-1',
  agb: '01123456',
  uzi: '900012345',
  names: [{ family: 'de Boer', given: ['Anna'] }],
};
const practice: PracticeInput = { id: 'practice', agb: '01123400', name: 'Huisartsen Emmen', addresses: [] };

describe('patient', () => {
  test.each([
    ['with BSN', patient],
    ['without BSN', withoutBsn],
  ])('builds a patient %s that conforms to TargetPatient', (_name, input) => {
    expect(validationErrors(buildPatient(input))).toEqual([]);
  });

  test('a BSN of eight digits breaks target-pat-1', () => {
    expect(validationErrors(buildPatient({ ...patient, bsn: '99991234' })).join('\n')).toContain('target-pat-1');
  });

  test.each([patient, withoutBsn])('reads back exactly what it built (%#)', (input) => {
    expect(readPatient(buildPatient(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    expect(readPatient(example('target-patient-example'))).toStrictEqual({
      id: 'target-patient-example',
      bsn: '999911120',
      names: [
        {
          use: 'official',
          text: 'Geertruida (Truus) Bakker-de Vries',
          family: 'Bakker-de Vries',
          given: ['Geertruida', 'Truus'],
        },
      ],
      gender: 'female',
      birthDate: '1951-03-14',
      maritalStatus: { coding: [expect.objectContaining({ code: 'M', display: 'Married' })] },
      addresses: [{ city: 'Assen', country: 'NL' }],
      generalPractitioners: [{ reference: 'Practitioner/target-practitioner-example' }],
      practice: { reference: 'Organization/target-practice-organization-example' },
    });
  });

  test.each<[string, (r: Patient) => void, string, string]>([
    ['a Practitioner', (r) => Object.assign(r, { resourceType: 'Practitioner' }), 'wrong-resource', 'Patient'],
    ['no name', (r) => delete r.name, 'missing', 'Patient.name'],
    ['two BSNs', (r) => r.identifier?.push({ ...r.identifier[0] }), 'invalid', 'Patient.identifier:bsn'],
    ['a BSN without value', (r) => delete r.identifier?.[0].value, 'missing', 'Patient.identifier:bsn.value'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readPatient(broken(buildPatient(patient), breakIt)))).toEqual({ code, path });
  });
});

describe('practitioner', () => {
  test('builds a practitioner that conforms to TargetPractitioner', () => {
    expect(validationErrors(buildPractitioner(practitioner))).toEqual([]);
  });

  test('reads back exactly what it built', () => {
    expect(readPractitioner(buildPractitioner(practitioner))).toStrictEqual(practitioner);
  });

  test('reads the generated example', () => {
    expect(readPractitioner(example('target-practitioner-example'))).toStrictEqual({
      id: 'target-practitioner-example',
      agb: '01999991',
      names: [{ text: 'P. van Dijk', family: 'van Dijk', given: ['Pieter'], prefix: ['dr.'] }],
    });
  });

  test.each<[string, (r: Practitioner) => void, string, string]>([
    ['no name', (r) => delete r.name, 'missing', 'Practitioner.name'],
    ['two AGB codes', (r) => r.identifier?.push({ ...r.identifier[0] }), 'invalid', 'Practitioner.identifier:agb'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readPractitioner(broken(buildPractitioner(practitioner), breakIt)))).toEqual({
      code,
      path,
    });
  });
});

describe('practice organization', () => {
  test('builds a practice that conforms to TargetPracticeOrganization', () => {
    expect(validationErrors(buildPracticeOrganization(practice))).toEqual([]);
  });

  test('reads back exactly what it built', () => {
    expect(readPracticeOrganization(buildPracticeOrganization(practice))).toStrictEqual(practice);
  });

  test('reads the generated example', () => {
    expect(readPracticeOrganization(example('target-practice-organization-example'))).toStrictEqual({
      id: 'target-practice-organization-example',
      agb: '01999900',
      name: 'Huisartsenpraktijk Voorbeeldstad',
      addresses: [{ city: 'Assen' }],
    });
  });

  test.each<[string, (r: Organization) => void, string, string]>([
    ['a partner organisation', (r) => delete r.type, 'wrong-resource', 'Organization.type'],
    ['no identifier at all', (r) => delete r.identifier, 'missing', 'Organization.identifier'],
    [
      'only an identifier without a system',
      (r) => (r.identifier = [{ value: 'x' }]),
      'missing',
      'Organization.identifier',
    ],
    ['no name', (r) => delete r.name, 'missing', 'Organization.name'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readPracticeOrganization(broken(buildPracticeOrganization(practice), breakIt)))).toEqual({
      code,
      path,
    });
  });

  const imported: Organization = {
    resourceType: 'Organization',
    id: 'imported',
    identifier: [{ system: 'https://github.com/synthetichealth/synthea', value: 'b1c2' }],
    name: 'Springfield Health Center',
  };

  test('builds and reads back a practice of another system identified without an AGB code', () => {
    const other: PracticeInput = { id: 'other', identifiers: imported.identifier, name: 'Other', addresses: [] };
    expect(validationErrors(buildPracticeOrganization(other))).toEqual([]);
    expect(readPracticeOrganization(buildPracticeOrganization(other))).toStrictEqual(other);
  });

  test('practiceFromOrganization keeps a prov type of another system, adding the display the profile fixes', () => {
    const typed: Organization = {
      ...imported,
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] }],
    };
    const practice = practiceFromOrganization(typed);
    expect(validationErrors(practice)).toEqual([]);
    expect(practice.type).toEqual([{ coding: [{ ...typed.type?.[0].coding?.[0], display: 'Healthcare Provider' }] }]);
  });

  test('practiceFromOrganization makes an imported Organization a TARGET practice without inventing an AGB code', () => {
    const practice = practiceFromOrganization(imported);
    expect(validationErrors(practice)).toEqual([]);
    expect(practice.identifier).toEqual(imported.identifier);
    expect(readPracticeOrganization(practice)).toMatchObject({ id: 'imported', name: 'Springfield Health Center' });
    expect(practiceFromOrganization(practice)).toStrictEqual(practice);
  });

  test('a practice without any identifier breaks target-org-1, and practiceFromOrganization refuses it', () => {
    const { identifier: _, ...anonymous } = imported;
    const withoutSystem: Organization = { ...practiceFromOrganization(imported), identifier: [{ value: 'x' }] };
    expect(validationErrors(withoutSystem)).not.toEqual([]);
    expect(readFailure(() => practiceFromOrganization(anonymous))).toEqual({
      code: 'missing',
      path: 'Organization.identifier',
    });
  });
});
