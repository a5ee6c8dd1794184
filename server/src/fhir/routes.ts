// The FhirRouter with our additions: history at type and system level (and instance level with
// _since), which @medplum/fhir-router leaves to the repository implementation.
import { allOk, badRequest, isResourceType, OperationOutcomeError } from '@medplum/core';
import type { FhirRequest, FhirResponse, FhirRouteHandler } from '@medplum/fhir-router';
import { FhirRouter } from '@medplum/fhir-router';
import type { PostgresRepository } from '../store/repository.ts';

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

const history: FhirRouteHandler = async (req, repo): Promise<FhirResponse> => {
  const { resourceType, id } = req.params;
  if (resourceType && !isResourceType(resourceType)) {
    throw new OperationOutcomeError(badRequest(`Unknown resource type "${resourceType}"`));
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

export function createFhirRouter(): FhirRouter {
  const router = new FhirRouter();
  // Replace the built-in instance history (no _since, no request/response in entries) with ours.
  const builtIn = router.router.routes.findIndex(
    (route) => route.method === 'GET' && route.path.map((s) => (s.param ? ':' : s.value)).join('/') === ':/:/_history',
  );
  if (builtIn >= 0) {
    router.router.routes.splice(builtIn, 1);
  }
  router.add('GET', ':resourceType/:id/_history', history, 'history-instance');
  router.add('GET', ':resourceType/_history', history, 'history-type');
  router.add('GET', '_history', history, 'history-system');
  return router;
}
