// TargetHealthPlan: the patient's own care and support plan from the other conversation. The patient is in
// charge (subject and author, target-plan-1); an activity is either an action described in place (who,
// where, barriers, follow-up) or a referral (a TargetReferralRequest), and a plan whose outcome is
// `referral` has at least one referral activity (target-plan-2).
import type { CarePlan, CarePlanActivity, CarePlanActivityDetail, Reference } from 'fhir/r4.js';
import {
  Extensions,
  Profiles,
  type TargetActivityPerformerCode,
  TargetActivityPerformerCodeSystem,
  TargetConceptCodeSystem,
  type TargetConversationOutcomeCode,
  TargetConversationOutcomeCodeSystem,
} from '../generated/canonical.ts';
import { compact, concept, defined, expectMarker, extensionOf, extensionsOf, requiredCode } from './elements.ts';
import { expectResourceType, required, TargetReadError } from './read-error.ts';

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
  barriers: string[];
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
  status: CarePlan['status'];
  /** The patient: subject and author of the plan. */
  patient: Reference;
  outcome: TargetConversationOutcomeCode;
  /** When the plan is evaluated together. */
  followUp?: string;
  title?: string;
  /** The other conversation (TargetOtherConversationEncounter) the plan was made in. */
  conversation?: Reference;
  created?: string;
  /** Practice workers and people of the patient's network who helped make the plan. */
  contributors: Reference[];
  /** The life and care goals. */
  goals: Reference[];
  activities: (HealthPlanAction | HealthPlanReferral)[];
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
    ...activity.barriers.map((barrier) => ({ url: Extensions.TargetBarrier, valueString: barrier })),
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
      {
        url: Extensions.TargetConversationOutcome,
        valueCodeableConcept: concept(TargetConversationOutcomeCodeSystem, input.outcome),
      },
      ...(input.followUp ? [{ url: Extensions.TargetFollowUpDate, valueDate: input.followUp }] : []),
    ],
    status: input.status,
    intent: 'plan',
    category: [concept(TargetConceptCodeSystem, 'health-plan')],
    title: input.title,
    subject: input.patient,
    encounter: input.conversation,
    created: input.created,
    author: input.patient,
    contributor: input.contributors,
    goal: input.goals,
    activity: input.activities.map(buildActivity),
  });
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
    barriers: extensionsOf(detail, Extensions.TargetBarrier).flatMap((e) => e.valueString ?? []),
    followUp: followUp?.valueDate,
    goals: detail.goal ?? [],
  });
}

export function readHealthPlan(resource: CarePlan): HealthPlanInput {
  expectResourceType(resource, 'CarePlan');
  expectMarker(resource.category, TargetConceptCodeSystem, 'health-plan', 'CarePlan.category');
  const patient = required(resource.subject, 'CarePlan.subject');
  if (required(resource.author, 'CarePlan.author').reference !== patient.reference) {
    throw new TargetReadError('invalid', 'CarePlan.author', 'the author is not the patient (target-plan-1)');
  }
  const outcome = extensionOf(resource, Extensions.TargetConversationOutcome, 'CarePlan.extension:outcome');
  const followUp = extensionOf(resource, Extensions.TargetFollowUpDate, 'CarePlan.extension:followUp');
  return defined<HealthPlanInput>({
    id: resource.id,
    status: required(resource.status, 'CarePlan.status'),
    patient,
    outcome: requiredCode(
      TargetConversationOutcomeCodeSystem,
      outcome?.valueCodeableConcept?.coding,
      'CarePlan.extension:outcome',
    ),
    followUp: followUp?.valueDate,
    title: resource.title,
    conversation: resource.encounter,
    created: resource.created,
    contributors: resource.contributor ?? [],
    goals: resource.goal ?? [],
    activities: (resource.activity ?? []).map(readActivity),
  });
}
