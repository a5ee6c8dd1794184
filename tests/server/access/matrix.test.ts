// The access-control matrix over real HTTP, both databases: each role × each fixture × read, vread,
// instance history; each role × each type × search, _summary=count, paging; and the leak checks: includes,
// reverse includes, chains, _has, type and system history. Expected answers follow from one table
// (fixtures.ts VISIBLE): a role reads what it may see (200) and nothing else (403), and every Bundle it
// gets holds only what it may see.
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, test } from 'vitest';
import { CONFORMANCE_TYPES } from '../../../server/src/access/policy.ts';
import { ScopeSet } from '../../../server/src/access/scopes.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';
import { bundleKeys, FIXTURE_KEYS, FIXTURES, ROLES, type Role, storeFixtures, tokens, VISIBLE } from './fixtures.ts';

const ROLE_NAMES = Object.keys(ROLES) as Role[];
const TYPES = [...new Set(FIXTURES.map((r) => r.resourceType))];
const CELLS = ROLE_NAMES.flatMap((role) => FIXTURE_KEYS.map((fixture) => [role, fixture] as const));
const idsOf = (type: string) =>
  FIXTURES.filter((r) => r.resourceType === type)
    .map((r) => r.id)
    .join(',');

/** Every key of a Bundle is a fixture the role may see, or a definitional resource its scopes allow. */
function expectNoLeak(role: Role, keys: string[]): void {
  const leaked = keys.filter((k) => !VISIBLE[role].has(k) && !CONFORMANCE_TYPES.includes(k.split('/')[0]));
  expect(leaked, `${role} saw ${leaked.join(', ')}`).toEqual([]);
}

