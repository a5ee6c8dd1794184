// The chronic-disease gate (DOMAIN.md "Chronic-disease gate"): which Conditions make a patient count, and
// for which of the 28 diseases. ICPC-1-NL codes match on their 3-character prefix (T90.02 → T90); SNOMED CT
// and ICD-10 codes count through TargetChronicDiseaseConceptMap, read backwards (its description says how),
// and through the codes a list adds to it (withMappedCodes: a practice's own codes, SNOMED CT descendants
// expanded by a terminology server). Matching a coding is a lookup in the list, never a network call, so
// the per-patient and population paths match the same codes.
import type { Coding, Condition } from 'fhir/r4.js';
import { ExternalSystems } from '../external.ts';
import {
  type TargetChronicDiseaseCode,
  TargetChronicDiseaseCodeSystem,
  TargetChronicDiseaseConceptMap,
} from '../generated/canonical.ts';
import { startMs } from './time.ts';

/** The qualifying diseases: ICPC prefix → disease key, and codes of other systems → ICPC prefixes. */
export interface ChronicDiseaseList {
  /** 3-character ICPC-1-NL code (upper case) → the disease it belongs to. */
  readonly byIcpc: ReadonlyMap<string, string>;
  /** Per system (SNOMED CT, ICD-10): code → ICPC prefixes it counts for. */
  readonly mapped: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
}

/** Reverse use of the map counts a target that is equivalent to or narrower than the ICPC code. */
const COUNTED_EQUIVALENCES = ['equivalent', 'equal', 'narrower', 'specializes'];

const DISEASE_OF_ICPC: ReadonlyMap<string, TargetChronicDiseaseCode> = new Map(
  Object.entries(TargetChronicDiseaseCodeSystem.properties.icpc).flatMap(([disease, codes]) =>
    codes.map((code) => [code, disease as TargetChronicDiseaseCode] as const),
  ),
);

/**
 * The disease list for a set of ICPC codes (the practice's chronic-disease ValueSet). Codes of our 28
 * diseases are grouped per disease; a code outside them is a disease of its own.
 */
export function chronicDiseaseList(icpcCodes: Iterable<string>): ChronicDiseaseList {
  const byIcpc = new Map<string, string>();
  for (const raw of icpcCodes) {
    const code = raw.slice(0, 3).toUpperCase();
    byIcpc.set(code, DISEASE_OF_ICPC.get(code) ?? code);
  }
  const mapped = new Map<string, Map<string, string[]>>();
  for (const [system, targets] of Object.entries(TargetChronicDiseaseConceptMap.byTargetSystem)) {
    const codes = new Map<string, string[]>();
    const entries = Object.entries(targets) as [string, readonly (readonly [string, string])[]][];
    for (const [code, sources] of entries) {
      const icpc = sources
        .filter(([source, equivalence]) => COUNTED_EQUIVALENCES.includes(equivalence) && byIcpc.has(source))
        .map(([source]) => source);
      if (icpc.length > 0) {
        codes.set(code, icpc);
      }
    }
    mapped.set(system, codes);
  }
  return { byIcpc, mapped };
}

/** A code of another system that counts for an ICPC code of the list, as a counted target of the map does. */
export interface MappedCode {
  readonly system: string;
  readonly code: string;
  /** 3-character ICPC-1-NL code of the list. */
  readonly icpc: string;
}

/**
 * The list with more codes that count like the map's counted targets (ICD-10 codes below them too). A code
 * for an ICPC code that is not on the list counts for nothing, as the map's own targets do.
 */
export function withMappedCodes(list: ChronicDiseaseList, codes: Iterable<MappedCode>): ChronicDiseaseList {
  const added = [...codes];
  if (added.length === 0) {
    return list;
  }
  const mapped = new Map([...list.mapped].map(([system, byCode]) => [system, new Map(byCode)]));
  for (const { system, code, icpc } of added) {
    if (!list.byIcpc.has(icpc)) {
      continue;
    }
    const key = system === ExternalSystems.ICD10 ? code.toUpperCase() : code;
    const byCode = mapped.get(system) ?? new Map<string, readonly string[]>();
    const prefixes = byCode.get(key) ?? [];
    if (!prefixes.includes(icpc)) {
      byCode.set(key, [...prefixes, icpc]);
    }
    mapped.set(system, byCode);
  }
  return { byIcpc: list.byIcpc, mapped };
}

