// The access matrix for the record of the other conversation, both databases: practice A's GP writes patient
// X's finished conversation in one transaction, as the GP app does (Encounter, QuestionnaireResponse, the
// extracted Positive Health Observations, goals, health plan, draft referral, follow-up Task, Provenance).
// Then every role of the matrix reads each resource and searches each type; and a writer who may not write
// it (another practice, the patient, a partner) is refused with nothing written.
import type { Resource } from '@medplum/fhirtypes';
import {
  buildConversationTransaction,
  type ConversationDraft,
  extractPositiveHealth,
  newConversationDraft,
  targetPositiveHealthQuestionnaire,
} from '@target/profiles';
import type { Bundle, QuestionnaireResponse } from 'fhir/r4.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTestServer } from '../../support/server.ts';
import { bundleKeys, type Role, requestAs, storeFixtures, tokens, versionCount, wideTokens } from './fixtures.ts';

const NOW = '2025-07-03T11:00:00+02:00';
const questionnaire = targetPositiveHealthQuestionnaire();

function conversation(): ConversationDraft {
  let n = 0;
  const draft = newConversationDraft({
    patient: 'Patient/m-pat-x',
    practitionerRole: 'PractitionerRole/m-role-a',
    practice: 'Organization/m-prac-a',
    startedAt: '2025-07-03T10:15:00+02:00',
    newId: () => `m-conv-${++n}`,
  });
  return {
    ...draft,
    positiveHealth: { scores: { participation: 4, 'mental-wellbeing': 6 }, wantToTalk: ['participation'] },
    whatMatters: 'Mijn kleinkinderen',
    lifeGoals: [{ id: 'm-conv-life', description: 'Weer meedoen', dimension: 'participation' }],
    careGoals: [{ id: 'm-conv-care', lifeGoalId: 'm-conv-life', description: 'Naar het buurthuis' }],
    actions: [
      { id: 'a', description: 'Buurthuis bellen', performerType: 'patient', barriers: [], goalIds: ['m-conv-care'] },
    ],
    outcome: 'referral',
    referrals: [{ id: 'm-conv-referral', category: 'social-welfare', reason: 'Eenzaam', goalIds: ['m-conv-life'] }],
    followUp: { id: 'm-conv-follow-up', dueDate: '2025-09-01', description: 'Vervolggesprek' },
  };
}

function finishedTransaction(): Bundle {
  const draft = conversation();
  const pending = buildConversationTransaction(draft, { finish: true, now: NOW, questionnaire });
  const response = pending.entry?.find((e) => e.resource?.resourceType === 'QuestionnaireResponse')
    ?.resource as QuestionnaireResponse;
  const { observations, panel } = extractPositiveHealth(questionnaire, response);
  return buildConversationTransaction(draft, {
    finish: true,
    now: NOW,
    questionnaire,
    extracted: [...observations, ...(panel ? [panel] : [])],
  });
}

const RECORD = (finishedTransaction().entry ?? []).map((e) => e.resource as Resource);
const KEYS = RECORD.map((r) => `${r.resourceType}/${r.id}`);
const TYPES = [...new Set(RECORD.map((r) => r.resourceType))];

