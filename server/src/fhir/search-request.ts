// Parses search parameters into a SearchRequest. @medplum/core's parser does the work, except for what it
// gets wrong or rejects, handled here first:
// - composite parameters (R4 search.html#composite), which it rejects: passed through as plain filters
//   with their `a$b` value and compiled by the store;
// - the type modifier of a reference (`subject:Patient=23` means `subject=Patient/23`, search.html#reference),
//   which it would drop;
// - modifiers it does not know, which it would silently ignore: a 400.
import type { Filter, SearchRequest } from '@medplum/core';
import { badRequest, isResourceType, OperationOutcomeError, Operator, parseSearchRequest } from '@medplum/core';
import type { SearchParamRegistry } from '../store/search/params.ts';

type Query = Record<string, string | string[] | undefined>;

/** Modifiers R4 defines for the parameter types we support (search.html#modifiers), plus :iterate. */
const KNOWN_MODIFIERS = new Set([
  'missing',
  'exact',
  'contains',
  'text',
  'not',
  'above',
  'below',
  'in',
  'not-in',
  'of-type',
  'identifier',
  'iterate',
]);

/** Merges the URL query and a form body of POST _search: both carry parameters (R4 http.html#search). */
export function mergeQueries(...queries: (Query | undefined)[]): Query {
  const merged: Query = {};
  for (const query of queries) {
    for (const [key, value] of Object.entries(query ?? {})) {
      const values = [merged[key] ?? [], value ?? []].flat();
      merged[key] = values.length === 1 ? values[0] : values;
    }
  }
  return merged;
}

export function parseFhirSearch(registry: SearchParamRegistry, resourceType: string, query: Query): SearchRequest {
  const rest: Query = {};
  const composites: Filter[] = [];
  for (const [key, value] of Object.entries(query)) {
    const [code, modifier] = key.split(':');
    const param = key.includes('.') || code.startsWith('_') ? undefined : registry.get(resourceType, code);
    if (param?.type === 'composite') {
      for (const v of [value ?? []].flat()) {
        composites.push({ code, operator: (modifier as Operator | undefined) ?? Operator.EQUALS, value: v });
      }
    } else if (param && modifier && param.type === 'reference' && isResourceType(modifier)) {
      const typed = [value ?? []].flat().map((v) =>
        v
          .split(',')
          .map((one) => (one.includes('/') ? one : `${modifier}/${one}`))
          .join(','),
      );
      rest[code] = [...[rest[code] ?? []].flat(), ...typed];
    } else if (param && modifier && !KNOWN_MODIFIERS.has(modifier)) {
      throw new OperationOutcomeError(badRequest(`Unknown modifier :${modifier} on ${code}`, key));
    } else {
      rest[key] = value;
    }
  }
  const request = parseSearchRequest(resourceType, rest);
  if (composites.length > 0) {
    request.filters = [...(request.filters ?? []), ...composites];
  }
  return request;
}