/** The first ICPC code of the list that belongs to the disease; undefined when the disease is not on it. */
export function icpcOfDisease(list: ChronicDiseaseList, disease: string): string | undefined {
  return [...list.byIcpc].find(([, key]) => key === disease)?.[0];
}

/** The default list: the ICPC codes of TargetChronicDiseaseIcpcValueSet (= the CodeSystem's icpc property). */
export const DEFAULT_CHRONIC_DISEASES: ChronicDiseaseList = chronicDiseaseList(DISEASE_OF_ICPC.keys());

/** ICD-10 codes count through a mapped code they start with: E11.9 through E11, I70.20 through I70.2. */
function icd10Ancestors(code: string): string[] {
  const bare = code.toUpperCase();
  const prefixes: string[] = [];
  for (let length = bare.length; length >= 3; length--) {
    prefixes.push(bare.slice(0, length));
  }
  return prefixes;
}

/** The ICPC prefixes a coding counts for (none when it is not on the list). */
export function icpcPrefixesOf(coding: Coding, list: ChronicDiseaseList): string[] {
  const code = coding.code;
  if (!code) {
    return [];
  }
  if (coding.system === ExternalSystems.ICPC) {
    const prefix = code.slice(0, 3).toUpperCase();
    return list.byIcpc.has(prefix) ? [prefix] : [];
  }
  const codes = list.mapped.get(coding.system ?? '');
  if (!codes) {
    return [];
  }
  const candidates = coding.system === ExternalSystems.ICD10 ? icd10Ancestors(code) : [code];
  return [...new Set(candidates.flatMap((c) => codes.get(c) ?? []))];
}

/** Clinical states in which a chronic disease is present. */
export const ACTIVE_CLINICAL_STATUSES: readonly string[] = ['active', 'recurrence', 'relapse'];
/** Verification states that count; a Condition without verificationStatus counts as confirmed. */
export const COUNTED_VERIFICATION_STATUSES: readonly string[] = ['confirmed'];

function statusCode(concept: Condition['clinicalStatus'], system: string): string | undefined {
  return concept?.coding?.find((c) => c.system === system)?.code;
}

/** When the disease began: onset (dateTime or Period start), else the date it was recorded. */
export function conditionSince(condition: Condition): string | undefined {
  return condition.onsetDateTime ?? condition.onsetPeriod?.start ?? condition.recordedDate;
}

/** Whether a Condition is active and confirmed (not refuted, provisional or entered in error). */
export function isCountedCondition(condition: Condition): boolean {
  const clinical = statusCode(condition.clinicalStatus, ExternalSystems.ConditionClinical);
  const verification = statusCode(condition.verificationStatus, ExternalSystems.ConditionVerification);
  return (
    clinical !== undefined &&
    ACTIVE_CLINICAL_STATUSES.includes(clinical) &&
    (verification === undefined || COUNTED_VERIFICATION_STATUSES.includes(verification))
  );
}

/** One qualifying chronic Condition of a patient. */
export interface QualifyingCondition {
  /** `Condition/{id}` */
  readonly reference: string;
  readonly diseases: readonly string[];
  /** onset, else recordedDate (FHIR date/dateTime); absent when neither is known. */
  readonly since?: string;
}

/**
 * The patient's Conditions that count for the chronic-disease gate, in input order.
 * @param beforeMs - The reference date's first instant: a Condition that began later did not exist then.
 */
export function qualifyingConditions(
  conditions: readonly Condition[],
  list: ChronicDiseaseList,
  beforeMs: number,
): QualifyingCondition[] {
  return conditions.flatMap((condition) => {
    if (!condition.id || !isCountedCondition(condition) || (startMs(conditionSince(condition)) ?? 0) >= beforeMs) {
      return [];
    }
    const prefixes = new Set((condition.code?.coding ?? []).flatMap((c) => icpcPrefixesOf(c, list)));
    const diseases = [...new Set([...prefixes].map((p) => list.byIcpc.get(p) as string))];
    if (diseases.length === 0) {
      return [];
    }
    const since = conditionSince(condition);
    return [{ reference: `Condition/${condition.id}`, diseases, ...(since ? { since } : {}) }];
  });
}
