// The record of an other conversation over HTTP: the transaction the package builds (conversation-record.ts)
// is stored whole by the real server, as a draft and when finished, and a finished record that breaks an
// invariant of the profiles (outcome referral without the referral in the plan) is refused with nothing
// written (R4 http.html#transaction: all or nothing).
import type { Bundle, CarePlan, Encounter } from '@medplum/fhirtypes';
import {
  buildConversationResources,
  buildConversationTransaction,
  type ConversationDraft,
  type ConversationRecord,
  newConversationDraft,
  withStoredVersions,
} from '@target/profiles';
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { storedVersionCount } from '../../support/fhir-checks.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

const QUESTIONNAIRE = {
  url: 'https://target.drenthe.example/fhir/Questionnaire/target-positive-health',
  version: '1.0.0',
};
const NOW = '2026-12-06T11:40:00+01:00';

function conversation(prefix: string): ConversationDraft {
  let counter = 0;
  return {
    ...newConversationDraft({
      patient: `Patient/${prefix}-patient`,
      practitionerRole: `PractitionerRole/${prefix}-gp-role`,
      practice: `Organization/${prefix}-practice`,
      careBurden: `Observation/${prefix}-cb/_history/1`,
      startedAt: '2026-12-06T11:00:00+01:00',
      newId: () => `${prefix}-${++counter}`,
    }),
    positiveHealth: { scores: { participation: 3 }, wantToTalk: ['participation'] },
    lifeGoals: [{ id: `${prefix}-life`, description: 'Weer meedoen', dimension: 'participation' }],
    careGoals: [{ id: `${prefix}-care`, lifeGoalId: `${prefix}-life`, description: 'Naar de moestuinclub' }],
    actions: [
      {
        id: 'a1',
        description: 'Moestuinclub bellen',
        performerType: 'patient',
        barriers: [{ code: 'patient-resistance', text: 'Ziet er tegenop' }],
        goalIds: [`${prefix}-care`],
      },
    ],
    outcome: 'referral',
    referrals: [{ id: `${prefix}-sr`, category: 'social-welfare', reason: 'Eenzaam', goalIds: [`${prefix}-life`] }],
    followUp: { id: `${prefix}-fu`, dueDate: '2027-02-01', description: 'Vervolggesprek' },
  };
}

function transaction(draft: ConversationDraft, finish: boolean): Bundle {
  return buildConversationTransaction(draft, { finish, now: NOW, questionnaire: QUESTIONNAIRE }) as unknown as Bundle;
}

describe.each(DATABASE_KINDS)('the conversation record over HTTP on %s', (kind) => {
  const server = useTestServer(kind);

  test('stores a draft save and then the finished conversation whole, every entry accepted', async () => {
    const draft = conversation(`rec-${kind}`);
    for (const finish of [false, true]) {
      const response = await fhirFetch(server, '', { method: 'POST', body: transaction(draft, finish) });
      expect({ status: response.status, body: response.body?.resourceType }).toEqual({
        status: 200,
        body: 'Bundle',
      });
      const statuses = (response.body as Bundle).entry?.map((e) => e.response?.status?.slice(0, 3));
      expect(statuses?.every((s) => s === '200' || s === '201')).toBe(true);
    }
    const encounter = (await fhirFetch(server, `Encounter/${draft.ids.encounter}`)).body as Encounter;
    expect(encounter.status).toBe('finished');
    expect(encounter.reasonReference).toEqual([{ reference: `Observation/rec-${kind}-cb/_history/1` }]);
    const plan = (await fhirFetch(server, `CarePlan/${draft.ids.carePlan}`)).body as CarePlan;
    expect(plan.status).toBe('active');
    expect((await fhirFetch(server, `Provenance/${draft.ids.provenance}`)).status).toBe(200);
  });

  test('refuses a finished record whose plan leaves out the referral of its referral outcome (target-plan-2), writing nothing', async () => {
    const draft = conversation(`bad-${kind}`);
    const bundle = transaction(draft, true);
    const plan = bundle.entry?.find((e) => e.resource?.resourceType === 'CarePlan')?.resource as CarePlan;
    plan.activity = plan.activity?.filter((a) => !a.reference);
    const versions = await storedVersionCount(server);

    const response = await fhirFetch(server, '', { method: 'POST', body: bundle });

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(JSON.stringify(response.body)).toContain('target-plan-2');
    expect(await storedVersionCount(server)).toBe(versions);
    expect((await fhirFetch(server, `Encounter/${draft.ids.encounter}`)).status).toBe(404);
  });
});

describe.each(DATABASE_KINDS)('saving a conversation over someone else’s save on %s', (kind) => {
  const server = useTestServer(kind);

  test('a stale draft save after the conversation was finished is refused whole (412), nothing written', async () => {
    const draft = conversation(`stale-${kind}`);
    const save = (finish: boolean, previous?: ConversationRecord) =>
      buildConversationTransaction(draft, { finish, now: NOW, questionnaire: QUESTIONNAIRE, previous });
    const first = await fhirFetch(server, '', { method: 'POST', body: save(false) });
    expect(first.status).toBe(200);
    // Two tabs resumed the same draft, each with the versions the first save stored.
    const stored = withStoredVersions(
      buildConversationResources(draft, { finish: false, now: NOW, questionnaire: QUESTIONNAIRE }),
      first.body,
    );
    expect(stored.encounter.meta?.versionId).toBe('1');
    const finished = await fhirFetch(server, '', { method: 'POST', body: save(true, stored) });
    expect(finished.status).toBe(200);
    const before = await storedVersionCount(server);
    const stale = await fhirFetch(server, '', { method: 'POST', body: save(false, stored) });
    expect(stale.status).toBe(412);
    expect(stale.body.resourceType).toBe('OperationOutcome');
    expect(await storedVersionCount(server)).toBe(before);
    const encounter = await fhirFetch(server, `Encounter/${draft.ids.encounter}`);
    expect(encounter.body.status).toBe('finished');
  });
});
