// Parses search parameters into a SearchRequest. @medplum/core's parser does all the work except for
// composite parameters (R4 search.html#composite), which it rejects; those are passed through as plain
// filters with their `a$b` value and compiled by the store.

import type { Filter, SearchRequest } from '@medplum/core';
import { Operator, parseSearchRequest } from '@medplum/core';
import type { SearchParamRegistry } from '../store/search-params.ts';

type Query = Record<string, string | string[] | undefined>;

export function parseFhirSearch(registry: SearchParamRegistry, resourceType: string, query: Query): SearchRequest {
  const rest: Query = {};
  const composites: Filter[] = [];
  for (const [key, value] of Object.entries(query)) {
    const [code, modifier] = key.split(':');
    if (registry.get(resourceType, code)?.type === 'composite') {
      for (const v of [value ?? []].flat()) {
        composites.push({ code, operator: (modifier as Operator | undefined) ?? Operator.EQUALS, value: v });
      }
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
