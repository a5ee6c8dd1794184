// Bulk Data export (Bulk Data Access IG v2) over real HTTP: kick-off, status polling, manifest, NDJSON
// downloads compared with what the store holds, at system, Patient and Group level, on both databases.
import type { Basic, Encounter, Observation, Organization, Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { AccessPolicy } from '../../../server/src/access/policy.ts';
import { EXPORT_JOB_KIND, exportRunner } from '../../../server/src/bulk-export/runner.ts';
import { type JobRecord, JobService } from '../../../server/src/jobs/index.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { AuditJournal } from '../../../server/src/store/audit-journal.ts';
import { openDatabase } from '../../../server/src/store/database/database.ts';
import { migrate } from '../../../server/src/store/database/schema.ts';
import { ReadCache } from '../../../server/src/store/read-cache.ts';
import { PostgresRepository } from '../../../server/src/store/repository.ts';
import { SearchParamRegistry } from '../../../server/src/store/search/params.ts';
import { DATABASE_KINDS, makeTestConfig } from '../../support/database.ts';
import { createResource, expectOutcome, TEST_SYSTEM, uniqueValue } from '../../support/fhir-checks.ts';
import { fhirFetch, type TestServer, useTestServer } from '../../support/server.ts';

const ASYNC = { prefer: 'respond-async' };

interface Manifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: { type: string; url: string; count: number }[];
  error: { type: string; url: string; count: number }[];
}

function patient(): Patient {
  return { resourceType: 'Patient', identifier: [{ system: TEST_SYSTEM, value: uniqueValue() }], gender: 'female' };
}

function observation(subject: string): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'Body weight' },
    subject: { reference: subject },
  };
}

function encounter(subject: string): Encounter {
  return { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, subject: { reference: subject } };
}

