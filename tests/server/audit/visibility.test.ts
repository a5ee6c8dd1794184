// Who may read the audit trail, and that nobody may change it, over real HTTP on both databases: a GP sees
// the AuditEvents about its own practice's patients and its own actions, never those about another
// practice's patients; a patient sees who looked at their record and nothing about anyone else; a partner
// only its own actions; AuditEvents cannot be created, updated, patched or deleted by any token, a system
// token included, conditionally or in a transaction either.
import type { AuditEvent } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';
import { ROLES, type Role, storeFixtures, tokens } from '../access/fixtures.ts';
import { auditEventsOf, patientsOf } from './support.ts';

describe.each(DATABASE_KINDS)('AuditEvent visibility and immutability on %s', (kind) => {
  const server = useTestServer(kind);
  let auth: Record<Role, string>;
  let gpAReadOfX: AuditEvent;
  const as = (authorization: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    fhirFetch(server, path, { ...init, headers: { authorization } });
  const visibleTo = async (authorization: string, query = '') => {
    const response = await as(authorization, `AuditEvent?_count=1000${query}`);
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
    return (response.body.entry ?? []).map((e: { resource: AuditEvent }) => e.resource) as AuditEvent[];
  };
  const actorOf = (event: AuditEvent) => event.agent[0].altId;

  beforeAll(async () => {
    await storeFixtures(server);
    auth = await tokens(server);
    expect((await as(auth.gpA, 'Patient/m-pat-x')).status).toBe(200);
    expect((await as(auth.gpB, 'Patient/m-pat-y')).status).toBe(200);
    expect((await as(auth.gpB, 'Patient/m-pat-x')).status).toBe(404); // another practice's: as if unknown
    expect((await as(auth.patientY, 'Observation')).status).toBe(200);
    expect((await as(auth.partnerP, 'Task/m-task-xp')).status).toBe(200);
    // The administrator looks at both patients at once: an event about X and Y.
    expect((await fhirFetch(server, 'Observation?subject=Patient/m-pat-x,Patient/m-pat-y')).status).toBe(200);
    [gpAReadOfX] = await auditEventsOf(server, 'altid=gp-a&entity=Patient/m-pat-x');
  });

  test('a GP sees the events about its own patients, including another GP trying, and its own actions', async () => {
    const events = await visibleTo(auth.gpA);
    expect(events.some((e) => e.id === gpAReadOfX.id)).toBe(true);
    expect(events.some((e) => actorOf(e) === 'gp-b' && patientsOf(e).includes('Patient/m-pat-x'))).toBe(true);
    for (const event of events) {
      const patients = patientsOf(event);
      expect(actorOf(event) === 'gp-a' || (patients.length > 0 && patients.every((p) => p === 'Patient/m-pat-x'))).toBe(
        true,
      );
    }
  });

  test('a GP of practice B sees nothing about practice A patients but its own attempt', async () => {
    const aboutX = await visibleTo(auth.gpB, '&patient=m-pat-x');
    expect(aboutX.map(actorOf)).toEqual(['gp-b']);
    expect((await as(auth.gpB, `AuditEvent/${gpAReadOfX.id}`)).status).toBe(404);
    const all = await visibleTo(auth.gpB);
    expect(all.some((e) => e.id === gpAReadOfX.id)).toBe(false);
    expect(all.every((e) => actorOf(e) === 'gp-b' || patientsOf(e).every((p) => p === 'Patient/m-pat-y'))).toBe(true);
  });

  test('a patient sees who looked at their record, and no event that names another patient', async () => {
    const events = await visibleTo(auth.patientX);
    expect(events.some((e) => e.id === gpAReadOfX.id)).toBe(true);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(patientsOf(event).every((p) => p === 'Patient/m-pat-x')).toBe(true);
    }
    const ofY = await visibleTo(auth.patientY);
    expect(ofY.some((e) => actorOf(e) === 'gp-b' && patientsOf(e).includes('Patient/m-pat-y'))).toBe(true);
    expect(ofY.every((e) => patientsOf(e).every((p) => p === 'Patient/m-pat-y'))).toBe(true);
  });

  test('a partner worker sees only its own actions', async () => {
    const claims = { ...ROLES.partnerP, scope: `${ROLES.partnerP.scope} user/AuditEvent.rs` };
    const events = await visibleTo(`Bearer ${await server.tokenFor(claims)}`);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => actorOf(e) === 'worker-p')).toBe(true);
  });

  test('the partner scopes of the matrix do not reach AuditEvents at all', async () => {
    expect((await as(auth.partnerQ, 'AuditEvent')).status).toBe(403);
  });

  const refused = (response: { status: number; body: { issue?: { details?: { text?: string } }[] } }) => {
    expect(response.status).toBe(403);
    expect(response.body.issue?.[0]?.details?.text).toMatch(/AuditEvents are written by the server only/);
  };

  test('no token may change the trail, a system token included: update, patch, delete, create', async () => {
    const id = gpAReadOfX.id as string;
    refused(await fhirFetch(server, `AuditEvent/${id}`, { method: 'PUT', body: { ...gpAReadOfX, outcome: '8' } }));
    refused(
      await fhirFetch(server, `AuditEvent/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json-patch+json' },
        body: [{ op: 'replace', path: '/outcome', value: '8' }],
      }),
    );
    refused(await fhirFetch(server, `AuditEvent/${id}`, { method: 'DELETE' }));
    refused(await fhirFetch(server, 'AuditEvent', { method: 'POST', body: { ...gpAReadOfX, id: undefined } }));
    refused(await as(auth.gpA, `AuditEvent/${id}`, { method: 'DELETE' }));
    const [stored] = await auditEventsOf(server, `_id=${id}`);
    expect(stored).toEqual(gpAReadOfX);
  });

  test('conditional and transaction paths refuse as well', async () => {
    const id = gpAReadOfX.id as string;
    refused(await fhirFetch(server, `AuditEvent?_id=${id}`, { method: 'DELETE' }));
    refused(await fhirFetch(server, `AuditEvent?_id=${id}`, { method: 'PUT', body: { ...gpAReadOfX, outcome: '8' } }));
    const transaction = await fhirFetch(server, '', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ request: { method: 'DELETE', url: `AuditEvent/${id}` } }],
      },
    });
    expect(transaction.status).toBe(403);
    const [stored] = await auditEventsOf(server, `_id=${id}`);
    expect(stored.meta?.versionId).toBe('1');
    expect(stored).toEqual(gpAReadOfX);
  });
});
