// A foreign SMART EHR for component tests: msw answers its FHIR base with a plain R4 server —
// @medplum/fhir-router's FhirRouter over a MemoryRepository — that knows none of TARGET's operations and
// whose CapabilityStatement lists none. Every request is recorded, so a test can see what the app asked.
import { getStatus, notFound } from '@medplum/core';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { loadFhirDefinitions } from '../../../../server/src/store/validation/fhir-definitions.ts';

export const FOREIGN_FHIR_BASE = 'https://his.example.org/fhir/r4';
/** MemoryRepository's page size when a search names no _count. */
const DEFAULT_COUNT = 20;

const CAPABILITY_STATEMENT = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  date: '2026-01-01',
  rest: [
    {
      mode: 'server',
      security: { service: [{ coding: [{ code: 'SMART-on-FHIR' }] }] },
      resource: ['Patient', 'Encounter', 'Condition', 'Observation', 'PractitionerRole', 'Goal', 'CarePlan'].map(
        (type) => ({ type, interaction: [{ code: 'read' }, { code: 'search-type' }] }),
      ),
    },
  ],
};

/**
 * R4 paging (http.html#paging): MemoryRepository pages with _count and _offset but writes no links, so the
 * stand-in adds the `next` link a FHIR server gives while matches remain.
 */
function addNextLink(bundle: Bundle, url: URL): void {
  const count = Number(url.searchParams.get('_count') ?? DEFAULT_COUNT);
  const offset = Number(url.searchParams.get('_offset') ?? 0);
  if (bundle.total !== undefined && offset + count < bundle.total) {
    const next = new URL(url);
    next.searchParams.set('_offset', String(offset + count));
    bundle.link = [...(bundle.link ?? []), { relation: 'next', url: next.toString() }];
  }
}

export interface ForeignEhr {
  readonly msw: SetupServer;
  readonly repo: MemoryRepository;
  /** `GET Encounter?subject=…` — what the app asked, in order. */
  readonly requests: string[];
  /** Stores the resources with their own ids (as the EHR has them). */
  load(resources: readonly Resource[]): Promise<void>;
}

export function foreignEhr(): ForeignEhr {
  loadFhirDefinitions();
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  const requests: string[] = [];
  const base = new URL(FOREIGN_FHIR_BASE);
  const handler = http.all(`${FOREIGN_FHIR_BASE}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const path = url.pathname.slice(base.pathname.length + 1);
    requests.push(`${request.method} ${path}${url.search}`);
    if (path === 'metadata') {
      return HttpResponse.json(CAPABILITY_STATEMENT);
    }
    if (path.includes('$')) {
      // A plain R4 server: no TARGET operation exists here.
      return HttpResponse.json(notFound, { status: 404, headers: { 'content-type': 'application/fhir+json' } });
    }
    const body = request.method === 'GET' ? undefined : await request.json();
    const [outcome, resource] = await router.handleRequest(
      { method: request.method as 'GET', url: `/${path}${url.search}`, pathname: '', body, params: {}, query: {} },
      repo,
    );
    if (resource?.resourceType === 'Bundle' && resource.type === 'searchset') {
      addNextLink(resource, url);
    }
    return HttpResponse.json(resource ?? outcome, {
      status: getStatus(outcome),
      headers: { 'content-type': 'application/fhir+json' },
    });
  });
  return {
    msw: setupServer(handler),
    repo,
    requests,
    load: async (resources) => {
      for (const resource of resources) {
        await repo.updateResource(resource);
      }
    },
  };
}
