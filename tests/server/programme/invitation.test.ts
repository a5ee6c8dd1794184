// The invitation for the other conversation (TargetInvitationTask) over real HTTP on both databases: the
// server enforces its state machine on every write path — create, update, patch, batch, transaction and
// the server's own writes — answering 422 and writing nothing on an illegal transition; only the owning
// practice writes it.
import type { Task } from '@medplum/fhirtypes';
import { buildInvitationTask, type InvitationStatus } from '@target/profiles';
import { beforeAll, describe, expect, test } from 'vitest';
import type { AccessTokenClaims } from '../../../server/src/access/tokens.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';
import { gpOf, OTHER_PRACTICE, PRACTICE, storeWorklistWorld } from './worklist-world.ts';

function invitation(
  id: string,
  status: InvitationStatus,
  extra: { reason?: string; owner?: string; patient?: string } = {},
) {
  return buildInvitationTask({
    id,
    status,
    statusReason: extra.reason,
    patient: { reference: `Patient/${extra.patient ?? 'wl-vries'}` },
    practice: { reference: `Organization/${extra.owner ?? PRACTICE}` },
    authoredOn: '2025-07-02T09:00:00+02:00',
  }) as unknown as Task;
}

const PATIENT_VRIES: AccessTokenClaims = {
  sub: 'pat-vries',
  client_id: 'pgo-app',
  scope: 'patient/*.rs patient/Task.u',
  target_role: 'patient',
  patient: 'wl-vries',
  fhirUser: 'Patient/wl-vries',
};

