// TargetLifeGoal and TargetCareGoal: the patient's life goals from the other conversation, and the concrete
// care goals that serve them, optionally with GRROW notes (our adaptation of a team-goal method). Both hold
// what zib TreatmentObjective holds (description.text, subject, startDate, target.dueDate, addresses — at
// most one problem — and note), plus the statuses evaluation counts (lifecycle, achievement, statusDate).
// A goal is `proposed` while the conversation is a draft and `active` once it is finished; revising a goal
// writes a new version of the same Goal, so its history stays.
import type { Annotation, Extension, Goal, Reference } from 'fhir/r4.js';
import { ExternalSystems } from '../external.ts';
import { Extensions, Profiles, TargetConceptCodeSystem } from '../generated/canonical.ts';
import { compact, concept, defined, expectMarker, extensionOf } from './elements.ts';
import { atMostOne, expectResourceType, required, TargetReadError } from './read-error.ts';

/** Goal.priority codes (R4 goal-priority, preferred binding). Not must-support: zib TreatmentObjective has none. */
export const GOAL_PRIORITIES = ['high-priority', 'medium-priority', 'low-priority'] as const;
export type GoalPriorityCode = (typeof GOAL_PRIORITIES)[number];

/** Goal.achievementStatus codes (R4 goal-achievement). A new goal is `in-progress`. */
export const GOAL_ACHIEVEMENTS = [
  'in-progress',
  'improving',
  'worsening',
  'no-change',
  'achieved',
  'sustaining',
  'not-achieved',
  'no-progress',
  'not-attainable',
] as const;
export type GoalAchievementCode = (typeof GOAL_ACHIEVEMENTS)[number];

export interface GoalInput {
  id?: string;
  /** `proposed` while the conversation is a draft, `active` once it is finished. */
  lifecycleStatus: Goal['lifecycleStatus'];
  /** How far the goal is reached; `in-progress` when it is set. */
  achievementStatus?: GoalAchievementCode;
  /** When the lifecycle or achievement status was last set. */
  statusDate?: string;
  patient: Reference;
  /** The goal in the patient's own words. */
  description: string;
  /** Who voiced it: the patient (or a relative; for a care goal also a practice worker). */
  expressedBy: Reference;
  /** The date the goal was set. */
  startDate?: string;
  /** When the patient wants to have reached it (target[0].dueDate). */
  dueDate?: string;
  priority?: GoalPriorityCode;
  /** The one problem the goal is about: a Condition, or an Observation such as a Positive Health dimension. */
  addresses?: Reference;
  /** Remarks on the goal, one text per note; absent when there are none. */
  notes?: string[];
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
  /** Optional GRROW notes (our adaptation of a team-goal method); left out when it has no part. */
  grrow?: Grrow;
}

function buildGoal(input: GoalInput, profile: string, marker: 'life-goal' | 'care-goal', extension: Extension[]): Goal {
  return compact<Goal>({
    resourceType: 'Goal',
    id: input.id,
    meta: { profile: [profile] },
    extension,
    lifecycleStatus: input.lifecycleStatus,
    achievementStatus: input.achievementStatus && {
      coding: [{ system: ExternalSystems.GoalAchievement, code: input.achievementStatus }],
    },
    category: [concept(TargetConceptCodeSystem, marker)],
    priority: input.priority && { coding: [{ system: ExternalSystems.GoalPriority, code: input.priority }] },
    description: { text: input.description },
    subject: input.patient,
    startDate: input.startDate,
    target: input.dueDate === undefined ? undefined : [{ dueDate: input.dueDate }],
    statusDate: input.statusDate,
    expressedBy: input.expressedBy,
    addresses: input.addresses && [input.addresses],
    note: input.notes?.map((text): Annotation => ({ text })),
  });
}

function codeOf<C extends string>(
  codes: readonly C[],
  system: string,
  concept: Goal['priority'],
  path: string,
): C | undefined {
  const code = concept?.coding?.find((c) => c.system === system)?.code;
  if (code !== undefined && !(codes as readonly string[]).includes(code)) {
    throw new TargetReadError('invalid', path, `${code} is not a code of ${system}`);
  }
  return code as C | undefined;
}

function readGoal(resource: Goal, marker: 'life-goal' | 'care-goal'): GoalInput {
  expectResourceType(resource, 'Goal');
  expectMarker(resource.category, TargetConceptCodeSystem, marker, 'Goal.category');
  const target = atMostOne(resource.target ?? [], 'Goal.target');
  const notes = (resource.note ?? []).map((note, i) => required(note.text, `Goal.note[${i}].text`));
  return defined<GoalInput>({
    id: resource.id,
    lifecycleStatus: required(resource.lifecycleStatus, 'Goal.lifecycleStatus'),
    achievementStatus: codeOf(
      GOAL_ACHIEVEMENTS,
      ExternalSystems.GoalAchievement,
      resource.achievementStatus,
      'Goal.achievementStatus',
    ),
    statusDate: resource.statusDate,
    patient: required(resource.subject, 'Goal.subject'),
    description: required(resource.description?.text, 'Goal.description.text'),
    expressedBy: required(resource.expressedBy, 'Goal.expressedBy'),
    startDate: resource.startDate,
    dueDate: target?.dueDate,
    priority: codeOf(GOAL_PRIORITIES, ExternalSystems.GoalPriority, resource.priority, 'Goal.priority'),
    addresses: atMostOne(resource.addresses ?? [], 'Goal.addresses'),
    notes: notes.length ? notes : undefined,
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
