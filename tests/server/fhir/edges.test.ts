// Edge cases of the REST binding and search found in review: each once silently did the wrong thing.
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

describe.each(DATABASE_KINDS)('REST and search edge cases on %s', (kind) => {
  const server = useTestServer(kind);

  test('a reference type modifier narrows to that type (subject:Patient=id means subject=Patient/id)', async () => {
    await fhirFetch(server, 'Patient/edge-1', { method: 'PUT', body: { resourceType: 'Patient', id: 'edge-1' } });
    await fhirFetch(server, 'Group/edge-1', {
      method: 'PUT',
      body: { resourceType: 'Group', id: 'edge-1', type: 'person', actual: true },
    });
    for (const subject of ['Patient/edge-1', 'Group/edge-1']) {
      await fhirFetch(server, 'Observation', {
        method: 'POST',
        body: { resourceType: 'Observation', status: 'final', code: { text: 'edge' }, subject: { reference: subject } },
      });
    }
    const typed = await fhirFetch(server, 'Observation?subject:Patient=edge-1');
    expect(
      typed.body.entry.map((e: { resource: { subject: { reference: string } } }) => e.resource.subject.reference),
    ).toEqual(['Patient/edge-1']);
  });

  test('reference:identifier finds logical references by identifier, as written', async () => {
    const bsn = 'http://fhir.nl/fhir/NamingSystem/bsn';
    const created = await fhirFetch(server, 'Encounter', {
      method: 'POST',
      body: {
        resourceType: 'Encounter',
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        subject: { identifier: { system: bsn, value: '999911120' } },
      },
    });
    const ids = async (query: string): Promise<string[]> =>
      ((await fhirFetch(server, query)).body.entry ?? []).map((e: { resource: { id: string } }) => e.resource.id);
    expect(await ids(`Encounter?subject:identifier=${bsn}|999911120`)).toEqual([created.body.id]);
    expect(await ids('Encounter?subject:identifier=999911120')).toEqual([created.body.id]);
    expect(await ids(`Encounter?subject:identifier=${bsn}|999911121`)).toEqual([]);
  });

  test.each(['_sort=active&_total=accurate', '_sort=-_source,language&_total=estimate'])(
    "a sorted search with a total (%s) counts and sorts: 200, not the protocol error of a count given the sort's values",
    async (query) => {
      const response = await fhirFetch(server, `Patient?${query}`);
      expect(response.status).toBe(200);
      expect(response.body.total).toEqual(expect.any(Number));
    },
  );

  test('an unknown modifier is a 400, not silently ignored', async () => {
    const response = await fhirFetch(server, 'Patient?name:sounds-like=jan');
    expect(response.status).toBe(400);
    expect(response.body.resourceType).toBe('OperationOutcome');
  });

  test('POST _search combines parameters from the URL and the form body', async () => {
    await fhirFetch(server, 'Patient', {
      method: 'POST',
      body: { resourceType: 'Patient', name: [{ family: 'Edgewater', given: ['Anna'] }], gender: 'female' },
    });
    const response = await fetch(`${server.fhirUrl}/Patient/_search?gender=male`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: server.adminAuthorization },
      body: 'family=Edgewater',
    });
    const bundle = await response.json();
    expect(response.status).toBe(200);
    expect(bundle.entry ?? []).toEqual([]);
  });

  test('an If-Match that is not an ETag is a 400 and writes nothing', async () => {
    const created = await fhirFetch(server, 'Patient', { method: 'POST', body: { resourceType: 'Patient' } });
    const response = await fhirFetch(server, `Patient/${created.body.id}`, {
      method: 'PUT',
      body: { ...created.body, gender: 'male' },
      headers: { 'if-match': '99' },
    });
    expect(response.status).toBe(400);
    const read = await fhirFetch(server, `Patient/${created.body.id}`);
    expect(read.body.meta.versionId).toBe('1');
  });

  test.each(['1', 'yesterday', '2025-13-01T00:00:00Z'])('_since=%s is a 400, not a database error', async (since) => {
    const response = await fhirFetch(server, `Patient/_history?_since=${encodeURIComponent(since)}`);
    expect(response.status).toBe(400);
  });

  test('history pages do not repeat or skip versions written in the same millisecond', async () => {
    const batch = Array.from({ length: 30 }, () => ({
      resourceType: 'Basic' as const,
      code: { text: 'edge-history' },
    }));
    await server.repo.createResources(batch);
    const seen: string[] = [];
    let url: string | undefined = 'Basic/_history?_count=7';
    while (url) {
      const page = await fhirFetch(server, url);
      seen.push(...(page.body.entry ?? []).map((e: { fullUrl: string }) => e.fullUrl));
      const next = page.body.link.find((l: { relation: string }) => l.relation === 'next')?.url as string | undefined;
      url = next?.slice(server.fhirUrl.length + 1);
    }
    expect(seen.length).toBeGreaterThanOrEqual(30);
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('a history parameter this server does not implement (_at) is a 400, not ignored', async () => {
    const response = await fhirFetch(server, 'Patient/_history?_at=2025');
    expect(response.status).toBe(400);
    expect(response.body.issue[0].details.text).toContain('_at');
  });

  test('_count=0 on history has no next link', async () => {
    const page = await fhirFetch(server, 'Basic/_history?_count=0');
    expect(page.body.link.map((l: { relation: string }) => l.relation)).not.toContain('next');
  });

  test.each([
    ['sorting several types by a type parameter', '?_type=Patient,Observation&_sort=birthdate', 'only sort by _id'],
    [
      'more than 1000 OR values',
      `Patient?_id=${Array.from({ length: 1001 }, (_, i) => `x${i}`).join(',')}`,
      'At most 1000 values',
    ],
    ['an _offset beyond 10,000', 'Patient?_offset=10001', '_offset must be'],
    [
      'a chain deeper than 4 levels',
      'Observation?subject:Patient.general-practitioner:Practitioner.qualification-issuer.partof.partof.name=x',
      'at most 4 levels',
    ],
  ])('%s is a 400', async (_name, query, reason) => {
    const response = await fhirFetch(server, query);
    expect(response.status).toBe(400);
    expect(response.body.issue[0].details.text).toContain(reason);
  });

  test('creating a Bundle resource answers 201 with Location, unlike a batch', async () => {
    const response = await fhirFetch(server, 'Bundle', {
      method: 'POST',
      body: { resourceType: 'Bundle', type: 'collection', entry: [] },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toMatch(/\/Bundle\/[^/]+\/_history\/1$/);
  });
});
