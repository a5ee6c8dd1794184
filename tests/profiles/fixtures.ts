// The failing fixtures of the TARGET profiles, shared by the profile unit tests (tests/profiles/) and the
// HTTP tests of the server (tests/server/fhir/profiles.test.ts): each case breaks one rule of a valid
// generated example (see ./support.ts `example(id)`) and names where the validator reports it.
import { CodeSystems, ValueSets } from '../../profiles/src/generated/canonical.ts';

// biome-ignore lint/suspicious/noExplicitAny: fixtures reach into any element of any resource type
export type Breaker = (resource: any) => void;

/**
 * Each TARGET invariant, broken: [invariant key, example id, FHIRPath expression the validator reports
 * it at, the change that breaks it]. The validator's issue text is `Constraint <key> not met: …`.
 */
export const invariantCases: [key: string, exampleId: string, expression: string, breakIt: Breaker][] = [
  ['target-pat-1', 'target-patient-example', 'Patient', (r) => (r.identifier[0].value = '12345')],
  ['target-org-1', 'target-practice-organization-example', 'Organization', (r) => delete r.identifier[0].system],
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
  ['target-inv-1', 'target-invitation-task-example', 'Task', (r) => (r.status = 'in-progress')],
  ['target-inv-2', 'target-invitation-task-example', 'Task', (r) => (r.status = 'rejected')],
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

/**
 * Key structural rules of the profiles (cardinality, also of slices; fixed values; required bindings),
 * broken: [rule, example id, the one error issue expected as `expression: details.text`, the change].
 */
export const constraintCases: [rule: string, exampleId: string, expected: string, breakIt: Breaker][] = [
  [
    'the Positive Health panel has one to six members',
    'target-positive-health-panel-observation-example',
    'Observation.hasMember: Invalid number of values: expected 1..6, but found 7',
    (r) => r.hasMember.push({ reference: 'Observation/target-positive-health-participation-example' }),
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

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Both tables as one, for tests that treat every broken resource alike: [name, example id, pattern of the
 * error issue as `expression: details.text` (see ./support.ts `describeIssues`), the change].
 */
export const brokenCases: [name: string, exampleId: string, issue: RegExp, breakIt: Breaker][] = [
  ...invariantCases.map(([key, exampleId, expression, breakIt]): [string, string, RegExp, Breaker] => [
    key,
    exampleId,
    new RegExp(`^${escapeRegExp(expression)}: Constraint ${escapeRegExp(key)} not met: `),
    breakIt,
  ]),
  ...constraintCases.map(([rule, exampleId, expected, breakIt]): [string, string, RegExp, Breaker] => [
    rule,
    exampleId,
    new RegExp(`^${escapeRegExp(expected)}$`),
    breakIt,
  ]),
];