/** Kick-off: 202 with the status URL in Content-Location. */
async function kickOff(
  server: TestServer,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<string> {
  const response = await fhirFetch(server, path, { ...init, headers: ASYNC });
  expect(response.status).toBe(202);
  const location = response.headers.get('content-location') as string;
  expect(location.startsWith(`${server.fhirUrl}/_async/`)).toBe(true);
  return location;
}

/** Polls the status URL until it stops answering 202; every 202 carries X-Progress and Retry-After. */
async function poll(url: string, authorization: string): Promise<Response> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(url, { headers: { authorization } });
    if (response.status !== 202) {
      return response;
    }
    expect(response.headers.get('x-progress')).toBeTruthy();
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    await response.arrayBuffer();
    if (Date.now() > deadline) {
      throw new Error(`export at ${url} did not finish`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function exportManifest(server: TestServer, path: string, init: { method?: string; body?: unknown } = {}) {
  const statusUrl = await kickOff(server, path, init);
  const response = await poll(statusUrl, server.adminAuthorization);
  expect(response.status).toBe(200);
  const manifest = (await response.json()) as Manifest;
  return { statusUrl, manifest };
}

/** Every resource in the manifest's output files, by type, checking each file's content type and count. */
async function download(manifest: Manifest, authorization: string): Promise<Map<string, Resource[]>> {
  const byType = new Map<string, Resource[]>();
  for (const file of manifest.output) {
    const response = await fetch(file.url, {
      headers: { accept: 'application/fhir+ndjson', authorization },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+ndjson/);
    const text = await response.text();
    expect(text.endsWith('\n')).toBe(true);
    const resources = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Resource);
    expect(resources).toHaveLength(file.count);
    expect(new Set(resources.map((r) => r.resourceType))).toEqual(new Set([file.type]));
    byType.set(file.type, [...(byType.get(file.type) ?? []), ...resources]);
  }
  return byType;
}

const ids = (resources: Resource[] | undefined): string[] => (resources ?? []).map((r) => r.id as string);

async function storedCount(server: TestServer, type: string): Promise<number> {
  const response = await fhirFetch(server, `${type}?_summary=count`);
  expect(response.status).toBe(200);
  return response.body.total;
}

describe.each(DATABASE_KINDS)('Bulk Data $export on %s', (kind) => {
  const server = useTestServer(kind);

  test('exports every stored resource at system level: manifest, NDJSON files, counts per type and every id', async () => {
    const p = await createResource(server, patient());
    const o = await createResource(server, observation(`Patient/${p.id}`));
    const org = await createResource<Organization>(server, { resourceType: 'Organization', name: 'Praktijk De Linde' });

    const { manifest } = await exportManifest(server, '$export');

    expect(manifest).toMatchObject({ request: `${server.fhirUrl}/$export`, requiresAccessToken: true, error: [] });
    expect(Date.parse(manifest.transactionTime)).not.toBeNaN();
    for (const file of manifest.output) {
      expect(file.url.startsWith(`${server.fhirUrl}/_async/`)).toBe(true);
    }
    const exported = await download(manifest, server.adminAuthorization);
    for (const [type, resources] of exported) {
      // The audit trail grows with every request made since the export ran (its downloads included).
      const stored = await storedCount(server, type);
      if (type === 'AuditEvent') {
        expect(resources.length).toBeLessThan(stored);
      } else {
        expect(resources.length, type).toBe(stored);
      }
      expect(new Set(ids(resources)).size).toBe(resources.length);
    }
    expect(ids(exported.get('Patient'))).toContain(p.id);
    expect(ids(exported.get('Observation'))).toContain(o.id);
    expect(ids(exported.get('Organization'))).toContain(org.id);
    expect(exported.get('Observation')?.find((r) => r.id === o.id)).toEqual(o);
  });

  test('exports only the _type types and only resources changed after _since', async () => {
    const before = await createResource(server, patient());
    const changedLater = await createResource(server, patient());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = await createResource(server, patient());
    const obs = await createResource(server, observation(`Patient/${after.id}`));
    await createResource<Organization>(server, { resourceType: 'Organization', name: 'Later' });
    const updated = await fhirFetch(server, `Patient/${changedLater.id}`, {
      method: 'PUT',
      body: { ...changedLater, gender: 'male' },
    });
    expect(updated.status).toBe(200);

    const { manifest } = await exportManifest(
      server,
      `$export?_type=Patient,Observation&_since=${encodeURIComponent(since)}&_outputFormat=ndjson`,
    );
    const exported = await download(manifest, server.adminAuthorization);

    expect([...exported.keys()].sort()).toEqual(['Observation', 'Patient']);
    expect(ids(exported.get('Patient')).sort()).toEqual([after.id, changedLater.id].sort());
    expect(ids(exported.get('Patient'))).not.toContain(before.id);
    expect(ids(exported.get('Observation'))).toEqual([obs.id]);
    expect(exported.get('Patient')?.find((r) => r.id === changedLater.id)).toMatchObject({ gender: 'male' });
  });

  test('exports Patients and their compartments at Patient level, nothing outside the compartment', async () => {
    const p = await createResource(server, patient());
    const o = await createResource(server, observation(`Patient/${p.id}`));
    const unrelated = await createResource(server, observation('Group/not-a-patient'));

    const { manifest } = await exportManifest(server, 'Patient/$export');
    const exported = await download(manifest, server.adminAuthorization);

    expect(exported.has('Organization')).toBe(false);
    expect(exported.has('StructureDefinition')).toBe(false);
    expect(exported.get('Patient')?.length).toBe(await storedCount(server, 'Patient'));
    expect(ids(exported.get('Patient'))).toContain(p.id);
    expect(ids(exported.get('Observation'))).toContain(o.id);
    expect(ids(exported.get('Observation'))).not.toContain(unrelated.id);
  });

  test('exports only the member patients and their compartments at Group level; missing members in the error file', async () => {
    const [a, b, outsider] = await Promise.all([patient(), patient(), patient()].map((x) => createResource(server, x)));
    const mine = await Promise.all(
      [a, b]
        .flatMap((x) => [observation(`Patient/${x.id}`), encounter(`Patient/${x.id}`)])
        .map((r) => createResource(server, r)),
    );
    const theirs = await Promise.all(
      [observation(`Patient/${outsider.id}`), encounter(`Patient/${outsider.id}`)].map((r) =>
        createResource(server, r),
      ),
    );
    const group = await createResource(server, {
      resourceType: 'Group',
      type: 'person',
      actual: true,
      member: [
        { entity: { reference: `Patient/${a.id}` } },
        { entity: { reference: `Patient/${b.id}` } },
        { entity: { reference: 'Patient/no-such-patient' } },
      ],
    });

    const { manifest } = await exportManifest(server, `Group/${group.id}/$export?_type=Patient,Observation,Encounter`);
    const exported = await download(manifest, server.adminAuthorization);

    expect(ids(exported.get('Patient')).sort()).toEqual([a.id, b.id].sort());
    const exportedIds = [...exported.values()].flat().map((r) => `${r.resourceType}/${r.id}`);
    expect(exportedIds.sort()).toEqual([a, b, ...mine].map((r) => `${r.resourceType}/${r.id}`).sort());
    for (const r of [outsider, ...theirs]) {
      expect(exportedIds).not.toContain(`${r.resourceType}/${r.id}`);
    }
    expect(manifest.error).toHaveLength(1);
    const errors = await (
      await fetch(manifest.error[0].url, { headers: { authorization: server.adminAuthorization } })
    ).text();
    expect(JSON.parse(errors.trim())).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', details: { text: expect.stringContaining('Patient/no-such-patient') } }],
    });
  });

  test('accepts a POST kick-off with a Parameters body', async () => {
    const p = await createResource(server, patient());
    const { manifest } = await exportManifest(server, 'Patient/$export', {
      method: 'POST',
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: '_type', valueString: 'Patient' },
          { name: '_outputFormat', valueString: 'application/fhir+ndjson' },
        ],
      },
    });
    const exported = await download(manifest, server.adminAuthorization);
    expect([...exported.keys()]).toEqual(['Patient']);
    expect(ids(exported.get('Patient'))).toContain(p.id);
  });

  test('DELETE on the status URL of a finished export answers 202, then the status and files are 404', async () => {
    await createResource(server, patient());
    const { statusUrl, manifest } = await exportManifest(server, '$export?_type=Patient');
    const deleted = await fetch(statusUrl, { method: 'DELETE', headers: { authorization: server.adminAuthorization } });
    expect(deleted.status).toBe(202);

    const status = await fetch(statusUrl, { headers: { authorization: server.adminAuthorization } });
    expect(status.status).toBe(404);
    expect(await status.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ details: { text: expect.stringContaining('cancelled') } }],
    });
    expect(
      (await fetch(manifest.output[0].url, { headers: { authorization: server.adminAuthorization } })).status,
    ).toBe(404);
    expect(
      (await fetch(statusUrl, { method: 'DELETE', headers: { authorization: server.adminAuthorization } })).status,
    ).toBe(404);
  });

  test('DELETE right after the kick-off cancels the export', async () => {
    const statusUrl = await kickOff(server, '$export');
    expect(
      (await fetch(statusUrl, { method: 'DELETE', headers: { authorization: server.adminAuthorization } })).status,
    ).toBe(202);
    expect((await poll(statusUrl, server.adminAuthorization)).status).toBe(404);
  });

  test.each([
    ['$export?_outputFormat=text/csv', '_outputFormat'],
    ['$export?_type=Patient,NotAType', 'NotAType'],
    ['$export?_since=yesterday', '_since'],
    ['$export?_since=2024-01-01', '_since'],
    ['$export?_typeFilter=Observation%3Fstatus%3Dfinal', '_typeFilter'],
    ['$export?_elements=id', '_elements'],
    ['Patient/$export?patient=Patient/1', 'patient'],
    ['$export?includeAssociatedData=LatestProvenanceResources', 'includeAssociatedData'],
    ['$export?_count=10', '_count'],
    ['Patient/$export?_type=Organization', 'Organization'],
  ])('answers 400 naming the problem for %s', async (path, named) => {
    const response = await fhirFetch(server, path, { headers: ASYNC });
    expectOutcome(response, 400);
    expect(JSON.stringify(response.body)).toContain(named);
  });

  test('answers 400 to a kick-off without Prefer: respond-async', async () => {
    const response = await fhirFetch(server, '$export');
    expectOutcome(response, 400);
    expect(JSON.stringify(response.body)).toContain('respond-async');
  });

  test('answers 404 for the export of an unknown Group', async () => {
    expectOutcome(await fhirFetch(server, 'Group/no-such-group/$export', { headers: ASYNC }), 404);
  });

  test('answers 404 with an OperationOutcome for an unknown job and an unknown file', async () => {
    expectOutcome(await fhirFetch(server, '_async/no-such-job'), 404);
    expectOutcome(await fhirFetch(server, '_async/no-such-job', { method: 'DELETE' }), 404);
    const { statusUrl } = await exportManifest(server, '$export?_type=Patient');
    const file = await fetch(`${statusUrl}/Observation-9.ndjson`, {
      headers: { authorization: server.adminAuthorization },
    });
    expect(file.status).toBe(404);
    expect(file.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  });

  test('lists $export at system, Patient and Group level in the CapabilityStatement', async () => {
    const { body } = await fhirFetch(server, 'metadata');
    expect(body.instantiates).toContain('http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data');
    expect(body.rest[0].operation).toContainEqual({
      name: 'export',
      definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export',
    });
    const operations = (type: string) => body.rest[0].resource.find((r: { type: string }) => r.type === type).operation;
    expect(operations('Patient')).toContainEqual({
      name: 'export',
      definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export',
    });
    expect(operations('Group')).toContainEqual({
      name: 'export',
      definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export',
    });
  });
});

