// Concurrent writes over HTTP: version-aware updates must not lose an update (R4 http.html#concurrency),
// and racing conditional creates must not create duplicates (R4 http.html#ccreate).
import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import {
  countByIdentifier,
  createResource,
  identifierQuery,
  TEST_SYSTEM,
  uniqueValue,
} from '../../support/fhir-checks.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

const WRITERS = 8;

function patient(value: string): Patient {
  return { resourceType: 'Patient', identifier: [{ system: TEST_SYSTEM, value }], birthDate: '1960-06-06' };
}

/** Status codes and how often each occurred, e.g. { 200: 1, 412: 7 }. */
function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) {
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

describe.each(DATABASE_KINDS)('FHIR concurrent writes on %s', (kind) => {
  const server = useTestServer(kind);

  test(`lets exactly one of ${WRITERS} concurrent PUTs with If-Match W/"1" win; the others get 412 and no update is lost`, async () => {
    const created = await createResource(server, patient(uniqueValue()));

    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        fhirFetch(server, `Patient/${created.id}`, {
          method: 'PUT',
          body: { ...created, birthDate: `1960-06-${String(10 + i)}` },
          headers: { 'if-match': 'W/"1"' },
        }),
      ),
    );

    expect(tally(responses.map((r) => r.status))).toEqual({ 200: 1, 412: WRITERS - 1 });
    for (const loser of responses.filter((r) => r.status === 412)) {
      expect(loser.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] });
    }
    const winner = responses.find((r) => r.status === 200);
    const read = await fhirFetch(server, `Patient/${created.id}`);
    expect(read.body.meta.versionId).toBe('2');
    expect(read.body.birthDate).toBe(winner?.body.birthDate);
    const history = await fhirFetch(server, `Patient/${created.id}/_history`);
    expect(history.body.total).toBe(2);
    expect(history.body.entry).toHaveLength(2);
  });

  test(`gives ${WRITERS} concurrent PUTs without If-Match consecutive versions, none lost`, async () => {
    const created = await createResource(server, patient(uniqueValue()));

    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        fhirFetch(server, `Patient/${created.id}`, {
          method: 'PUT',
          body: { ...created, birthDate: `1960-07-${String(10 + i)}` },
        }),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(WRITERS).fill(200));
    const versions = responses.map((r) => Number(r.body.meta.versionId)).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 2));
    const history = await fhirFetch(server, `Patient/${created.id}/_history`);
    expect(history.body.total).toBe(WRITERS + 1);
  });

  test(`creates exactly one resource for ${WRITERS} concurrent conditional creates with the same If-None-Exist`, async () => {
    const value = uniqueValue();

    const responses = await Promise.all(
      Array.from({ length: WRITERS }, () =>
        fhirFetch(server, 'Patient', {
          method: 'POST',
          body: patient(value),
          headers: { 'if-none-exist': identifierQuery(value) },
        }),
      ),
    );

    expect(tally(responses.map((r) => r.status))).toEqual({ 201: 1, 200: WRITERS - 1 });
    const ids = new Set(responses.map((r) => r.body?.id));
    expect(ids.size).toBe(1);
    expect(await countByIdentifier(server, 'Patient', value)).toBe(1);
  });

  test(`creates exactly one resource for ${WRITERS} concurrent conditional updates with the same search`, async () => {
    const value = uniqueValue();

    const responses = await Promise.all(
      Array.from({ length: WRITERS }, () =>
        fhirFetch(server, `Patient?${identifierQuery(value)}`, { method: 'PUT', body: patient(value) }),
      ),
    );

    expect(tally(responses.map((r) => r.status))).toEqual({ 201: 1, 200: WRITERS - 1 });
    expect(await countByIdentifier(server, 'Patient', value)).toBe(1);
  });
});
