// Assertions shared by the FHIR API integration tests: the shape of an error answer, and what the
// store holds afterwards (read over HTTP, so a test sees exactly what a client would).
import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import { fhirFetch, type TestServer } from './server.ts';

/** Identifier system of resources made by the tests; values are unique per test. */
export const TEST_SYSTEM = 'urn:target-test';

type FetchResult = Awaited<ReturnType<typeof fhirFetch>>;

/** A fresh identifier value, so each test finds exactly the resources it wrote. */
export function uniqueValue(): string {
  return randomUUID();
}

/** `identifier=<TEST_SYSTEM>|<value>` for a search URL. */
export function identifierQuery(value: string): string {
  return `identifier=${encodeURIComponent(`${TEST_SYSTEM}|${value}`)}`;
}

/** Asserts an error answer: exact status, FHIR JSON, an OperationOutcome whose first issue is an error. */
export function expectOutcome(response: FetchResult, status: number): void {
  expect({ status: response.status, body: response.body }).toMatchObject({
    status,
    body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] },
  });
  expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
}

/** Number of current (not deleted) resources of a type carrying the test identifier `value`. */
export async function countByIdentifier(server: TestServer, resourceType: string, value: string): Promise<number> {
  const response = await fhirFetch(server, `${resourceType}?${identifierQuery(value)}&_summary=count`);
  expect(response.status).toBe(200);
  return response.body.total;
}

/** Number of versions the store holds, the audit trail apart (as system history counts them): every write adds one. */
export async function storedVersionCount(server: TestServer): Promise<number> {
  // Every request adds to the audit trail (a refused one too): only the other resources' versions count.
  const [row] = await server.repo.sql.query<{ n: string | number }>(
    `SELECT (SELECT count(*) FROM resource WHERE resource_type <> 'AuditEvent')
      + (SELECT count(*) FROM resource_history WHERE resource_type <> 'AuditEvent') AS n`,
  );
  return Number(row.n);
}

/** Creates a resource over HTTP and returns it as stored. */
export async function createResource<T extends Resource>(server: TestServer, resource: T): Promise<T & { id: string }> {
  const response = await fhirFetch(server, resource.resourceType, { method: 'POST', body: resource });
  expect(response.status).toBe(201);
  return response.body;
}

/** The path (relative to /fhir) of an absolute link the server returned, e.g. a Bundle `next` link. */
export function pathOf(server: TestServer, url: string): string {
  expect(url.startsWith(`${server.fhirUrl}/`)).toBe(true);
  return url.slice(server.fhirUrl.length + 1);
}
