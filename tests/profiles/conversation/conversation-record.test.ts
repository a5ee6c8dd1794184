import type { Bundle, CarePlan, Encounter, Goal, Provenance, QuestionnaireResponse, Task } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  type ConversationDraft,
  draftProblems,
  newConversationDraft,
  withoutGoal,
} from '../../../profiles/src/conversation/conversation-draft.ts';
import {
  buildConversationResources,
  buildConversationTransaction,
  findOpenConversation,
  readConversationDraft,
  readConversationRecord,
} from '../../../profiles/src/conversation/conversation-record.ts';
import { MemoryReader } from '../fhir-reader/memory-reader.ts';

const QUESTIONNAIRE = {
  url: 'https://target.drenthe.example/fhir/Questionnaire/target-positive-health',
  version: '1.0.0',
};
const NOW = '2026-12-06T10:45:00+01:00';

let counter = 0;
const newId = () => `id-${++counter}`;

/** A conversation with every part filled in: grades, words, two life goals, care goals, a plan and a referral. */
function fullDraft(): ConversationDraft {
  const draft = newConversationDraft({
    patient: 'Patient/p1',
    practitionerRole: 'PractitionerRole/r1',
    practice: 'Organization/o1',
    careBurden: 'Observation/cb1/_history/3',
    startedAt: '2026-12-06T10:00:00+01:00',
    newId,
  });
  return {
    ...draft,
    place: 'HH',
    positiveHealth: { scores: { 'bodily-functions': 4, participation: 7 }, wantToTalk: ['participation'] },
    whatMatters: 'Mijn kleinkinderen',
    goodDay: 'Wandelen met de hond',
    lifeGoals: [
      { id: 'life-1', description: 'Weer meedoen in de buurt', dimension: 'participation' },
      { id: 'life-2', description: 'Zelf boodschappen doen', dimension: 'daily-functioning' },
    ],
    careGoals: [
      {
        id: 'care-1',
        lifeGoalId: 'life-1',
        description: 'Eén keer per week naar het buurthuis',
        dueDate: '2027-03-01',
      },
      {
        id: 'care-2',
        lifeGoalId: 'life-2',
        description: 'Tien minuten lopen per dag',
        grrow: { will: 'Ik begin maandag' },
      },
    ],
    actions: [
      {
        id: 'a1',
        description: 'Buurthuis bellen',
        performerType: 'patient',
        barriers: [{ text: 'Vindt het spannend' }],
        followUp: '2027-01-15',
        goalIds: ['care-1'],
      },
    ],
    outcome: 'referral',
    referrals: [{ id: 'sr-1', category: 'social-welfare', reason: 'Eenzaamheid', goalIds: ['life-1'] }],
    followUp: { id: 'task-1', dueDate: '2027-02-01', description: 'Vervolggesprek over het plan' },
  };
}

