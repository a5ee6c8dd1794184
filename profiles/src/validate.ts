// Validates resources against base R4 and the TARGET profiles with @medplum/core, plus the one check
// Medplum's validator leaves out: codes in elements with a *required* binding (profiles/src/terminology.ts).
//
// What Medplum (5.x) checks: cardinality (also of slices), fixed and pattern values, FHIRPath invariants
// of the profile's elements, types and formats. What it does not: required bindings (added here for our
// ValueSets), the content of extensions against their definitions, constraints inside slices, and the
// target type of references to non-HL7 profiles. The R4 base definitions must be loaded first
// (server/src/store/validation/fhir-definitions.ts does that).
import {
  getAllDataTypes,
  loadDataType,
  OperationOutcomeError,
  parseStructureDefinition,
  type TypedValueWithPath,
  validateResource,
  validateTypedValue,
} from '@medplum/core';
import type { CodeSystem, OperationOutcomeIssue, Resource, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { TARGET_CANONICAL_BASE } from './generated/canonical.ts';
import { type PackageResource, readTargetDefinitions } from './package.ts';
import { checkRequiredBindings, TerminologyIndex } from './terminology.ts';

export interface TargetValidator {
  /** StructureDefinitions of the package, by canonical URL. */
  readonly profiles: ReadonlyMap<string, StructureDefinition>;
  /** The terminology used for required bindings (ours, plus whatever the caller registered). */
  readonly terminology: TerminologyIndex;
  /**
   * All error and warning issues for `resource`: base R4, plus every TARGET profile it claims in
   * meta.profile (or only `profileUrl` when given). An unknown TARGET profile is an error issue.
   * Never throws for an invalid resource.
   */
  validate(resource: Resource, profileUrl?: string): OperationOutcomeIssue[];
}

function profileIssue(resource: Resource, text: string): OperationOutcomeIssue {
  return {
    severity: 'error',
    code: 'not-supported',
    details: { text },
    expression: [`${resource.resourceType}.meta.profile`],
  };
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
 * @medplum/core parses the profile's StructureDefinition again on every validateResource call (2–3 ms for
 * TargetPatient, thirty times the base validation), which made every import of profiled resources slow.
 * Instead the profile is parsed once and kept under a private type name, and resources are validated as a
 * value of that type: the validator reads the same parsed schema it would have built, and finds the
 * profile's own backbone types in it. The name is kept out of the resource types (kind `logical`) and does
 * not replace any R4 type.
 * @returns The type name to validate against.
 */
function registerParsedProfile(profile: StructureDefinition): string {
  const typeName = `TargetProfile ${profile.url}`;
  getAllDataTypes()[typeName] = { ...parseStructureDefinition(profile), kind: 'logical' };
  return typeName;
}

/**
 * Loads the package's StructureDefinitions into @medplum/core (loadDataType) and returns a validator.
 * `definitions` defaults to the committed package (profiles/generated/package); the package's CodeSystems
 * and ValueSets are added to `terminology` (the server passes one that already holds R4 core's).
 */
export function createTargetValidator(
  definitions: PackageResource[] = readTargetDefinitions(),
  terminology: TerminologyIndex = new TerminologyIndex(),
): TargetValidator {
  const profiles = new Map<string, StructureDefinition>();
  const parsedProfiles = new Map<string, string>();
  for (const definition of definitions) {
    if (definition.resourceType === 'StructureDefinition') {
      const structureDefinition = withExtensionSliceUrls(definition as unknown as StructureDefinition);
      loadDataType(structureDefinition);
      profiles.set(structureDefinition.url, structureDefinition);
      parsedProfiles.set(structureDefinition.url, registerParsedProfile(structureDefinition));
    } else if (definition.resourceType === 'CodeSystem' || definition.resourceType === 'ValueSet') {
      terminology.add(definition as unknown as CodeSystem | ValueSet);
    }
  }

  const validateOne = (resource: Resource, profile: StructureDefinition | undefined): OperationOutcomeIssue[] => {
    const tokens: Record<string, TypedValueWithPath[]> = {};
    let issues: OperationOutcomeIssue[];
    try {
      const parsed = profile && parsedProfiles.get(profile.url);
      issues = parsed
        ? validateTypedValue({ type: parsed, value: resource }, { collect: { tokens } })
        : validateResource(resource, { profile, collect: { tokens } });
    } catch (err) {
      if (!(err instanceof OperationOutcomeError)) {
        throw err;
      }
      issues = err.outcome.issue ?? [];
    }
    return [...issues, ...checkRequiredBindings(tokens, terminology)];
  };

  return {
    profiles,
    terminology,
    validate(resource: Resource, profileUrl?: string): OperationOutcomeIssue[] {
      const claimed = profileUrl
        ? [profileUrl]
        : (resource.meta?.profile ?? []).filter((p) => p.startsWith(`${TARGET_CANONICAL_BASE}/`));
      const urls = [...new Set(claimed.map((url) => url.split('|')[0]))];
      const known = urls.flatMap((url) => profiles.get(url) ?? []);
      const problems: OperationOutcomeIssue[] = urls
        .filter((url) => !profiles.has(url))
        .map((url) => profileIssue(resource, `Unknown TARGET profile ${url}`));
      for (const profile of known) {
        if (profile.type !== resource.resourceType) {
          problems.push(
            profileIssue(resource, `Profile ${profile.url} is for ${profile.type}, not ${resource.resourceType}`),
          );
        }
      }
      const applicable = known.filter((profile) => profile.type === resource.resourceType);
      // Each profile's snapshot includes the base rules: validate once per profile (or once against base
      // R4) and report an issue found by several runs once.
      const runs = applicable.length
        ? applicable.map((profile) => validateOne(resource, profile))
        : [validateOne(resource, undefined)];
      const seen = new Set<string>();
      const issues = runs.flat().filter((issue) => {
        const key = `${issue.severity}|${issue.code}|${issue.expression?.join(',')}|${issue.details?.text}`;
        if (seen.has(key)) {
          return false;
        }
        seen.add(key);
        return true;
      });
      return [...problems, ...issues];
    },
  };
}
