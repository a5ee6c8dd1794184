import type { Patient, PractitionerRole } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CHRONIC_DISEASES } from '../../../profiles/src/selection/conditions.ts';
import {
  contactPractice,
  type FactContext,
  type PatientRecord,
  patientFacts,
  practiceNurseReferences,
} from '../../../profiles/src/selection/facts.ts';
import { resolveSettings } from '../../../profiles/src/selection/settings.ts';
import { ACT_CODE, condition, encounter, ICD10, ICPC, PRACTICE_ROLE_SYSTEM, social } from './support.ts';

function role(id: string, code: string, changes: Partial<PractitionerRole> = {}): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id,
    active: true,
    practitioner: { reference: `Practitioner/${id}-person` },
    code: [{ coding: [{ system: PRACTICE_ROLE_SYSTEM, code }] }],
    ...changes,
  };
}

describe('practice-nurse references', () => {
  test('name each practice-nurse role and its Practitioner', () => {
    const roles = [role('poh', 'practice-nurse'), role('poh-ggz', 'practice-nurse-mental-health'), role('gp', 'gp')];
    expect([...practiceNurseReferences(roles)].sort()).toEqual([
      'Practitioner/poh-ggz-person',
      'Practitioner/poh-person',
      'PractitionerRole/poh',
      'PractitionerRole/poh-ggz',
    ]);
  });

  test.each([
    ['an inactive role', role('poh', 'practice-nurse', { active: false })],
    ['an assistant', role('da', 'assistant')],
    [
      'a role coded in another system',
      role('poh', 'practice-nurse', { code: [{ coding: [{ code: 'practice-nurse' }] }] }),
    ],
  ])('leave out %s', (_name, r) => {
    expect(practiceNurseReferences([r]).size).toBe(0);
  });

  test('name only the role when it has no Practitioner', () => {
    expect([...practiceNurseReferences([role('poh', 'practice-nurse', { practitioner: undefined })])]).toEqual([
      'PractitionerRole/poh',
    ]);
  });
});

describe('the practice as its Encounters name it', () => {
  test('is its Organization and every role at it with the role’s Practitioner, active or not', () => {
    const roles = [role('gp', 'gp'), role('poh', 'practice-nurse', { active: false }), role('da', 'assistant')];
    const practice = contactPractice(
      ['Organization/practice'],
      [...roles, role('x', 'gp', { practitioner: undefined })],
    );
    expect([...practice.organizations]).toEqual(['Organization/practice']);
    expect([...practice.staff].sort()).toEqual([
      'Practitioner/da-person',
      'Practitioner/gp-person',
      'Practitioner/poh-person',
      'PractitionerRole/da',
      'PractitionerRole/gp',
      'PractitionerRole/poh',
      'PractitionerRole/x',
    ]);
  });
});

describe('facts of one patient from their FHIR resources', () => {
  const patient: Patient = {
    resourceType: 'Patient',
    id: 'p1',
    birthDate: '1950-05-05',
    maritalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }] },
  };
  const context = (changes: Partial<FactContext> = {}): FactContext => ({
    referenceDate: '2025-03-01',
    settings: resolveSettings(),
    diseases: DEFAULT_CHRONIC_DISEASES,
    practiceNurses: new Set(['PractitionerRole/poh']),
    practice: contactPractice(['Organization/practice'], [role('poh', 'practice-nurse')]),
    ...changes,
  });
  const record: PatientRecord = {
    patient,
    encounters: [
      encounter({ id: 'e1', period: { start: '2024-03-01T00:00:00+01:00' } }),
      encounter({ id: 'e2', class: { system: ACT_CODE, code: 'HH' }, period: { start: '2024-11-11T14:00:00+01:00' } }),
      encounter({
        id: 'e3',
        participant: [{ individual: { reference: 'PractitionerRole/poh' } }],
        period: { start: '2024-12-12T09:00:00+01:00' },
      }),
      encounter({ id: 'e4', period: { start: '2025-03-01T08:00:00+01:00' } }),
      encounter({ id: 'e5', status: 'cancelled', period: { start: '2024-10-10T08:00:00+02:00' } }),
    ],
    conditions: [
      condition('dm', ICD10, 'E11.9', { onsetDateTime: undefined, recordedDate: '2024-09-01' }),
      condition('later', ICPC, 'R95', { onsetDateTime: '2025-03-01' }),
      condition('hypertension', ICPC, 'K86'),
    ],
    observations: [
      social('h-old', 'household', 'with-partner', '2020-01-01'),
      social('h-new', 'household', 'alone', '2024-06-01'),
      social('h-future', 'household', 'with-family', '2025-03-01'),
      social('i1', 'income-source', 'retired', '2015-06-01'),
    ],
  };

  test('counts the contacts in the window, keeps the qualifying Conditions and reads the social facts', () => {
    expect(patientFacts(record, context())).toEqual({
      patientId: 'p1',
      contacts: {
        'consult-short': 0,
        consult: 2,
        'consult-long': 0,
        visit: 1,
        'visit-long': 0,
        phone: 0,
        'e-consult': 0,
      },
      conditions: [{ reference: 'Condition/dm', diseases: ['diabetes'], since: '2024-09-01' }],
      birthDate: '1950-05-05',
      maritalStatus: 'M',
      household: { code: 'alone', observation: 'Observation/h-new' },
      incomeSource: { code: 'retired', observation: 'Observation/i1' },
    });
  });

  test('counts only the practice’s contacts: another provider’s never, unattributed ones by the setting', () => {
    const others: PatientRecord = {
      ...record,
      encounters: [
        ...record.encounters,
        encounter({ id: 'h1', serviceProvider: { reference: 'Organization/hospital' } }),
        encounter({ id: 'own', serviceProvider: { reference: 'Organization/practice' } }),
      ],
    };
    // e1, e2 (visit), e3 (with the POH, who works there) and own; e1 and e2 name nobody: unattributed.
    expect(patientFacts(others, context()).contacts).toMatchObject({ consult: 3, visit: 1 });
    const settings = resolveSettings({ countUnattributedEncounters: false });
    expect(patientFacts(others, context({ settings })).contacts).toMatchObject({ consult: 2, visit: 0 });
  });

  test('leaves out practice-nurse contacts when they do not count', () => {
    const settings = resolveSettings({ countPracticeNurse: false });
    expect(patientFacts(record, context({ settings })).contacts.consult).toBe(1);
  });

  test('a shorter counting period counts fewer contacts', () => {
    // 90 days before 1 March 2025 is 1 December 2024: only the POH consult of 12 December is in the window.
    const settings = resolveSettings({ countingPeriodDays: 90 });
    expect(patientFacts(record, context({ settings })).contacts).toMatchObject({ consult: 1, visit: 0 });
  });

  test('a patient without birth date, marital status or social Observations has only what is known', () => {
    const bare: PatientRecord = {
      patient: { resourceType: 'Patient', id: 'p2' },
      encounters: [],
      conditions: [],
      observations: [],
    };
    expect(patientFacts(bare, context())).toEqual({
      patientId: 'p2',
      contacts: {
        'consult-short': 0,
        consult: 0,
        'consult-long': 0,
        visit: 0,
        'visit-long': 0,
        phone: 0,
        'e-consult': 0,
      },
      conditions: [],
    });
  });

  test('a marital status in another system is not read', () => {
    const other: PatientRecord = {
      ...record,
      patient: { ...patient, maritalStatus: { coding: [{ system: 'http://example.org/marital', code: 'M' }] } },
    };
    expect(patientFacts(other, context()).maritalStatus).toBeUndefined();
  });
});
