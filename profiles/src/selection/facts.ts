// Facts of one patient from their FHIR resources: the per-patient path of the selection (and what an
// EHR-side app computes from an EHR's own FHIR API). The server's population path finds the same facts
// with SQL over the search index; a test holds the two equal.
import type { Condition, Encounter, Observation, Patient, PractitionerRole } from 'fhir/r4.js';
import { TargetPracticeRoleCodeSystem } from '../generated/canonical.ts';
import type { PatientFacts } from './assess.ts';
import { type ChronicDiseaseList, qualifyingConditions } from './conditions.ts';
import { countContacts } from './contacts.ts';
import type { ResolvedPracticeSettings } from './settings.ts';
import { latestSocialValue, MARITAL_STATUS_SYSTEM } from './subgroup.ts';
import { countingWindow, startMs } from './time.ts';

/** PractitionerRole codes of practice nurses (POH-somatiek and POH-GGZ). */
export const PRACTICE_NURSE_ROLES: readonly string[] = ['practice-nurse', 'practice-nurse-mental-health'];

/**
 * References to the practice nurses: each PractitionerRole with a practice-nurse code, and its Practitioner
 * (an Encounter may name either).
 */
export function practiceNurseReferences(roles: readonly PractitionerRole[]): Set<string> {
  const references = new Set<string>();
  for (const role of roles) {
    const isNurse = role.code?.some((concept) =>
      concept.coding?.some(
        (c) => c.system === TargetPracticeRoleCodeSystem.url && PRACTICE_NURSE_ROLES.includes(c.code ?? ''),
      ),
    );
    if (isNurse && role.active !== false && role.id) {
      references.add(`PractitionerRole/${role.id}`);
      if (role.practitioner?.reference) {
        references.add(role.practitioner.reference);
      }
    }
  }
  return references;
}

/**
 * Whether the patient is on the practice's list on the reference date: not marked inactive, and not
 * deceased before it (a selection for an earlier date still sees a patient who died later).
 */
export function isListedPatient(patient: Patient, beforeMs: number): boolean {
  if (patient.active === false || patient.deceasedBoolean === true) {
    return false;
  }
  const died = startMs(patient.deceasedDateTime);
  return died === undefined || died >= beforeMs;
}

export interface PatientRecord {
  patient: Patient;
  encounters: readonly Encounter[];
  conditions: readonly Condition[];
  /** Social-history Observations (household, income source); other Observations are ignored. */
  observations: readonly Observation[];
}

export interface FactContext {
  referenceDate: string;
  settings: ResolvedPracticeSettings;
  diseases: ChronicDiseaseList;
  practiceNurses: ReadonlySet<string>;
}

/** What the rules read from the Patient resource itself: birth date and v3 marital status code. */
export function patientDemographics(patient: Patient): Pick<PatientFacts, 'birthDate' | 'maritalStatus'> {
  const marital = patient.maritalStatus?.coding?.find((c) => c.system === MARITAL_STATUS_SYSTEM)?.code;
  return {
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
    ...(marital ? { maritalStatus: marital } : {}),
  };
}

export function patientFacts(record: PatientRecord, context: FactContext): PatientFacts {
  const { referenceDate, settings } = context;
  const window = countingWindow(referenceDate, settings.countingPeriodDays);
  const household = latestSocialValue<NonNullable<PatientFacts['household']>['code']>(
    record.observations,
    'household',
    window.toMs,
  );
  const incomeSource = latestSocialValue<NonNullable<PatientFacts['incomeSource']>['code']>(
    record.observations,
    'income-source',
    window.toMs,
  );
  return {
    patientId: record.patient.id as string,
    contacts: countContacts(record.encounters, {
      window,
      countPracticeNurse: settings.countPracticeNurse,
      practiceNurses: context.practiceNurses,
    }),
    conditions: qualifyingConditions(record.conditions, context.diseases, window.toMs),
    ...patientDemographics(record.patient),
    ...(household ? { household } : {}),
    ...(incomeSource ? { incomeSource } : {}),
  };
}
