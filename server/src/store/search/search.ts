// Runs a FHIR search against the store and builds the searchset Bundle: paging links, totals,
// _include/_revinclude (through @medplum/fhir-router's include logic), _elements and _summary.

import type { SearchRequest, WithId } from '@medplum/core';
import {
  badRequest,
  DEFAULT_MAX_SEARCH_COUNT,
  DEFAULT_SEARCH_COUNT,
  formatSearchQuery,
  getSearchResourceTypes,
  globalSchema,
  OperationOutcomeError,
} from '@medplum/core';
import type { Bundle, BundleEntry, BundleLink, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { SqlRunner } from '../database/database.ts';
import { fromStored } from '../stored.ts';
import { assertSearchBounds, MAX_OFFSET } from './bounds.ts';
import type { SearchParamRegistry } from './params.ts';
import { compileFilters, compileSort, type RowFilter, rowFilterConditions, SqlParams } from './sql.ts';

export interface SearchContext {
  readonly db: SqlRunner;
  readonly registry: SearchParamRegistry;
  /** e.g. http://localhost:8080/fhir */
  readonly fhirBaseUrl: string;
  readonly lenient: boolean;
  /** Access control (access/policy.ts through the repository); absent: unrestricted. */
  readonly rowFilter?: RowFilter;
}

export interface SearchResult<T extends Resource> {
  readonly resources: WithId<T>[];
  readonly hasMore: boolean;
  readonly total: number | undefined;
  readonly warnings: string[];
}

/** Finds matching resources: one query for the page (plus one row to know whether a next page exists). */
export async function findResources<T extends Resource>(
  ctx: SearchContext,
  request: SearchRequest<T>,
): Promise<SearchResult<T>> {
  assertSearchBounds(request);
  const count = pageSize(request);
  const offset = request.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    throw new OperationOutcomeError(
      badRequest(`_offset must be an integer from 0 to ${MAX_OFFSET}; narrow the search instead`, '_offset'),
    );
  }
  const params = new SqlParams();
  const warnings: string[] = [];
  const compileContext = {
    registry: ctx.registry,
    params,
    fhirBaseUrl: ctx.fhirBaseUrl,
    lenientWarnings: ctx.lenient ? warnings : undefined,
    rowFilter: ctx.rowFilter,
  };
  const types = getSearchResourceTypes(request);
  for (const type of types) {
    if (!globalSchema.types[type]?.searchParams) {
      throw new OperationOutcomeError(badRequest(`Unknown resource type "${type}"`));
    }
  }
  const perType = types.map((type) => {
    const conditions = [
      `r.resource_type = ${params.add(type)}`,
      ...compileFilters(compileContext, type, request.filters ?? [], 'r'),
      ...rowFilterConditions(compileContext, type, 'r'),
    ];
    return `(${conditions.join(' AND ')})`;
  });
  const where = `NOT r.deleted AND (${perType.join(' OR ')})`;
  // The count runs with the filters' values only: the sort below may bind more (a statement given more values
  // than it has placeholders is a protocol violation, 08P01).
  const whereValues = [...params.values];
  // Sorting by a parameter needs one resource type; with several, only _id/_lastUpdated apply.
  if (types.length > 1 && request.sortRules?.some((rule) => rule.code !== '_id' && rule.code !== '_lastUpdated')) {
    throw new OperationOutcomeError(
      badRequest('A search over several types can only sort by _id or _lastUpdated', '_sort'),
    );
  }
  const order = compileSort(compileContext, types[0], request.sortRules ?? [], 'r');

  let total: number | undefined;
  if (request.total === 'accurate' || request.total === 'estimate') {
    const [row] = await ctx.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM resource r WHERE ${where}`,
      whereValues,
    );
    total = row.total;
  }
  if (count === 0) {
    return { resources: [], hasMore: false, total, warnings };
  }
  const limit = params.add(count + 1);
  const skip = params.add(offset);
  const rows = await ctx.db.query<{ content: WithId<T> }>(
    `SELECT r.content FROM resource r WHERE ${where} ORDER BY ${order.join(', ')} LIMIT ${limit} OFFSET ${skip}`,
    params.values,
  );
  const hasMore = rows.length > count;
  return { resources: rows.slice(0, count).map((row) => fromStored(row.content)), hasMore, total, warnings };
}

function pageSize(request: SearchRequest): number {
  const count = request.count ?? DEFAULT_SEARCH_COUNT;
  if (!Number.isInteger(count) || count < 0) {
    throw new OperationOutcomeError(badRequest('_count must be a non-negative integer', '_count'));
  }
  return Math.min(count, DEFAULT_MAX_SEARCH_COUNT);
}

/** Bundle.link for a page: self, first, previous and next, as absolute URLs. */
function pageLinks(fhirBaseUrl: string, request: SearchRequest, hasMore: boolean): BundleLink[] {
  const count = pageSize(request);
  const offset = request.offset ?? 0;
  const base = `${fhirBaseUrl}/${request.types ? '' : request.resourceType}`;
  // formatSearchQuery spells _elements as Medplum's _fields, which other FHIR servers do not know.
  const url = (pageOffset: number): string =>
    base +
    formatSearchQuery({ ...request, count, offset: pageOffset, total: request.total }).replace(
      /([?&])_fields=/,
      '$1_elements=',
    );
  const links: BundleLink[] = [
    { relation: 'self', url: url(offset) },
    { relation: 'first', url: url(0) },
  ];
  if (offset > 0 && count > 0) {
    links.push({ relation: 'previous', url: url(Math.max(0, offset - count)) });
  }
  if (hasMore) {
    links.push({ relation: 'next', url: url(offset + count) });
  }
  return links;
}

export function searchsetBundle<T extends Resource>(
  fhirBaseUrl: string,
  request: SearchRequest<T>,
  result: SearchResult<T>,
  resourceOnly: boolean,
): Bundle<WithId<T>> {
  const entry: BundleEntry<WithId<T>>[] = result.resources.map((resource) => ({
    fullUrl: `${fhirBaseUrl}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode: 'match' },
  }));
  if (result.warnings.length > 0) {
    const outcome: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: result.warnings.map((text) => ({ severity: 'warning', code: 'not-supported', details: { text } })),
    };
    entry.push({ resource: outcome as unknown as WithId<T>, search: { mode: 'outcome' } });
  }
  const bundle: Bundle<WithId<T>> = { resourceType: 'Bundle', type: 'searchset' };
  if (result.total !== undefined) {
    bundle.total = result.total;
  }
  if (!resourceOnly) {
    bundle.link = pageLinks(fhirBaseUrl, request, result.hasMore);
  }
  if (entry.length > 0) {
    bundle.entry = entry;
  }
  return bundle;
}
