import type { CarePlan } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { buildHealthPlan, type HealthPlanInput, readHealthPlan } from '../../../profiles/src/builders/health-plan.ts';
import { Extensions, TargetBarrierCodeSystem } from '../../../profiles/src/generated/canonical.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const plan: HealthPlanInput = {
  id: 'plan-1',
  status: 'active',
  patient: { reference: 'Patient/p1' },
  outcome: 'referral',
  followUp: '2025-06-01',
  title: 'Mijn plan',
  conversation: { reference: 'Encounter/conv-1' },
  period: { start: '2025-03-04', end: '2025-06-01' },
  created: '2025-03-04',
  contributors: [{ reference: 'PractitionerRole/poh-1-role' }],
  goals: [{ reference: 'Goal/lg-1' }, { reference: 'Goal/cg-1' }],
  activities: [
    {
      kind: 'action',
      description: 'Drie keer per week fietsen op de hometrainer.',
      status: 'not-started',
      performerType: 'patient',
      performers: [{ reference: 'Patient/p1' }],
      barriers: [
        { code: 'health', text: 'Pijn in de knie.' },
        { code: 'practical', text: 'Weinig tijd door mantelzorg.' },
        { code: 'patient-resistance' },
        { text: 'Hometrainer staat op zolder.' },
      ],
      followUp: '2025-04-01',
      goals: [{ reference: 'Goal/cg-1' }],
    },
    { kind: 'referral', referral: { reference: 'ServiceRequest/ref-1' } },
    {
      kind: 'action',
      description: 'Bespreken in het MDO.',
      status: 'scheduled',
      performerType: 'practice',
      performers: [],
      location: { display: 'Praktijk' },
      barriers: [],
      goals: [],
    },
  ],
};

/** A draft plan in a conversation that is not finished yet. */
const draft: HealthPlanInput = {
  status: 'draft',
  patient: { reference: 'Patient/p2' },
  outcome: 'own-action',
  contributors: [],
  goals: [{ reference: 'Goal/cg-2' }],
  activities: [
    {
      kind: 'action',
      description: 'Met de buurman naar de moestuin.',
      status: 'not-started',
      performerType: 'own-network',
      performers: [{ display: 'Buurman Henk' }],
      barriers: [],
      goals: [{ reference: 'Goal/cg-2' }],
    },
  ],
};

const noReferral: HealthPlanInput = {
  status: 'draft',
  patient: { reference: 'Patient/p2' },
  outcome: 'no-referral',
  contributors: [],
  goals: [],
  activities: [],
};

