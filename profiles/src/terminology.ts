// Required bindings (R4 terminologies.html#required): value sets expanded from the CodeSystems and ValueSets
// registered here (our package's; the server adds R4 core's), and the check of the codes @medplum/core's
// validator collects but does not test. A value set that cannot be expanded completely here (filters,
// unknown code systems) is not enforced, rather than wrongly rejecting valid codes.
import type { TypedValueWithPath } from '@medplum/core';
import type {
  CodeableConcept,
  CodeSystem,
  CodeSystemConcept,
  Coding,
  OperationOutcomeIssue,
  ValueSet,
} from '@medplum/fhirtypes';

/** `system|code` keys of a value set, or undefined when it cannot be expanded here. */
export type Expansion = ReadonlySet<string> | undefined;

export class TerminologyIndex {
  private readonly codeSystems = new Map<string, CodeSystem>();
  private readonly valueSets = new Map<string, ValueSet>();
  private readonly expansions = new Map<string, Expansion>();
  private displays: Map<string, string> | undefined;

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
    this.displays = undefined;
  }

  codeSystem(url: string): CodeSystem | undefined {
    return this.codeSystems.get(url);
  }

  /** Every `system|code` of a CodeSystem we hold completely, or undefined. */
  expandCodeSystem(url: string): ReadonlySet<string> | undefined {
    return this.expandInclude({ system: url });
  }

  allValueSets(): Iterable<ValueSet> {
    return this.valueSets.values();
  }

  valueSet(url: string): ValueSet | undefined {
    return this.valueSets.get(url.split('|')[0]);
  }

  /** The display of `system|code`, from its CodeSystem or from a ValueSet that lists it. */
  display(system: string, code: string): string | undefined {
    if (!this.displays) {
      const displays = new Map<string, string>();
      const walk = (url: string, concepts: CodeSystemConcept[]): void => {
        for (const concept of concepts) {
          if (concept.display) displays.set(`${url}|${concept.code}`, concept.display);
          if (concept.concept) walk(url, concept.concept);
        }
      };
      for (const [url, codeSystem] of this.codeSystems) walk(url, codeSystem.concept ?? []);
      for (const valueSet of this.valueSets.values()) {
        for (const include of valueSet.compose?.include ?? []) {
          for (const concept of include.concept ?? []) {
            const key = `${include.system}|${concept.code}`;
            if (concept.display && !displays.has(key)) displays.set(key, concept.display);
          }
        }
      }
      this.displays = displays;
    }
    return this.displays.get(`${system}|${code}`);
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

/** Issues for collected codes (validator option `collect.tokens`) that are outside their required value set. */
export function checkRequiredBindings(
  tokens: Record<string, TypedValueWithPath[]>,
  terminology: TerminologyIndex,
): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  for (const [boundTo, values] of Object.entries(tokens)) {
    const expansion = terminology.expand(boundTo);
    if (!expansion) {
      continue;
    }
    for (const value of values) {
      if (!inExpansion(expansion, value)) {
        issues.push({
          severity: 'error',
          code: 'code-invalid',
          details: { text: `${describe(value)} is not in the required ValueSet ${boundTo.split('|')[0]}` },
          expression: [value.path],
        });
      }
    }
  }
  return issues;
}

const codesOnly = new WeakMap<ReadonlySet<string>, Set<string>>();

function hasCode(expansion: ReadonlySet<string>, code: string | undefined, system: string | undefined): boolean {
  if (!code) {
    return false;
  }
  if (system) {
    return expansion.has(`${system}|${code}`);
  }
  let codes = codesOnly.get(expansion);
  if (!codes) {
    codes = new Set([...expansion].map((key) => key.slice(key.lastIndexOf('|') + 1)));
    codesOnly.set(expansion, codes);
  }
  return codes.has(code);
}

function inExpansion(expansion: ReadonlySet<string>, value: TypedValueWithPath): boolean {
  switch (value.type) {
    case 'code':
    case 'string':
    case 'uri':
      return hasCode(expansion, value.value as string, undefined);
    case 'Coding': {
      const coding = value.value as Coding;
      return hasCode(expansion, coding.code, coding.system);
    }
    case 'CodeableConcept': {
      const codings = (value.value as CodeableConcept).coding ?? [];
      // Text-only concepts carry no code to check.
      return codings.length === 0 || codings.some((c) => hasCode(expansion, c.code, c.system));
    }
    default:
      return true;
  }
}

function describe(value: TypedValueWithPath): string {
  if (typeof value.value === 'string') {
    return `Code '${value.value}'`;
  }
  const codings: Coding[] = value.type === 'Coding' ? [value.value] : ((value.value as CodeableConcept).coding ?? []);
  return codings.length ? codings.map((c) => `${c.system ?? ''}|${c.code ?? ''}`).join(', ') : 'No coding';
}
