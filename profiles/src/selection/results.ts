// The FHIR results of one patient's selection: the care burden Observation and (for HNHC patients) the
// subgroup Observation, built with the profile builders.
import type { Observation, Reference } from 'fhir/r4.js';
import { buildCareBurdenObservation } from '../builders/care-burden.ts';
import type { SettingsVersion } from '../builders/elements.ts';
import { buildSubgroupObservation } from '../builders/subgroup.ts';
import type { PatientAssessment, PatientClassification } from './assess.ts';
import type { CountingWindow } from './time.ts';

export interface ResultContext {
  referenceDate: string;
  window: CountingWindow;
  settingsUsed: SettingsVersion;
  /** When the computation ran (Observation.issued). */
  issued: string;
  /** Ids for the Observations (stable ids make a re-run update instead of duplicate). */
  ids?: { careBurden?: string; subgroup?: string };
}

function ref(reference: string): Reference {
  return { reference };
}

export function careBurdenObservation(
  assessment: PatientAssessment,
  classification: PatientClassification,
  context: ResultContext,
): Observation {
  return buildCareBurdenObservation({
    id: context.ids?.careBurden,
    status: 'final',
    patient: ref(`Patient/${assessment.patientId}`),
    window: { start: context.window.start, end: context.window.end },
    issued: context.issued,
    score: assessment.score,
    category: classification.category,
    hnhc: classification.hnhc,
    chronicConditionCount: assessment.diseaseCount,
    contacts: assessment.contacts,
    qualifyingConditions: assessment.qualifyingConditions.map(ref),
    settingsUsed: context.settingsUsed,
  });
}

export function subgroupObservation(
  assessment: PatientAssessment,
  classification: PatientClassification,
  context: ResultContext,
): Observation | undefined {
  const subgroup = classification.subgroup;
  if (!subgroup) {
    return undefined;
  }
  return buildSubgroupObservation({
    id: context.ids?.subgroup,
    status: 'final',
    patient: ref(`Patient/${assessment.patientId}`),
    assessedAt: context.referenceDate,
    subgroup: subgroup.subgroup,
    reason: subgroup.reason,
    missingData: subgroup.missingData,
    derivedFrom: subgroup.derivedFrom.map(ref),
    settingsUsed: context.settingsUsed,
  });
}

/** The result Observations of one classified patient: care burden, and subgroup when HNHC. */
export interface CareBurdenResults {
  careBurden: Observation;
  subgroup?: Observation;
}

/** Both result Observations of one patient, for the practice selection and the per-patient flow alike. */
export function careBurdenResults(
  result: { assessment: PatientAssessment; classification: PatientClassification },
  context: ResultContext,
): CareBurdenResults {
  const { assessment, classification } = result;
  const subgroup = subgroupObservation(assessment, classification, context);
  return {
    careBurden: careBurdenObservation(assessment, classification, context),
    ...(subgroup ? { subgroup } : {}),
  };
}
