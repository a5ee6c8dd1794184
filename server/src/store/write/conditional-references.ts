// Conditional references (R4 http.html#trules): `{"reference": "Patient?identifier=sys|123"}` in a resource
// being written is replaced by the one resource the search finds; none or several fail the write.

import type { WithId } from '@medplum/core';
import { badRequest, multipleMatches, OperationOutcomeError, parseSearchRequest } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';

const CONDITIONAL_REFERENCE = /^[A-Z][A-Za-z]+\?/;

type Search = (query: string) => Promise<WithId<Resource>[]>;

function collectConditional(value: unknown, found: { holder: Record<string, unknown> }[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      collectConditional(item, found);
    }
  } else if (value && typeof value === 'object') {
    const holder = value as Record<string, unknown>;
    // for…in rather than Object.entries: this runs on every element of every written resource.
    for (const key in holder) {
      const child = holder[key];
      if (key === 'reference' && typeof child === 'string' && CONDITIONAL_REFERENCE.test(child)) {
        found.push({ holder });
      } else if (typeof child === 'object') {
        collectConditional(child, found);
      }
    }
  }
}

/** Whether the resource holds a conditional reference (resolved, by a search, when it is written). */
export function hasConditionalReferences(resource: Resource): boolean {
  const found: { holder: Record<string, unknown> }[] = [];
  collectConditional(resource, found);
  return found.length > 0;
}

/** Returns the resource with its conditional references resolved (the input itself when it has none). */
export async function resolveConditionalReferences<T extends Resource>(resource: T, search: Search): Promise<T> {
  const found: { holder: Record<string, unknown> }[] = [];
  collectConditional(resource, found);
  if (found.length === 0) {
    return resource;
  }
  const copy = structuredClone(resource);
  const inCopy: { holder: Record<string, unknown> }[] = [];
  collectConditional(copy, inCopy);
  for (const { holder } of inCopy) {
    const query = holder.reference as string;
    const matches = await search(query);
    if (matches.length === 0) {
      throw new OperationOutcomeError(badRequest(`Conditional reference "${query}" matches no resource`));
    }
    if (matches.length > 1) {
      throw new OperationOutcomeError(multipleMatches);
    }
    holder.reference = `${matches[0].resourceType}/${matches[0].id}`;
  }
  return copy;
}

export function parseConditionalReference(query: string): ReturnType<typeof parseSearchRequest> {
  return { ...parseSearchRequest(query), count: 2 };
}
