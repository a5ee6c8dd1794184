import type { CarePlan } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { buildHealthPlan, type HealthPlanInput, readHealthPlan } from '../../../profiles/src/builders/health-plan.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const plan: HealthPlanInput = {
  id: 'plan-1',
  status: 'active',
  patient: { reference: 'Patient/p1' },
  outcome: 'referral',
  followUp: '2025-06-01',
  title: 'Mijn plan',
  conversation: { reference: 'Encounter/conv-1' },
  created: '2025-03-04',
  contributors: [{ reference: 'Practitioner/poh-1' }],
  goals: [{ reference: 'Goal/lg-1' }, { reference: 'Goal/cg-1' }],
  activities: [
    {
      kind: 'action',
      description: 'Drie keer per week fietsen op de hometrainer.',
      status: 'not-started',
      performerType: 'patient',
      performers: [{ reference: 'Patient/p1' }],
      barriers: ['Pijn in de knie.', 'Weinig tijd door mantelzorg.'],
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
    ['without activities (no referral needed)', noReferral],
  ])('builds a plan %s that conforms to TargetHealthPlan', (_name, input) => {
    expect(validationErrors(buildHealthPlan(input))).toEqual([]);
  });

  test('a referral outcome without a referral activity breaks target-plan-2', () => {
    const issues = validationErrors(buildHealthPlan({ ...plan, activities: plan.activities.slice(0, 1) }));
    expect(issues.join('\n')).toContain('target-plan-2');
  });

  test.each([plan, noReferral])('reads back exactly what it built (%#)', (input) => {
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
      created: '2025-02-03',
      contributors: [
        { reference: 'Patient/target-patient-example' },
        { reference: 'Practitioner/target-practitioner-example' },
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
          barriers: ['Kortademig bij lange afstanden.'],
          followUp: '2025-03-15',
          goals: [{ reference: 'Goal/target-care-goal-example' }],
        },
        { kind: 'referral', referral: { reference: 'ServiceRequest/target-referral-request-example' } },
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
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readHealthPlan(broken(built, breakIt)))).toEqual({ code, path });
  });
});