describe('the record of an other conversation', () => {
  test('a draft save writes draft statuses, no Observations and no Provenance', () => {
    const bundle = buildConversationTransaction(fullDraft(), { finish: false, now: NOW, questionnaire: QUESTIONNAIRE });
    const byType = (type: string) => (bundle.entry ?? []).filter((e) => e.resource?.resourceType === type);
    expect(bundle.type).toBe('transaction');
    expect((byType('Encounter')[0].resource as Encounter).status).toBe('in-progress');
    expect((byType('QuestionnaireResponse')[0].resource as QuestionnaireResponse).status).toBe('in-progress');
    expect(byType('Goal').map((e) => (e.resource as Goal).lifecycleStatus)).toEqual(Array(4).fill('proposed'));
    expect((byType('CarePlan')[0].resource as CarePlan).status).toBe('draft');
    expect((byType('Task')[0].resource as Task).status).toBe('draft');
    expect(byType('Provenance')).toHaveLength(0);
    expect(byType('Observation')).toHaveLength(0);
    expect(bundle.entry?.every((e) => e.request?.method === 'PUT' && e.request.url === e.fullUrl)).toBe(true);
  });

  test('finishing writes final statuses, the extracted Observations and a Provenance naming every resource', () => {
    const extracted = [{ resourceType: 'Observation' as const, id: 'obs-1', status: 'final' as const, code: {} }];
    const bundle = buildConversationTransaction(fullDraft(), {
      finish: true,
      now: NOW,
      questionnaire: QUESTIONNAIRE,
      extracted,
    });
    const resources = (bundle.entry ?? []).map((e) => e.resource);
    const provenance = resources.find((r) => r?.resourceType === 'Provenance') as Provenance;
    const others = resources.filter((r) => r?.resourceType !== 'Provenance').map((r) => `${r?.resourceType}/${r?.id}`);
    expect(provenance.target.map((t) => t.reference)).toEqual(others);
    expect(others).toContain('Observation/obs-1');
    expect(provenance.agent[0].who?.reference).toBe('PractitionerRole/r1');
    expect(provenance.agent[0].onBehalfOf?.reference).toBe('Organization/o1');
    const encounter = resources.find((r) => r?.resourceType === 'Encounter') as Encounter;
    expect(encounter.status).toBe('finished');
    expect(encounter.period?.end).toBe(NOW);
    expect(encounter.reasonReference?.[0].reference).toBe('Observation/cb1/_history/3');
    const referral = resources.find((r) => r?.resourceType === 'ServiceRequest');
    expect(referral && 'status' in referral && referral.status).toBe('draft');
  });

  test('the patient is the source of the grades when they were taken over from the patient’s own answers', () => {
    const draft = fullDraft();
    draft.positiveHealth.patientResponse = 'QuestionnaireResponse/own-1';
    const resources = buildConversationResources(draft, { finish: true, now: NOW, questionnaire: QUESTIONNAIRE });
    expect(resources.questionnaireResponse.source?.reference).toBe('Patient/p1');
    expect(resources.questionnaireResponse.author?.reference).toBe('PractitionerRole/r1');
    expect(resources.questionnaireResponse.questionnaire).toBe(`${QUESTIONNAIRE.url}|1.0.0`);
    const bundle = buildConversationTransaction(draft, { finish: true, now: NOW, questionnaire: QUESTIONNAIRE });
    const provenance = bundle.entry?.find((e) => e.resource?.resourceType === 'Provenance')?.resource as Provenance;
    expect(provenance.entity?.[0]).toMatchObject({
      role: 'source',
      what: { reference: 'QuestionnaireResponse/own-1' },
      agent: [{ who: { reference: 'Patient/p1' } }],
    });
  });

  test('an ungraded dimension gets no answer, never a zero', () => {
    const resources = buildConversationResources(fullDraft(), { finish: true, now: NOW, questionnaire: QUESTIONNAIRE });
    const linkIds = (resources.questionnaireResponse.item ?? []).flatMap((i) => [
      i.linkId,
      ...(i.item ?? []).map((c) => c.linkId),
    ]);
    expect(linkIds).toContain('bodily-functions.score');
    expect(linkIds).not.toContain('mental-wellbeing.score');
    expect(linkIds).not.toContain('mental-wellbeing');
  });

  test('a life goal about an ungraded dimension addresses nothing', () => {
    const { goals } = buildConversationResources(fullDraft(), { finish: true, now: NOW, questionnaire: QUESTIONNAIRE });
    const about = (id: string) => goals.find((g) => g.id === id)?.addresses?.map((a) => a.reference);
    expect(about('life-1')).toEqual([expect.stringMatching(/^Observation\/id-\d+-participation$/)]);
    expect(about('life-2')).toBeUndefined();
  });

  test('what the draft no longer has since the last save is deleted in the same transaction', async () => {
    const draft = fullDraft();
    const first = buildConversationResources(draft, { finish: false, now: NOW, questionnaire: QUESTIONNAIRE });
    const previous = {
      ...first,
      goals: first.goals,
    };
    const changed = { ...withoutGoal(draft, 'life-2'), followUp: undefined };
    const bundle: Bundle = buildConversationTransaction(changed, {
      finish: false,
      now: NOW,
      questionnaire: QUESTIONNAIRE,
      previous,
    });
    const deleted = (bundle.entry ?? []).filter((e) => e.request?.method === 'DELETE').map((e) => e.request?.url);
    expect(deleted.sort()).toEqual(['Goal/care-2', 'Goal/life-2', 'Task/task-1']);
  });

  test('a stored draft reads back into the same draft, and resumes at the step it reached', async () => {
    const draft = fullDraft();
    const bundle = buildConversationTransaction(draft, { finish: false, now: NOW, questionnaire: QUESTIONNAIRE });
    const reader = new MemoryReader((bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));
    expect(await findOpenConversation(reader, 'p1')).toBe(draft.ids.encounter);
    const record = await readConversationRecord(reader, draft.ids.encounter);
    expect(record).toBeDefined();
    const read = readConversationDraft(record as NonNullable<typeof record>);
    const withoutActionIds = (d: ConversationDraft) => ({
      ...d,
      actions: d.actions.map(({ id: _id, ...rest }) => rest),
      step: undefined,
    });
    expect(withoutActionIds(read)).toEqual(withoutActionIds(draft));
    expect(read.step).toBe('outcome');
  });

  test('a finished conversation is not open any more', async () => {
    const draft = fullDraft();
    const bundle = buildConversationTransaction(draft, { finish: true, now: NOW, questionnaire: QUESTIONNAIRE });
    const reader = new MemoryReader((bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));
    expect(await findOpenConversation(reader, 'p1')).toBeUndefined();
  });

  test('the draft rules: outcome referral needs a referral and a referral needs outcome referral', () => {
    const draft = fullDraft();
    expect(draftProblems(draft)).toEqual([]);
    expect(draftProblems({ ...draft, referrals: [] }).map((p) => p.problem)).toEqual([
      'referral-outcome-without-referral',
    ]);
    expect(draftProblems({ ...draft, outcome: 'own-action' }).map((p) => p.problem)).toEqual([
      'referral-without-referral-outcome',
    ]);
    expect(draftProblems({ ...draft, outcome: undefined }).map((p) => p.problem)).toEqual(['no-outcome']);
    const orphan = { ...draft, careGoals: [{ id: 'c9', lifeGoalId: 'gone', description: 'x' }] };
    expect(draftProblems(orphan).map((p) => p.problem)).toContain('care-goal-without-life-goal');
  });
});
