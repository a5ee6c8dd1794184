// The attacks of the access-control review, one test each, as the attacker ran them (over real HTTP, both
// databases, on the matrix world: practices A and B, patients X at A and Y at B, partners P and Q). Each
// of them succeeded before the write rule, the role ceiling and the kept references of deleted resources.

import { ExternalSystems, TargetPracticeRoleCodeSystem } from '@target/profiles';
import { beforeAll, describe, expect, test } from 'vitest';
import { Directory } from '../../../server/src/oauth/directory.ts';
import { resultIds } from '../../../server/src/programme/selection/ids.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';
import { bundleKeys, ROLES, type Role, requestAs, storeFixtures, wideTokens } from './fixtures.ts';

const gpRole = (id: string, practitioner: string, practice: string) => ({
  resourceType: 'PractitionerRole',
  id,
  practitioner: { reference: `Practitioner/${practitioner}` },
  organization: { reference: `Organization/${practice}` },
  code: [{ coding: [{ system: TargetPracticeRoleCodeSystem.url, code: 'gp' }] }],
});

describe.each(DATABASE_KINDS)('the access-control review’s findings stay fixed, on %s', (kind) => {
  const server = useTestServer(kind);
  let auth: Record<Role, string>;
  const as = requestAs(server, () => auth);
  const visibleTo = async (role: Role, query: string) => bundleKeys((await as(role, query)).body);

  beforeAll(async () => {
    await storeFixtures(server);
    // B's GP, with a role at B: what the attacker linked to practice A.
    await fhirFetch(server, 'Practitioner/m-gp-b', {
      method: 'PUT',
      body: { resourceType: 'Practitioner', id: 'm-gp-b' },
    });
    await fhirFetch(server, 'PractitionerRole/m-role-b', {
      method: 'PUT',
      body: gpRole('m-role-b', 'm-gp-b', 'm-prac-b'),
    });
    await fhirFetch(server, 'Patient/m-pat-y2', {
      method: 'PUT',
      body: { resourceType: 'Patient', id: 'm-pat-y2', generalPractitioner: [{ reference: 'Practitioner/m-gp-b' }] },
    });
    auth = await wideTokens(server);
  });

  test('1. a GP cannot link its practice to another practice’s GP, nor change that practice’s directory', async () => {
    const link = gpRole('m-link', 'm-gp-b', 'm-prac-a');
    const created = await as('gpA', 'PractitionerRole', { method: 'POST', body: link });
    expect(created.status).toBe(403);
    expect(created.body.issue[0].details.text).toMatch(/Practice staff may not create PractitionerRole/);
    expect(await visibleTo('gpA', 'Patient?_id=m-pat-y2')).toEqual([]);
    const organization = (await fhirFetch(server, 'Organization/m-prac-b')).body;
    expect(
      (await as('gpA', 'Organization/m-prac-b', { method: 'PUT', body: { ...organization, name: 'x' } })).status,
    ).toBe(403);
    const patch = [{ op: 'replace', path: '/organization/reference', value: 'Organization/m-prac-a' }];
    const headers = { 'content-type': 'application/json-patch+json' };
    expect((await as('gpA', 'PractitionerRole/m-role-b', { method: 'PATCH', body: patch, headers })).status).toBe(403);
    expect((await fhirFetch(server, 'PractitionerRole/m-role-b')).body.organization.reference).toBe(
      'Organization/m-prac-b',
    );
  });

  test('1. a PractitionerRole that sorts first cannot move the demo users’ sign-in to another practice', async () => {
    const directory = new Directory(server.repo);
    const user = { username: 'huisarts', role: 'gp' as const, name: 'Huisarts', password_hash: '' };
    const before = await directory.identify(user);
    const hijack = await as('gpB', 'PractitionerRole/000-hijack', {
      method: 'PUT',
      body: gpRole('000-hijack', 'm-gp-b', 'm-prac-b'),
    });
    expect(hijack.status).toBe(403);
    expect(await directory.identify(user)).toEqual(before);
  });

  test('2. the deleted Conditions of another practice are not in a GP’s history', async () => {
    await fhirFetch(server, 'Condition/m-cond-y', { method: 'DELETE' });
    const history = await as('gpA', 'Condition/_history?_count=1000');
    const urls = history.body.entry.map((e: { fullUrl: string }) => e.fullUrl.split('/fhir/')[1]);
    expect(urls).not.toContain('Condition/m-cond-y');
    expect((await as('gpA', 'Condition/m-cond-y/_history/1')).status).toBe(404);
    expect((await as('gpA', 'Condition/m-cond-y')).status).toBe(404);
    expect((await as('gpB', 'Condition/m-cond-y')).status).toBe(410);
  });

  test('3. re-creating another practice’s deleted Patient id does not hand over its records', async () => {
    await fhirFetch(server, 'Patient/m-pat-y', { method: 'DELETE' });
    const takeover = await as('gpA', 'Patient/m-pat-y', {
      method: 'PUT',
      body: { resourceType: 'Patient', id: 'm-pat-y', generalPractitioner: [{ reference: 'Practitioner/m-gp-a' }] },
    });
    expect(takeover.status).toBe(403);
    expect(await visibleTo('gpA', 'Encounter?subject=Patient/m-pat-y')).toEqual([]);
    expect((await as('gpA', 'Patient/m-pat-y/_history')).status).toBe(404);
    expect(await visibleTo('gpB', 'Encounter?subject=Patient/m-pat-y')).toEqual(['Encounter/m-enc-y']);
  });

  test('4. $graphql is off: the nested query answers at once with 404 not-supported, and the server answers', async () => {
    let level = '{ id }';
    for (let i = 0; i < 8; i++) {
      level = `{ id ObservationList(_reference: subject) { subject { resource { ... on Patient ${level} } } } }`;
    }
    const response = await as('gpA', '$graphql', {
      method: 'POST',
      body: { query: `{ PatientList(_count: 50) ${level} }` },
    });
    expect(response.status).toBe(404);
    expect(response.body.issue[0]).toMatchObject({ code: 'not-supported' });
    expect((await as('gpA', '$graphql?query={PatientList{id}}')).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  test('5. an Observation about B’s patient with A’s patient as performer is refused', async () => {
    const response = await as('gpA', 'Observation', {
      method: 'POST',
      body: {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'across the line' },
        subject: { reference: 'Patient/m-pat-y2' },
        performer: [{ reference: 'Patient/m-pat-x' }],
      },
    });
    expect(response.status).toBe(403);
    expect(await visibleTo('gpB', 'Observation?subject=Patient/m-pat-y2')).toEqual([]);
  });

  test('5. a GP cannot list its patient with another practice', async () => {
    const patient = (await fhirFetch(server, 'Patient/m-pat-x')).body;
    const moved = {
      ...patient,
      generalPractitioner: [...patient.generalPractitioner, { reference: 'Practitioner/m-gp-b' }],
    };
    expect((await as('gpA', 'Patient/m-pat-x', { method: 'PUT', body: moved })).status).toBe(403);
  });

  test('5. a patient with patient/*.cruds cannot change what the practice recorded, nor move to another practice', async () => {
    const headers = { 'content-type': 'application/json-patch+json' };
    const patch = [{ op: 'add', path: '/note', value: [{ text: 'changed by the patient' }] }];
    expect((await as('patientX', 'Condition/m-cond-x', { method: 'PATCH', body: patch, headers })).status).toBe(403);
    expect((await as('patientX', 'Encounter/m-enc-x', { method: 'DELETE' })).status).toBe(403);
    const patient = (await fhirFetch(server, 'Patient/m-pat-x')).body;
    const moved = { ...patient, generalPractitioner: [{ reference: 'Organization/m-prac-b' }] };
    expect((await as('patientX', 'Patient/m-pat-x', { method: 'PUT', body: moved })).status).toBe(403);
    expect((await fhirFetch(server, 'Patient/m-pat-x')).body.generalPractitioner).toEqual(patient.generalPractitioner);
  });

  test('5. a patient updates only the progress of a goal, withdraws consent, and fills in questionnaires', async () => {
    const headers = { 'content-type': 'application/json-patch+json' };
    const progress = [{ op: 'add', path: '/achievementStatus', value: { text: 'in progress' } }];
    expect((await as('patientX', 'Goal/m-goal-x', { method: 'PATCH', body: progress, headers })).status).toBe(200);
    const rewrite = [{ op: 'replace', path: '/description/text', value: 'Een ander doel' }];
    const refused = await as('patientX', 'Goal/m-goal-x', { method: 'PATCH', body: rewrite, headers });
    expect(refused.status).toBe(403);
    expect(refused.body.issue[0].details.text).toMatch(/may change only .* not description/);
    const consent = (await fhirFetch(server, 'Consent/m-cons-xp')).body;
    expect(
      (await as('patientX', 'Consent/m-cons-xp', { method: 'PUT', body: { ...consent, status: 'draft' } })).status,
    ).toBe(403);
    expect(
      (await as('patientX', 'Consent/m-cons-xp', { method: 'PUT', body: { ...consent, status: 'inactive' } })).status,
    ).toBe(200);
    // The partner no longer sees X; the administrator puts the consent back for the tests that follow.
    expect((await as('partnerP', 'Patient/m-pat-x')).status).toBe(404);
    expect((await fhirFetch(server, 'Consent/m-cons-xp', { method: 'PUT', body: consent })).status).toBe(200);
    const answers = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      subject: { reference: 'Patient/m-pat-x' },
      author: { reference: 'Patient/m-pat-x' },
    };
    expect((await as('patientX', 'QuestionnaireResponse', { method: 'POST', body: answers })).status).toBe(201);
    // Answers must be the patient's own: not anonymous, not in someone else's name.
    const anonymous = { ...answers, author: undefined };
    expect((await as('patientX', 'QuestionnaireResponse', { method: 'POST', body: anonymous })).status).toBe(403);
    const forOther = { ...answers, subject: { reference: 'Patient/m-pat-y2' } };
    expect((await as('patientX', 'QuestionnaireResponse', { method: 'POST', body: forOther })).status).toBe(403);
  });

  test('5. a partner cannot refer any patient to itself, nor change a referred patient', async () => {
    const referral = {
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/m-pat-y2' },
      performer: [{ reference: 'Organization/m-partner-p' }],
    };
    expect((await as('partnerP', 'ServiceRequest', { method: 'POST', body: referral })).status).toBe(403);
    const patient = (await as('partnerP', 'Patient/m-pat-x')).body;
    expect(
      (await as('partnerP', 'Patient/m-pat-x', { method: 'PUT', body: { ...patient, gender: 'other' } })).status,
    ).toBe(403);
    // Its own Task: status yes, the patient or owner no.
    const task = (await as('partnerP', 'Task/m-task-xp')).body;
    expect(
      (await as('partnerP', 'Task/m-task-xp', { method: 'PUT', body: { ...task, status: 'accepted' } })).status,
    ).toBe(200);
    const current = (await as('partnerP', 'Task/m-task-xp')).body;
    const retargeted = { ...current, for: { reference: 'Patient/m-pat-y2' } };
    expect((await as('partnerP', 'Task/m-task-xp', { method: 'PUT', body: retargeted })).status).toBe(403);
  });

  test('5. the standalone patient picker lists only patients the user could read over FHIR', async () => {
    const directory = new Directory(server.repo);
    const partner = (id: string) => ({
      username: `worker-${id}`,
      name: 'Welzijn',
      role: 'partner-worker' as const,
      organization: `m-partner-${id}`,
    });
    // Q's referral of Y exists, but Y withdrew the consent to share with Q.
    expect((await directory.patientsFor(partner('q'))).map((p) => p.id)).toEqual([]);
    expect(await directory.mayChoose(partner('q'), 'm-pat-y')).toBe(false);
    expect((await directory.patientsFor(partner('p'))).map((p) => p.id)).toEqual(['m-pat-x']);
    const gp = { username: 'huisarts', name: 'GP', role: 'gp' as const, organization: 'm-prac-a' };
    expect(await directory.mayChoose(gp, 'm-pat-y2')).toBe(false);
    // X is listed with A through its GP's PractitionerRole, not managingOrganization.
    expect((await directory.patientsFor(gp)).map((p) => p.id)).toEqual(['m-pat-x']);
    expect(await directory.mayChoose(gp, 'm-pat-x')).toBe(true);
  });

  test('3. re-creating another practice’s deleted Condition about one’s own patient is refused', async () => {
    // Deleted in test 2; its last version was Y's, so it stays B's whatever the new version says.
    const condition = { ...(await fhirFetch(server, 'Condition/m-cond-y/_history/1')).body, meta: undefined };
    const moved = { ...condition, subject: { reference: 'Patient/m-pat-x' } };
    expect((await as('gpA', 'Condition/m-cond-y', { method: 'PUT', body: moved })).status).toBe(403);
  });

  test('3. a Patient id that stored records already name is created by the administrator only', async () => {
    const orphan = { resourceType: 'Observation', status: 'final', code: { text: 'imported' } };
    await fhirFetch(server, 'Observation/m-orphan-obs', {
      method: 'PUT',
      body: { ...orphan, id: 'm-orphan-obs', subject: { reference: 'Patient/m-ghost' } },
    });
    const ghost = {
      resourceType: 'Patient',
      id: 'm-ghost',
      generalPractitioner: [{ reference: 'Practitioner/m-gp-a' }],
    };
    const claimed = await as('gpA', 'Patient/m-ghost', { method: 'PUT', body: ghost });
    expect(claimed.status).toBe(403);
    expect(claimed.body.issue[0].details.text).toMatch(/named by stored records/);
    expect((await as('gpA', 'Observation/m-orphan-obs')).status).toBe(404);
    expect((await as('gpA', 'Patient/m-fresh', { method: 'PUT', body: { ...ghost, id: 'm-fresh' } })).status).toBe(201);
  });

  test('5. a record that names its patient in a way the server cannot place is refused to staff', async () => {
    const observation = (subject: Record<string, unknown>) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'unplaceable' },
      subject,
    });
    const bsn = { identifier: { system: 'http://fhir.nl/fhir/NamingSystem/bsn', value: '999911120' } };
    for (const subject of [bsn, { reference: 'Patient/m-pat-y/' }]) {
      const response = await as('gpB', 'Observation', { method: 'POST', body: observation(subject) });
      expect(response.status, JSON.stringify(subject)).toBe(403);
    }
  });

  test('5. practice staff never change definitional resources, whatever scopes a token names', async () => {
    const token = await server.tokenFor({ ...ROLES.gpA, scope: 'system/*.cruds user/*.cruds' });
    const response = await fhirFetch(server, 'ValueSet', {
      method: 'POST',
      body: { resourceType: 'ValueSet', status: 'draft', url: 'http://example.org/ValueSet/gp' },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
  });

  test('5. a partner cannot relabel its Task practice-internal (hiding it from the patient)', async () => {
    const task = (await as('partnerP', 'Task/m-task-xp')).body;
    const labelled = { ...task, meta: { ...task.meta, security: [{ system: 'x', code: 'practice-internal' }] } };
    const response = await as('partnerP', 'Task/m-task-xp', { method: 'PUT', body: labelled });
    expect(response.status).toBe(403);
    expect(response.body.issue[0].details.text).toMatch(/not meta/);
  });

  test('a practice cannot run its selection with another practice’s settings, nor as a job', async () => {
    const body = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'practice', valueReference: { reference: 'Organization/m-prac-a' } },
        { name: 'settings', valueReference: { reference: 'Basic/m-basic-b' } },
      ],
    };
    for (const headers of [{}, { prefer: 'respond-async' }] as Record<string, string>[]) {
      const response = await as('gpA', 'Group/$target-selection', { method: 'POST', body, headers });
      expect(response.status, JSON.stringify(headers)).toBe(404);
    }
  });

  test('8. another practice’s ids answer as unknown ids do (no existence oracle)', async () => {
    const patchDeleted = [{ op: 'test', path: '/id', value: 'm-cond-y' }];
    const jsonPatch = { 'content-type': 'application/json-patch+json' };
    // Condition/m-cond-y was deleted in test 2: 410 only to its practice.
    expect(
      (await as('gpA', 'Condition/m-cond-y', { method: 'PATCH', body: patchDeleted, headers: jsonPatch })).status,
    ).toBe(404);
    expect(
      (await as('gpB', 'Condition/m-cond-y', { method: 'PATCH', body: patchDeleted, headers: jsonPatch })).status,
    ).toBe(410);
    for (const path of ['Patient/m-pat-y2', 'Patient/m-pat-y2/_history', 'Patient/m-pat-y2/_history/1']) {
      const other = await as('gpA', path);
      const unknown = await as('gpA', path.replace('m-pat-y2', 'm-no-such-patient'));
      expect([other.status, other.body]).toEqual([unknown.status, unknown.body]);
    }
    const headers = { 'content-type': 'application/json-patch+json' };
    const patch = [{ op: 'test', path: '/id', value: 'm-pat-y2' }];
    expect((await as('gpA', 'Patient/m-pat-y2', { method: 'PATCH', body: patch, headers })).status).toBe(404);
    expect((await as('gpA', 'Patient/m-pat-y2', { method: 'DELETE' })).status).toBe(404);
    expect((await as('gpA', 'Patient/m-no-such-patient', { method: 'DELETE' })).status).toBe(404);
  });

  test('the matrix roles are the ones this file attacks with', () => {
    expect(Object.keys(auth).sort()).toEqual(Object.keys(ROLES).sort());
  });
});