describe.each(DATABASE_KINDS)('access-control matrix, the other conversation, on %s', (kind) => {
  const server = useTestServer(kind);
  let auth: Record<Role, string>;
  let wide: Record<Role, string>;
  const as = requestAs(server, () => auth);
  // The widest scopes each role's client could be granted: the role ceiling alone decides.
  const asWide = requestAs(server, () => wide);

  beforeAll(async () => {
    await storeFixtures(server);
    auth = await tokens(server);
    wide = await wideTokens(server);
  });

  test.each([
    ['gpB', [403, 404]], // another practice: patient X is not theirs
    ['patientX', [403]], // the patient does not write the practice's record
    ['partnerP', [403]],
    ['partnerSystem', [403]],
  ] as [Role, number[]][])(
    '%s may not write the conversation of patient X: refused, nothing written',
    async (role, statuses) => {
      const before = await versionCount(server);
      const response = await as(role, '', { method: 'POST', body: finishedTransaction() });
      expect(statuses).toContain(response.status);
      expect(await versionCount(server)).toBe(before);
    },
  );

  test("practice A's GP writes the whole finished conversation in one transaction", async () => {
    const response = await as('gpA', '', { method: 'POST', body: finishedTransaction() });
    expect(response.status, JSON.stringify(response.body).slice(0, 1500)).toBe(200);
    expect(response.body.entry).toHaveLength(RECORD.length);
  });

  // The patient reads their own conversation, goals and plan (the MedMij-style view), never another's.
  // A partner sees only referrals addressed to it with the patient's consent: a draft referral to no one
  // is not one of them, and nothing else of the conversation is.
  const expected: Record<Role, 200 | 404> = {
    gpA: 200,
    gpB: 404,
    patientX: 200,
    patientY: 404,
    partnerP: 404,
    partnerQ: 404,
    partnerSystem: 404,
  };
  test.each((Object.keys(expected) as Role[]).flatMap((role) => KEYS.map((k) => [role, k] as const)))(
    '%s reads %s',
    async (role, key) => {
      const response = await as(role, key);
      const status = response.status === 403 ? 404 : response.status; // refused by scope: the same, no content
      expect(status).toBe(expected[role]);
    },
  );

  test.each(Object.keys(expected) as Role[])(
    'searches by %s find the record only where they may read it',
    async (role) => {
      for (const type of TYPES) {
        const response = await as(role, `${type}?_count=200`);
        const found = response.status === 200 ? bundleKeys(response.body) : [];
        const ofRecord = KEYS.filter((k) => k.startsWith(`${type}/`));
        if (expected[role] === 200) {
          expect(found, `${role} ${type}`).toEqual(expect.arrayContaining(ofRecord));
        } else {
          expect(
            found.filter((k) => ofRecord.includes(k)),
            `${role} ${type}`,
          ).toEqual([]);
        }
      }
    },
  );

  const response = RECORD.find((r) => r.resourceType === 'QuestionnaireResponse') as unknown as QuestionnaireResponse;
  const ownAnswers = (changes: Partial<QuestionnaireResponse>) => ({
    ...response,
    id: undefined,
    author: { reference: 'Patient/m-pat-x' },
    source: { reference: 'Patient/m-pat-x' },
    encounter: undefined,
    ...changes,
  });

  test('the patient may not rewrite the answers the practice recorded in the conversation: 403, unchanged', async () => {
    const before = await versionCount(server);
    const changed = { ...response, status: 'amended', item: [] };
    const put = await asWide('patientX', `QuestionnaireResponse/${response.id}`, { method: 'PUT', body: changed });
    expect(put.status).toBe(403);
    expect(await versionCount(server)).toBe(before);
  });

  test.each([
    ['as the GP (author a PractitionerRole)', { author: { reference: 'PractitionerRole/m-role-a' } }],
    ['with the GP as source', { source: { reference: 'PractitionerRole/m-role-a' } }],
    ['as part of the practice’s conversation', { encounter: { reference: 'Encounter/m-conv-1' } }],
  ])('the patient may not write answers %s: 403, nothing written', async (_what, changes) => {
    const before = await versionCount(server);
    const post = await asWide('patientX', 'QuestionnaireResponse', { method: 'POST', body: ownAnswers(changes) });
    expect(post.status).toBe(403);
    expect(await versionCount(server)).toBe(before);
  });

  test('the patient writes their own answers beforehand, authored by themselves', async () => {
    const post = await asWide('patientX', 'QuestionnaireResponse', { method: 'POST', body: ownAnswers({}) });
    expect(post.status).toBe(201);
  });

  test.each([
    ['gpB, about A’s record, naming no patient', 'gpB', {}],
    ['gpB, naming A’s patient', 'gpB', { patient: true }],
    ['gpA, acting for practice B', 'gpA', { patient: true, onBehalfOf: 'Organization/m-prac-b' }],
    ['gpA, naming no patient', 'gpA', {}],
  ] as [string, Role, { patient?: boolean; onBehalfOf?: string }][])(
    'a Provenance written by %s is refused: nothing written',
    async (_what, role, shape) => {
      const before = await versionCount(server);
      const provenance = {
        resourceType: 'Provenance',
        ...(shape.patient
          ? {
              extension: [
                {
                  url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Provenance.patient',
                  valueReference: { reference: 'Patient/m-pat-x' },
                },
              ],
            }
          : {}),
        target: [{ reference: 'Encounter/m-conv-1' }],
        recorded: NOW,
        agent: [
          {
            who: { reference: 'PractitionerRole/m-role-a' },
            onBehalfOf: { reference: shape.onBehalfOf ?? 'Organization/m-prac-a' },
          },
        ],
      };
      const post = await as(role, 'Provenance', { method: 'POST', body: provenance });
      expect([403, 404]).toContain(post.status);
      expect(await versionCount(server)).toBe(before);
    },
  );

  test.each([
    ['gpA', 200],
    ['patientX', 200],
    ['gpB', 404],
    ['patientY', 404],
    ['partnerP', 404],
    ['partnerSystem', 404],
  ] as [Role, number][])(
    'a deleted draft referral keeps its owners: its history by %s answers %s',
    async (role, status) => {
      const referral = KEYS.find((k) => k.startsWith('ServiceRequest/')) as string;
      const deleted = await as('gpA', referral, { method: 'DELETE' });
      expect([200, 204, 404, 410]).toContain(deleted.status); // the first test of the table deletes it
      const history = await as(role, `${referral}/_history`);
      const seen = history.status === 403 ? 404 : history.status; // refused by scope: the same, no content
      expect(seen).toBe(status);
    },
  );
});
