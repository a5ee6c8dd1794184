// TargetHealthPlan: the patient's own care and support plan from the other conversation. The patient is in
// charge (subject and author: the same Patient/{id}, target-plan-1); an activity is either an action
// described in place (who, where, coded barriers, follow-up) or a referral (a TargetReferralRequest), and
// once the plan is no longer a draft, the outcome is `referral` exactly when there is a referral activity
// (target-plan-2). The plan is a `draft` while the conversation is, `active` once it is finished.
import type {
  CarePlan,
  CarePlanActivity,
  CarePlanActivityDetail,
  CodeableConcept,
  Extension,
  Period,
  Reference,
} from 'fhir/r4.js';
import {
  Extensions,
  Profiles,
  type TargetActivityPerformerCode,
  TargetActivityPerformerCodeSystem,
  type TargetBarrierCode,
  TargetBarrierCodeSystem,
  TargetConceptCodeSystem,
  type TargetConversationOutcomeCode,
  TargetConversationOutcomeCodeSystem,
} from '../generated/canonical.ts';
import {
  codeIn,
  coding,
  compact,
  concept,
  defined,
  expectMarker,
  extensionOf,
  extensionsOf,
  requiredCode,
} from './elements.ts';
import { expectResourceType, required, TargetReadError } from './read-error.ts';
import { sameResource } from './references.ts';

/**
 * A barrier to an action: a kind from TargetBarrierCodeSystem (extensible) and/or the barrier in words.
 * At least one of the two is given.
 */
export interface HealthPlanBarrier {
  code?: TargetBarrierCode;
  text?: string;
}

/** An action of the plan: what, who (kind and people), where, barriers and follow-up. */
export interface HealthPlanAction {
  kind: 'action';
  description: string;
  status: CarePlanActivityDetail['status'];
  performerType: TargetActivityPerformerCode;
  /** The people who do it (a display is enough for someone of the patient's own network). */
  performers: Reference[];
  /** Where (a display is enough). */
  location?: Reference;
  barriers: HealthPlanBarrier[];
  followUp?: string;
  /** The plan's goals this action serves. */
  goals: Reference[];
}

/** A referral of the plan, given by its TargetReferralRequest. */
export interface HealthPlanReferral {
  kind: 'referral';
  referral: Reference;
}

export interface HealthPlanInput {
  id?: string;
  /** `draft` while the conversation is a draft, `active` once it is finished. */
  status: CarePlan['status'];
  /** The patient: subject and author of the plan. */
  patient: Reference;
  /** The conversation's outcome; a draft plan may not have it yet (target-plan-3). */
  outcome?: TargetConversationOutcomeCode;
  /** When the plan is evaluated together. */
  followUp?: string;
  title?: string;
  /** The other conversation (TargetOtherConversationEncounter) the plan was made in. */
  conversation?: Reference;
  /** From the conversation until the plan is evaluated, when known. */
  period?: Period;
  created?: string;
  /** Practice workers and people of the patient's network who helped make the plan. */
  contributors: Reference[];
  /** The life and care goals. */
  goals: Reference[];
  activities: (HealthPlanAction | HealthPlanReferral)[];
}

function buildBarrier(barrier: HealthPlanBarrier): Extension {
  const valueCodeableConcept: CodeableConcept = compact({
    coding: barrier.code && [coding(TargetBarrierCodeSystem, barrier.code)],
    text: barrier.text,
  });
  return { url: Extensions.TargetBarrier, valueCodeableConcept };
}

function buildActivity(activity: HealthPlanAction | HealthPlanReferral): CarePlanActivity {
  if (activity.kind === 'referral') {
    return { reference: activity.referral };
  }
  const extension = [
    {
      url: Extensions.TargetActivityPerformerType,
      valueCodeableConcept: concept(TargetActivityPerformerCodeSystem, activity.performerType),
    },
    ...activity.barriers.map(buildBarrier),
    ...(activity.followUp ? [{ url: Extensions.TargetFollowUpDate, valueDate: activity.followUp }] : []),
  ];
  return {
    detail: compact<CarePlanActivityDetail>({
      extension,
      goal: activity.goals,
      status: activity.status,
      location: activity.location,
      performer: activity.performers,
      description: activity.description,
    }),
  };
}

