// Key structural rules of the profiles: cardinality (also of slices), fixed values and required bindings.
// Each case breaks one rule of a valid example and expects exactly that error.
import { describe, expect, test } from 'vitest';
import { CodeSystems, ValueSets } from '../../profiles/src/generated/canonical.ts';
import { describeIssues, errors, example, targetValidator } from './support.ts';

// biome-ignore lint/suspicious/noExplicitAny: fixtures reach into any element of any resource type
type Breaker = (resource: any) => void;

const cases: [rule: string, exampleId: string, expected: string, breakIt: Breaker][] = [
  [
    'the Positive Health panel has exactly six members',
    'target-positive-health-panel-observation-example',
    'Observation.hasMember: Invalid number of values: expected 6..6, but found 5',
    (r) => r.hasMember.pop(),
  ],
  [
    'the Positive Health panel has no total score',
    'target-positive-health-panel-observation-example',
    'Observation.value[x]: Invalid number of values: expected 0..0, but found 1',
    (r) => (r.valueQuantity = { value: 34 }),
  ],
  [
    'a referral carries the sharing consent',
    'target-referral-request-example',
    'ServiceRequest.extension: Missing required property',
    (r) => delete r.extension,
  ],
  [
    'a care burden Observation has the HNHC component',
    'target-care-burden-observation-example',
    "Observation.component: Incorrect number of values provided for slice 'hnhc': expected 1..1, but found 0",
    (r) =>
      (r.component = r.component.filter(
        (c: { code: { coding: { code: string }[] } }) => c.code.coding[0].code !== 'hnhc',
      )),
  ],
  [
    'a care goal serves exactly one life goal',
    'target-care-goal-example',
    "Goal.extension: Incorrect number of values provided for slice 'servesLifeGoal': expected 1..1, but found 2",
    (r) => r.extension.push(structuredClone(r.extension[0])),
  ],
  [
    'a health plan is marked as such',
    'target-health-plan-example',
    "CarePlan.category: Incorrect number of values provided for slice 'healthPlan': expected 1..1, but found 0",
    (r) => (r.category = [{ text: 'Zorgplan' }]),
  ],
  [
    'the referral Task intent is fixed to order',
    'target-referral-task-example',
    'Task.intent: Value did not match expected pattern',
    (r) => (r.intent = 'plan'),
  ],
  [
    'the care burden code is fixed',
    'target-care-burden-observation-example',
    'Observation.code: Value did not match expected pattern',
    (r) => (r.code.coding[0].code = 'subgroup'),
  ],
  [
    'the subgroup method is fixed to the rule-based approximation',
    'target-subgroup-observation-example',
    'Observation.method: Value did not match expected pattern',
    (r) => (r.method.coding[0].code = 'care-burden-method'),
  ],
  [
    'a referral category comes from the partner categories (required binding)',
    'target-referral-request-example',
    `ServiceRequest.category[0]: ${CodeSystems.TargetPartnerCategoryCodeSystem}|pizzeria is not in the required ValueSet ${ValueSets.TargetPartnerCategoryValueSet}`,
    (r) => (r.category[0].coding[0].code = 'pizzeria'),
  ],
  [
    'a dimension Observation is coded with a Positive Health dimension (required binding)',
    'target-positive-health-participation-example',
    `Observation.code: ${CodeSystems.TargetPositiveHealthDimensionCodeSystem}|total is not in the required ValueSet ${ValueSets.TargetPositiveHealthDimensionValueSet}`,
    (r) => (r.code.coding[0].code = 'total'),
  ],
];

describe('TARGET profile constraints', () => {
  test.each(cases)('%s', (_rule, exampleId, expected, breakIt) => {
    const resource = example(exampleId);
    breakIt(resource);
    expect(describeIssues(errors(targetValidator().validate(resource)))).toEqual([expected]);
  });
});
