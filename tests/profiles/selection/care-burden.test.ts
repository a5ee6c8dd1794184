import type { Basic, Condition, Observation, Patient, Reference, Resource, ValueSet } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { readCareBurdenObservation } from '../../../profiles/src/builders/care-burden.ts';
import { readSubgroupObservation } from '../../../profiles/src/builders/subgroup.ts';
import {
  assertListedPatient,
  CareBurdenError,
  careBurdenOfPatient,
} from '../../../profiles/src/selection/care-burden.ts';
import { practiceSettingsOf } from '../../../profiles/src/selection/practice-settings.ts';
import { resolveSettings, SettingsError } from '../../../profiles/src/selection/settings.ts';
import type { PopulationCutoffs } from '../../../profiles/src/selection/stratify.ts';
import { example, validationErrors } from '../builders/support.ts';
import { MemoryReader } from '../fhir-reader/memory-reader.ts';
import { exampleRecord, PATIENT, REFERENCE_DATE } from './example-record.ts';
import { ICPC } from './support.ts';

/** Cut-offs of a practice in which the example's 16.5 is high (≥ 15) and HNHC (top 10%: ≥ 15). */
const CUTOFFS: PopulationCutoffs = { population: 40, mean: 6, hnhcTop: 15, high: 15, medium: 6 };

function reader(...more: Resource[]) {
  return new MemoryReader(exampleRecord()).add(...more);
}

/** The generated practice settings example as the server stores it (version 1). */
async function storedSettings() {
  const settings = reader(example<Basic>('target-practice-settings-example'));
  return practiceSettingsOf((await settings.read<Basic>('Basic/target-practice-settings-example')) as Basic);
}