export function buildHealthPlan(input: HealthPlanInput): CarePlan {
  return compact<CarePlan>({
    resourceType: 'CarePlan',
    id: input.id,
    meta: { profile: [Profiles.TargetHealthPlan] },
    extension: [
      ...(input.outcome
        ? [
            {
              url: Extensions.TargetConversationOutcome,
              valueCodeableConcept: concept(TargetConversationOutcomeCodeSystem, input.outcome),
            },
          ]
        : []),
      ...(input.followUp ? [{ url: Extensions.TargetFollowUpDate, valueDate: input.followUp }] : []),
    ],
    status: input.status,
    intent: 'plan',
    category: [concept(TargetConceptCodeSystem, 'health-plan')],
    title: input.title,
    subject: input.patient,
    encounter: input.conversation,
    period: input.period,
    created: input.created,
    author: input.patient,
    contributor: input.contributors,
    goal: input.goals,
    activity: input.activities.map(buildActivity),
  });
}

function readBarrier(extension: Extension, path: string): HealthPlanBarrier {
  const value = required(extension.valueCodeableConcept, path);
  const code = codeIn(TargetBarrierCodeSystem, value.coding, path);
  // Extensible binding: a practice's own coding without text still says the barrier by its display.
  const text = value.text ?? (code === undefined ? value.coding?.find((c) => c.display)?.display : undefined);
  if (code === undefined && text === undefined) {
    throw new TargetReadError('missing', path, 'a barrier has a code or a text');
  }
  return defined<HealthPlanBarrier>({ code, text });
}

function readActivity(activity: CarePlanActivity, index: number): HealthPlanAction | HealthPlanReferral {
  const path = `CarePlan.activity[${index}]`;
  if (activity.reference) {
    return { kind: 'referral', referral: activity.reference };
  }
  const detail = required(activity.detail, `${path}.detail`);
  const performerType = extensionOf(detail, Extensions.TargetActivityPerformerType, `${path}.detail.extension`);
  const followUp = extensionOf(detail, Extensions.TargetFollowUpDate, `${path}.detail.extension:followUp`);
  return defined<HealthPlanAction>({
    kind: 'action',
    description: required(detail.description, `${path}.detail.description`),
    status: required(detail.status, `${path}.detail.status`),
    performerType: requiredCode(
      TargetActivityPerformerCodeSystem,
      performerType?.valueCodeableConcept?.coding,
      `${path}.detail.extension:performerType`,
    ),
    performers: detail.performer ?? [],
    location: detail.location,
    barriers: extensionsOf(detail, Extensions.TargetBarrier).map((e, i) =>
      readBarrier(e, `${path}.detail.extension:barrier[${i}]`),
    ),
    followUp: followUp?.valueDate,
    goals: detail.goal ?? [],
  });
}

export function readHealthPlan(resource: CarePlan): HealthPlanInput {
  expectResourceType(resource, 'CarePlan');
  expectMarker(resource.category, TargetConceptCodeSystem, 'health-plan', 'CarePlan.category');
  const patient = required(resource.subject, 'CarePlan.subject');
  if (!sameResource(required(resource.author, 'CarePlan.author'), patient)) {
    throw new TargetReadError('invalid', 'CarePlan.author', 'the author is not the patient (target-plan-1)');
  }
  const outcome = extensionOf(resource, Extensions.TargetConversationOutcome, 'CarePlan.extension:outcome');
  const followUp = extensionOf(resource, Extensions.TargetFollowUpDate, 'CarePlan.extension:followUp');
  return defined<HealthPlanInput>({
    id: resource.id,
    status: required(resource.status, 'CarePlan.status'),
    patient,
    outcome:
      outcome || resource.status !== 'draft'
        ? requiredCode(
            TargetConversationOutcomeCodeSystem,
            outcome?.valueCodeableConcept?.coding,
            'CarePlan.extension:outcome',
          )
        : undefined,
    followUp: followUp?.valueDate,
    title: resource.title,
    conversation: resource.encounter,
    period: resource.period,
    created: resource.created,
    contributors: resource.contributor ?? [],
    goals: resource.goal ?? [],
    activities: (resource.activity ?? []).map(readActivity),
  });
}
