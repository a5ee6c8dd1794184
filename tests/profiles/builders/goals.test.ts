import type { Goal } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildCareGoal,
  buildLifeGoal,
  type CareGoalInput,
  type LifeGoalInput,
  readCareGoal,
  readLifeGoal,
} from '../../../profiles/src/builders/goals.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const lifeGoal: LifeGoalInput = {
  id: 'lg-1',
  lifecycleStatus: 'active',
  achievementStatus: 'in-progress',
  statusDate: '2025-03-04',
  patient: { reference: 'Patient/p1' },
  description: 'Weer kunnen fietsen naar mijn dochter.',
  expressedBy: { reference: 'Patient/p1' },
  startDate: '2025-03-04',
  addresses: { reference: 'Observation/ph-bodily-functions' },
  notes: ['Fietsen was haar manier om eruit te komen.', 'Dochter woont 6 km verderop.'],
};

/** A goal from another system that still uses the (non-zib) priority. */
const withPriority: LifeGoalInput = {
  lifecycleStatus: 'active',
  patient: { reference: 'Patient/p1' },
  description: 'Zelf boodschappen doen.',
  expressedBy: { reference: 'RelatedPerson/dochter' },
  priority: 'medium-priority',
};

const careGoal: CareGoalInput = {
  id: 'cg-1',
  lifecycleStatus: 'proposed',
  achievementStatus: 'in-progress',
  patient: { reference: 'Patient/p1' },
  description: 'Over drie maanden 5 km fietsen zonder pauze.',
  expressedBy: { reference: 'PractitionerRole/poh-1-role' },
  dueDate: '2025-06-04',
  addresses: { reference: 'Condition/copd' },
  lifeGoal: { reference: 'Goal/lg-1' },
  grrow: { reality: 'Na 1 km moet ik stoppen.', will: 'Drie keer per week oefenen.' },
};

const { grrow: _grrow, ...careGoalWithoutGrrow } = careGoal;

describe('life goal', () => {
  test.each([
    ['with achievement, status date and notes', lifeGoal],
    ['with a priority and nothing optional', withPriority],
  ])('builds a resource %s that conforms to TargetLifeGoal', (_name, input) => {
    expect(validationErrors(buildLifeGoal(input))).toEqual([]);
  });

  test.each([lifeGoal, withPriority])('reads back exactly what it built (%#)', (input) => {
    expect(readLifeGoal(buildLifeGoal(input))).toStrictEqual(input);
  });

  test('writes the zib TreatmentObjective parts where R4 Goal holds them', () => {
    const goal = buildLifeGoal({ ...lifeGoal, dueDate: '2025-09-01' });
    expect(goal).toMatchObject({
      achievementStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-achievement', code: 'in-progress' }],
      },
      statusDate: '2025-03-04',
      target: [{ dueDate: '2025-09-01' }],
      addresses: [{ reference: 'Observation/ph-bodily-functions' }],
      note: [{ text: 'Fietsen was haar manier om eruit te komen.' }, { text: 'Dochter woont 6 km verderop.' }],
    });
    expect(goal.priority).toBeUndefined();
  });

  test('a goal addressing two problems does not conform (zib TreatmentObjective holds one)', () => {
    const goal = buildLifeGoal(lifeGoal);
    goal.addresses?.push({ reference: 'Condition/copd' });
    expect(validationErrors(goal)).toEqual(['Goal.addresses: Invalid number of values: expected 0..1, but found 2']);
  });

  test('reads the generated example', () => {
    expect(readLifeGoal(example('target-life-goal-example'))).toStrictEqual({
      id: 'target-life-goal-example',
      lifecycleStatus: 'active',
      patient: { reference: 'Patient/target-patient-example' },
      description: 'Weer meedoen: zingen in het koor en mijn kleinkinderen vaker zien.',
      achievementStatus: 'in-progress',
      statusDate: '2025-02-03',
      expressedBy: { reference: 'Patient/target-patient-example' },
      startDate: '2025-02-03',
      addresses: { reference: 'Observation/target-positive-health-participation-example' },
      notes: ['Zingen deed ze veertig jaar; sinds de COPD erger werd durft ze niet meer.'],
    });
  });

  test.each<[string, (r: Goal) => void, string, string]>([
    [
      'a care goal',
      (r) => Object.assign(r.category?.[0].coding?.[0] ?? {}, { code: 'care-goal' }),
      'wrong-resource',
      'Goal.category',
    ],
    ['no description', (r) => (r.description = { coding: [] }), 'missing', 'Goal.description.text'],
    ['no expressedBy', (r) => delete r.expressedBy, 'missing', 'Goal.expressedBy'],
    ['no subject', (r) => Object.assign(r, { subject: undefined }), 'missing', 'Goal.subject'],
    [
      'an unknown priority',
      (r) =>
        (r.priority = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-priority', code: 'urgent' }] }),
      'invalid',
      'Goal.priority',
    ],
    [
      'an unknown achievement status',
      (r) => Object.assign(r.achievementStatus?.coding?.[0] ?? {}, { code: 'almost' }),
      'invalid',
      'Goal.achievementStatus',
    ],
    ['two problems', (r) => r.addresses?.push({ reference: 'Condition/copd' }), 'invalid', 'Goal.addresses'],
    [
      'two targets',
      (r) => (r.target = [{ dueDate: '2025-06-01' }, { dueDate: '2025-09-01' }]),
      'invalid',
      'Goal.target',
    ],
    ['a note without text', (r) => r.note?.push({ authorString: 'POH' } as never), 'missing', 'Goal.note[2].text'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readLifeGoal(broken(buildLifeGoal(lifeGoal), breakIt)))).toEqual({ code, path });
  });
});