describe.each(DATABASE_KINDS)('Bulk Data export job on %s', (kind) => {
  test('splits a type over files of at most the configured size, every resource once, in storage order', async () => {
    const { config, cleanup } = await makeTestConfig(kind);
    const db = await openDatabase(config);
    const logger = createLogger({ logLevel: 'silent' });
    try {
      await migrate(db);
      const registry = await SearchParamRegistry.load(db);
      const fhirBaseUrl = 'http://127.0.0.1:1/fhir';
      const repo = new PostgresRepository({
        db,
        registry,
        fhirBaseUrl,
        cache: new ReadCache(0),
        serverAccess: AccessPolicy.unrestricted,
        auditJournal: new AuditJournal(db, registry),
      });
      const jobs = await JobService.start({ db, fhirBaseUrl, logger });
      jobs.register(
        EXPORT_JOB_KIND,
        exportRunner({
          db,
          registry,
          jobs,
          settleAuditTrail: () => repo.settleAuditTrail(),
          maxResourcesPerFile: 3,
          pageSize: 2,
        }),
      );
      const stored = await repo.createResources(
        Array.from({ length: 7 }, (_, i): Basic => ({ resourceType: 'Basic', code: { text: `split ${i}` } })),
      );

      const job = await jobs.submit(EXPORT_JOB_KIND, { level: 'system', types: ['Basic'] }, { request: 'r' });
      for (let i = 0; (await jobs.get(job.id))?.status !== 'completed'; i++) {
        expect(i).toBeLessThan(400);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const done = await jobs.get(job.id);
      expect(done?.progress).toMatchObject({ done: 7, total: 7, message: '7 of 7 resources' });
      const manifest = jobs.completedResponse(done as JobRecord).body as Manifest;
      expect(manifest.output.map((f) => [f.url.split('/').at(-1), f.count])).toEqual([
        ['Basic-1.ndjson', 3],
        ['Basic-2.ndjson', 3],
        ['Basic-3.ndjson', 1],
      ]);
      const lines: string[] = [];
      for (const file of ['Basic-1.ndjson', 'Basic-2.ndjson', 'Basic-3.ndjson']) {
        for await (const part of jobs.files.read(job.id, file)) {
          lines.push(...part.trimEnd().split('\n'));
        }
      }
      expect(lines.map((line) => JSON.parse(line).id)).toEqual(stored.map((r) => r.id));
      await jobs.close();
    } finally {
      await db.close();
      await cleanup();
    }
  });
});
