// The conversation record (conversation-record.ts) against the profiles: every resource a draft save and a
// finished save write conforms to the TARGET profile it claims, so the server accepts the transaction.
import type { Resource } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { type ConversationDraft, newConversationDraft } from '../../../profiles/src/conversation/conversation-draft.ts';
import { buildConversationTransaction } from '../../../profiles/src/conversation/conversation-record.ts';
import { validationErrors } from '../builders/support.ts';

const QUESTIONNAIRE = {
  url: 'https://target.drenthe.example/fhir/Questionnaire/target-positive-health',
  version: '1.0.0',
};
const NOW = '2026-12-06T11:40:00+01:00';

let counter = 0;
const newId = () => `rc-${++counter}`;

function conversation(): ConversationDraft {
  return {
    ...newConversationDraft({
      patient: 'Patient/p1',
      practitionerRole: 'PractitionerRole/gp-role',
      practice: 'Organization/practice',
      careBurden: 'Observation/cb-1/_history/2',
      startedAt: '2026-12-06T11:00:00+01:00',
      newId,
    }),
    positiveHealth: { scores: { meaningfulness: 6, participation: 3 }, wantToTalk: ['participation'] },
    whatMatters: 'Mijn tuin',
    goodDay: 'Buiten zijn',
    lifeGoals: [{ id: 'life-1', description: 'Weer meedoen', dimension: 'participation' }],
    careGoals: [{ id: 'care-1', lifeGoalId: 'life-1', description: 'Naar de moestuinclub', dueDate: '2027-03-01' }],
    actions: [
      {
        id: 'a1',
        description: 'Moestuinclub bellen',
        performerType: 'patient',
        barriers: [{ code: 'patient-resistance', text: 'Ziet er tegenop' }, { code: 'practical' }],
        goalIds: ['care-1'],
      },
    ],
    outcome: 'referral',
    referrals: [{ id: 'sr-1', category: 'social-welfare', reason: 'Eenzaam', goalIds: ['life-1'] }],
    followUp: { id: 'fu-1', dueDate: '2027-02-01', description: 'Vervolggesprek' },
  };
}

function written(finish: boolean): Resource[] {
  const bundle = buildConversationTransaction(conversation(), { finish, now: NOW, questionnaire: QUESTIONNAIRE });
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}

describe('the conversation record conforms to the profiles', () => {
  test.each([
    ['a draft save', false],
    ['the finished conversation', true],
  ])('every resource of %s is valid against its profile', (_name, finish) => {
    const resources = written(finish);
    expect(resources.length).toBeGreaterThan(5);
    const problems = resources.flatMap((r) => validationErrors(r).map((issue) => `${r.resourceType}/${r.id} ${issue}`));
    expect(problems).toEqual([]);
  });
});