describe.each(DATABASE_KINDS)('access-control matrix on %s', (kind) => {
  const server = useTestServer(kind);
  let auth: Record<Role, string>;
  const as = (role: Role, path: string, init: { method?: string; body?: unknown } = {}) =>
    fhirFetch(server, path, { ...init, headers: { authorization: auth[role] } });

  beforeAll(async () => {
    await storeFixtures(server);
    auth = await tokens(server);
  });

  /** 200 when visible; 403 when the scopes do not name the type; else 404, as for an id that does not exist. */
  const readStatus = (role: Role, fixture: string): number =>
    VISIBLE[role].has(fixture)
      ? 200
      : ScopeSet.parse(ROLES[role].scope).permits(fixture.split('/')[0], 'r')
        ? 404
        : 403;

  test.each(CELLS)('%s read of %s: 200 when visible, else 404 (403 outside the scopes)', async (role, fixture) => {
    const response = await as(role, fixture);
    expect(response.status).toBe(readStatus(role, fixture));
    if (response.status === 403) {
      expect(response.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
    }
    if (response.status === 404) {
      // The same answer as for an id that never existed: no existence oracle.
      const unknown = await as(role, `${fixture.split('/')[0]}/m-never-existed`);
      expect(unknown.status).toBe(404);
      expect(response.body).toEqual(unknown.body);
    }
  });

  test.each(CELLS)('%s vread and history of %s: as read', async (role, fixture) => {
    const expected = readStatus(role, fixture);
    expect((await as(role, `${fixture}/_history/1`)).status).toBe(expected);
    const history = await as(role, `${fixture}/_history`);
    expect(history.status).toBe(expected);
  });

  const searchCells = ROLE_NAMES.flatMap((role) => TYPES.map((type) => [role, type] as const));

  test.each(searchCells)('%s search of %s: exactly the visible ones, counts included', async (role, type) => {
    const scopes = ScopeSet.parse(ROLES[role].scope);
    const expected = FIXTURE_KEYS.filter((k) => k.startsWith(`${type}/`) && VISIBLE[role].has(k)).sort();
    const search = await as(role, `${type}?_id=${idsOf(type)}&_total=accurate`);
    if (!scopes.permits(type, 's')) {
      expect(search.status).toBe(403);
      return;
    }
    expect(search.status).toBe(200);
    expect(bundleKeys(search.body).sort()).toEqual(expected);
    expect(search.body.total).toBe(expected.length);
    const count = await as(role, `${type}?_id=${idsOf(type)}&_summary=count`);
    expect(count.body.total).toBe(expected.length);
    // POST _search, the same answer.
    const posted = await fetch(`${server.fhirUrl}/${type}/_search`, {
      method: 'POST',
      headers: { authorization: auth[role], 'content-type': 'application/x-www-form-urlencoded' },
      body: `_id=${idsOf(type)}`,
    });
    expect(bundleKeys(await posted.json()).sort()).toEqual(expected);
  });

  test.each(ROLE_NAMES)('%s: _include and _revinclude add only visible resources', async (role) => {
    const queries = [
      'Patient?_revinclude=Observation:subject&_revinclude=Encounter:subject&_revinclude=ServiceRequest:subject&_revinclude=Consent:patient&_revinclude=Group:member',
      'ServiceRequest?_include=ServiceRequest:subject&_include=ServiceRequest:performer&_revinclude=Task:based-on',
      'Task?_include=Task:patient&_include=Task:owner&_include=Task:based-on',
      'Observation?_include=Observation:subject',
    ];
    for (const query of queries) {
      const response = await as(role, query);
      if (response.status === 403) {
        expect(ScopeSet.parse(ROLES[role].scope).permits(query.split('?')[0], 's')).toBe(false);
        continue;
      }
      expect(response.status).toBe(200);
      expectNoLeak(role, bundleKeys(response.body));
    }
  });

  test.each(ROLE_NAMES)('%s: type and system history list only visible resources', async (role) => {
    for (const path of ['_history?_count=1000', 'Observation/_history', 'Patient/_history', 'Task/_history']) {
      const response = await as(role, path);
      if (response.status === 403) {
        expect(path).not.toBe('_history?_count=1000');
        continue;
      }
      expect(response.status).toBe(200);
      // The audit trail is in system history too: only the role's own actions and events about its patients.
      const entries = (response.body.entry ?? []) as { resource: AuditEvent }[];
      for (const { resource } of entries.filter((e) => e.resource.resourceType === 'AuditEvent')) {
        const patients = (resource.entity ?? []).filter((e) => e.role?.code === '1').map((e) => e.what?.reference);
        const own = resource.agent[0].altId === ROLES[role].sub;
        expect(own || (patients.length > 0 && patients.every((p) => VISIBLE[role].has(p as string)))).toBe(true);
      }
      expectNoLeak(
        role,
        bundleKeys(response.body).filter((k) => !k.startsWith('AuditEvent/')),
      );
      expect(response.body.total).toBe(response.body.entry?.length ?? 0);
    }
  });

  test('paging never reaches beyond the compartment: GP A pages through exactly its Observations', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${server.fhirUrl}/Observation?_count=1&_total=accurate`;
    while (url) {
      const page: Bundle = await fetch(url, { headers: { authorization: auth.gpA } }).then((r) => r.json());
      expect(page.total).toBe(2);
      seen.push(...bundleKeys(page));
      url = page.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(seen.sort()).toEqual(['Observation/m-cb-x', 'Observation/m-obs-x']);
  });

  test('chained parameters cannot test values of resources outside the compartment', async () => {
    // Q sees its referral of Y, but not Y (no consent): a chain on the subject's name must find nothing.
    const chain = await as('partnerQ', 'ServiceRequest?subject:Patient.family=Ypma');
    expect(bundleKeys(chain.body)).toEqual([]);
    const own = await as('partnerP', 'ServiceRequest?subject:Patient.family=Xanthe');
    expect(bundleKeys(own.body)).toEqual(['ServiceRequest/m-sr-xp']);
    expect(bundleKeys((await as('gpA', 'Encounter?subject:Patient.family=Ypma')).body)).toEqual([]);
    // A chain into a type the scopes do not allow is refused outright.
    expect((await as('partnerP', 'Task?based-on:ServiceRequest.subject:Patient.family=Xanthe')).status).toBe(200);
    expect((await as('partnerP', 'ServiceRequest?subject:Patient._has:Observation:subject:code=weight')).status).toBe(
      403,
    );
  });

  test('_has cannot test resources outside the compartment', async () => {
    // Whether Y has a referral to Q is B's business, not A's.
    const probe = 'Organization?_has:ServiceRequest:performer:subject=Patient/m-pat-y';
    expect(bundleKeys((await as('gpA', probe)).body)).toEqual([]);
    expect(bundleKeys((await as('gpB', probe)).body)).toEqual(['Organization/m-partner-q']);
    expect(bundleKeys((await as('gpA', 'Patient?_has:Observation:subject:code=secret-y')).body)).toEqual([]);
    expect(bundleKeys((await as('gpB', 'Patient?_has:Observation:subject:code=secret-y')).body)).toEqual([
      'Patient/m-pat-y',
    ]);
    // The patient cannot find itself through its own practice-internal care burden.
    expect(bundleKeys((await as('patientX', 'Patient?_has:Observation:subject:code=care-burden')).body)).toEqual([]);
    expect((await as('partnerP', 'Patient?_has:Observation:subject:code=weight')).status).toBe(403);
  });

  test('a system search over several types is limited per type', async () => {
    for (const role of ROLE_NAMES) {
      const response = await as(role, `?_type=Patient,Observation,Task,ServiceRequest&_count=1000`);
      if (response.status === 403) {
        continue;
      }
      expectNoLeak(role, bundleKeys(response.body));
    }
  });
});
