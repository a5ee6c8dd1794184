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
    'target-plan-3',
    'target-health-plan-example',
    'CarePlan',
    (r) => {
      r.extension = r.extension.filter((e: { url: string }) => !e.url.endsWith('/target-conversation-outcome'));
      r.activity = r.activity.filter((a: { detail?: unknown }) => a.detail);
    },
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
    'target-ref-2',
    'target-referral-request-example',
    'ServiceRequest',
    (r) => (r.extension = r.extension.filter((e: { url: string }) => !e.url.endsWith('/target-referral-consent'))),
  ],
  [
    'target-enc-1',
    'target-other-conversation-encounter-example',
    'Encounter',
    (r) => (r.extension = r.extension.filter((e: { url: string }) => !e.url.endsWith('/target-conversation-outcome'))),
  ],
  [
    'target-enc-2',
    'target-other-conversation-encounter-example',
    'Encounter',
    (r) => (r.reasonReference[0].reference = 'Observation/target-care-burden-observation-example'),
  ],
  [
    'target-qr-1',
    'target-positive-health-questionnaire-response-example',
    'QuestionnaireResponse',
    (r) => (r.questionnaire = r.questionnaire.split('|')[0]),
  ],
  ['target-fu-1', 'target-follow-up-task-example', 'Task', (r) => (r.status = 'rejected')],
  ['target-prov-1', 'target-conversation-provenance-example', 'Provenance', (r) => delete r.agent[0].onBehalfOf],
  ['target-prov-2', 'target-conversation-provenance-example', 'Provenance', (r) => delete r.extension],
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
 * More ways to break an invariant that already has a case above (the other direction of an equivalence,
 * another form of reference): [what, invariant key, example id, FHIRPath expression, the change].
 */
export const moreInvariantCases: [
  what: string,
  key: string,
  exampleId: string,
  expression: string,
  breakIt: Breaker,
][] = [
  [
    'a plan whose author is an absolute reference to another patient',
    'target-plan-1',
    'target-health-plan-example',
    'CarePlan',
    (r) => (r.author = { reference: 'https://target.drenthe.example/fhir/Patient/someone-else' }),
  ],
  [
    'a plan whose author names no patient by reference',
    'target-plan-1',
    'target-health-plan-example',
    'CarePlan',
    (r) => (r.author = { display: 'Truus Bakker' }),
  ],
  [
    'a plan with referral activities whose outcome is not referral',
    'target-plan-2',
    'target-health-plan-example',
    'CarePlan',
    (r) => (r.extension[0].valueCodeableConcept.coding[0].code = 'own-action'),
  ],
  [
    'a sent referral without a partner',
    'target-ref-2',
    'target-referral-request-example',
    'ServiceRequest',
    (r) => delete r.performer,
  ],
  [
    'a draft referral sent without consent and partner',
    'target-ref-2',
    'target-draft-referral-request-example',
    'ServiceRequest',
    (r) => (r.status = 'active'),
  ],
  [
    'a conversation held for an absolute, version-less care burden reference',
    'target-enc-2',
    'target-other-conversation-encounter-example',
    'Encounter',
    (r) =>
      (r.reasonReference = [
        { reference: 'https://target.drenthe.example/fhir/Observation/target-care-burden-observation-example' },
      ]),
  ],
  [
    'a response naming the questionnaire with an empty version',
    'target-qr-1',
    'target-positive-health-questionnaire-response-example',
    'QuestionnaireResponse',
    (r) => (r.questionnaire = `${r.questionnaire.split('|')[0]}|`),
  ],
];

/**
 * Changes to a valid example that an invariant must accept (it compares what is meant, not how it is
 * written): [what, invariant key, example id, the change].
 */
