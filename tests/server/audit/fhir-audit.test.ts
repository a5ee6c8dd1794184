// The audit trail of the FHIR API over real HTTP, both databases: for the roles of the access-control matrix
// and each kind of interaction (read, vread, history, search by GET and POST, _summary=count, create,
// update, patch, delete, operations, transactions, denied requests, missing tokens, async status and Bulk
// Data files) one AuditEvent with the right agent, action, entity, patient, outcome and source is stored.
import type { AuditEvent } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { ADMIN_CLAIMS, fhirFetch, useTestServer } from '../../support/server.ts';
import { ROLES, type Role, storeFixtures } from '../access/fixtures.ts';
import { auditEventsOf, patientsOf, queryOf, requestIdOf, subtypeOf, whatOf } from './support.ts';

const observation = (patient: string, id?: string) => ({
  resourceType: 'Observation',
  ...(id ? { id } : {}),
  status: 'final',
  code: { text: 'audited' },
  subject: { reference: `Patient/${patient}` },
});

interface Case {
  readonly role: Role;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly form?: string;
  readonly status: number;
  readonly subtype: string;
  readonly action: string;
  /** Expected resource entity (a RegExp for server-assigned ids). */
  readonly what?: string | RegExp;
  readonly patients: string[];
  readonly query?: string;
}

const X = 'Patient/m-pat-x';
const Y = 'Patient/m-pat-y';
const CASES: Case[] = [
  { role: 'gpA', method: 'GET', path: X, status: 200, subtype: 'read', action: 'R', what: X, patients: [X] },
  { role: 'gpB', method: 'GET', path: X, status: 404, subtype: 'read', action: 'R', what: X, patients: [X] },
  {
    role: 'gpA',
    method: 'GET',
    path: 'Observation/m-obs-x/_history/1',
    status: 200,
    subtype: 'vread',
    action: 'R',
    what: 'Observation/m-obs-x/_history/1',
    patients: [X],
  },
  {
    role: 'gpA',
    method: 'GET',
    path: 'Observation/m-obs-x/_history',
    status: 200,
    subtype: 'history-instance',
    action: 'R',
    what: 'Observation/m-obs-x',
    patients: [X],
  },
  {
    role: 'gpA',
    method: 'GET',
    path: 'Condition/_history',
    status: 200,
    subtype: 'history-type',
    action: 'R',
    what: 'Condition',
    patients: [X],
  },
  {
    role: 'gpA',
    method: 'GET',
    path: 'Observation?subject=Patient/m-pat-x',
    status: 200,
    subtype: 'search-type',
    action: 'E',
    what: 'Observation',
    patients: [X],
    query: 'subject=Patient%2Fm-pat-x',
  },
  {
    role: 'gpB',
    method: 'GET',
    path: 'Observation?subject=Patient/m-pat-y&_summary=count',
    status: 200,
    subtype: 'search-type',
    action: 'E',
    what: 'Observation',
    patients: [Y],
    query: 'subject=Patient%2Fm-pat-y&_summary=count',
  },
  {
    role: 'gpA',
    method: 'POST',
    path: 'Condition/_search',
    form: 'patient=m-pat-x',
    status: 200,
    subtype: 'search-type',
    action: 'E',
    what: 'Condition',
    patients: [X],
    query: 'patient=m-pat-x',
  },
  {
    role: 'patientX',
    method: 'GET',
    path: 'Encounter',
    status: 200,
    subtype: 'search-type',
    action: 'E',
    what: 'Encounter',
    patients: [X],
  },
  {
    role: 'patientX',
    method: 'GET',
    path: 'Observation/m-obs-y',
    status: 404, // another patient's: as if it did not exist
    subtype: 'read',
    action: 'R',
    what: 'Observation/m-obs-y',
    patients: [X],
  },
  {
    role: 'partnerP',
    method: 'GET',
    path: 'Task/m-task-xp',
    status: 200,
    subtype: 'read',
    action: 'R',
    what: 'Task/m-task-xp',
    patients: [X],
  },
  {
    role: 'partnerQ',
    method: 'GET',
    path: 'Condition/m-cond-y',
    status: 403,
    subtype: 'read',
    action: 'R',
    what: 'Condition/m-cond-y',
    patients: [],
  },
  {
    role: 'partnerSystem',
    method: 'GET',
    path: 'ServiceRequest?patient=m-pat-x',
    status: 200,
    subtype: 'search-type',
    action: 'E',
    what: 'ServiceRequest',
    patients: [X],
    query: 'patient=m-pat-x',
  },
  {
    role: 'gpA',
    method: 'POST',
    path: 'Observation',
    body: observation('m-pat-x'),
    status: 201,
    subtype: 'create',
    action: 'C',
    what: /^Observation\/[^/]+\/_history\/1$/,
    patients: [X],
  },
  {
    role: 'patientX',
    method: 'POST',
    path: 'Observation',
    body: observation('m-pat-y'),
    status: 403,
    subtype: 'create',
    action: 'C',
    what: 'Observation',
    patients: [X, Y],
  },
  {
    role: 'gpA',
    method: 'PUT',
    path: 'Observation/audit-obs-x',
    body: observation('m-pat-x', 'audit-obs-x'),
    status: 200,
    subtype: 'update',
    action: 'U',
    what: 'Observation/audit-obs-x/_history/2',
    patients: [X],
  },
  {
    role: 'gpA',
    method: 'PATCH',
    path: 'Observation/audit-obs-x',
    body: [{ op: 'replace', path: '/status', value: 'amended' }],
    status: 200,
    subtype: 'patch',
    action: 'U',
    what: 'Observation/audit-obs-x/_history/3',
    patients: [X],
  },
  {
    role: 'gpB',
    method: 'DELETE',
    path: 'Observation/audit-obs-x',
    status: 404, // another practice's: as if it did not exist
    subtype: 'delete',
    action: 'D',
    what: 'Observation/audit-obs-x',
    patients: [],
  },
  {
    role: 'gpA',
    method: 'DELETE',
    path: 'Observation/audit-obs-x',
    status: 200,
    subtype: 'delete',
    action: 'D',
    what: 'Observation/audit-obs-x',
    patients: [],
  },
  {
    role: 'gpA',
    method: 'POST',
    path: 'Observation/$validate',
    body: observation('m-pat-x'),
    status: 200,
    subtype: 'operation',
    action: 'E',
    what: 'Observation',
    patients: [X],
  },
];