describe('care burden of one patient', () => {
  test('with the practice’s cut-offs and settings version reproduces the generated care-burden example', async () => {
    const settings = await storedSettings();
    const result = await careBurdenOfPatient(reader(), PATIENT, {
      referenceDate: REFERENCE_DATE,
      settings: settings.resolved,
      settingsUsed: settings.version,
      cutoffs: async () => CUTOFFS,
      ids: { careBurden: 'cb-1', subgroup: 'sg-1' },
      issued: '2025-01-01T06:00:00+01:00',
    });
    expect(result.classification).toMatchObject({ category: 'high', hnhc: true });
    expect(result.cutoffs).toEqual(CUTOFFS);
    const careBurden = result.careBurden as Observation;
    expect(validationErrors(careBurden)).toEqual([]);
    // The same result in every part (the builder lists the qualifying Conditions sorted, the example as written).
    const sorted = (references: Reference[]) => references.map((r) => r.reference).sort();
    const generated = readCareBurdenObservation(example<Observation>('target-care-burden-observation-example'));
    const computed = readCareBurdenObservation(careBurden);
    expect({ ...computed, qualifyingConditions: sorted(computed.qualifyingConditions) }).toEqual({
      ...generated,
      id: 'cb-1',
      qualifyingConditions: sorted(generated.qualifyingConditions),
    });
    const subgroup = result.subgroup as Observation;
    expect(validationErrors(subgroup)).toEqual([]);
    expect(readSubgroupObservation(subgroup)).toMatchObject({
      id: 'sg-1',
      patient: { reference: PATIENT },
      subgroup: 'older-with-partner',
      settingsUsed: { id: 'target-practice-settings-example', version: '1' },
    });
  });

  test('takes the Patient resource itself as well as its reference', async () => {
    const patient = example<Patient>('target-patient-example');
    const byResource = await careBurdenOfPatient(reader(), patient, { referenceDate: REFERENCE_DATE });
    const byReference = await careBurdenOfPatient(reader(), PATIENT, { referenceDate: REFERENCE_DATE });
    expect(byResource).toEqual(byReference);
  });

  test('without the practice’s cut-offs (an app on a foreign EHR) is the patient’s own burden: no category, no result', async () => {
    const result = await careBurdenOfPatient(reader(), PATIENT, { referenceDate: REFERENCE_DATE });
    expect(result).toEqual({
      patient: PATIENT,
      facts: expect.objectContaining({ patientId: 'target-patient-example' }),
      assessment: {
        patientId: 'target-patient-example',
        score: 16.5,
        contacts: [
          { type: 'consult', count: 8, weightedSum: 8 },
          { type: 'consult-long', count: 2, weightedSum: 4 },
          { type: 'visit', count: 1, weightedSum: 1.5 },
          { type: 'phone', count: 6, weightedSum: 3 },
        ],
        diseaseCount: 2,
        qualifyingConditions: [
          'Condition/target-condition-copd-example',
          'Condition/target-condition-diabetes-example',
        ],
        isNew: false,
      },
    });
  });

  test('asks for the cut-offs with the reference date, settings and disease list it used', async () => {
    const settings = resolveSettings({ highPercentile: 80 });
    let asked: unknown;
    await careBurdenOfPatient(reader(), PATIENT, {
      referenceDate: REFERENCE_DATE,
      settings,
      cutoffs: async (context) => {
        asked = context;
        return undefined;
      },
    });
    expect(asked).toMatchObject({ referenceDate: REFERENCE_DATE, settings });
  });

  test('with cut-offs but no stored settings version classifies, and builds no Observation (the profile needs it)', async () => {
    const result = await careBurdenOfPatient(reader(), PATIENT, {
      referenceDate: REFERENCE_DATE,
      cutoffs: async () => CUTOFFS,
    });
    expect(result.classification?.category).toBe('high');
    expect(result.careBurden).toBeUndefined();
    expect(result.subgroup).toBeUndefined();
  });

  test('of a patient without a listed chronic disease is no care burden, and asks for no cut-offs', async () => {
    const refuted = (id: string) => ({
      ...example<Condition>(id),
      verificationStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'refuted' }],
      },
    });
    let asked = false;
    const result = await careBurdenOfPatient(
      reader(refuted('target-condition-diabetes-example'), refuted('target-condition-copd-example')),
      PATIENT,
      {
        referenceDate: REFERENCE_DATE,
        cutoffs: async () => {
          asked = true;
          return CUTOFFS;
        },
      },
    );
    expect(result.assessment).toBeUndefined();
    expect(result.classification).toBeUndefined();
    expect(asked).toBe(false);
  });

  test('counts with the practice’s own chronic-disease ValueSet, read through the reader', async () => {
    const url = 'https://practice.example/fhir/ValueSet/chronic';
    const valueSet: ValueSet = {
      resourceType: 'ValueSet',
      id: 'chronic',
      url,
      status: 'active',
      compose: { include: [{ system: ICPC, concept: [{ code: 'R95' }] }] },
    };
    const result = await careBurdenOfPatient(reader(valueSet), PATIENT, {
      referenceDate: REFERENCE_DATE,
      settings: resolveSettings({ chronicDiseaseValueSet: url }),
    });
    expect(result.assessment?.qualifyingConditions).toEqual(['Condition/target-condition-copd-example']);
  });

  test('fails with a SettingsError naming the setting when the ValueSet is not there', async () => {
    const failure = careBurdenOfPatient(reader(), PATIENT, {
      referenceDate: REFERENCE_DATE,
      settings: resolveSettings({ chronicDiseaseValueSet: 'https://nowhere.example/ValueSet/x' }),
    });
    await expect(failure).rejects.toBeInstanceOf(SettingsError);
    await expect(failure).rejects.toMatchObject({ setting: 'chronic-disease-valueset', reason: 'unknown-value-set' });
  });

  test('of a patient that does not exist is a CareBurdenError patient-not-found', async () => {
    const failure = careBurdenOfPatient(reader(), 'Patient/nobody', { referenceDate: REFERENCE_DATE });
    await expect(failure).rejects.toBeInstanceOf(CareBurdenError);
    await expect(failure).rejects.toMatchObject({ code: 'patient-not-found', message: 'there is no Patient/nobody' });
  });

  test.each([
    ['inactive', { active: false }],
    ['deceased', { deceasedBoolean: true }],
    ['deceased before the reference date', { deceasedDateTime: '2024-12-31' }],
  ])('of a patient who is %s is a CareBurdenError patient-not-listed', async (_name, change) => {
    const patient = { ...example<Patient>('target-patient-example'), ...change };
    await expect(careBurdenOfPatient(reader(), patient, { referenceDate: REFERENCE_DATE })).rejects.toMatchObject({
      code: 'patient-not-listed',
      message: `${PATIENT} is inactive or deceased on ${REFERENCE_DATE}`,
    });
  });

  test('of a patient who died after the reference date is still computed', async () => {
    const patient = { ...example<Patient>('target-patient-example'), deceasedDateTime: '2025-02-01' };
    const result = await careBurdenOfPatient(reader(), patient, { referenceDate: REFERENCE_DATE });
    expect(result.assessment?.score).toBe(16.5);
  });
});

describe('a patient on a practice list on the reference date', () => {
  test('passes: active, alive then', () => {
    const patient = { ...example<Patient>('target-patient-example'), deceasedDateTime: '2025-01-01T12:00:00+01:00' };
    expect(() => assertListedPatient(patient, REFERENCE_DATE)).not.toThrow();
  });

  test('that is not is a CareBurdenError naming the patient and the date', () => {
    const patient = { ...example<Patient>('target-patient-example'), active: false };
    expect(() => assertListedPatient(patient, REFERENCE_DATE)).toThrow(
      new CareBurdenError('patient-not-listed', `${PATIENT} is inactive or deceased on ${REFERENCE_DATE}`),
    );
  });
});
