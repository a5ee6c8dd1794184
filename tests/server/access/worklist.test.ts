// The access matrix for the worklist's parts, both databases: Group/{id}/$worklist of practice A's
// selection, and A's invitation Task (TargetInvitationTask) for patient X, as every role of the matrix.
import type { Resource } from '@medplum/fhirtypes';
import { buildInvitationTask, buildSelectionGroup } from '@target/profiles';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';
import { type Role, requestAs, storeFixtures, tokens } from './fixtures.ts';

const SELECTION = buildSelectionGroup({
  id: 'm-selection-a',
  referenceDate: '2025-07-01',
  settingsUsed: { id: 'm-basic-a', version: '1' },
  practice: { reference: 'Organization/m-prac-a' },
  members: [
    { patient: { reference: 'Patient/m-pat-x' }, score: 7, category: 'high', hnhc: true, subgroup: 'unclassified' },
  ],
}) as unknown as Resource;

const invitation = (status: 'requested' | 'accepted' | 'cancelled') =>
  buildInvitationTask({
    id: 'm-invitation-x',
    status,
    patient: { reference: 'Patient/m-pat-x' },
    practice: { reference: 'Organization/m-prac-a' },
    authoredOn: '2025-07-02',
  }) as unknown as Resource;

describe.each(DATABASE_KINDS)('access-control matrix, worklist, on %s', (kind) => {
  const server = useTestServer(kind);
  let auth: Record<Role, string>;
  const as = requestAs(server, () => auth);

  beforeAll(async () => {
    await storeFixtures(server);
    for (const resource of [SELECTION, invitation('requested')]) {
      const stored = await fhirFetch(server, `${resource.resourceType}/${resource.id}`, {
        method: 'PUT',
        body: resource,
      });
      expect(stored.status).toBe(201);
    }
    auth = await tokens(server);
  });

  test.each([
    ['gpA', 200],
    ['gpB', 404], // another practice's selection: as if it did not exist
    ['patientX', 403], // practice-internal working data
    ['patientY', 403],
    ['partnerP', 403],
    ['partnerSystem', 403],
  ] as [Role, number][])('Group/$worklist of practice A by %s: %s', async (role, status) => {
    const response = await as(role, 'Group/m-selection-a/$worklist');
    expect(response.status).toBe(status);
    if (status === 200) {
      const member = response.body.parameter.find((p: { name: string }) => p.name === 'member');
      expect(member.part[0]).toEqual({ name: 'patient', valueReference: { reference: 'Patient/m-pat-x' } });
      expect(member.part).toContainEqual({ name: 'invitationStatus', valueCode: 'requested' });
    } else {
      expect(response.body.resourceType).toBe('OperationOutcome');
    }
  });

  test.each([
    ['gpA', 200],
    ['gpB', 200], // its own practice's latest selection: none, so an empty list
    ['patientX', 403],
    ['partnerP', 403],
    ['partnerSystem', 403],
  ] as [Role, number][])('Group/$worklist (type level, own practice) by %s: %s', async (role, status) => {
    const response = await as(role, 'Group/$worklist');
    expect(response.status).toBe(status);
    const group = response.body.parameter?.find((p: { name: string }) => p.name === 'group');
    expect(group?.valueReference?.reference).toBe(role === 'gpA' ? 'Group/m-selection-a' : undefined);
  });

  test('gpB may not name practice A at type level: 403', async () => {
    expect((await as('gpB', 'Group/$worklist?practice=Organization/m-prac-a')).status).toBe(403);
  });

  test.each([
    ['gpA', 200],
    ['gpB', 404],
    ['patientX', 200], // the patient's own invitation, in their compartment
    ['patientY', 404],
    ['partnerP', 404], // not the partner's: it owns only referral Tasks addressed to it
    ['partnerSystem', 404],
  ] as [Role, number][])("reading A's invitation Task by %s: %s", async (role, status) => {
    expect((await as(role, 'Task/m-invitation-x')).status).toBe(status);
  });

  test.each([
    ['gpB', [403, 404]],
    ['patientX', [403]],
    ['partnerP', [403, 404]],
    ['partnerSystem', [403, 404]],
  ] as [Role, number[]][])("%s may not change A's invitation; nothing is written", async (role, statuses) => {
    const response = await as(role, 'Task/m-invitation-x', { method: 'PUT', body: invitation('accepted') });
    expect(statuses).toContain(response.status);
    const stored = await fhirFetch(server, 'Task/m-invitation-x');
    expect(stored.body).toMatchObject({ status: 'requested', meta: { versionId: '1' } });
  });

  test("gpA may not write a selection managed by practice B (with A's own patient as member): 403, nothing written", async () => {
    const planted = buildSelectionGroup({
      id: 'm-selection-planted',
      referenceDate: '2099-12-31',
      settingsUsed: { id: 'm-basic-a', version: '1' },
      practice: { reference: 'Organization/m-prac-b' },
      members: [{ patient: { reference: 'Patient/m-pat-x' }, score: 9, category: 'high', hnhc: true }],
    }) as unknown as Resource;
    const response = await as('gpA', 'Group/m-selection-planted', { method: 'PUT', body: planted });
    expect(response.status).toBe(403);
    expect((await fhirFetch(server, 'Group/m-selection-planted')).status).toBe(404);
    const worklistOfB = await as('gpB', 'Group/$worklist');
    expect(worklistOfB.body.parameter.find((p: { name: string }) => p.name === 'group')).toBeUndefined();
  });

  test("gpA may not write a conversation follow-up owned by practice B (it would show on B's worklist): 403, nothing written", async () => {
    const followUp = (id: string, owner: string) => ({
      resourceType: 'Task',
      id,
      status: 'requested',
      intent: 'plan',
      code: {
        coding: [{ system: 'https://target.drenthe.example/fhir/CodeSystem/target-concept', code: 'follow-up' }],
      },
      for: { reference: 'Patient/m-pat-x' },
      owner: { reference: `Organization/${owner}` },
      restriction: { period: { end: '2025-09-01' } },
    });
    const planted = await as('gpA', 'Task/m-follow-up-planted', {
      method: 'PUT',
      body: followUp('m-follow-up-planted', 'm-prac-b'),
    });
    expect(planted.status).toBe(403);
    expect((await fhirFetch(server, 'Task/m-follow-up-planted')).status).toBe(404);
    const own = await as('gpA', 'Task/m-follow-up-own', {
      method: 'PUT',
      body: followUp('m-follow-up-own', 'm-prac-a'),
    });
    expect(own.status).toBe(201);
    const handedOver = await as('gpA', 'Task/m-follow-up-own', {
      method: 'PUT',
      body: followUp('m-follow-up-own', 'm-prac-b'),
    });
    expect(handedOver.status).toBe(403);
    expect((await fhirFetch(server, 'Task/m-follow-up-own')).body).toMatchObject({ meta: { versionId: '1' } });
  });

  test("gpA may not delete practice B's invitation for a patient both practices list: 403, the Task stays", async () => {
    const shared = {
      resourceType: 'Patient',
      id: 'm-pat-shared',
      name: [{ family: 'Gedeeld' }],
      generalPractitioner: [{ reference: 'Practitioner/m-gp-a' }],
      managingOrganization: { reference: 'Organization/m-prac-b' },
    };
    const ofB = buildInvitationTask({
      id: 'm-invitation-shared-b',
      status: 'requested',
      patient: { reference: 'Patient/m-pat-shared' },
      practice: { reference: 'Organization/m-prac-b' },
      authoredOn: '2025-07-02',
    }) as unknown as Resource;
    for (const resource of [shared, ofB]) {
      expect(
        (await fhirFetch(server, `${resource.resourceType}/${resource.id}`, { method: 'PUT', body: resource })).status,
      ).toBe(201);
    }
    const response = await as('gpA', 'Task/m-invitation-shared-b', { method: 'DELETE' });
    expect(response.status).toBe(403);
    const stored = await fhirFetch(server, 'Task/m-invitation-shared-b');
    expect(stored.body).toMatchObject({ status: 'requested', meta: { versionId: '1' } });
  });

  test('an older selection of A shows no name or birth date of a patient A may no longer read', async () => {
    const snapshot = buildSelectionGroup({
      id: 'm-selection-older',
      referenceDate: '2025-01-01',
      settingsUsed: { id: 'm-basic-a', version: '1' },
      practice: { reference: 'Organization/m-prac-a' },
      members: [
        { patient: { reference: 'Patient/m-pat-x' }, score: 7, category: 'high', hnhc: true },
        { patient: { reference: 'Patient/m-pat-y' }, score: 5, category: 'medium', hnhc: false },
      ],
    }) as unknown as Resource;
    expect((await fhirFetch(server, 'Group/m-selection-older', { method: 'PUT', body: snapshot })).status).toBe(201);
    const response = await as('gpA', 'Group/m-selection-older/$worklist');
    expect(response.status).toBe(200);
    const members = response.body.parameter.filter((p: { name: string }) => p.name === 'member');
    const named = (id: string) =>
      members
        .find((m: { part: { name: string; valueReference?: { reference: string } }[] }) =>
          m.part.some((part) => part.valueReference?.reference === `Patient/${id}`),
        )
        .part.some((part: { name: string }) => part.name === 'name');
    expect(named('m-pat-x')).toBe(true);
    expect(named('m-pat-y')).toBe(false);
  });

  test("practice A's GP moves its invitation on", async () => {
    const response = await as('gpA', 'Task/m-invitation-x', { method: 'PUT', body: invitation('accepted') });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('accepted');
  });

  test("once A deletes its invitation, its history stays A's: gpB, patientY and the partner get 404, gpA 200", async () => {
    expect((await as('gpB', 'Task/m-invitation-x', { method: 'DELETE' })).status).toBe(404);
    expect((await as('gpA', 'Task/m-invitation-x', { method: 'DELETE' })).status).toBe(200);
    expect((await as('gpA', 'Task/m-invitation-x')).status).toBe(410);
    for (const path of ['Task/m-invitation-x/_history', 'Task/m-invitation-x/_history/1']) {
      expect((await as('gpA', path)).status).toBe(200);
      for (const role of ['gpB', 'patientY', 'partnerP'] as Role[]) {
        expect((await as(role, path)).status, `${role} ${path}`).toBe(404);
      }
    }
  });
});
