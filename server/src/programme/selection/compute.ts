// From facts to results for one practice: assessments, cut-offs over the chronically ill who are not new,
// and each patient's category, HNHC flag and subgroup. Shared by the population run and $care-burden.
import {
  assessPatient,
  classifyPatient,
  type PatientAssessment,
  type PatientClassification,
  type PatientFacts,
  type PopulationCutoffs,
  populationCutoffs,
  type ResolvedPracticeSettings,
} from '@target/profiles';

export interface PatientResult {
  facts: PatientFacts;
  assessment: PatientAssessment;
  classification: PatientClassification;
}

export interface PracticeResults {
  cutoffs: PopulationCutoffs;
  results: PatientResult[];
}

export function assessAll(facts: readonly PatientFacts[], referenceDate: string, settings: ResolvedPracticeSettings) {
  return facts.flatMap((f) => {
    const assessment = assessPatient(f, referenceDate, settings);
    return assessment ? [{ facts: f, assessment }] : [];
  });
}

export function cutoffsOf(
  assessments: readonly PatientAssessment[],
  settings: ResolvedPracticeSettings,
): PopulationCutoffs {
  return populationCutoffs(
    assessments.filter((a) => !a.isNew).map((a) => a.score),
    settings,
  );
}

export function computePractice(
  facts: readonly PatientFacts[],
  referenceDate: string,
  settings: ResolvedPracticeSettings,
): PracticeResults {
  const assessed = assessAll(facts, referenceDate, settings);
  const cutoffs = cutoffsOf(
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
