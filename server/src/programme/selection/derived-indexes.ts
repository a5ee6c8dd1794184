// The selection's derived indexes (store/derived-index.ts): per Encounter its contact fact, per
// Observation its household or income-source fact, per counted Condition its codings, per Patient its birth
// date and marital status — the pure functions of profiles/src/selection, applied when a resource is
// written. The population path then finds a region's chronic conditions, contacts and social facts in four
// narrow tables, with the same rules the per-patient path applies.
import type { Resource } from '@medplum/fhirtypes';
import {
  conditionSince,
  contactFact,
  isCountedCondition,
  patientDemographics,
  socialFact,
  startMs,
} from '@target/profiles';
import type { DerivedIndex } from '../../store/write/derived-index.ts';
import { parseReference } from '../../store/write/indexer.ts';
import { asR4 } from '../repository-reader.ts';

/** The patient a resource is about, read as the search index reads `subject` (so both paths agree). */
function subjectPatient(resource: { subject?: { reference?: string } }): string | undefined {
  const target = resource.subject?.reference ? parseReference(resource.subject.reference) : undefined;
  return target?.type === 'Patient' ? target.id : undefined;
}

export const CONTACT_INDEX: DerivedIndex = {
  table: 'target_contact',
  resourceType: 'Encounter',
  version: 1,
  columns: [
    ['patient_id', 'text'],
    ['start_at', 'timestamptz'],
    ['contact_type', 'text'],
    // Participant.individual references (a JSON array of strings) for the practice-nurse rule.
    ['participants', 'jsonb'],
  ],
  indexes: ['CREATE INDEX ON target_contact (patient_id, start_at)'],
  rows(resource: Resource) {
    const encounter = asR4('Encounter', resource);
    const patientId = subjectPatient(encounter);
    const fact = patientId ? contactFact(encounter) : undefined;
    return fact
      ? [[patientId, new Date(fact.startMs).toISOString(), fact.type, JSON.stringify(fact.participants)]]
      : [];
  },
};

export const SOCIAL_INDEX: DerivedIndex = {
  table: 'target_social',
  resourceType: 'Observation',
  version: 1,
  columns: [
    ['patient_id', 'text'],
    ['kind', 'text'],
    ['code', 'text'],
    ['measured_at', 'timestamptz'],
    ['observation_id', 'text'],
  ],
  indexes: ['CREATE INDEX ON target_social (patient_id)'],
  rows(resource: Resource) {
    const observation = asR4('Observation', resource);
    const patientId = subjectPatient(observation);
    const fact = patientId ? socialFact(observation) : undefined;
    return fact ? [[patientId, fact.kind, fact.code, new Date(fact.atMs).toISOString(), fact.id]] : [];
  },
};

/**
 * Per counted Condition (active and confirmed: conditions.ts isCountedCondition) one row per coding, as
 * written, with the date it began from (onset, else recorded; conditionSince). Which codes make a chronic
 * disease is a setting, so that is decided when the selection reads the table.
 */
export const CONDITION_INDEX: DerivedIndex = {
  table: 'target_condition',
  resourceType: 'Condition',
  version: 1,
  columns: [
    ['patient_id', 'text'],
    ['condition_id', 'text'],
    ['system', 'text'],
    ['code', 'text'],
    ['since_at', 'timestamptz', 'nullable'],
  ],
  indexes: ['CREATE INDEX ON target_condition (patient_id)'],
  rows(resource: Resource) {
    const condition = asR4('Condition', resource);
    const patientId = subjectPatient(condition);
    if (!patientId || !condition.id || !isCountedCondition(condition)) {
      return [];
    }
    const since = startMs(conditionSince(condition));
    const sinceAt = since === undefined ? null : new Date(since).toISOString();
    return (condition.code?.coding ?? []).flatMap((coding) =>
      coding.code ? [[patientId, condition.id, coding.system ?? '', coding.code, sinceAt]] : [],
    );
  },
};

/**
 * Per Patient what the rules read from the resource itself (facts.ts patientDemographics), so the
 * population path does not read every chronically ill patient's JSON.
 */
export const PATIENT_INDEX: DerivedIndex = {
  table: 'target_patient',
  resourceType: 'Patient',
  version: 1,
  columns: [
    ['patient_id', 'text'],
    ['birth_date', 'text', 'nullable'],
    ['marital_status', 'text', 'nullable'],
  ],
  indexes: ['CREATE INDEX ON target_patient (patient_id)'],
  rows(resource: Resource) {
    const patient = asR4('Patient', resource);
    const { birthDate, maritalStatus } = patientDemographics(patient);
    return patient.id ? [[patient.id, birthDate ?? null, maritalStatus ?? null]] : [];
  },
};

export const SELECTION_DERIVED_INDEXES: readonly DerivedIndex[] = [
  CONTACT_INDEX,
  SOCIAL_INDEX,
  CONDITION_INDEX,
  PATIENT_INDEX,
];