export const invariantPassCases: [what: string, key: string, exampleId: string, change: Breaker][] = [
  [
    'a plan with an absolute subject and a relative author (the same patient)',
    'target-plan-1',
    'target-health-plan-example',
    (r) => (r.subject = { reference: 'https://target.drenthe.example/fhir/Patient/target-patient-example' }),
  ],
  [
    'a plan whose author is a version-specific reference to its subject',
    'target-plan-1',
    'target-health-plan-example',
    (r) => (r.author = { reference: 'Patient/target-patient-example/_history/3' }),
  ],
  [
    'a plan without referral whose outcome is own action',
    'target-plan-2',
    'target-health-plan-example',
    (r) => {
      r.extension[0].valueCodeableConcept.coding[0] = {
        system: r.extension[0].valueCodeableConcept.coding[0].system,
        code: 'own-action',
        display: 'Eigen actie van de patiënt',
      };
      r.activity = r.activity.filter((a: { detail?: unknown }) => a.detail);
    },
  ],
  [
    'a draft plan whose referral outcome is not chosen yet',
    'target-plan-2',
    'target-health-plan-example',
    (r) => {
      r.status = 'draft';
      r.extension[0].valueCodeableConcept.coding[0].code = 'own-action';
    },
  ],
  [
    'a draft plan whose outcome is not chosen yet',
    'target-plan-3',
    'target-health-plan-example',
    (r) => {
      r.status = 'draft';
      r.extension = r.extension.filter((e: { url: string }) => !e.url.endsWith('/target-conversation-outcome'));
    },
  ],
  [
    'a conversation in progress without outcome yet',
    'target-enc-1',
    'target-other-conversation-encounter-example',
    (r) => {
      r.status = 'in-progress';
      r.extension = r.extension.filter((e: { url: string }) => !e.url.endsWith('/target-conversation-outcome'));
    },
  ],
  [
    'a conversation held for an absolute, version-specific care burden reference and an unversioned Condition',
    'target-enc-2',
    'target-other-conversation-encounter-example',
    (r) =>
      (r.reasonReference = [
        {
          reference:
            'https://target.drenthe.example/fhir/Observation/target-care-burden-observation-example/_history/2',
        },
        { reference: 'Condition/target-condition-copd-example' },
      ]),
  ],
  [
    'a referral drafted in the conversation, without consent and partner',
    'target-ref-2',
    'target-referral-request-example',
    (r) => {
      r.status = 'draft';
      delete r.extension;
      delete r.performer;
    },
  ],
  [
    'a draft referral withdrawn before it was sent',
    'target-ref-2',
    'target-draft-referral-request-example',
    (r) => (r.status = 'revoked'),
  ],
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
    'an other conversation is held at the practice, at home or virtually (required binding)',
    'target-other-conversation-encounter-example',
    `Encounter.class: http://terminology.hl7.org/CodeSystem/v3-ActCode|EMER is not in the required ValueSet ${ValueSets.TargetConversationClassValueSet}`,
    (r) => (r.class = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' }),
  ],
  [
    'an other conversation says whether it is the first or a follow-up',
    'target-other-conversation-encounter-example',
    "Encounter.extension: Incorrect number of values provided for slice 'sequence': expected 1..1, but found 0",
    (r) => (r.extension = r.extension.filter((e: { url: string }) => !e.url.endsWith('/target-conversation-sequence'))),
  ],
  [
    'a goal addresses at most one problem (zib TreatmentObjective)',
    'target-life-goal-example',
    'Goal.addresses: Invalid number of values: expected 0..1, but found 2',
    (r) => r.addresses.push({ reference: 'Condition/target-condition-copd-example' }),
  ],
  [
    'a Positive Health response names whose answers they are',
    'target-positive-health-questionnaire-response-example',
    'QuestionnaireResponse.source: Missing required property',
    (r) => delete r.source,
  ],
  [
    'a follow-up Task has a due date',
    'target-follow-up-task-example',
    'Task.restriction.period: Missing required property',
    (r) => delete r.restriction.period.end,
  ],
  [
    'a follow-up Task is for the health plan',
    'target-follow-up-task-example',
    'Task.focus: Missing required property',
    (r) => delete r.focus,
  ],
  [
    'a conversation Provenance has an author',
    'target-conversation-provenance-example',
    "Provenance.agent: Incorrect number of values provided for slice 'author': expected 1..1, but found 0",
    (r) => (r.agent[0].type.coding[0].code = 'enterer'),
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
