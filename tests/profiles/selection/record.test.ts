import type { Patient } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CHRONIC_DISEASES } from '../../../profiles/src/selection/conditions.ts';
import {
  patientFactsOf,
  practiceNursesOf,
  practicesOfPatient,
  readPatientRecord,
} from '../../../profiles/src/selection/record.ts';
import { resolveSettings } from '../../../profiles/src/selection/settings.ts';
import { example } from '../builders/support.ts';
import { MemoryReader } from '../fhir-reader/memory-reader.ts';
import { exampleRecord, GP, NURSE, nurseContact, PATIENT, PRACTICE, REFERENCE_DATE } from './example-record.ts';

const patient = () => example<Patient>('target-patient-example');

describe('practice nurses found through a reader', () => {
  test('are each practice-nurse role and its Practitioner, not the GP', async () => {
    const nurses = await practiceNursesOf(new MemoryReader(exampleRecord()));
    expect([...nurses].sort()).toEqual([NURSE, 'PractitionerRole/poh-role']);
    expect(nurses.has(GP)).toBe(false);
  });
});

describe('the practices a patient is listed with', () => {
  test('are the managing Organization and the GP’s practice through their PractitionerRole, once', async () => {
    expect(await practicesOfPatient(new MemoryReader(exampleRecord()), patient())).toEqual([PRACTICE]);
  });

  test('include an Organization named as generalPractitioner, sorted', async () => {
    const listed = {
      ...patient(),
      generalPractitioner: [{ reference: 'Organization/b' }],
      managingOrganization: undefined,
    };
    const reader = new MemoryReader(exampleRecord());
    expect(
      await practicesOfPatient(reader, { ...listed, managingOrganization: { reference: 'Organization/a' } }),
    ).toEqual(['Organization/a', 'Organization/b']);
  });

  test('are none for a patient who names no GP or practice', async () => {
    const unlisted = { ...patient(), generalPractitioner: undefined, managingOrganization: undefined };
    expect(await practicesOfPatient(new MemoryReader(exampleRecord()), unlisted)).toEqual([]);
  });
});

describe('a patient record read through a reader', () => {
  const context = { referenceDate: REFERENCE_DATE, settings: resolveSettings() };

  test('holds the Conditions, and the Encounters that may fall in the window, not earlier ones', async () => {
    const record = await readPatientRecord(new MemoryReader(exampleRecord()), patient(), context);
    expect(record.conditions.map((c) => c.id).sort()).toEqual([
      'target-condition-copd-example',
      'target-condition-diabetes-example',
    ]);
    // 17 counted + the cancelled one (the rules drop it); the one of 28 December 2023 is not asked for.
    expect(record.encounters).toHaveLength(18);
    expect(record.observations).toEqual([]);
  });

  test('asks the searches an EHR-side app makes, by the patient as subject', async () => {
    const reader = new MemoryReader(exampleRecord());
    await readPatientRecord(reader, patient(), context);
    expect(reader.searches().sort()).toEqual([
      `Condition?_count=1000&subject=${encodeURIComponent(PATIENT)}`,
      `Encounter?_count=1000&subject=${encodeURIComponent(PATIENT)}&date=ge2024-01-01`,
      `Observation?_count=1000&subject=${encodeURIComponent(PATIENT)}&code=${encodeURIComponent(
        'https://target.drenthe.example/fhir/CodeSystem/target-observation|household,https://target.drenthe.example/fhir/CodeSystem/target-observation|income-source',
      )}`,
    ]);
  });

  test('gives the facts of the generated care-burden example', async () => {
    const reader = new MemoryReader(exampleRecord());
    const practiceNurses = await practiceNursesOf(reader);
    const facts = await patientFactsOf(reader, patient(), {
      ...context,
      diseases: DEFAULT_CHRONIC_DISEASES,
      practiceNurses,
    });
    expect(facts).toEqual({
      patientId: 'target-patient-example',
      contacts: {
        'consult-short': 0,
        consult: 8,
        'consult-long': 2,
        visit: 1,
        'visit-long': 0,
        phone: 6,
        'e-consult': 0,
      },
      conditions: [
        { reference: 'Condition/target-condition-diabetes-example', diseases: ['diabetes'], since: '2012-05-10' },
        { reference: 'Condition/target-condition-copd-example', diseases: ['copd'], since: '2016-11-02' },
      ],
      birthDate: '1951-03-14',
      maritalStatus: 'M',
    });
  });

  test('leaves out a practice nurse’s contact when the settings say so', async () => {
    const reader = new MemoryReader([...exampleRecord(), nurseContact()]);
    const practiceNurses = await practiceNursesOf(reader);
    const factsWith = (countPracticeNurse: boolean) =>
      patientFactsOf(reader, patient(), {
        referenceDate: REFERENCE_DATE,
        settings: resolveSettings({ countPracticeNurse }),
        diseases: DEFAULT_CHRONIC_DISEASES,
        practiceNurses,
      });
    expect((await factsWith(true)).contacts.consult).toBe(9);
    expect((await factsWith(false)).contacts.consult).toBe(8);
  });
});
