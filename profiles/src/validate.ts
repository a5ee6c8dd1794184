// Validates resources against the TARGET profiles with @medplum/core, plus the one check Medplum's
// validator leaves out: codes in elements with a *required* binding to one of our own ValueSets.
//
// What Medplum (5.x) checks: cardinality (also of slices), fixed and pattern values, FHIRPath invariants
// of the profile's elements, types and formats. What it does not: required bindings (added here for our
// ValueSets), the content of extensions against their definitions, constraints inside slices, and the
// target type of references to non-HL7 profiles. The R4 base definitions must be loaded first
// (server/src/store/fhir-definitions.ts does that).
import { loadDataType, OperationOutcomeError, type ValidatorOptions, validateResource } from '@medplum/core';
import type { OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { TARGET_CANONICAL_BASE } from './generated/canonical.ts';
import { type PackageResource, readTargetDefinitions } from './package.ts';

type Tokens = NonNullable<NonNullable<ValidatorOptions['collect']>['tokens']>;

interface Concept {
  code: string;
  concept?: Concept[];
}

interface ValueSetInclude {
  system?: string;
  concept?: { code: string }[];
}

export interface TargetValidator {
  /** StructureDefinitions of the package, by canonical URL. */
  readonly profiles: ReadonlyMap<string, StructureDefinition>;
  /**
   * All error and warning issues for `resource` against `profileUrl` (default: the first TARGET profile in
   * meta.profile; without one, base R4 only). Never throws for an invalid resource.
   */
  validate(resource: Resource, profileUrl?: string): OperationOutcomeIssue[];
}

function codesOf(concepts: Concept[] | undefined): string[] {
  return (concepts ?? []).flatMap((c) => [c.code, ...codesOf(c.concept)]);
}

/** `system|code` members of each of our ValueSets, as far as the package itself defines them. */
function expandValueSets(definitions: PackageResource[]): Map<string, Set<string>> {
  const codeSystems = new Map<string, string[]>();
  for (const cs of definitions.filter((r) => r.resourceType === 'CodeSystem')) {
    codeSystems.set(String(cs.url), codesOf(cs.concept as Concept[] | undefined));
  }
  const expansions = new Map<string, Set<string>>();
  for (const vs of definitions.filter((r) => r.resourceType === 'ValueSet')) {
    const includes = ((vs.compose as { include?: ValueSetInclude[] } | undefined)?.include ?? []) as ValueSetInclude[];
    const members = new Set<string>();
    for (const include of includes) {
      const codes = include.concept?.map((c) => c.code) ?? codeSystems.get(include.system ?? '') ?? [];
      for (const code of codes) {
        members.add(`${include.system}|${code}`);
      }
    }
    expansions.set(String(vs.url), members);
  }
  return expansions;
}

function bindingIssue(path: string, valueSet: string, shown: string): OperationOutcomeIssue {
  return {
    severity: 'error',
    code: 'code-invalid',
    details: { text: `${shown} is not in the required ValueSet ${valueSet}` },
    expression: [path],
  };
}

function checkTokens(tokens: Tokens, expansions: Map<string, Set<string>>): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  for (const [boundTo, values] of Object.entries(tokens)) {
    const valueSet = boundTo.split('|')[0];
    const members = expansions.get(valueSet);
    if (!members) {
      continue; // not one of ours: left to a terminology service
    }
    for (const { type, value, path } of values) {
      const codings: { system?: string; code?: string }[] =
        type === 'CodeableConcept' ? (value?.coding ?? []) : type === 'Coding' ? [value] : [];
      if (type === 'code') {
        if (![...members].some((member) => member.endsWith(`|${value}`))) {
          issues.push(bindingIssue(path, valueSet, `Code '${value}'`));
        }
      } else if (type === 'CodeableConcept' || type === 'Coding') {
        if (!codings.some((c) => members.has(`${c.system}|${c.code}`))) {
          const shown = codings.map((c) => `${c.system}|${c.code}`).join(', ') || 'No coding';
          issues.push(bindingIssue(path, valueSet, shown));
        }
      }
    }
  }
  return issues;
}

/**
 * @medplum/core matches extension slices by their `url` child, but SUSHI and the IG Publisher leave the
 * children of an extension slice out of the snapshot (its profile defines them). Returns a copy of the
 * StructureDefinition with a fixed `url` child added under each such slice, for Medplum's use only.
 */
export function withExtensionSliceUrls(sd: StructureDefinition): StructureDefinition {
  const elements = sd.snapshot?.element ?? [];
  const ids = new Set(elements.map((e) => e.id));
  const patched = elements.flatMap((element) => {
    const profile = element.type?.[0]?.code === 'Extension' ? element.type[0].profile?.[0] : undefined;
    if (!element.sliceName || !profile || ids.has(`${element.id}.url`)) {
      return [element];
    }
    const url = { id: `${element.id}.url`, path: `${element.path}.url`, min: 1, max: '1', type: [{ code: 'uri' }] };
    return [element, { ...url, fixedUri: profile }];
  });
  return { ...sd, snapshot: { ...sd.snapshot, element: patched } };
}

/**
 * Loads the package's StructureDefinitions into @medplum/core (loadDataType) and returns a validator.
 * `definitions` defaults to the committed package (profiles/generated/package).
 */
export function createTargetValidator(definitions: PackageResource[] = readTargetDefinitions()): TargetValidator {
  const profiles = new Map<string, StructureDefinition>();
  for (const sd of definitions.filter((r) => r.resourceType === 'StructureDefinition')) {
    const structureDefinition = withExtensionSliceUrls(sd as unknown as StructureDefinition);
    loadDataType(structureDefinition);
    profiles.set(structureDefinition.url, structureDefinition);
  }
  const expansions = expandValueSets(definitions);

  return {
    profiles,
    validate(resource: Resource, profileUrl?: string): OperationOutcomeIssue[] {
      const url = profileUrl ?? resource.meta?.profile?.find((p) => p.startsWith(`${TARGET_CANONICAL_BASE}/`));
      const profile = url ? profiles.get(url) : undefined;
      if (url && !profile) {
        throw new Error(`Unknown TARGET profile ${url}`);
      }
      const tokens: Tokens = {};
      let issues: OperationOutcomeIssue[];
      try {
        issues = validateResource(resource, { profile, collect: { tokens } });
      } catch (err) {
        if (!(err instanceof OperationOutcomeError)) {
          throw err;
        }
        issues = err.outcome.issue ?? [];
      }
      return [...issues, ...checkTokens(tokens, expansions)];
    },
  };
}
