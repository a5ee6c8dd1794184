// Issue 14: records of another system name no practice. The selection and $care-burden then say so in words
// — how many patients there are, how many are listed, what to run — and write nothing for a practice nobody is
// listed with; a terminology server that does not answer is a warning in the answer, not only in the log.
// Over HTTP on both databases.
import type { Resource, ResourceType } from '@medplum/fhirtypes';
import { buildPatient, buildPracticeOrganization, ExternalSystems } from '@target/profiles';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, startTestServer, type TestServer, useTestServer } from '../../support/server.ts';
import { unreachableUrl } from '../../support/terminology-stand-in.ts';

const DATE = '2025-06-30';

// biome-ignore lint/suspicious/noExplicitAny: reads FHIR JSON
type Json = any;

const unlisted = (id: string): Resource =>
  ({ resourceType: 'Patient', id, name: [{ family: `Imported-${id}` }] }) as Resource;
const listedWith = (id: string, practice: string): Resource =>
  buildPatient({
    id,
    names: [{ family: `Listed-${id}` }],
    addresses: [],
    generalPractitioners: [{ reference: `Organization/${practice}` }],
  }) as Resource;
const diabetes = (id: string, patient: string): Resource =>
  ({
    resourceType: 'Condition',
    id,
    subject: { reference: `Patient/${patient}` },
    code: { coding: [{ system: ExternalSystems.SCT, code: '44054006' }] },
    clinicalStatus: { coding: [{ system: ExternalSystems.ConditionClinical, code: 'active' }] },
    verificationStatus: { coding: [{ system: ExternalSystems.ConditionVerification, code: 'confirmed' }] },
    onsetDateTime: '2015-01-01',
  }) as Resource;

function select(server: TestServer, practice?: string, authorization?: string) {
  return fhirFetch(server, 'Group/$target-selection', {
    method: 'POST',
    body: {
      resourceType: 'Parameters',
      parameter: [
        { name: 'date', valueDate: DATE },
        ...(practice ? [{ name: 'practice', valueReference: { reference: `Organization/${practice}` } }] : []),
      ],
    },
    ...(authorization ? { headers: { authorization } } : {}),
  });
}

const part = (selection: Json, name: string): Json => selection.part.find((p: Json) => p.name === name);
const total = async (server: TestServer, resourceType: ResourceType) =>
  (await server.repo.search({ resourceType, count: 0, total: 'accurate' })).total;

