// The type schemas @medplum/react's components need (ResourceForm, ResourceTable, SearchControl… call
// MedplumClient.requestSchema), indexed in the browser so requestSchema finds them loaded and never sends
// its GraphQL query (a Medplum-only endpoint) to the EHR. Built by vite.config.ts (schema-trim.ts) into a
// JSON asset fetched from the app's own origin after launch, outside the initial JS.
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import type { FhirSchemas } from './schema-trim.ts';

/** Puts the schemas into @medplum/core's global index (isDataTypeLoaded, search parameter lookup). */
export function indexFhirSchemas(schemas: FhirSchemas): void {
  indexStructureDefinitionBundle(schemas.structureDefinitions);
  indexSearchParameterBundle({
    resourceType: 'Bundle',
    type: 'collection',
    entry: schemas.searchParameters.map((resource) => ({ resource })),
  });
}

/** Where the build put the trimmed schemas (vite.config.ts), under the app's base. */
const SCHEMAS_ASSET: string | undefined = import.meta.env.VITE_FHIR_SCHEMAS_ASSET;

let loading: Promise<void> | undefined;

/** Fetches and indexes the built schemas once per page; later calls share the first. */
export function loadBuiltFhirSchemas(fetchImpl = fetch): Promise<void> {
  if (!SCHEMAS_ASSET) {
    return Promise.reject(new Error('VITE_FHIR_SCHEMAS_ASSET is not set: the app was not built by vite.config.ts'));
  }
  loading ??= fetchImpl(`${import.meta.env.BASE_URL}${SCHEMAS_ASSET}`)
    .then((response) => {
      if (!response.ok) {
        throw new Error(`${SCHEMAS_ASSET}: HTTP ${response.status}`);
      }
      return response.json() as Promise<FhirSchemas>;
    })
    .then(indexFhirSchemas)
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}