describe('care goal', () => {
  test.each([
    ['with GRROW', careGoal],
    ['without GRROW', careGoalWithoutGrrow],
  ])('builds a resource %s that conforms to TargetCareGoal', (_name, input) => {
    expect(validationErrors(buildCareGoal(input))).toEqual([]);
  });

  test.each([careGoal, careGoalWithoutGrrow])('reads back exactly what it built (%#)', (input) => {
    expect(readCareGoal(buildCareGoal(input))).toStrictEqual(input);
  });

  test('an empty GRROW is left out', () => {
    expect(buildCareGoal({ ...careGoal, grrow: {} }).extension).toHaveLength(1);
  });

  test('reads the generated example', () => {
    expect(readCareGoal(example('target-care-goal-example'))).toStrictEqual({
      id: 'target-care-goal-example',
      lifecycleStatus: 'active',
      patient: { reference: 'Patient/target-patient-example' },
      description: 'Twee keer per week een half uur wandelen.',
      achievementStatus: 'in-progress',
      statusDate: '2025-02-03',
      expressedBy: { reference: 'Patient/target-patient-example' },
      startDate: '2025-02-03',
      dueDate: '2025-05-01',
      addresses: { reference: 'Condition/target-condition-copd-example' },
      notes: ['Begint met een kwartier; na twee weken een half uur.'],
      lifeGoal: { reference: 'Goal/target-life-goal-example' },
      grrow: {
        reality: 'Ik kom weinig buiten sinds mijn COPD erger werd en zie bijna niemand meer.',
        resources: 'Mijn buurvrouw wandelt graag; mijn dochter belt elke week.',
        options: 'Samen wandelen, een wandelgroep via welzijn, of de koorrepetitie eerst weer bezoeken.',
        will: 'Twee keer per week wandelen met de buurvrouw en kennismaken met welzijn.',
      },
    });
  });

  test.each<[string, (r: Goal) => void, string, string]>([
    [
      'a life goal',
      (r) => Object.assign(r.category?.[0].coding?.[0] ?? {}, { code: 'life-goal' }),
      'wrong-resource',
      'Goal.category',
    ],
    ['no life goal', (r) => r.extension?.shift(), 'missing', 'Goal.extension:servesLifeGoal'],
    [
      'a repeated GRROW part',
      (r) => r.extension?.[1].extension?.push({ url: 'will', valueString: 'Iets anders.' }),
      'invalid',
      'Goal.extension:grrow.extension:will',
    ],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readCareGoal(broken(buildCareGoal(careGoal), breakIt)))).toEqual({ code, path });
  });
});
