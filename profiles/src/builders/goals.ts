// TargetLifeGoal and TargetCareGoal: the patient's life goals from the other conversation, and the concrete
// care goals that serve them, with their GRROW parts. Both carry the elements MedMij exchanges with
// nl-core-TreatmentObjective (description.text, subject, startDate, target, expressedBy, addresses, priority).
import type { Extension, Goal, GoalTarget, Reference } from 'fhir/r4.js';
import { ExternalSystems } from '../external.ts';
import { Extensions, Profiles, TargetConceptCodeSystem } from '../generated/canonical.ts';
import { compact, concept, defined, expectMarker, extensionOf } from './elements.ts';
import { expectResourceType, required, TargetReadError } from './read-error.ts';

/** Goal.priority codes (R4 goal-priority, preferred binding). */
export const GOAL_PRIORITIES = ['high-priority', 'medium-priority', 'low-priority'] as const;
export type GoalPriorityCode = (typeof GOAL_PRIORITIES)[number];

export interface GoalInput {
  id?: string;
  lifecycleStatus: Goal['lifecycleStatus'];
  patient: Reference;
  /** The goal in the patient's own words. */
  description: string;
  /** Who voiced it: the patient (or a relative; for a care goal also a practitioner). */
  expressedBy: Reference;
  /** The date the goal was set. */
  startDate?: string;
  priority?: GoalPriorityCode;
  /** Measurable targets and due dates, when the patient wants them. */
  targets: GoalTarget[];
  /** Conditions or Observations (e.g. a Positive Health dimension) the goal is about. */
  addresses: Reference[];
}

export type LifeGoalInput = GoalInput;

/** GRROW: Goal (the Goal itself), Reality, Resources, Options, Will: each in the patient's words. */
export interface Grrow {
  reality?: string;
  resources?: string;
  options?: string;
  will?: string;
}
const GRROW_PARTS = ['reality', 'resources', 'options', 'will'] as const;

export interface CareGoalInput extends GoalInput {
  /** The life goal this care goal serves. */
  lifeGoal: Reference;
  /** Left out when it has no part. */
  grrow?: Grrow;
}

function buildGoal(input: GoalInput, profile: string, marker: 'life-goal' | 'care-goal', extension: Extension[]): Goal {
  return compact<Goal>({
    resourceType: 'Goal',
    id: input.id,
    meta: { profile: [profile] },
    extension,
    lifecycleStatus: input.lifecycleStatus,
    category: [concept(TargetConceptCodeSystem, marker)],
    priority: input.priority && { coding: [{ system: ExternalSystems.GoalPriority, code: input.priority }] },
    description: { text: input.description },
    subject: input.patient,
    startDate: input.startDate,
    target: input.targets,
    expressedBy: input.expressedBy,
    addresses: input.addresses,
  });
}

function readGoal(resource: Goal, marker: 'life-goal' | 'care-goal'): GoalInput {
  expectResourceType(resource, 'Goal');
  expectMarker(resource.category, TargetConceptCodeSystem, marker, 'Goal.category');
  const priority = resource.priority?.coding?.find((c) => c.system === ExternalSystems.GoalPriority)?.code;
  if (priority !== undefined && !(GOAL_PRIORITIES as readonly string[]).includes(priority)) {
    throw new TargetReadError('invalid', 'Goal.priority', `${priority} is not a goal-priority code`);
  }
  return defined<GoalInput>({
    id: resource.id,
    lifecycleStatus: required(resource.lifecycleStatus, 'Goal.lifecycleStatus'),
    patient: required(resource.subject, 'Goal.subject'),
    description: required(resource.description?.text, 'Goal.description.text'),
    expressedBy: required(resource.expressedBy, 'Goal.expressedBy'),
    startDate: resource.startDate,
    priority: priority as GoalPriorityCode | undefined,
    targets: resource.target ?? [],
    addresses: resource.addresses ?? [],
  });
}

export function buildLifeGoal(input: LifeGoalInput): Goal {
  return buildGoal(input, Profiles.TargetLifeGoal, 'life-goal', []);
}

export function readLifeGoal(resource: Goal): LifeGoalInput {
  return readGoal(resource, 'life-goal');
}

export function buildCareGoal(input: CareGoalInput): Goal {
  const { lifeGoal, grrow, ...goal } = input;
  const parts = GRROW_PARTS.flatMap((part) =>
    grrow?.[part] === undefined ? [] : [{ url: part, valueString: grrow[part] }],
  );
  return buildGoal(goal, Profiles.TargetCareGoal, 'care-goal', [
    { url: Extensions.TargetServesLifeGoal, valueReference: lifeGoal },
    ...(parts.length ? [{ url: Extensions.TargetGrrow, extension: parts }] : []),
  ]);
}

function readGrrow(extension: Extension | undefined): Grrow | undefined {
  if (!extension?.extension?.length) {
    return undefined;
  }
  const part = (url: (typeof GRROW_PARTS)[number]) => {
    const found = extension.extension?.filter((e) => e.url === url) ?? [];
    if (found.length > 1) {
      throw new TargetReadError('invalid', `Goal.extension:grrow.extension:${url}`, 'repeats');
    }
    return found[0]?.valueString;
  };
  return defined<Grrow>(Object.fromEntries(GRROW_PARTS.map((url) => [url, part(url)])));
}

export function readCareGoal(resource: Goal): CareGoalInput {
  const goal = readGoal(resource, 'care-goal');
  const serves = extensionOf(resource, Extensions.TargetServesLifeGoal, 'Goal.extension:servesLifeGoal');
  return defined<CareGoalInput>({
    ...goal,
    lifeGoal: required(serves?.valueReference, 'Goal.extension:servesLifeGoal'),
    grrow: readGrrow(extensionOf(resource, Extensions.TargetGrrow, 'Goal.extension:grrow')),
  });
}
