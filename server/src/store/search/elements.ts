// _elements and _summary (R4 search.html#elements, #summary): a subset of each resource, marked
// SUBSETTED so nobody mistakes it for the whole record (and updates it with data missing).

import type { SearchRequest } from '@medplum/core';
import { getDataType, isResourceType } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { getSummaryElements } from '../validation/fhir-definitions.ts';

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };
const ALWAYS_KEPT = ['resourceType', 'id', 'meta'];

/** The element name a JSON key stands for: `_birthDate` → birthDate, `valueQuantity` → value[x] when a choice. */
function elementPath(path: string, key: string, isChoice: (candidate: string) => boolean): string {
  const element = key.startsWith('_') ? key.slice(1) : key;
  const choiceBase = /^([a-z][a-zA-Z]*?)[A-Z]/.exec(element)?.[1];
  return choiceBase !== undefined && isChoice(`${path}.${choiceBase}[x]`)
    ? `${path}.${choiceBase}[x]`
    : `${path}.${element}`;
}

/**
 * The parts of BackboneElement `value` (at element `path`) marked summary, recursively: `_summary=true` means
 * the summary elements at every level (a CapabilityStatement keeps each resource's type and profiles, not its
 * search parameters). Data types (a CodeableConcept, a Reference) are kept whole.
 */
function summaryOf(value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => summaryOf(item, path));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const { kept, backbones } = getSummaryElements();
  const subset: Record<string, unknown> = {};
  for (const [key, part] of Object.entries(value)) {
    const partPath = elementPath(path, key, (candidate) => kept.has(candidate) || backbones.has(candidate));
    if (kept.has(partPath)) {
      subset[key] = backbones.has(partPath) ? summaryOf(part, partPath) : part;
    }
  }
  return subset;
}

export function applyElementsFilter<T extends Resource>(resource: T, request: SearchRequest): T {
  const schema = isResourceType(resource.resourceType) ? getDataType(resource.resourceType) : undefined;
  let keep: (name: string) => boolean;
  if (request.fields) {
    const fields = new Set(request.fields.map((f) => f.trim()));
    keep = (name) => fields.has(name);
  } else if (request.summary === 'true') {
    keep = (name) => Boolean(schema?.summaryProperties?.has(name) || schema?.mandatoryProperties?.has(name));
  } else if (request.summary === 'text') {
    keep = (name) => name === 'text' || Boolean(schema?.mandatoryProperties?.has(name));
  } else if (request.summary === 'data') {
    keep = (name) => name !== 'text';
  } else {
    return resource;
  }
  const subset: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    // Choice elements (value[x]) and primitive extensions (_birthDate) follow their element name.
    const element = key.startsWith('_') ? key.slice(1) : key;
    const choiceBase = /^([a-z][a-zA-Z]*?)[A-Z]/.exec(element)?.[1];
    const isChoice = choiceBase !== undefined && Boolean(schema?.elements?.[`${choiceBase}[x]`]);
    if (ALWAYS_KEPT.includes(key) || keep(element) || (isChoice && keep(choiceBase))) {
      const path = `${resource.resourceType}.${isChoice ? `${choiceBase}[x]` : element}`;
      subset[key] =
        request.summary === 'true' && getSummaryElements().backbones.has(path) ? summaryOf(value, path) : value;
    }
  }
  const meta = { ...resource.meta, tag: [...(resource.meta?.tag ?? []), SUBSETTED] };
  return { ...subset, meta } as T;
}
