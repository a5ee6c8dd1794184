// The rule-based approximation of the four high-need high-cost subgroups (DOMAIN.md "Four subgroups";
// assumption: the published latent-class probabilities are not available). Age decides older or middle-aged;
// older people are split by household, middle-aged ones by income source. Missing data → unclassified,
// naming what was missing.
import type { Observation } from 'fhir/r4.js';
import type { SubgroupInputName } from '../builders/subgroup.ts';
import {
  type TargetHouseholdCode,
  TargetHouseholdCodeSystem,
  type TargetIncomeSourceCode,
  TargetIncomeSourceCodeSystem,
  TargetObservationCodeSystem,
  type TargetSubgroupCode,
} from '../generated/canonical.ts';
import { ageOn, startMs } from './time.ts';

export const MARITAL_STATUS_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus';

/**
 * Household from Patient.maritalStatus when no household Observation exists (assumption): married or
 * domestic partner → with a partner; never married, divorced, separated or widowed → alone; other codes
 * (unknown, polygamous, interlocutory) say nothing.
 */
export const HOUSEHOLD_OF_MARITAL_STATUS: Readonly<Record<string, TargetHouseholdCode>> = {
  M: 'with-partner',
  T: 'with-partner',
  S: 'alone',
  D: 'alone',
  L: 'alone',
  W: 'alone',
};

/** The facts the subgroup rules read, however they were found (FHIR resources or SQL over the index). */
export interface SocialFacts {
  birthDate?: string;
  /** v3 MaritalStatus code of Patient.maritalStatus. */
  maritalStatus?: string;
  household?: { code: TargetHouseholdCode; observation: string };
  incomeSource?: { code: TargetIncomeSourceCode; observation: string };
}

export interface SubgroupResult {
  subgroup: TargetSubgroupCode;
  reason: string;
  missingData: SubgroupInputName[];
  /** `Observation/{id}` references the result was derived from. */
  derivedFrom: string[];
}

/** Observation states whose value can be used. */
export const USABLE_OBSERVATION_STATUSES: readonly string[] = ['final', 'amended', 'corrected'];

export type SocialKind = 'household' | 'income-source';

/**
 * A usable household or income-source value of one Observation, independent of the reference date: its
 * kind, code, when it was measured and the Observation's id. Undefined for any other Observation or an
 * unusable one (status, unknown code, no date). The server stores this per Observation when it is written
 * (a derived index); latestSocialValue reads the same fact.
 */
export interface SocialFact {
  kind: SocialKind;
  code: string;
  atMs: number;
  id: string;
}

export function socialFact(observation: Observation): SocialFact | undefined {
  if (!observation.id || !USABLE_OBSERVATION_STATUSES.includes(observation.status)) {
    return undefined;
  }
  const kind = (['household', 'income-source'] as const).find((k) =>
    observation.code.coding?.some((c) => c.system === TargetObservationCodeSystem.url && c.code === k),
  );
  if (!kind) {
    return undefined;
  }
  const valueSystem = kind === 'household' ? TargetHouseholdCodeSystem : TargetIncomeSourceCodeSystem;
  const code = observation.valueCodeableConcept?.coding?.find((c) => c.system === valueSystem.url)?.code;
  const at = startMs(
    observation.effectiveDateTime ?? observation.effectiveInstant ?? observation.effectivePeriod?.start,
  );
  if (code === undefined || !Object.hasOwn(valueSystem.codes, code) || at === undefined) {
    return undefined;
  }
  return { kind, code, atMs: at, id: observation.id };
}

/** Whether `a` is later than `b` in the order latestSocialValue picks by: date, then the greatest id. */
export function isLaterSocialFact(a: SocialFact, b: SocialFact): boolean {
  return a.atMs > b.atMs || (a.atMs === b.atMs && a.id > b.id);
}

/**
 * The patient's most recent usable social-history value of one kind (household or income source), measured
 * before the reference date; ties on the date go to the greatest id, so every path picks the same one.
 */
export function latestSocialValue<C extends string>(
  observations: readonly Observation[],
  kind: SocialKind,
  beforeMs: number,
): { code: C; observation: string } | undefined {
  let best: SocialFact | undefined;
  for (const observation of observations) {
    const fact = socialFact(observation);
    if (fact?.kind === kind && fact.atMs < beforeMs && (!best || isLaterSocialFact(fact, best))) {
      best = fact;
    }
  }
  return best && { code: best.code as C, observation: `Observation/${best.id}` };
}

/** Assigns the subgroup on the reference date. */
export function assignSubgroup(facts: SocialFacts, referenceDate: string, olderAgeYears: number): SubgroupResult {
  const age = facts.birthDate ? ageOn(facts.birthDate, referenceDate) : undefined;
  if (age === undefined) {
    return { subgroup: 'unclassified', reason: 'Geboortedatum onbekend', missingData: ['birthDate'], derivedFrom: [] };
  }
  if (age >= olderAgeYears) {
    const household =
      facts.household?.code ?? (facts.maritalStatus ? HOUSEHOLD_OF_MARITAL_STATUS[facts.maritalStatus] : undefined);
    const derivedFrom = facts.household ? [facts.household.observation] : [];
    const source = facts.household ? 'woonsituatie' : 'burgerlijke staat';
    if (household === 'alone') {
      return { subgroup: 'older-alone', reason: `${age} jaar, alleenwonend (${source})`, missingData: [], derivedFrom };
    }
    if (household) {
      return {
        subgroup: 'older-with-partner',
        reason: `${age} jaar, samenwonend (${source})`,
        missingData: [],
        derivedFrom,
      };
    }
    return {
      subgroup: 'unclassified',
      reason: `${age} jaar; woonsituatie onbekend`,
      missingData: ['household'],
      derivedFrom: [],
    };
  }
  const income = facts.incomeSource;
  const derivedFrom = income ? [income.observation] : [];
  if (income?.code === 'employed') {
    return { subgroup: 'middle-aged-employed', reason: `${age} jaar, werkend`, missingData: [], derivedFrom };
  }
  if (income?.code === 'benefit') {
    return { subgroup: 'middle-aged-welfare', reason: `${age} jaar, met uitkering`, missingData: [], derivedFrom };
  }
  return {
    subgroup: 'unclassified',
    reason: income
      ? `${age} jaar met pensioen: past in geen van de subgroepen van middelbare leeftijd`
      : `${age} jaar; bron van inkomen onbekend`,
    missingData: ['income-source'],
    derivedFrom,
  };
}
