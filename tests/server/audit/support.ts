// Reading the audit trail back in tests: as the administrator (a system token sees every AuditEvent), by the
// acting token's subject (agent altId), which each test case makes unique.
import type { AuditEvent } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import { assertValidResource } from '../../../server/src/store/validation/validation.ts';
import { fhirFetch, type TestServer } from '../../support/server.ts';

/** The AuditEvents whose agent altId is `subject`, oldest first; each one valid R4. */
export async function auditEventsOf(server: TestServer, query: string): Promise<AuditEvent[]> {
  const response = await fhirFetch(server, `AuditEvent?${query}&_count=1000`);
  expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(200);
  const events = (response.body.entry ?? []).map((e: { resource: AuditEvent }) => e.resource) as AuditEvent[];
  for (const event of events) {
    assertValidResource(event);
  }
  return events.sort((a, b) => (a.recorded ?? '').localeCompare(b.recorded ?? ''));
}

export const subtypeOf = (event: AuditEvent) => event.subtype?.[0]?.code;

/** `Patient/…` references of the event's patient entities. */
export const patientsOf = (event: AuditEvent) =>
  (event.entity ?? []).filter((e) => e.role?.code === '1').map((e) => e.what?.reference);

/** The X-Request-Id the event records (IHE BALP entity type XrequestId). */
export const requestIdOf = (event: AuditEvent) =>
  event.entity?.find((e) => e.type?.code === 'XrequestId')?.what?.identifier?.value;

/** References (or types) of the event's resource entities. */
export const whatOf = (event: AuditEvent) =>
  (event.entity ?? [])
    .filter((e) => e.role?.code !== '1' && e.type?.code !== 'XrequestId')
    .map((e) => e.what?.reference ?? e.what?.type);

export const queryOf = (event: AuditEvent) =>
  (event.entity ?? []).flatMap((e) => (e.query ? [Buffer.from(e.query, 'base64').toString('utf8')] : []));

/**
 * An AuditEvent as the server's builder would make one, for tests of how events are stored: `text` is its
 * outcomeDesc and its agent's altId (searchable as `altid`).
 */
export function storableAuditEvent(text: string, observer = 'audit storage test'): AuditEvent {
  return {
    resourceType: 'AuditEvent',
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
    recorded: new Date().toISOString(),
    outcome: '0',
    outcomeDesc: text,
    agent: [{ requestor: true, who: { display: observer }, altId: text }],
    source: { observer: { display: observer } },
  };
}
