// The FhirRouter with our additions: history at type and system level (and instance level with
// _since), which @medplum/fhir-router leaves to the repository implementation.
import { allOk, badRequest, isResource, isResourceType, notFound, OperationOutcomeError } from '@medplum/core';
import type { FhirRequest, FhirResponse, FhirRouteHandler, HttpMethod, RestInteraction } from '@medplum/fhir-router';
import { FhirRouter } from '@medplum/fhir-router';
import type { Bundle } from '@medplum/fhirtypes';
import { guardOperation } from '../access/operations.ts';
import type { PostgresRepository } from '../store/repository.ts';
import type { OperationRoute } from './operations/index.ts';
import { mergeQueries, parseFhirSearch } from './search-request.ts';

function singleQueryValue(req: FhirRequest, name: string): string | undefined {
  const value = req.query[name];
  return Array.isArray(value) ? value.at(-1) : value;
}

function integerQueryValue(req: FhirRequest, name: string): number | undefined {
  const raw = singleQueryValue(req, name);
  if (raw === undefined) {
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new OperationOutcomeError(badRequest(`${name} must be a non-negative integer`, name));
  }
  return value;
}

/** R4 http.html#history parameters we implement (`_at` and `_list` are not), plus output formatting. */
const HISTORY_PARAMETERS = new Set(['_since', '_count', '_offset', '_format', '_pretty']);

const history: FhirRouteHandler = async (req, repo): Promise<FhirResponse> => {
  const { resourceType, id } = req.params;
  if (resourceType && !isResourceType(resourceType)) {
    throw new OperationOutcomeError(badRequest(`Unknown resource type "${resourceType}"`));
  }
  const unknown = Object.keys(req.query).filter((name) => !HISTORY_PARAMETERS.has(name));
  if (unknown.length > 0) {
    throw new OperationOutcomeError(
      badRequest(`History supports _since, _count and _offset; not ${unknown.join(', ')}`, unknown[0]),
    );
  }
  const postgres = repo as PostgresRepository;
  const query = {
    resourceType,
    id,
    since: singleQueryValue(req, '_since'),
    count: integerQueryValue(req, '_count'),
    offset: integerQueryValue(req, '_offset'),
  };
  if (id) {
    // 404 for an id that never existed; a deleted resource still has its history.
    return [
      allOk,
      await postgres.readHistory(resourceType, id, { limit: query.count, offset: query.offset, since: query.since }),
    ];
  }
  return [allOk, await postgres.history(query)];
};

/** Type-level search by GET and POST: the built-in one, with composite parameters understood. */
const search: FhirRouteHandler = async (req, repo): Promise<FhirResponse> => {
  const postgres = repo as PostgresRepository;
  const query =
    req.method === 'POST' ? mergeQueries(req.query, req.body as Record<string, string | string[]>) : req.query;
  const request = parseFhirSearch(postgres.registry, req.params.resourceType, query);
  return [allOk, await postgres.search(request)];
};

/** Replaces a built-in route (same method and path shape) or adds a new one. */
function setRoute(
  router: FhirRouter,
  method: HttpMethod,
  path: string,
  handler: FhirRouteHandler,
  interaction: RestInteraction,
): void {
  const index = builtInRouteIndex(router, method, path);
  if (index >= 0) {
    router.router.routes.splice(index, 1);
  }
  router.add(method, path, handler, interaction);
}

/** The shape of a route's path: `:resourceType/:id` and `:type/:x` are one shape. */
function shapeOf(segments: readonly string[]): string {
  return segments.map((s) => (s.startsWith(':') ? ':' : s)).join('/');
}

/** Where the router holds its route of `method` and `path`'s shape; -1 when it has none. */
function builtInRouteIndex(router: FhirRouter, method: HttpMethod, path: string): number {
  const wanted = shapeOf(path.split('/').filter(Boolean));
  return router.router.routes.findIndex(
    (route) => route.method === method && shapeOf(route.path.map((s) => (s.param ? ':' : s.value))) === wanted,
  );
}