describe.each(DATABASE_KINDS)('unlisted populations on %s', (kind) => {
  const server = useTestServer(kind);

  test('without any TARGET practice the answer is 200 with an outcome saying how many patients and what to run', async () => {
    await server.repo.upsertResources([unlisted('u1'), unlisted('u2'), unlisted('u3'), diabetes('d1', 'u1')]);
    const response = await select(server);
    expect(response.status).toBe(200);
    expect(response.body.parameter).toHaveLength(1);
    const outcome = response.body.parameter[0];
    expect(outcome.name).toBe('outcome');
    expect(outcome.resource.issue[0]).toMatchObject({ severity: 'warning', code: 'informational' });
    const text: string = outcome.resource.issue[0].details.text;
    expect(text).toContain('No Organization is a TARGET practice');
    expect(text).toContain('3 patient(s) on record, none listed');
    expect(text).toContain('npm run target -- practice list --rule most-contacts');
    expect(await total(server, 'Group')).toBe(0);
    expect(await total(server, 'Basic')).toBe(0);
  });

  test('a practice nobody is listed with: 200, zero counts, an explanation with the figures, and nothing written', async () => {
    await server.repo.upsertResources([
      buildPracticeOrganization({ id: 'empty', agb: '01333333', name: 'Lege praktijk', addresses: [] }) as Resource,
      buildPracticeOrganization({ id: 'busy', agb: '01444444', name: 'Drukke praktijk', addresses: [] }) as Resource,
      listedWith('l1', 'busy'),
    ]);
    const response = await select(server, 'empty');
    expect(response.status).toBe(200);
    const [selection] = response.body.parameter;
    expect(part(selection, 'listed').valueInteger).toBe(0);
    expect(part(selection, 'chronicallyIll').valueInteger).toBe(0);
    expect(part(selection, 'group')).toBeUndefined();
    expect(part(selection, 'settingsUsed')).toBeUndefined();
    const issue = part(selection, 'outcome').resource.issue[0];
    expect(issue).toMatchObject({ severity: 'warning', expression: ['practice'] });
    expect(issue.details.text).toContain(`No patient is listed with Organization/empty on ${DATE}`);
    expect(issue.details.text).toContain('Of 4 patient(s) on record, 1 are listed with a TARGET practice.');
    expect(issue.details.text).toContain('npm run target -- practice list empty --rule all');
    expect(await total(server, 'Group')).toBe(0);
    expect(await total(server, 'Basic')).toBe(0);
  });

  test('every practice: the one with patients is selected, the empty one only explained', async () => {
    const response = await select(server);
    expect(response.status).toBe(200);
    const byPractice = Object.fromEntries(
      response.body.parameter.map((s: Json) => [part(s, 'practice').valueReference.reference, s]),
    );
    expect(part(byPractice['Organization/busy'], 'group')).toBeDefined();
    expect(part(byPractice['Organization/empty'], 'group')).toBeUndefined();
    expect(await total(server, 'Group')).toBe(1);
  });

  test('a practice user of a practice nobody is listed with gets the explanation without the server’s figures', async () => {
    const token = await server.tokenFor({
      sub: 'gp-empty',
      client_id: 'target-app',
      scope: 'openid fhirUser user/*.cruds',
      target_role: 'gp',
      target_organization: 'empty',
    });
    const response = await select(server, 'empty', `Bearer ${token}`);
    expect(response.status).toBe(200);
    const text: string = part(response.body.parameter[0], 'outcome').resource.issue[0].details.text;
    expect(text).toContain('No patient is listed with Organization/empty');
    expect(text).not.toContain('on record');
    expect((await select(server, 'busy', `Bearer ${token}`)).status).toBe(403);
  });

  test('a named practice that does not exist is still 404', async () => {
    expect((await select(server, 'nowhere')).status).toBe(404);
  });

  test('$care-burden of a patient no practice lists is 422 saying how to list them, and writes nothing', async () => {
    const response = await fhirFetch(server, `Patient/u1/$care-burden?date=${DATE}`);
    expect(response.status).toBe(422);
    expect(response.body.issue[0].details.text).toContain('Patient/u1 is not listed with a practice');
    expect(response.body.issue[0].details.text).toContain(
      'npm run target -- practice list <Organization id> --patients u1',
    );
    expect(await total(server, 'Basic')).toBe(1); // the busy practice's, from the selection above
  });
});

describe.each(DATABASE_KINDS)('a terminology server that does not answer, on %s', (kind) => {
  let server: TestServer;
  let url: string;
  beforeAll(async () => {
    // A port nobody listens on: the connection is refused at once (no mock).
    url = await unreachableUrl();
    server = await startTestServer(kind, { terminologyUrl: url, terminologyTimeoutMs: 1000 });
    await server.repo.upsertResources([
      buildPracticeOrganization({ id: 'tx', agb: '01555555', name: 'Praktijk', addresses: [] }) as Resource,
      listedWith('t1', 'tx'),
      diabetes('td1', 't1'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('the selection still runs on the starter map and its outcome warns that the server did not answer', async () => {
    const response = await select(server, 'tx');
    expect(response.status).toBe(200);
    const [selection] = response.body.parameter;
    // 44054006 is in the starter map: the patient is selected without the server.
    expect(part(selection, 'chronicallyIll').valueInteger).toBe(1);
    const issues: Json[] = part(selection, 'outcome').resource.issue;
    const warning = issues.find((i) => i.code === 'transient');
    expect(warning).toMatchObject({ severity: 'warning' });
    expect(warning.details.text).toContain(`Terminology server ${url}:`);
    expect(warning.details.text).toContain('SNOMED CT descendants beyond the starter map');
  });

  test('$care-burden answers the same warning as its outcome', async () => {
    const response = await fhirFetch(server, `Patient/t1/$care-burden?date=${DATE}`);
    expect(response.status).toBe(200);
    const outcome = response.body.parameter.find((p: Json) => p.name === 'outcome').resource;
    expect(outcome.issue.find((i: Json) => i.code === 'transient').details.text).toContain(
      `Terminology server ${url}:`,
    );
  });
});
