// Small builders of the FHIR resources the selection rules read, so each test states only what it varies.
// Expectations in the tests are written by hand from DOMAIN.md, never computed with the rules under test.
import type { Condition, Encounter, Observation } from 'fhir/r4.js';

export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const UCUM = 'http://unitsofmeasure.org';
export const ICPC = 'http://hl7.org/fhir/sid/icpc-1-nl';
export const SCT = 'http://snomed.info/sct';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const CONTACT_TYPE_SYSTEM = 'https://target.drenthe.example/fhir/CodeSystem/target-contact-type';
export const NZA_SYSTEM = 'https://target.drenthe.example/fhir/sid/nza-declaration-code';
export const OBSERVATION_SYSTEM = 'https://target.drenthe.example/fhir/CodeSystem/target-observation';
export const HOUSEHOLD_SYSTEM = 'https://target.drenthe.example/fhir/CodeSystem/target-household';
export const INCOME_SYSTEM = 'https://target.drenthe.example/fhir/CodeSystem/target-income-source';
export const PRACTICE_ROLE_SYSTEM = 'https://target.drenthe.example/fhir/CodeSystem/target-practice-role';
export const CLINICAL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const VERIFICATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
/** SNOMED CT "Telephone encounter". */
export const TELEPHONE_ENCOUNTER = '185317003';

/** A finished practice consult (class AMB) on 10 January 2025, 10:00 Amsterdam time, without an end. */
export function encounter(changes: Partial<Encounter> = {}): Encounter {
  return {
    resourceType: 'Encounter',
    id: 'e1',
    status: 'finished',
    class: { system: ACT_CODE, code: 'AMB' },
    subject: { reference: 'Patient/p1' },
    period: { start: '2025-01-10T10:00:00+01:00' },
    ...changes,
  };
}

/** An Encounter of class `classCode` that lasted `seconds`, by Encounter.length in UCUM seconds. */
export function lasting(classCode: string, value: number, unit = 's'): Encounter {
  return encounter({ class: { system: ACT_CODE, code: classCode }, length: { value, unit, system: UCUM, code: unit } });
}

/** An Encounter whose type carries one coding. */
export function typed(system: string, code: string, changes: Partial<Encounter> = {}): Encounter {
  return encounter({ type: [{ coding: [{ system, code }] }], ...changes });
}

/** An active, confirmed Condition coded with one coding, begun on 1 January 2020. */
export function condition(id: string, system: string, code: string, changes: Partial<Condition> = {}): Condition {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: { coding: [{ system: CLINICAL_SYSTEM, code: 'active' }] },
    verificationStatus: { coding: [{ system: VERIFICATION_SYSTEM, code: 'confirmed' }] },
    code: { coding: [{ system, code }] },
    subject: { reference: 'Patient/p1' },
    onsetDateTime: '2020-01-01',
    ...changes,
  };
}

/** A final household or income-source Observation with a value of our CodeSystems. */
export function social(
  id: string,
  kind: 'household' | 'income-source',
  code: string,
  effectiveDateTime: string,
  changes: Partial<Observation> = {},
): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: OBSERVATION_SYSTEM, code: kind }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime,
    valueCodeableConcept: {
      coding: [{ system: kind === 'household' ? HOUSEHOLD_SYSTEM : INCOME_SYSTEM, code }],
    },
    ...changes,
  };
}

/** Milliseconds of an ISO instant written out in full, for hand-computed window edges. */
export function ms(instant: string): number {
  return Date.parse(instant);
}