/**
 * A create or update without a resource in its body (an empty PUT, a Bundle entry without `resource`) is the
 * client's 400. fhir-router's handlers read `body.resourceType` unchecked; the TypeError that threw inside a
 * transaction was rolled back and answered as a 500 (store/database/errors.ts afterTransaction).
 */
function requiringResource(handler: FhirRouteHandler): FhirRouteHandler {
  return async (req, repo, router, options) => {
    if (!isResource(req.body)) {
      return [badRequest('A create or update needs a resource in its body (in a Bundle: entry.resource)')];
    }
    return handler(req, repo, router, options);
  };
}

/**
 * A transaction is all or nothing (R4 http.html#transaction). fhir-router answers an entry without
 * request.method with a 400 inside its response Bundle and commits the other entries under a 200: such a
 * transaction is refused whole, before any entry runs (nested transactions come through here too).
 */
function wholeTransactions(handler: FhirRouteHandler): FhirRouteHandler {
  return async (req, repo, router, options) => {
    const bundle = req.body as Bundle | undefined;
    if (bundle?.resourceType === 'Bundle' && bundle.type === 'transaction' && Array.isArray(bundle.entry)) {
      const index = bundle.entry.findIndex((entry) => !entry?.request?.method);
      if (index >= 0) {
        return [
          badRequest('Every entry of a transaction needs request.method', `Bundle.entry[${index}].request.method`),
        ];
      }
    }
    return handler(req, repo, router, options);
  };
}

/** Wraps the built-in route of `method` and `path` (fhir-router registers them in its constructor). */
function wrapRoute(
  router: FhirRouter,
  method: HttpMethod,
  path: string,
  wrap: (h: FhirRouteHandler) => FhirRouteHandler,
) {
  const route = router.router.routes[builtInRouteIndex(router, method, path)];
  if (!route) {
    throw new Error(`fhir-router has no ${method} ${path} route to wrap`);
  }
  route.handler = wrap(route.handler);
}

/**
 * GraphQL is off. fhir-router's `$graphql` resolves nested searches without a bound on their product (one
 * request of eight nested lists held the server for minutes), reads outside the per-resource access checks
 * of this server's REST paths, and would be audited as one event without patients or query text. The apps
 * use FHIR REST; @medplum/react's schema requests are answered in the browser (DESIGN.md, Stage 2).
 */
const graphqlOff: FhirRouteHandler = async () => {
  throw new OperationOutcomeError({
    ...notFound,
    issue: [
      {
        severity: 'error',
        code: 'not-supported',
        details: { text: 'GraphQL ($graphql) is not offered by this server: use the FHIR REST API' },
      },
    ],
  });
};

/** The router with our interactions and `operations` (operations/index.ts `operationRoutes`; none for a bare router). */
export function createFhirRouter(operations: readonly OperationRoute[] = []): FhirRouter {
  const router = new FhirRouter();
  setRoute(router, 'POST', '$graphql', graphqlOff, 'operation');
  router.add('GET', '$graphql', graphqlOff, 'operation');
  wrapRoute(router, 'POST', '', wholeTransactions);
  wrapRoute(router, 'POST', ':resourceType', requiringResource);
  wrapRoute(router, 'PUT', ':resourceType/:id', requiringResource);
  wrapRoute(router, 'PUT', ':resourceType', requiringResource);
  setRoute(router, 'GET', ':resourceType', search, 'search-type');
  setRoute(router, 'POST', ':resourceType/_search', search, 'search-type');
  // The built-in instance history has no _since and no request/response in its entries.
  setRoute(router, 'GET', ':resourceType/:id/_history', history, 'history-instance');
  setRoute(router, 'GET', ':resourceType/_history', history, 'history-type');
  setRoute(router, 'GET', '_history', history, 'history-system');
  for (const operation of operations) {
    router.add(operation.method, operation.path, guardOperation(operation.definition, operation.handler), 'operation');
  }
  return router;
}
