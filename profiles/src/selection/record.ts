// One patient's record read through a FhirReader — the searches an EHR-side app makes on any FHIR server,
// and the server's per-patient path on its own repository — turned into facts by facts.ts. The server's
// population path finds the same facts with SQL; tests/server/programme/population-agreement.test.ts holds
// the two equal.
import type { Condition, Encounter, Observation, Patient, PractitionerRole } from 'fhir/r4.js';
import { type FhirReader, searchAll } from '../fhir-reader/reader.ts';
import { TargetObservationCodeSystem, TargetPracticeRoleCodeSystem } from '../generated/canonical.ts';
import type { PatientFacts } from './assess.ts';
import {
  type FactContext,
  type PatientRecord,
  PRACTICE_NURSE_ROLES,
  patientFacts,
  practiceNurseReferences,
} from './facts.ts';
import { addDays, countingWindow } from './time.ts';

/** The practice nurses (POH) the server knows, as the references an Encounter may name them by. */
export async function practiceNursesOf(reader: FhirReader): Promise<Set<string>> {
  const roles = await searchAll<PractitionerRole>(reader, 'PractitionerRole', {
    role: PRACTICE_NURSE_ROLES.map((code) => `${TargetPracticeRoleCodeSystem.url}|${code}`).join(','),
  });
  return practiceNurseReferences(roles);
}

/**
 * The practices (`Organization/{id}`, sorted) a patient is listed with: an Organization their
 * generalPractitioner or managingOrganization names, or the Organization of a PractitionerRole of the
 * Practitioner it names (DOMAIN.md: a patient's list is their GP practice's).
 */
export async function practicesOfPatient(reader: FhirReader, patient: Patient): Promise<string[]> {
  const practices = new Set<string>();
  for (const reference of [...(patient.generalPractitioner ?? []), patient.managingOrganization]) {
    const [type, id] = reference?.reference?.split('/') ?? [];
    if (type === 'Organization' && id) {
      practices.add(`Organization/${id}`);
    } else if (type === 'Practitioner' && id) {
      const roles = await searchAll<PractitionerRole>(reader, 'PractitionerRole', {
        practitioner: `Practitioner/${id}`,
      });
      for (const role of roles) {
        const [orgType, orgId] = role.organization?.reference?.split('/') ?? [];
        if (orgType === 'Organization' && orgId) {
          practices.add(`Organization/${orgId}`);
        }
      }
    }
  }
  return [...practices].sort();
}

/**
 * The parts of a patient's record the rules read: Encounters that may fall in the counted window, every
 * Condition, and the household and income-source Observations.
 */
export async function readPatientRecord(
  reader: FhirReader,
  patient: Patient,
  context: Pick<FactContext, 'referenceDate' | 'settings'>,
): Promise<PatientRecord> {
  const subject = `Patient/${patient.id}`;
  const window = countingWindow(context.referenceDate, context.settings.countingPeriodDays);
  const [encounters, conditions, observations] = await Promise.all([
    // A superset of the window (periods that end in it or later); the rules place each contact exactly.
    searchAll<Encounter>(reader, 'Encounter', { subject, date: `ge${addDays(window.start, -1)}` }),
    searchAll<Condition>(reader, 'Condition', { subject }),
    searchAll<Observation>(reader, 'Observation', {
      subject,
      code: ['household', 'income-source'].map((c) => `${TargetObservationCodeSystem.url}|${c}`).join(','),
    }),
  ]);
  return { patient, encounters, conditions, observations };
}

/** One patient's facts from their FHIR record. */
export async function patientFactsOf(
  reader: FhirReader,
  patient: Patient,
  context: FactContext,
): Promise<PatientFacts> {
  return patientFacts(await readPatientRecord(reader, patient, context), context);
}