describe.each(DATABASE_KINDS)('audit trail of FHIR interactions on %s', (kind) => {
  const server = useTestServer(kind);
  let n = 0;
  /** A token of `role` with a subject of its own, so that its AuditEvents are found by altid. */
  const tokenOf = async (role: Role | 'admin') => {
    const sub = `${role}-audit-${++n}-${kind}`.toLowerCase();
    const claims = role === 'admin' ? ADMIN_CLAIMS : ROLES[role];
    return { sub, claims, authorization: `Bearer ${await server.tokenFor({ ...claims, sub })}` };
  };

  beforeAll(async () => {
    await storeFixtures(server);
    const created = await fhirFetch(server, 'Observation/audit-obs-x', {
      method: 'PUT',
      body: observation('m-pat-x', 'audit-obs-x'),
    });
    expect(created.status).toBe(201);
  });

  function expectEssentials(event: AuditEvent, sub: string, claims: (typeof ROLES)[Role], status: number): void {
    expect(event.type).toMatchObject({ code: 'rest' });
    expect(event.outcome).toBe(status < 400 ? '0' : status < 500 ? '4' : '8');
    if (status >= 400) {
      expect(event.outcomeDesc).toMatch(new RegExp(`^HTTP ${status}: .+`));
    }
    expect(Date.parse(event.recorded)).toBeGreaterThan(Date.now() - 60_000);
    expect(event.period?.start).toEqual(expect.any(String));
    const [user, client] = event.agent;
    expect(user).toMatchObject({ altId: sub, requestor: true, role: [{ coding: [{ code: claims.target_role }] }] });
    expect(user.network?.address).toMatch(/127\.0\.0\.1/);
    if (claims.fhirUser) {
      expect(user.who?.reference).toBe(claims.fhirUser);
    }
    expect(client).toMatchObject({ requestor: false, who: { identifier: { value: claims.client_id } } });
    expect(event.source.observer.identifier?.value).toBe(server.fhirUrl);
  }

  test.each(CASES)('$role $method $path: $status audited as $subtype ($action)', async (c) => {
    const { sub, claims, authorization } = await tokenOf(c.role);
    const headers: Record<string, string> = { authorization };
    const response = c.form
      ? await fetch(`${server.fhirUrl}/${c.path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body: c.form,
        })
      : await fetch(`${server.fhirUrl}/${c.path}`, {
          method: c.method,
          headers: {
            ...headers,
            ...(c.body
              ? { 'content-type': c.method === 'PATCH' ? 'application/json-patch+json' : 'application/fhir+json' }
              : {}),
          },
          body: c.body ? JSON.stringify(c.body) : undefined,
        });
    expect(response.status, await response.text()).toBe(c.status);
    const events = await auditEventsOf(server, `altid=${sub}`);
    expect(events).toHaveLength(1);
    const [event] = events;
    expectEssentials(event, sub, claims, c.status);
    expect(subtypeOf(event)).toBe(c.subtype);
    expect(event.action).toBe(c.action);
    if (c.what) {
      expect(whatOf(event)).toContainEqual(c.what instanceof RegExp ? expect.stringMatching(c.what) : c.what);
    }
    expect(patientsOf(event).sort()).toEqual([...c.patients].sort());
    if (c.query) {
      expect(queryOf(event)).toEqual([c.query]);
    }
  });

  test('a transaction is audited as a whole and entry by entry', async () => {
    const { sub, claims, authorization } = await tokenOf('gpA');
    const response = await fhirFetch(server, '', {
      method: 'POST',
      headers: { authorization },
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: observation('m-pat-x'), request: { method: 'POST', url: 'Observation' } },
          { request: { method: 'GET', url: 'Encounter/m-enc-x' } },
        ],
      },
    });
    expect(response.status).toBe(200);
    const events = await auditEventsOf(server, `altid=${sub}`);
    expect(events.map(subtypeOf).sort()).toEqual(['create', 'read', 'transaction']);
    for (const event of events) {
      expectEssentials(event, sub, claims, 200);
      expect(patientsOf(event)).toEqual([X]);
    }
    const create = events.find((e) => subtypeOf(e) === 'create') as AuditEvent;
    expect(whatOf(create)).toEqual([expect.stringMatching(/^Observation\/[^/]+\/_history\/1$/)]);
    expect(whatOf(events.find((e) => subtypeOf(e) === 'read') as AuditEvent)).toEqual(['Encounter/m-enc-x']);
  });

  test("the client's X-Request-Id is echoed and recorded in the event of the request and of each entry", async () => {
    const { sub, authorization } = await tokenOf('gpA');
    const requestId = `audit-request-${sub}`;
    const response = await fhirFetch(server, '', {
      method: 'POST',
      headers: { authorization, 'x-request-id': requestId },
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ resource: observation('m-pat-x'), request: { method: 'POST', url: 'Observation' } }],
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const events = await auditEventsOf(server, `altid=${sub}`);
    expect(events.map(subtypeOf).sort()).toEqual(['create', 'transaction']);
    expect(events.map(requestIdOf)).toEqual([requestId, requestId]);
  });

  test('a request without a usable X-Request-Id gets one from the server, echoed and recorded', async () => {
    const { sub, authorization } = await tokenOf('gpA');
    const response = await fhirFetch(server, 'Patient/m-pat-x', {
      headers: { authorization, 'x-request-id': 'has a space' },
    });
    expect(response.status).toBe(200);
    const assigned = response.headers.get('x-request-id');
    expect(assigned).toMatch(/^[0-9a-f-]{36}$/);
    const [event] = await auditEventsOf(server, `altid=${sub}`);
    expect(requestIdOf(event)).toBe(assigned);
  });

  test('a request without a token (401) is audited with the caller address and no identity', async () => {
    const response = await fetch(`${server.fhirUrl}/Patient/audit-401-probe-${kind}`);
    expect(response.status).toBe(401);
    const events = await auditEventsOf(server, `entity=Patient/audit-401-probe-${kind}`);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ outcome: '4', action: 'R', subtype: [{ code: 'read' }] });
    expect(event.outcomeDesc).toMatch(/^HTTP 401: An access token is required/);
    expect(event.agent).toHaveLength(1);
    expect(event.agent[0]).toMatchObject({ who: { display: 'unauthenticated' }, requestor: true });
    expect(event.agent[0].network?.address).toMatch(/127\.0\.0\.1/);
  });

  test('a POST to the base without a token answers 401 with WWW-Authenticate and leaves one AuditEvent', async () => {
    const unauthenticatedBatches = async () =>
      (await fhirFetch(server, 'AuditEvent?subtype=batch&outcome=4&_summary=count')).body.total as number;
    const before = await unauthenticatedBatches();
    const response = await fetch(`${server.fhirUrl}`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    expect(await unauthenticatedBatches()).toBe(before + 1);
    const [event] = (await auditEventsOf(server, 'subtype=batch&outcome=4&_sort=-date&_count=1')).slice(-1);
    expect(event.outcomeDesc).toMatch(/^HTTP 401: An access token is required/);
    expect(event.agent[0]).toMatchObject({ who: { display: 'unauthenticated' }, requestor: true });
  });

  test('a batch refused for its size leaves one AuditEvent for the request, none for the entries that never ran', async () => {
    const { sub, authorization } = await tokenOf('admin');
    const entry = Array.from({ length: 2000 }, () => ({ request: { method: 'GET', url: 'Patient/m-pat-x' } }));
    const response = await fhirFetch(server, '', {
      method: 'POST',
      headers: { authorization },
      body: { resourceType: 'Bundle', type: 'batch', entry },
    });
    expect(response.status).toBe(413);
    const events = await auditEventsOf(server, `altid=${sub}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: '4', subtype: [{ code: 'batch' }] });
    expect(events[0].outcomeDesc).toMatch(/^HTTP 413: A batch or transaction may have at most 500 entries/);
    expect(events[0].entity?.[0].name).toBe('2000 entries');
  });

  test('a batch entry whose URL holds a NUL character is audited, the NUL stored as U+FFFD', async () => {
    const { sub, authorization } = await tokenOf('admin');
    const response = await fhirFetch(server, '', {
      method: 'POST',
      headers: { authorization },
      body: { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: 'Patient/a\u0000b' } }] },
    });
    expect(response.status).toBe(200);
    expect(response.body.entry[0].response.status).toMatch(/^400/);
    const events = await auditEventsOf(server, `altid=${sub}`);
    expect(events.map(subtypeOf).sort()).toEqual(['batch', 'read']);
    const read = events.find((e) => subtypeOf(e) === 'read') as AuditEvent;
    expect(whatOf(read)).toEqual(['Patient/a\uFFFDb']);
    expect(read.outcome).toBe('4');
  });

  test('a batch entry whose URL holds a lone surrogate is audited, the surrogate stored as U+FFFD', async () => {
    const { sub, authorization } = await tokenOf('admin');
    const response = await fhirFetch(server, '', {
      method: 'POST',
      headers: { authorization },
      body: { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: 'Patient/a\ud800b' } }] },
    });
    expect(response.status).toBe(200);
    const events = await auditEventsOf(server, `altid=${sub}`);
    expect(events.map(subtypeOf).sort()).toEqual(['batch', 'read']);
    const read = events.find((e) => subtypeOf(e) === 'read') as AuditEvent;
    expect(whatOf(read)).toEqual(['Patient/a\uFFFDb']);
  });

  test('an export kick-off, its status URL and its file downloads are audited; metadata is not', async () => {
    const { sub, authorization } = await tokenOf('admin');
    const kickoff = await fhirFetch(server, 'Patient/$export?_type=Patient', {
      headers: { authorization, prefer: 'respond-async' },
    });
    expect(kickoff.status).toBe(202);
    const statusUrl = kickoff.headers.get('content-location') as string;
    let manifest: { output: { url: string }[] } | undefined;
    for (let i = 0; i < 100 && !manifest; i++) {
      const status = await fetch(statusUrl, { headers: { authorization } });
      if (status.status === 200) {
        manifest = await status.json();
      } else {
        expect(status.status).toBe(202);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const file = await fetch((manifest as { output: { url: string }[] }).output[0].url, { headers: { authorization } });
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('"resourceType":"Patient"');
    expect((await fetch(`${server.fhirUrl}/metadata`, { headers: { authorization } })).status).toBe(200);
    const events = await auditEventsOf(server, `altid=${sub}`);
    const jobId = statusUrl.split('/').pop();
    expect(subtypeOf(events[0])).toBe('operation');
    expect(events[0].entity?.[0]).toMatchObject({ what: { type: 'Patient' }, name: '$export' });
    const jobEvents = events.slice(1);
    expect(jobEvents.every((e) => subtypeOf(e) === 'read' && e.outcome === '0')).toBe(true);
    expect(jobEvents.every((e) => e.entity?.[0].what?.identifier?.value === jobId)).toBe(true);
    expect(jobEvents.at(-1)?.entity?.[0].name).toMatch(/^file /);
    expect(events.some((e) => subtypeOf(e) === 'capabilities')).toBe(false);
  });
});