describe.each(DATABASE_KINDS)('computed results cannot be squatted, on %s', (kind) => {
  const server = useTestServer(kind);
  let auth: Record<Role, string>;
  const as = requestAs(server, () => auth);
  const date = '2025-06-30';

  beforeAll(async () => {
    await storeFixtures(server);
    // A chronically ill patient of practice A: diabetes (ICPC T90) and one consult in the year.
    const records = [
      { resourceType: 'Patient', id: 'm-pat-x3', generalPractitioner: [{ reference: 'Practitioner/m-gp-a' }] },
      {
        resourceType: 'Condition',
        id: 'm-cond-x3',
        subject: { reference: 'Patient/m-pat-x3' },
        clinicalStatus: { coding: [{ system: ExternalSystems.ConditionClinical, code: 'active' }] },
        code: { coding: [{ system: ExternalSystems.ICPC, code: 'T90' }] },
        onsetDateTime: '2015-01-01',
      },
      {
        resourceType: 'Encounter',
        id: 'm-enc-x3',
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        subject: { reference: 'Patient/m-pat-x3' },
        period: { start: '2025-03-03T09:00:00+01:00', end: '2025-03-03T09:10:00+01:00' },
      },
    ];
    for (const resource of records) {
      const stored = await fhirFetch(server, `${resource.resourceType}/${resource.id}`, {
        method: 'PUT',
        body: resource,
      });
      expect(stored.status, JSON.stringify(stored.body)).toBeLessThan(300);
    }
    auth = await wideTokens(server);
  });

  /** Practice B's GP puts an Observation about its own patient under `id` (a create-on-update of a free id). */
  async function squatAsGpB(id: string): Promise<void> {
    const squat = { resourceType: 'Observation', id, status: 'final', code: { text: 'x' } };
    const body = { ...squat, subject: { reference: 'Patient/m-pat-y' } };
    expect((await as('gpB', `Observation/${id}`, { method: 'PUT', body })).status).toBe(201);
  }

  test("another practice's resource under a result id does not stop $care-burden persist from storing the result", async () => {
    // Result ids are derived from practice, patient and date, so anyone can compute them. Practice B's GP
    // puts an Observation about its own patient under the id of A's result for its patient.
    const id = resultIds.careBurden('m-prac-a', 'm-pat-x3', date);
    await squatAsGpB(id);
    const persisted = await as('gpA', 'Patient/m-pat-x3/$care-burden', {
      method: 'POST',
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'date', valueDate: date },
          { name: 'persist', valueBoolean: true },
        ],
      },
    });
    expect(persisted.status, JSON.stringify(persisted.body)).toBe(200);
    const stored = await as('gpA', `Observation/${id}`);
    expect(stored.status).toBe(200);
    expect(stored.body.subject.reference).toBe('Patient/m-pat-x3');
    // B no longer sees it: it is about A's patient now.
    expect((await as('gpB', `Observation/${id}`)).status).toBe(404);
  });

  test("another practice's resource under a result id does not stop the practice's selection", async () => {
    const later = '2025-07-31';
    const id = resultIds.careBurden('m-prac-a', 'm-pat-x3', later);
    await squatAsGpB(id);
    const selection = await as('gpA', 'Group/$target-selection', {
      method: 'POST',
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'practice', valueReference: { reference: 'Organization/m-prac-a' } },
          { name: 'date', valueDate: later },
        ],
      },
    });
    expect(selection.status, JSON.stringify(selection.body)).toBe(200);
    expect((await as('gpA', `Observation/${id}`)).body.subject.reference).toBe('Patient/m-pat-x3');
  });
});