describe('health plan', () => {
  test.each([
    ['with actions and a referral', plan],
    ['as a draft with an own action', draft],
    ['without activities (no referral needed)', noReferral],
  ])('builds a plan %s that conforms to TargetHealthPlan', (_name, input) => {
    expect(validationErrors(buildHealthPlan(input))).toEqual([]);
  });

  test('a referral outcome without a referral activity breaks target-plan-2', () => {
    const issues = validationErrors(buildHealthPlan({ ...plan, activities: plan.activities.slice(0, 1) }));
    expect(issues.join('\n')).toContain('target-plan-2');
  });

  test('a referral activity with another outcome breaks target-plan-2', () => {
    const issues = validationErrors(buildHealthPlan({ ...plan, outcome: 'own-action' }));
    expect(issues.join('\n')).toContain('target-plan-2');
  });

  test('writes a barrier as a coded kind with its words', () => {
    const detail = buildHealthPlan(plan).activity?.[0].detail;
    const barriers = detail?.extension?.filter((e) => e.url.endsWith('/target-barrier'));
    expect(barriers?.map((e) => e.valueCodeableConcept)).toEqual([
      {
        coding: [{ system: TargetBarrierCodeSystem.url, code: 'health', display: 'Gezondheid' }],
        text: 'Pijn in de knie.',
      },
      {
        coding: [{ system: TargetBarrierCodeSystem.url, code: 'practical', display: 'Praktisch (vervoer, tijd)' }],
        text: 'Weinig tijd door mantelzorg.',
      },
      {
        coding: [
          { system: TargetBarrierCodeSystem.url, code: 'patient-resistance', display: 'Weerstand bij de patiënt' },
        ],
      },
      { text: 'Hometrainer staat op zolder.' },
    ]);
  });

  test('reads the author as the patient when the references differ only in form (target-plan-1)', () => {
    const absolute = broken(buildHealthPlan(plan), (r) => {
      r.author = { reference: 'https://target.drenthe.example/fhir/Patient/p1/_history/4' };
    });
    expect(validationErrors(absolute)).toEqual([]);
    expect(readHealthPlan(absolute)).toStrictEqual(plan);
  });

  test('reads a barrier of a practice’s own code system by its display', () => {
    const own = broken(buildHealthPlan(plan), (r) => {
      r.activity?.[0].detail?.extension?.push({
        url: Extensions.TargetBarrier,
        valueCodeableConcept: { coding: [{ system: 'https://praktijk.example/barrier', code: 'x', display: 'Hond' }] },
      });
    });
    const action = readHealthPlan(own).activities[0];
    expect(action.kind === 'action' && action.barriers.at(-1)).toEqual({ text: 'Hond' });
  });

  test.each([plan, draft, noReferral])('reads back exactly what it built (%#)', (input) => {
    expect(readHealthPlan(buildHealthPlan(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    expect(readHealthPlan(example('target-health-plan-example'))).toStrictEqual({
      id: 'target-health-plan-example',
      status: 'active',
      patient: { reference: 'Patient/target-patient-example' },
      outcome: 'referral',
      followUp: '2025-05-01',
      title: 'Mijn gezondheidsplan',
      conversation: { reference: 'Encounter/target-other-conversation-encounter-example' },
      period: { start: '2025-02-03', end: '2025-05-01' },
      created: '2025-02-03',
      contributors: [
        { reference: 'Patient/target-patient-example' },
        { reference: 'PractitionerRole/target-practitioner-role-example' },
      ],
      goals: [{ reference: 'Goal/target-life-goal-example' }, { reference: 'Goal/target-care-goal-example' }],
      activities: [
        {
          kind: 'action',
          description: 'Dinsdag en vrijdag een half uur wandelen met de buurvrouw.',
          status: 'in-progress',
          performerType: 'own-network',
          performers: [{ reference: 'Patient/target-patient-example' }, { display: 'Buurvrouw' }],
          location: { display: 'In de buurt, rondje park' },
          barriers: [
            { code: 'health', text: 'Kortademig bij lange afstanden.' },
            { text: 'De buurvrouw werkt op woensdag.' },
          ],
          followUp: '2025-03-15',
          goals: [{ reference: 'Goal/target-care-goal-example' }],
        },
        { kind: 'referral', referral: { reference: 'ServiceRequest/target-referral-request-example' } },
        { kind: 'referral', referral: { reference: 'ServiceRequest/target-draft-referral-request-example' } },
      ],
    });
  });

  const built = buildHealthPlan(plan);
  test.each<[string, (r: CarePlan) => void, string, string]>([
    ['another CarePlan', (r) => (r.category = [{ text: 'diabetes' }]), 'wrong-resource', 'CarePlan.category'],
    ['no outcome', (r) => r.extension?.shift(), 'missing', 'CarePlan.extension:outcome'],
    [
      'an author other than the patient',
      (r) => (r.author = { reference: 'Practitioner/poh-1' }),
      'invalid',
      'CarePlan.author',
    ],
    [
      'an action without performer type',
      (r) => r.activity?.[0].detail?.extension?.shift(),
      'missing',
      'CarePlan.activity[0].detail.extension:performerType',
    ],
    [
      'an action without description',
      (r) => delete r.activity?.[2].detail?.description,
      'missing',
      'CarePlan.activity[2].detail.description',
    ],
    ['an empty activity', (r) => r.activity?.push({}), 'missing', 'CarePlan.activity[3].detail'],
    [
      'an empty barrier',
      (r) => r.activity?.[0].detail?.extension?.push({ url: Extensions.TargetBarrier, valueCodeableConcept: {} }),
      'missing',
      'CarePlan.activity[0].detail.extension:barrier[4]',
    ],
    [
      'an unknown barrier code',
      (r) =>
        r.activity?.[0].detail?.extension?.push({
          url: Extensions.TargetBarrier,
          valueCodeableConcept: { coding: [{ system: TargetBarrierCodeSystem.url, code: 'weather' }] },
        }),
      'invalid',
      'CarePlan.activity[0].detail.extension:barrier[4]',
    ],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readHealthPlan(broken(built, breakIt)))).toEqual({ code, path });
  });
});
