// From facts to results for one practice: each chronically ill patient's assessment, the practice's cut-offs
// over the chronically ill who are not new, and each patient's category, HNHC flag and subgroup. The facts
// come from SQL (the server's population path) or from each patient's FHIR record (record.ts); the steps
// are the same, and the per-patient flow (care-burden.ts) uses the same cut-offs rule.
import {
  assessPatient,
  classifyPatient,
  type PatientAssessment,
  type PatientClassification,
  type PatientFacts,
} from './assess.ts';
import type { ResolvedPracticeSettings } from './settings.ts';
import { type PopulationCutoffs, populationCutoffs } from './stratify.ts';

/** A chronically ill patient's facts and assessment. */
export interface AssessedPatient {
  facts: PatientFacts;
  assessment: PatientAssessment;
}

/** A chronically ill patient's result within the practice. */
export interface PatientResult extends AssessedPatient {
  classification: PatientClassification;
}

export interface PracticeClassification {
  cutoffs: PopulationCutoffs;
  /** One per chronically ill patient, in the order of the facts. */
  results: PatientResult[];
}

/** The assessments of the chronically ill among the patients (the others have none and are left out). */
export function assessPatients(
  facts: readonly PatientFacts[],
  referenceDate: string,
  settings: ResolvedPracticeSettings,
): AssessedPatient[] {
  return facts.flatMap((f) => {
    const assessment = assessPatient(f, referenceDate, settings);
    return assessment ? [{ facts: f, assessment }] : [];
  });
}

/** The practice's cut-offs: over the care burden of its chronically ill who are not new (DOMAIN.md "New patient"). */
export function practiceCutoffs(
  assessments: readonly PatientAssessment[],
  settings: ResolvedPracticeSettings,
): PopulationCutoffs {
  return populationCutoffs(
    assessments.filter((a) => !a.isNew).map((a) => a.score),
    settings,
  );
}

/** Every patient of a practice: assessments, the practice's cut-offs, each one's classification. */
export function classifyPractice(
  facts: readonly PatientFacts[],
  referenceDate: string,
  settings: ResolvedPracticeSettings,
): PracticeClassification {
  const assessed = assessPatients(facts, referenceDate, settings);
  const cutoffs = practiceCutoffs(
    assessed.map((a) => a.assessment),
    settings,
  );
  return {
    cutoffs,
    results: assessed.map(({ facts: f, assessment }) => ({
      facts: f,
      assessment,
      classification: classifyPatient(assessment, f, cutoffs, referenceDate, settings),
    })),
  };
}
