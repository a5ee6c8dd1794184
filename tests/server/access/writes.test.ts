// The write side of the access-control matrix over real HTTP, both databases: create, update, patch,
// delete, conditional writes, batch and transaction entries, operations ($care-burden, $target-selection,
// $export and its status URL and files), the practice lists (programme/practice-lists) written with a caller's
// rights, and the definitional resources only system/ scopes may change.
// A denied write is a 403 OperationOutcome and leaves the store as it was.
import type { Resource } from '@medplum/fhirtypes';
import { buildPracticeOrganization } from '@target/profiles';
import { beforeAll, describe, expect, test } from 'vitest';
import { AccessPolicy } from '../../../server/src/access/policy.ts';
import { authContextOf } from '../../../server/src/access/verify.ts';
import { assignPracticeLists } from '../../../server/src/programme/practice-lists/assign.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';
import { ROLES, type Role, requestAs, storeFixtures, tokens, VISIBLE, versionCount } from './fixtures.ts';

const observation = (patient: string, id?: string) => ({
  resourceType: 'Observation',
  ...(id ? { id } : {}),
  status: 'final',
  code: { text: 'written in the matrix' },
  subject: { reference: `Patient/${patient}` },
});

describe.each(DATABASE_KINDS)('access-control matrix, writes, on %s', (kind) => {
  const server = useTestServer(kind);
  let auth: Record<Role, string>;
  const as = requestAs(server, () => auth);
  const versions = () => versionCount(server);
  const expectForbidden = (response: { status: number; body: unknown }) => {
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'forbidden' }],
    });
  };

  beforeAll(async () => {
    await storeFixtures(server);
    auth = await tokens(server);
  });

  // role, patient of the new Observation, expected status
  test.each([
    ['gpA', 'm-pat-x', 201],
    ['gpA', 'm-pat-y', 403],
    ['gpB', 'm-pat-y', 201],
    ['gpB', 'm-pat-x', 403],
    // Patients record no clinical observations (roles.ts): whatever their scopes allow.
    ['patientX', 'm-pat-x', 403],
    ['patientX', 'm-pat-y', 403],
    ['patientY', 'm-pat-x', 403],
    ['partnerP', 'm-pat-x', 403],
    ['partnerSystem', 'm-pat-x', 403],
  ] as [Role, string, number][])('%s creates an Observation of %s: %s', async (role, patient, status) => {
    const before = await versions();
    const response = await as(role, 'Observation', { method: 'POST', body: observation(patient) });
    expect(response.status).toBe(status);
    expect(await versions()).toBe(before + (status === 201 ? 1 : 0));
  });

  test.each([
    ['gpA', 'Observation/m-obs-x', 200],
    ['gpA', 'Observation/m-obs-y', 403],
    ['patientX', 'Observation/m-obs-x', 403],
    ['patientX', 'Observation/m-cb-x', 403], // practice-internal
    ['patientY', 'Observation/m-obs-x', 403],
    ['partnerP', 'Observation/m-obs-x', 403],
  ] as [Role, string, number][])('%s updates %s: %s', async (role, target, status) => {
    const current = (await fhirFetch(server, target)).body;
    const before = await versions();
    const response = await as(role, target, { method: 'PUT', body: { ...current, status: 'amended' } });
    expect(response.status).toBe(status);
    expect(await versions()).toBe(before + (status === 200 ? 1 : 0));
  });

  test('a partner updates the status of a Task addressed to it, not of another partner’s Task', async () => {
    const task = (await as('partnerP', 'Task/m-task-xp')).body;
    expect(
      (await as('partnerP', 'Task/m-task-xp', { method: 'PUT', body: { ...task, status: 'accepted' } })).status,
    ).toBe(200);
    const other = (await fhirFetch(server, 'Task/m-task-yq')).body;
    expectForbidden(await as('partnerP', 'Task/m-task-yq', { method: 'PUT', body: { ...other, status: 'accepted' } }));
    // Handing its Task to another partner would move it out of its compartment: refused, nothing written.
    const before = await versions();
    const current = (await as('partnerP', 'Task/m-task-xp')).body;
    const moved = { ...current, owner: { reference: 'Organization/m-partner-q' } };
    expectForbidden(await as('partnerP', 'Task/m-task-xp', { method: 'PUT', body: moved }));
    expect(await versions()).toBe(before);
    expect((await fhirFetch(server, 'Task/m-task-xp')).body.owner.reference).toBe('Organization/m-partner-p');
    // A partner's scopes allow no create, and no ServiceRequest update.
    expectForbidden(await as('partnerP', 'Task', { method: 'POST', body: { ...current, id: undefined } }));
    const sr = (await as('partnerP', 'ServiceRequest/m-sr-xp')).body;
    expectForbidden(
      await as('partnerP', 'ServiceRequest/m-sr-xp', { method: 'PUT', body: { ...sr, status: 'completed' } }),
    );
  });

  test('patch and delete follow the compartment', async () => {
    const patch = [{ op: 'replace', path: '/status', value: 'amended' }];
    const headers = { 'content-type': 'application/json-patch+json' };
    // Another practice's resource answers as if it did not exist.
    expect((await as('gpA', 'Observation/m-obs-y', { method: 'PATCH', body: patch, headers })).status).toBe(404);
    expect((await as('gpB', 'Observation/m-obs-y', { method: 'PATCH', body: patch, headers })).status).toBe(200);
    const mine = await as('gpA', 'Observation', { method: 'POST', body: observation('m-pat-x') });
    expect((await as('gpB', `Observation/${mine.body.id}`, { method: 'DELETE' })).status).toBe(404);
    expectForbidden(await as('patientX', `Observation/${mine.body.id}`, { method: 'DELETE' })); // no d scope
    expect((await as('gpA', `Observation/${mine.body.id}`, { method: 'DELETE' })).status).toBe(200);
  });

  test('conditional writes see only the compartment: GP A cannot delete or update Y’s data by criteria', async () => {
    const before = await versions();
    expect((await as('gpA', 'Observation?code=secret-y', { method: 'DELETE' })).status).toBe(200);
    expect((await fhirFetch(server, 'Observation/m-obs-y')).status).toBe(200);
    const update = await as('gpA', 'Observation?code=secret-y', { method: 'PUT', body: observation('m-pat-y') });
    expect(update.status).toBe(403);
    expect(await versions()).toBe(before);
  });

  test('a transaction with one denied entry fails with 403 and writes nothing', async () => {
    const before = await versions();
    const response = await as('gpA', '', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: observation('m-pat-x'), request: { method: 'POST', url: 'Observation' } },
          { resource: observation('m-pat-y', 'm-obs-y'), request: { method: 'PUT', url: 'Observation/m-obs-y' } },
        ],
      },
    });
    expect(response.status).toBe(403);
    expect(await versions()).toBe(before);
  });

  test('a batch checks each entry: allowed entries succeed, denied ones answer 403', async () => {
    const response = await as('gpA', '', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: 'Patient/m-pat-x' } },
          { request: { method: 'GET', url: 'Patient/m-pat-y' } },
          { request: { method: 'GET', url: 'Observation?subject=Patient/m-pat-y&_summary=count' } },
          { resource: observation('m-pat-y'), request: { method: 'POST', url: 'Observation' } },
        ],
      },
    });
    expect(response.status).toBe(200);
    const statuses = response.body.entry.map((e: { response: { status: string } }) => e.response.status.slice(0, 3));
    expect(statuses).toEqual(['200', '404', '200', '403']);
    expect(response.body.entry[2].resource.total).toBe(0);
  });

  test('definitional resources are readable, but only system/ scopes change them', async () => {
    const valueSet = { resourceType: 'ValueSet', id: 'm-vs', status: 'draft', url: 'http://example.org/ValueSet/m-vs' };
    expectForbidden(await as('gpA', 'ValueSet/m-vs', { method: 'PUT', body: valueSet }));
    expect((await fhirFetch(server, 'ValueSet/m-vs', { method: 'PUT', body: valueSet })).status).toBe(201);
    expect((await as('gpA', 'ValueSet/m-vs')).status).toBe(200);
    expectForbidden(await as('gpA', 'ValueSet/m-vs', { method: 'DELETE' }));
  });

  test.each([
    ['patientX', 403],
    ['partnerP', 403],
    ['gpB', 404], // another practice's patient: as if it did not exist
  ] as [Role, number][])('$care-burden of patient X by %s: %s', async (role, status) => {
    expect((await as(role, 'Patient/m-pat-x/$care-burden')).status).toBe(status);
  });

  test('$care-burden of patient X by its own GP is not refused', async () => {
    const response = await as('gpA', 'Patient/m-pat-x/$care-burden');
    // X has no chronic condition of the practice's list: a computed answer, not a refusal.
    expect(response.status).toBe(200);
    expect(response.body.parameter[0]).toEqual({ name: 'chronicallyIll', valueBoolean: false });
  });

  test("$care-burden does not compute within another practice's population for a practice user", async () => {
    expectForbidden(await as('gpA', 'Patient/m-pat-x/$care-burden?practice=Organization/m-prac-b'));
  });

  test('$target-selection is for the own practice of a practice user only', async () => {
    const body = (practice: string) => ({
      resourceType: 'Parameters',
      parameter: [{ name: 'practice', valueReference: { reference: `Organization/${practice}` } }],
    });
    expectForbidden(await as('gpA', 'Group/$target-selection', { method: 'POST', body: body('m-prac-b') }));
    expectForbidden(
      await as('gpA', 'Group/$target-selection', { method: 'POST', body: { resourceType: 'Parameters' } }),
    );
    expectForbidden(await as('patientX', 'Group/$target-selection', { method: 'POST', body: body('m-prac-a') }));
    expectForbidden(await as('partnerSystem', 'Group/$target-selection', { method: 'POST', body: body('m-prac-a') }));
  });

  test('practice lists are written with the caller’s rights: a practice user neither reaches another practice’s patient nor moves its own', async () => {
    const gpA = server.repo.withOptions({
      access: AccessPolicy.of(
        authContextOf({ ...ROLES.gpA, jti: 'lists', exp: Math.floor(Date.now() / 1000) + 600 }),
        server.repo.registry,
      ),
    });
    // Another system's practice, already a TARGET one: listing with it writes only the Patient.
    await server.repo.upsertResources([
      buildPracticeOrganization({
        id: 'm-lists-c',
        identifiers: [{ system: 'urn:x', value: 'c' }],
        name: 'C',
        addresses: [],
      }) as Resource,
    ]);
    const before = await versions();
    await expect(
      assignPracticeLists(gpA, { practice: 'm-lists-c', rule: 'all', patients: ['m-pat-y'] }),
    ).rejects.toThrow('1 patient(s) not found: m-pat-y');
    // Listing X elsewhere drops A's GP from X's generalPractitioner: X would leave A's compartment.
    await expect(
      assignPracticeLists(gpA, { practice: 'm-lists-c', rule: 'all', patients: ['m-pat-x'] }),
    ).rejects.toMatchObject({
      outcome: {
        issue: [{ code: 'forbidden', details: { text: expect.stringContaining('Patient/m-pat-x would be outside') } }],
      },
    });
    expect(await versions()).toBe(before);
  });

  async function exported(role: Role, path: string): Promise<{ keys: string[]; statusUrl: string; files: string[] }> {
    const kickOff = await as(role, path, { headers: { prefer: 'respond-async' } });
    expect(kickOff.status).toBe(202);
    const statusUrl = kickOff.headers.get('content-location') as string;
    for (let i = 0; i < 600; i++) {
      const status = await fetch(statusUrl, { headers: { authorization: auth[role] } });
      if (status.status === 200) {
        const manifest = await status.json();
        expect(manifest.requiresAccessToken).toBe(true);
        const keys: string[] = [];
        for (const file of manifest.output) {
          const text = await (await fetch(file.url, { headers: { authorization: auth[role] } })).text();
          keys.push(
            ...text
              .trim()
              .split('\n')
              .map((line) => {
                const r = JSON.parse(line);
                return `${r.resourceType}/${r.id}`;
              }),
          );
        }
        return { keys, statusUrl, files: manifest.output.map((f: { url: string }) => f.url) };
      }
      expect(status.status).toBe(202);
      await status.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('export did not finish');
  }

  test.each([
    ['patientX', 'Patient/$export'],
    ['partnerP', '$export'],
    ['partnerSystem', '$export?_type=Patient,Task,ServiceRequest'],
    ['gpA', 'Patient/$export?_type=Patient,Observation,Encounter,Group'],
  ] as [Role, string][])('%s: %s holds only what the role may see', async (role, path) => {
    const { keys } = await exported(role, path);
    expect(keys.length).toBeGreaterThan(0);
    const leaked = keys.filter((k) => /\/m-/.test(k) && !VISIBLE[role].has(k));
    expect(leaked).toEqual([]);
    expect(keys).not.toContain('Patient/m-pat-y');
    if (role === 'patientX') {
      expect(keys).not.toContain('Observation/m-cb-x');
      expect(keys).toContain('Observation/m-obs-x');
    }
  });

  test('an export of a type outside the scopes is refused at kick-off', async () => {
    expectForbidden(await as('partnerP', '$export?_type=Observation', { headers: { prefer: 'respond-async' } }));
  });

  test('status URL and files of an export answer only the user who started it', async () => {
    const { statusUrl, files } = await exported('gpA', 'Patient/$export?_type=Patient');
    for (const url of [statusUrl, ...files]) {
      expect((await fetch(url, { headers: { authorization: auth.gpB } })).status).toBe(403);
      expect((await fetch(url)).status).toBe(401);
    }
    expect((await fetch(statusUrl, { method: 'DELETE', headers: { authorization: auth.gpB } })).status).toBe(403);
    expect((await fetch(statusUrl, { headers: { authorization: auth.gpA } })).status).toBe(200);
  });

  test('roles of the matrix all hold distinct tokens', () => {
    expect(new Set(Object.values(auth)).size).toBe(Object.keys(ROLES).length);
  });
});
