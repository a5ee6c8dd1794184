// History at instance, type and system level (R4 http.html#history): newest first, each entry with
// the request that made the version and the response it got, deletes included; _since and _count paging.
import { randomUUID } from 'node:crypto';
import type { BundleEntry, Observation, Patient } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { createResource, expectOutcome, pathOf, TEST_SYSTEM, uniqueValue } from '../../support/fhir-checks.ts';
import { fhirFetch, type TestServer, useTestServer } from '../../support/server.ts';

function patient(): Patient {
  return { resourceType: 'Patient', identifier: [{ system: TEST_SYSTEM, value: uniqueValue() }], gender: 'female' };
}

function observation(): Observation {
  return { resourceType: 'Observation', status: 'final', code: { text: 'Body weight' } };
}

/** Creates a Patient, updates it and deletes it: three versions, POST, PUT and DELETE. */
async function createUpdateDelete(server: TestServer): Promise<string> {
  const created = await createResource(server, patient());
  const updated = await fhirFetch(server, `Patient/${created.id}`, {
    method: 'PUT',
    body: { ...created, gender: 'other' },
  });
  expect(updated.status).toBe(200);
  expect((await fhirFetch(server, `Patient/${created.id}`, { method: 'DELETE' })).status).toBe(200);
  return created.id;
}

const key = (entry: BundleEntry): string => `${entry.request?.method} ${entry.fullUrl} ${entry.response?.etag}`;

describe.each(DATABASE_KINDS)('FHIR history on %s', (kind) => {
  const server = useTestServer(kind);

  test('lists an instance history newest first with request.method POST, PUT, DELETE and response.etag', async () => {
    const id = await createUpdateDelete(server);
    const response = await fhirFetch(server, `Patient/${id}/_history`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ resourceType: 'Bundle', type: 'history', total: 3 });
    const entries: BundleEntry[] = response.body.entry;
    expect(entries.map((e) => [e.request?.method, e.response?.etag])).toEqual([
      ['DELETE', 'W/"3"'],
      ['PUT', 'W/"2"'],
      ['POST', 'W/"1"'],
    ]);
    expect(entries.map((e) => e.fullUrl)).toEqual(Array(3).fill(`${server.fhirUrl}/Patient/${id}`));
    expect(entries[0].resource).toBeUndefined();
    expect(entries[1].resource).toMatchObject({ id, gender: 'other', meta: { versionId: '2' } });
    expect(entries[2].resource).toMatchObject({ id, gender: 'female', meta: { versionId: '1' } });
    expect(entries.map((e) => e.response?.status)).toEqual([
      expect.stringMatching(/^20[04]/),
      expect.stringMatching(/^200/),
      expect.stringMatching(/^201/),
    ]);
    for (const entry of entries) {
      expect(Date.parse(entry.response?.lastModified as string)).not.toBeNaN();
    }
  });

  test('lists the type history of Patient with Patient versions only, newest first', async () => {
    const id = await createUpdateDelete(server);
    const other = await createResource(server, observation());
    const response = await fhirFetch(server, 'Patient/_history');

    expect(response.status).toBe(200);
    expect(response.body.type).toBe('history');
    const entries: BundleEntry[] = response.body.entry;
    expect(entries.every((e) => e.fullUrl?.startsWith(`${server.fhirUrl}/Patient/`))).toBe(true);
    expect(entries.some((e) => e.fullUrl?.endsWith(other.id))).toBe(false);
    const mine = entries.filter((e) => e.fullUrl === `${server.fhirUrl}/Patient/${id}`);
    expect(mine.map((e) => e.request?.method)).toEqual(['DELETE', 'PUT', 'POST']);
    const times = entries.map((e) => Date.parse(e.response?.lastModified as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test('lists the system history with versions of every type, newest first', async () => {
    const id = await createUpdateDelete(server);
    const obs = await createResource(server, observation());
    const response = await fhirFetch(server, '_history');

    expect(response.status).toBe(200);
    expect(response.body.type).toBe('history');
    // The audit records of these very requests are in system history too; the data's versions are checked.
    const entries = (response.body.entry as BundleEntry[]).filter((e) => !e.fullUrl?.includes('/AuditEvent/'));
    expect(entries[0]).toMatchObject({
      fullUrl: `${server.fhirUrl}/Observation/${obs.id}`,
      request: { method: 'POST' },
      response: { etag: 'W/"1"' },
    });
    expect(entries.filter((e) => e.fullUrl === `${server.fhirUrl}/Patient/${id}`)).toHaveLength(3);
    const times = entries.map((e) => Date.parse(e.response?.lastModified as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test('lists only versions written at or after _since', async () => {
    const created = await createResource(server, patient());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const updated = await fhirFetch(server, `Patient/${created.id}`, {
      method: 'PUT',
      body: { ...created, gender: 'male' },
    });
    const since = encodeURIComponent(updated.body.meta.lastUpdated);

    const instance = await fhirFetch(server, `Patient/${created.id}/_history?_since=${since}`);
    expect(instance.status).toBe(200);
    expect(instance.body.entry.map(key)).toEqual([`PUT ${server.fhirUrl}/Patient/${created.id} W/"2"`]);

    const type = await fhirFetch(server, `Patient/_history?_since=${since}`);
    expect(type.status).toBe(200);
    expect(type.body.entry.map(key)).toContain(`PUT ${server.fhirUrl}/Patient/${created.id} W/"2"`);
    expect(type.body.entry.map(key)).not.toContain(`POST ${server.fhirUrl}/Patient/${created.id} W/"1"`);
  });

  test('answers 400 with an OperationOutcome for an invalid _since', async () => {
    const created = await createResource(server, patient());
    expectOutcome(await fhirFetch(server, `Patient/${created.id}/_history?_since=yesterday`), 400);
  });

  test('pages the history by _count with a next link that leads to the remaining versions', async () => {
    const id = await createUpdateDelete(server);
    const first = await fhirFetch(server, `Patient/${id}/_history?_count=2`);

    expect(first.status).toBe(200);
    expect(first.body.total).toBe(3);
    expect(first.body.entry.map((e: BundleEntry) => e.response?.etag)).toEqual(['W/"3"', 'W/"2"']);
    const next = first.body.link.find((l: { relation: string }) => l.relation === 'next');
    expect(next).toBeDefined();

    const second = await fhirFetch(server, pathOf(server, next.url));
    expect(second.status).toBe(200);
    expect(second.body.entry.map((e: BundleEntry) => e.response?.etag)).toEqual(['W/"1"']);
    expect(second.body.link.find((l: { relation: string }) => l.relation === 'next')).toBeUndefined();
  });

  test('answers 404 with an OperationOutcome for the history of an id that never existed', async () => {
    expectOutcome(await fhirFetch(server, `Patient/never-${randomUUID()}/_history`), 404);
  });
});
