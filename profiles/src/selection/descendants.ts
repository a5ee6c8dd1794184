// SNOMED CT descendants of the chronic-disease list, the pure part: which concepts to expand per ICPC code
// (every SNOMED CT code the list counts — the map's equivalent and narrower targets and a practice's own
// codes — minus the map's disjoint targets, which ICPC codes elsewhere), the ECL expression that asks for them
// and their descendants, and merging an expansion back into the list. Fetching an expansion is terminology/ (a terminology server over HTTP, cached); counting a Condition
// stays a lookup in the list (conditions.ts icpcPrefixesOf), so both selection paths match the same codes.
import { ExternalSystems } from '../external.ts';
import { TargetChronicDiseaseConceptMap } from '../generated/canonical.ts';
import type { ChronicDiseaseList, MappedCode } from './conditions.ts';
import { withMappedCodes } from './conditions.ts';

/**
 * Per ICPC code of the list, the SNOMED CT codes it counts, sorted (so one list gives the same expressions,
 * and a cache keyed by expression is hit again). `wider` targets are not in the list, so not expanded.
 */
export function snomedRootsByIcpc(list: ChronicDiseaseList): Map<string, string[]> {
  const roots = new Map<string, string[]>();
  for (const [code, prefixes] of list.mapped.get(ExternalSystems.SCT) ?? []) {
    for (const icpc of prefixes) {
      roots.set(icpc, [...(roots.get(icpc) ?? []), code]);
    }
  }
  for (const codes of roots.values()) {
    codes.sort();
  }
  return new Map([...roots].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Per ICPC code, the SNOMED CT targets the map declares `disjoint`: descendants of a root ICPC codes elsewhere. */
export function snomedExclusionsByIcpc(): Map<string, string[]> {
  const excluded = new Map<string, string[]>();
  const targets = Object.entries(TargetChronicDiseaseConceptMap.byTargetSystem[ExternalSystems.SCT]) as [
    string,
    readonly (readonly [string, string])[],
  ][];
  for (const [code, sources] of targets) {
    for (const [icpc, equivalence] of sources) {
      if (equivalence === 'disjoint') {
        excluded.set(icpc, [...(excluded.get(icpc) ?? []), code].sort());
      }
    }
  }
  return excluded;
}

/**
 * `<< a OR << b`: the concepts and all their descendants (SNOMED CT Expression Constraint Language 2.x);
 * with exclusions `(<< a OR << b) MINUS (<< x)`, so neither x nor anything below it is in the expansion.
 */
export function descendantsEcl(roots: readonly string[], excluded: readonly string[] = []): string {
  const any = (codes: readonly string[]) => codes.map((code) => `<< ${code}`).join(' OR ');
  return excluded.length === 0 ? any(roots) : `(${any(roots)}) MINUS (${any(excluded)})`;
}

/** The list with the expanded SNOMED CT codes, per ICPC code, counting like the map's targets. */
export function withDescendants(
  list: ChronicDiseaseList,
  expansions: ReadonlyMap<string, Iterable<string>>,
): ChronicDiseaseList {
  const codes: MappedCode[] = [];
  for (const [icpc, expanded] of expansions) {
    for (const code of expanded) {
      codes.push({ system: ExternalSystems.SCT, code, icpc });
    }
  }
  return withMappedCodes(list, codes);
}

/** What adds SNOMED CT descendants to a chronic-disease list (terminology/descendants.ts over a server). */
export interface ChronicDiseaseTerminology {
  /**
   * The list with the descendants of its SNOMED CT codes; never fails: what cannot be expanded is left as it
   * was, and `onWarning` (the caller's, e.g. to answer it with the selection) is told why in words.
   */
  withDescendants(list: ChronicDiseaseList, onWarning?: (message: string) => void): Promise<ChronicDiseaseList>;
}
