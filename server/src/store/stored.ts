import type { Resource } from '@medplum/fhirtypes';

/**
 * JSONB stores object keys sorted by length, which moves `resourceType` to the back; FHIR JSON puts it
 * first (R4 json.html), which streaming parsers and humans reading a response rely on.
 */
export function fromStored<T extends Resource>(content: T): T {
  const { resourceType, ...rest } = content;
  return { resourceType, ...rest } as T;
}