describe.each(DATABASE_KINDS)('invitation Task workflow on %s', (kind) => {
  const server = useTestServer(kind);
  const auth: Record<string, string> = {};
  const as = (who: string, path: string, init: Parameters<typeof fhirFetch>[2] = {}) =>
    fhirFetch(server, path, { ...init, headers: { authorization: auth[who], ...init.headers } });
  const versionOf = async (id: string) => (await fhirFetch(server, `Task/${id}`)).body?.meta?.versionId;
  const statusOf = async (id: string) => (await fhirFetch(server, `Task/${id}`)).body?.status;
  const expectRefused = (response: {
    status: number;
    body: { issue?: { code: string; diagnostics?: string; details?: { text?: string } }[] };
  }) => {
    expect(response.status).toBe(422);
    expect(response.body.issue?.[0]).toMatchObject({ code: 'business-rule' });
    expect(response.body.issue?.[0].details?.text).toMatch(/^Invitation Task: /);
  };

  beforeAll(async () => {
    await storeWorklistWorld((path, init) => fhirFetch(server, path, init));
    auth.gp = `Bearer ${await server.tokenFor({ ...gpOf(PRACTICE), fhirUser: 'Practitioner/wl-gp' })}`;
    auth.otherGp = `Bearer ${await server.tokenFor(gpOf(OTHER_PRACTICE))}`;
    auth.patient = `Bearer ${await server.tokenFor(PATIENT_VRIES)}`;
  });

  test('the practice invites (requested) and the Task conforms to its profile', async () => {
    const created = await as('gp', 'Task', { method: 'POST', body: invitation('ignored', 'requested') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'requested',
      intent: 'proposal',
      owner: { reference: `Organization/${PRACTICE}` },
    });
    const validated = await fhirFetch(server, 'Task/$validate', { method: 'POST', body: created.body });
    expect(validated.body.issue.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
  });

  test('a new invitation that is not requested is refused with 422 and not stored', async () => {
    expectRefused(
      await as('gp', 'Task/inv-born-accepted', { method: 'PUT', body: invitation('inv-born-accepted', 'accepted') }),
    );
    expect((await fhirFetch(server, 'Task/inv-born-accepted')).status).toBe(404);
  });

  test.each([
    ['accepted', undefined],
    ['rejected', 'Wil eerst met zijn dochter overleggen.'],
    ['cancelled', undefined],
  ] as [InvitationStatus, string | undefined][])('requested → %s over PUT is allowed', async (status, reason) => {
    const id = `inv-to-${status}`;
    expect((await as('gp', `Task/${id}`, { method: 'PUT', body: invitation(id, 'requested') })).status).toBe(201);
    const updated = await as('gp', `Task/${id}`, { method: 'PUT', body: invitation(id, status, { reason }) });
    expect(updated.status).toBe(200);
    expect(updated.body.status).toBe(status);
  });

  test.each([
    ['accepted', 'requested'],
    ['accepted', 'rejected'],
    ['rejected', 'accepted'],
    ['cancelled', 'requested'],
  ] as [InvitationStatus, InvitationStatus][])('%s → %s over PUT is 422 and writes nothing', async (from, to) => {
    const id = `inv-${from}-${to}`;
    await fhirFetch(server, `Task/${id}`, { method: 'PUT', body: invitation(id, 'requested') });
    const reason = 'Geen behoefte.';
    if (from !== 'requested') {
      const moved = await fhirFetch(server, `Task/${id}`, { method: 'PUT', body: invitation(id, from, { reason }) });
      expect(moved.status).toBe(200);
    }
    const version = await versionOf(id);
    expectRefused(await as('gp', `Task/${id}`, { method: 'PUT', body: invitation(id, to, { reason }) }));
    expect(await versionOf(id)).toBe(version);
    expect(await statusOf(id)).toBe(from);
  });

  test('an illegal transition over PATCH is 422 and writes nothing', async () => {
    await as('gp', 'Task/inv-patch', { method: 'PUT', body: invitation('inv-patch', 'requested') });
    await as('gp', 'Task/inv-patch', { method: 'PUT', body: invitation('inv-patch', 'cancelled') });
    const patch = await as('gp', 'Task/inv-patch', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: [{ op: 'replace', path: '/status', value: 'accepted' }],
    });
    expectRefused(patch);
    expect(await versionOf('inv-patch')).toBe('2');
  });

  test('a declined invitation without its reason is refused by the profile (target-inv-2)', async () => {
    await as('gp', 'Task/inv-no-reason', { method: 'PUT', body: invitation('inv-no-reason', 'requested') });
    const response = await as('gp', 'Task/inv-no-reason', {
      method: 'PUT',
      body: invitation('inv-no-reason', 'rejected'),
    });
    expect(response.status).toBe(422);
    expect(JSON.stringify(response.body)).toContain('target-inv-2');
    expect(await statusOf('inv-no-reason')).toBe('requested');
  });

  test('a transaction with one illegal transition writes none of its entries', async () => {
    await as('gp', 'Task/inv-tx-ok', { method: 'PUT', body: invitation('inv-tx-ok', 'requested') });
    await as('gp', 'Task/inv-tx-bad', {
      method: 'PUT',
      body: invitation('inv-tx-bad', 'requested', { patient: 'wl-berg' }),
    });
    await as('gp', 'Task/inv-tx-bad', {
      method: 'PUT',
      body: invitation('inv-tx-bad', 'rejected', { patient: 'wl-berg', reason: 'Nee.' }),
    });
    const bundle = (type: string) => ({
      resourceType: 'Bundle',
      type,
      entry: [
        { resource: invitation('inv-tx-ok', 'accepted'), request: { method: 'PUT', url: 'Task/inv-tx-ok' } },
        {
          resource: invitation('inv-tx-bad', 'accepted', { patient: 'wl-berg' }),
          request: { method: 'PUT', url: 'Task/inv-tx-bad' },
        },
      ],
    });
    const transaction = await as('gp', '', { method: 'POST', body: bundle('transaction') });
    expect(transaction.status).toBe(422);
    expect(await statusOf('inv-tx-ok')).toBe('requested');
    expect(await statusOf('inv-tx-bad')).toBe('rejected');

    const batch = await as('gp', '', { method: 'POST', body: bundle('batch') });
    expect(batch.status).toBe(200);
    expect(batch.body.entry.map((e: { response: { status: string } }) => e.response.status.slice(0, 3))).toEqual([
      '200',
      '422',
    ]);
    expect(await statusOf('inv-tx-ok')).toBe('accepted');
    expect(await statusOf('inv-tx-bad')).toBe('rejected');
  });

  test("the server's own writes obey the state machine too", async () => {
    await fhirFetch(server, 'Task/inv-server', { method: 'PUT', body: invitation('inv-server', 'requested') });
    await fhirFetch(server, 'Task/inv-server', { method: 'PUT', body: invitation('inv-server', 'cancelled') });
    await expect(server.repo.updateResource(invitation('inv-server', 'accepted'))).rejects.toThrow(
      /cannot go from cancelled to accepted/,
    );
    expect(await statusOf('inv-server')).toBe('cancelled');
  });

  test("only the owning practice writes its invitations: another practice's GP and the patient are refused", async () => {
    await as('gp', 'Task/inv-owned', { method: 'PUT', body: invitation('inv-owned', 'requested') });
    // Another practice: A's patient is outside its practice (403 for what it would write, as any record).
    const foreign = await as('otherGp', 'Task/inv-owned', {
      method: 'PUT',
      body: invitation('inv-owned', 'cancelled'),
    });
    expect([403, 404]).toContain(foreign.status);
    expect((await as('otherGp', 'Task', { method: 'POST', body: invitation('x', 'requested') })).status).toBe(403);
    expect((await as('otherGp', 'Task/inv-owned')).status).toBe(404);
    // A practice cannot make an invitation owned by another practice, not even for its own patient.
    const disguised = await as('otherGp', 'Task', {
      method: 'POST',
      body: invitation('x', 'requested', { patient: 'wl-elders', owner: PRACTICE }),
    });
    expect(disguised.status).toBe(403);
    expect(JSON.stringify(disguised.body)).toContain('owned by your own practice');
    // The patient reads nothing of it to change: invitations are the practice's record.
    expect(
      (await as('patient', 'Task/inv-owned', { method: 'PUT', body: invitation('inv-owned', 'accepted') })).status,
    ).toBe(403);
    expect(await statusOf('inv-owned')).toBe('requested');
    expect(await versionOf('inv-owned')).toBe('1');
  });

  test('the practice may delete its own invitation; another practice may not', async () => {
    await as('gp', 'Task/inv-delete', { method: 'PUT', body: invitation('inv-delete', 'requested') });
    expect([403, 404]).toContain((await as('otherGp', 'Task/inv-delete', { method: 'DELETE' })).status);
    expect((await as('gp', 'Task/inv-delete', { method: 'DELETE' })).status).toBe(200);
  });
});
