// Bounds on what one search may ask, checked where every search enters the store (findResources): GET and
// POST _search, searches in batch entries, conditional creates/updates/patches/deletes and _include alike.
// Each repeat of a parameter is one more condition in one SQL statement; the planner's work grows faster
// than their number (300 repeats of `name` took 13 s to 5 min and ended out of memory on PGlite, which runs
// in the server's own thread and holds every other request meanwhile). Real clients stay far below: our
// own code sends one value per parameter, and @medplum/react's SearchControl one per filter the user adds.
import type { SearchRequest } from '@medplum/core';
import { badRequest, OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome } from '@medplum/fhirtypes';

/** Deep paging costs a scan of everything skipped; beyond this, clients should narrow the search (or history). */
export const MAX_OFFSET = 10_000;
/** Repeats of one search parameter (`name=a&name=b`; comma-separated values count as one). */
export const MAX_PARAMETER_REPEATS = 10;
/** Search parameters in one request: the criteria plus _include/_revinclude. */
export const MAX_SEARCH_PARAMETERS = 50;

function tooCostly(text: string, expression: string): OperationOutcomeError {
  const outcome: OperationOutcome = badRequest(text, expression);
  outcome.issue[0] = { ...outcome.issue[0], code: 'too-costly' };
  return new OperationOutcomeError(outcome);
}

/**
 * Throws a 400 OperationOutcomeError naming the parameter and the limit when the search asks too much, or
 * when a value holds a NUL character (PostgreSQL text cannot; it would fail as a database error).
 * @param request - The parsed search.
 */
export function assertSearchBounds(request: SearchRequest): void {
  const filters = request.filters ?? [];
  const repeats = new Map<string, number>();
  for (const filter of filters) {
    const count = (repeats.get(filter.code) ?? 0) + 1;
    if (count > MAX_PARAMETER_REPEATS) {
      throw tooCostly(
        `The search parameter ${filter.code} may be repeated at most ${MAX_PARAMETER_REPEATS} times`,
        filter.code,
      );
    }
    repeats.set(filter.code, count);
    if (filter.code.includes('\0') || filter.value.includes('\0')) {
      const name = filter.code.replaceAll('\0', '');
      throw new OperationOutcomeError(badRequest(`The search parameter ${name} holds a NUL character`, name));
    }
  }
  const total = filters.length + (request.include?.length ?? 0) + (request.revInclude?.length ?? 0);
  if (total > MAX_SEARCH_PARAMETERS) {
    throw tooCostly(
      `A search may have at most ${MAX_SEARCH_PARAMETERS} parameters (criteria, _include and _revinclude), got ${total}`,
      request.resourceType,
    );
  }
  // The other strings the request carries into SQL (_include, _sort, _elements, _type), whatever holds them.
  let nul = false;
  JSON.stringify(request, (_key, value) => {
    nul ||= typeof value === 'string' && value.includes('\0');
    return value;
  });
  if (nul) {
    throw new OperationOutcomeError(badRequest('A search parameter holds a NUL character'));
  }
}
