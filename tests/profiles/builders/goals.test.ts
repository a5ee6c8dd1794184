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
  patient: { reference: 'Patient/p1' },
  description: 'Weer kunnen fietsen naar mijn dochter.',
  expressedBy: { reference: 'Patient/p1' },
  startDate: '2025-03-04',
  priority: 'medium-priority',
  targets: [],
  addresses: [{ reference: 'Observation/ph-bodily-functions' }],
};

const careGoal: CareGoalInput = {
  id: 'cg-1',
  lifecycleStatus: 'proposed',
  patient: { reference: 'Patient/p1' },
  description: 'Over drie maanden 5 km fietsen zonder pauze.',
  expressedBy: { reference: 'Practitioner/poh-1' },
  targets: [{ dueDate: '2025-06-04' }],
  addresses: [],
  lifeGoal: { reference: 'Goal/lg-1' },
  grrow: { reality: 'Na 1 km moet ik stoppen.', will: 'Drie keer per week oefenen.' },
};

const { grrow: _grrow, ...careGoalWithoutGrrow } = careGoal;

describe('life goal', () => {
  test('builds a resource that conforms to TargetLifeGoal', () => {
    expect(validationErrors(buildLifeGoal(lifeGoal))).toEqual([]);
  });

  test('reads back exactly what it built', () => {
    expect(readLifeGoal(buildLifeGoal(lifeGoal))).toStrictEqual(lifeGoal);
  });

  test('reads the generated example', () => {
    expect(readLifeGoal(example('target-life-goal-example'))).toStrictEqual({
      id: 'target-life-goal-example',
      lifecycleStatus: 'active',
      patient: { reference: 'Patient/target-patient-example' },
      description: 'Weer meedoen: zingen in het koor en mijn kleinkinderen vaker zien.',
      expressedBy: { reference: 'Patient/target-patient-example' },
      startDate: '2025-02-03',
      priority: 'high-priority',
      targets: [],
      addresses: [{ reference: 'Observation/target-positive-health-participation-example' }],
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
      (r) => Object.assign(r.priority?.coding?.[0] ?? {}, { code: 'urgent' }),
      'invalid',
      'Goal.priority',
    ],
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
      expressedBy: { reference: 'Patient/target-patient-example' },
      startDate: '2025-02-03',
      priority: 'high-priority',
      targets: [{ dueDate: '2025-05-01' }],
      addresses: [],
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
