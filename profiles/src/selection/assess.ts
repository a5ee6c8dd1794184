// One patient's selection result from facts: the weighted care burden, the chronic diseases, the new-patient
// stratum and (with the practice's cut-offs) category, HNHC flag and subgroup. The facts come either from the
// patient's FHIR resources (facts.ts) or from SQL over the search index (the server's population path); the
// rules here are the only copy.
import type { ContactCount } from '../builders/care-burden.ts';
import type { TargetCareBurdenCategoryCode } from '../generated/canonical.ts';
import type { QualifyingCondition } from './conditions.ts';
import type { ContactCounts } from './contacts.ts';
import { CONTACT_TYPES, type ResolvedPracticeSettings } from './settings.ts';
import { categoryOf, isHnhc, type PopulationCutoffs, roundScore } from './stratify.ts';
import { assignSubgroup, type SocialFacts, type SubgroupResult } from './subgroup.ts';
import { addDays, practiceMidnightMs, startMs } from './time.ts';

export interface PatientFacts extends SocialFacts {
  /** The Patient's id. */
  patientId: string;
  /** Contacts in the counted window, per type (practice-nurse contacts left out when they do not count). */
  contacts: ContactCounts;
  /** The qualifying chronic Conditions (active, confirmed, begun before the reference date). */
  conditions: QualifyingCondition[];
}

export interface PatientAssessment {
  patientId: string;
  score: number;
  /** Contact types with at least one contact, in CodeSystem order. */
  contacts: ContactCount[];
  /** Distinct diseases of the list. */
  diseaseCount: number;
  /** `Condition/{id}` references, sorted. */
  qualifyingConditions: string[];
  isNew: boolean;
}

/** The part of the result that needs no population: undefined when the patient has no qualifying disease. */
export function assessPatient(
  facts: PatientFacts,
  referenceDate: string,
  settings: ResolvedPracticeSettings,
): PatientAssessment | undefined {
  if (facts.conditions.length === 0) {
    return undefined;
  }
  const contacts = CONTACT_TYPES.filter((type) => facts.contacts[type] > 0).map((type) => ({
    type,
    count: facts.contacts[type],
    weightedSum: roundScore(facts.contacts[type] * settings.contactWeights[type]),
  }));
  const diseases = new Set(facts.conditions.flatMap((c) => c.diseases));
  const newFromMs = practiceMidnightMs(addDays(referenceDate, -settings.newPatientDays));
  const starts = facts.conditions.map((c) => startMs(c.since));
  // New: the earliest qualifying disease began within the new-patient period. Unknown starts are not new.
  const earliest = starts.some((s) => s === undefined) ? undefined : Math.min(...(starts as number[]));
  return {
    patientId: facts.patientId,
    score: roundScore(contacts.reduce((sum, c) => sum + c.weightedSum, 0)),
    contacts,
    diseaseCount: diseases.size,
    qualifyingConditions: facts.conditions.map((c) => c.reference).sort(),
    isNew: earliest !== undefined && earliest >= newFromMs,
  };
}

export interface PatientClassification {
  category: TargetCareBurdenCategoryCode;
  hnhc: boolean;
  /** Assigned for HNHC patients, the population the published subgroups describe. */
  subgroup?: SubgroupResult;
}

export function classifyPatient(
  assessment: PatientAssessment,
  facts: SocialFacts,
  cutoffs: PopulationCutoffs,
  referenceDate: string,
  settings: ResolvedPracticeSettings,
): PatientClassification {
  const hnhc = isHnhc(assessment.score, assessment.diseaseCount, cutoffs);
  return {
    category: categoryOf(assessment.score, assessment.isNew, cutoffs),
    hnhc,
    ...(hnhc ? { subgroup: assignSubgroup(facts, referenceDate, settings.olderAgeYears) } : {}),
  };
}
