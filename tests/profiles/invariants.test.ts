// Each TARGET invariant rejects a resource that breaks it: a valid example with one thing changed fails
// with exactly that invariant's key, at the expected expression.
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import { describe, expect, test } from 'vitest';
import { definitions, describeIssues, errors, example, targetValidator } from './support.ts';

// biome-ignore lint/suspicious/noExplicitAny: fixtures reach into any element of any resource type
type Breaker = (resource: any) => void;

const cases: [key: string, exampleId: string, expression: string, breakIt: Breaker][] = [
  ['target-pat-1', 'target-patient-example', 'Patient', (r) => (r.identifier[0].value = '12345')],
  [
    'target-cb-1',
    'target-care-burden-observation-example',
    'Observation.value[x]',
    (r) => (r.valueQuantity.value = -1),
  ],
  [
    'target-cb-2',
    'target-care-burden-observation-example',
    'Observation',
    (r) => (r.component.find((c: { valueInteger?: number }) => c.valueInteger === 8).valueInteger = -1),
  ],
  [
    'target-cb-3',
    'target-care-burden-observation-example',
    'Observation',
    (r) =>
      (r.component.find(
        (c: { code: { coding: { code: string }[] } }) => c.code.coding[0].code === 'chronic-condition-count',
      ).valueInteger = 0),
  ],
  [
    'target-cb-4',
    'target-care-burden-observation-example',
    'Observation.component[3]',
    (r) => delete r.component[3].extension,
  ],
  [
    'target-ph-1',
    'target-positive-health-participation-example',
    'Observation.value[x]',
    (r) => (r.valueQuantity.value = 11),
  ],
  [
    'target-sg-1',
    'target-subgroup-observation-example',
    'Observation',
    (r) => (r.valueCodeableConcept.coding[0].code = 'unclassified'),
  ],
  [
    'target-goal-1',
    'target-care-goal-example',
    'Goal',
    (r) => (r.extension[0].valueReference = { display: 'Mijn levensdoel' }),
  ],
  [
    'target-plan-1',
    'target-health-plan-example',
    'CarePlan',
    (r) => (r.author = { reference: 'Patient/someone-else' }),
  ],
  [
    'target-plan-2',
    'target-health-plan-example',
    'CarePlan',
    (r) => (r.activity = r.activity.filter((a: { detail?: unknown }) => a.detail)),
  ],
  [
    'target-ref-1',
    'target-referral-request-example',
    'ServiceRequest',
    (r) => {
      delete r.reasonCode;
      delete r.reasonReference;
    },
  ],
  [
    'target-task-1',
    'target-referral-task-example',
    'Task',
    (r) => {
      r.status = 'completed';
      delete r.output;
    },
  ],
  ['target-task-2', 'target-referral-task-example', 'Task', (r) => (r.status = 'rejected')],
  [
    'target-sel-1',
    'target-selection-group-example',
    'Group.member[0]',
    (r) => {
      r.member[0].extension.find((e: { url: string }) =>
        e.url.endsWith('/target-member-care-burden-score'),
      ).valueDecimal = -2;
    },
  ],
  ['target-sel-2', 'target-selection-group-example', 'Group', (r) => (r.quantity = 2)],
];

/** Each TARGET invariant's element path and expression, from the generated StructureDefinitions. */
const invariants = new Map(
  definitions
    .filter((r) => r.resourceType === 'StructureDefinition')
    .flatMap(
      (sd) =>
        (sd.snapshot as { element: { path: string; constraint?: { key: string; expression: string }[] }[] }).element,
    )
    .flatMap((e) => (e.constraint ?? []).map((c) => [c.key, { path: e.path, expression: c.expression }] as const))
    .filter(([key]) => key.startsWith('target-')),
);

/** Evaluates an invariant with HL7's fhirpath.js, on every value of its element (as a validator does). */
function holdsInFhirpathJs(key: string, resource: unknown): unknown[] {
  const invariant = invariants.get(key);
  if (!invariant) {
    throw new Error(`No invariant ${key}`);
  }
  const isRoot = !invariant.path.includes('.');
  const expression = isRoot
    ? invariant.expression
    : `${invariant.path.replace('[x]', '')}.all(${invariant.expression})`;
  const result = fhirpath.evaluate(resource as object, expression, undefined, r4Model);
  if (!Array.isArray(result)) {
    throw new Error(`${key} needs asynchronous evaluation`);
  }
  return result;
}

describe('TARGET invariants', () => {
  test('every invariant of the package has a failing fixture here', () => {
    expect([...invariants.keys()].sort()).toEqual(cases.map(([key]) => key).sort());
  });

  test.each(cases)(
    '%s holds for %s and fails when broken, in HL7 fhirpath.js too',
    (key, exampleId, _expression, breakIt) => {
      const resource = example(exampleId);
      expect(holdsInFhirpathJs(key, resource)).toEqual([true]);
      breakIt(resource);
      expect(holdsInFhirpathJs(key, resource)).toEqual([false]);
    },
  );

  test.each(cases)('%s rejects %s when broken, at %s', (key, exampleId, expression, breakIt) => {
    const resource = example(exampleId);
    breakIt(resource);
    const issues = errors(targetValidator().validate(resource));
    expect(describeIssues(issues)).toEqual([
      expect.stringMatching(new RegExp(`^${expression.replace(/[[\].]/g, '\\$&')}: Constraint ${key} not met: `)),
    ]);
    expect(issues[0].code).toBe('invariant');
  });
});
