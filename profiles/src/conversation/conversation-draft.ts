// The other conversation while it is being held (DOMAIN.md part 2): what the GP app edits step by step. It is
// plain JSON, so the app can keep it in memory and write it as draft resources after every step; the record
// module (conversation-record.ts) turns it into FHIR resources and back. Ids are chosen by the client (UUIDs),
// so every save of the same draft updates the same resources instead of adding new ones.
import type {
  TargetActivityPerformerCode,
  TargetConversationOutcomeCode,
  TargetPartnerCategoryCode,
  TargetPositiveHealthDimensionCode,
} from '../generated/canonical.ts';
import { provenanceIdOf } from './conversation-record.ts';

/** The steps of the guided conversation, in order (the flow 1–6). */
export const CONVERSATION_STEPS = ['preparation', 'what-matters', 'goals', 'plan', 'outcome', 'summary'] as const;
export type ConversationStep = (typeof CONVERSATION_STEPS)[number];

/** Where it was held, as v3 ActCode: at the practice, at home, virtual (video or phone). */
export type ConversationPlace = 'AMB' | 'HH' | 'VR';
export type ConversationSequence = 'first' | 'follow-up';
export type ConversationTool = 'positive-health' | 'none' | 'other';

/** Barrier codes of the target-barrier CodeSystem (patient-resistance is named in the seeds; the rest is our list). */
export const BARRIER_CODES = [
  'patient-resistance',
  'practical',
  'financial',
  'health',
  'language-literacy',
  'waiting-list',
  'no-offer',
  'network',
  'other',
] as const;
export type BarrierCode = (typeof BARRIER_CODES)[number];

/** A barrier to an action: a code from the small list, words, or both. */
export interface DraftBarrier {
  code?: BarrierCode;
  text?: string;
}

export interface DraftLifeGoal {
  id: string;
  /** In the patient's own words. */
  description: string;
  /** The Positive Health dimension it is about, when there is one. */
  dimension?: TargetPositiveHealthDimensionCode;
}

/** GRROW notes: our adaptation of a method for team goals (DOMAIN.md), optional. */
export interface DraftGrrow {
  reality?: string;
  resources?: string;
  options?: string;
  will?: string;
}

export interface DraftCareGoal {
  id: string;
  /** The life goal this care goal serves (a DraftLifeGoal id). */
  lifeGoalId: string;
  description: string;
  /** yyyy-mm-dd */
  dueDate?: string;
  grrow?: DraftGrrow;
}

export interface DraftAction {
  id: string;
  /** What will be done, in plain words. */
  description: string;
  /** Who: one type per action. */
  performerType: TargetActivityPerformerCode;
  /** The person or organisation by name (e.g. "dochter Anna", "Welzijn Assen"); optional. */
  performerName?: string;
  /** Where, in words. */
  location?: string;
  barriers: DraftBarrier[];
  /** yyyy-mm-dd */
  followUp?: string;
  /** Ids of the care (or life) goals this action serves. */
  goalIds: string[];
}

/** A referral drafted in the conversation; the referral workflow sends it later (it stays a draft here). */
export interface DraftReferral {
  id: string;
  category: TargetPartnerCategoryCode;
  /** Why, in words. */
  reason: string;
  goalIds: string[];
}

/** The follow-up the practice plans: a Task with a due date, shown on the worklist. */
export interface DraftFollowUp {
  id: string;
  /** yyyy-mm-dd */
  dueDate: string;
  description: string;
}

export interface DraftPositiveHealth {
  /** Grades 0–10 per dimension; a dimension left out was not graded (never a zero for it). */
  scores: Partial<Record<TargetPositiveHealthDimensionCode, number>>;
  /** Dimensions the patient wants to talk about (our assumption of how the tool is used: DOMAIN.md). */
  wantToTalk: TargetPositiveHealthDimensionCode[];
  /**
   * The patient's own QuestionnaireResponse when they filled it in beforehand and the grades were taken over
   * (`QuestionnaireResponse/{id}`): the patient is then the source of the grades (Provenance entity).
   */
  patientResponse?: string;
}

export interface ConversationDraft {
  /** The ids of the resources this conversation writes (client-chosen). */
  ids: {
    encounter: string;
    questionnaireResponse: string;
    carePlan: string;
    provenance: string;
  };
  /** `Patient/{id}` */
  patient: string;
  /** `PractitionerRole/{id}`: who holds the conversation (GP or POH). */
  practitionerRole: string;
  /** `Organization/{id}`: the practice (it owns the follow-up; the Provenance acts for it). */
  practice: string;
  /** The care-burden Observation that selected the patient, version-specific (`Observation/{id}/_history/{v}`). */
  careBurden?: string;
  place: ConversationPlace;
  sequence: ConversationSequence;
  tool: ConversationTool;
  /** ISO date-time. */
  startedAt: string;
  /** The step the user is on (resuming opens it). */
  step: ConversationStep;
  positiveHealth: DraftPositiveHealth;
  whatMatters: string;
  goodDay: string;
  lifeGoals: DraftLifeGoal[];
  careGoals: DraftCareGoal[];
  actions: DraftAction[];
  outcome?: TargetConversationOutcomeCode;
  referrals: DraftReferral[];
  followUp?: DraftFollowUp;
}

export interface NewConversation {
  patient: string;
  practitionerRole: string;
  practice: string;
  careBurden?: string;
  place?: ConversationPlace;
  sequence?: ConversationSequence;
  tool?: ConversationTool;
  startedAt: string;
  /** Makes the ids; defaults to crypto.randomUUID (browser and Node). */
  newId?: () => string;
}

/** A fresh draft: nothing answered yet, at the first step. */
export function newConversationDraft(input: NewConversation): ConversationDraft {
  const newId = input.newId ?? (() => crypto.randomUUID());
  const encounter = newId();
  return {
    ids: { encounter, questionnaireResponse: newId(), carePlan: newId(), provenance: provenanceIdOf(encounter) },
    patient: input.patient,
    practitionerRole: input.practitionerRole,
    practice: input.practice,
    ...(input.careBurden ? { careBurden: input.careBurden } : {}),
    place: input.place ?? 'AMB',
    sequence: input.sequence ?? 'first',
    tool: input.tool ?? 'positive-health',
    startedAt: input.startedAt,
    step: 'preparation',
    positiveHealth: { scores: {}, wantToTalk: [] },
    whatMatters: '',
    goodDay: '',
    lifeGoals: [],
    careGoals: [],
    actions: [],
    referrals: [],
  };
}

/** What is still missing before the conversation can be finished, per step (empty when it can be finished). */
export interface DraftProblem {
  step: ConversationStep;
  /** A stable key the app translates (e.g. `care-goal-without-life-goal`). */
  problem: string;
  /** The id of the goal, action or referral concerned. */
  itemId?: string;
}

/**
 * The rules a finished conversation keeps (the server's profiles check the same on write): every care goal
 * serves a life goal that exists, every action and referral serves goals that exist, a grade lies in 0–10,
 * the outcome is recorded, and outcome `referral` ⇔ at least one referral.
 */
export function draftProblems(draft: ConversationDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  for (const [dimension, score] of Object.entries(draft.positiveHealth.scores)) {
    if (!Number.isInteger(score) || score < 0 || score > 10) {
      problems.push({ step: 'preparation', problem: 'grade-out-of-range', itemId: dimension });
    }
  }
  const lifeGoalIds = new Set(draft.lifeGoals.map((g) => g.id));
  const goalIds = new Set([...lifeGoalIds, ...draft.careGoals.map((g) => g.id)]);
  for (const goal of draft.lifeGoals) {
    if (!goal.description.trim()) {
      problems.push({ step: 'goals', problem: 'goal-without-words', itemId: goal.id });
    }
  }
  for (const goal of draft.careGoals) {
    if (!goal.description.trim()) {
      problems.push({ step: 'goals', problem: 'goal-without-words', itemId: goal.id });
    }
    if (!lifeGoalIds.has(goal.lifeGoalId)) {
      problems.push({ step: 'goals', problem: 'care-goal-without-life-goal', itemId: goal.id });
    }
  }
  for (const action of draft.actions) {
    if (!action.description.trim()) {
      problems.push({ step: 'plan', problem: 'action-without-words', itemId: action.id });
    }
    if (action.goalIds.some((id) => !goalIds.has(id))) {
      problems.push({ step: 'plan', problem: 'unknown-goal', itemId: action.id });
    }
  }
  if (draft.followUp && !/^\d{4}-\d{2}-\d{2}$/.test(draft.followUp.dueDate)) {
    problems.push({ step: 'plan', problem: 'follow-up-without-date', itemId: draft.followUp.id });
  }
  if (!draft.outcome) {
    problems.push({ step: 'outcome', problem: 'no-outcome' });
  } else if ((draft.outcome === 'referral') !== draft.referrals.length > 0) {
    problems.push({
      step: 'outcome',
      problem: draft.outcome === 'referral' ? 'referral-outcome-without-referral' : 'referral-without-referral-outcome',
    });
  }
  for (const referral of draft.referrals) {
    if (!referral.reason.trim()) {
      problems.push({ step: 'outcome', problem: 'referral-without-reason', itemId: referral.id });
    }
    if (referral.goalIds.some((id) => !goalIds.has(id))) {
      problems.push({ step: 'outcome', problem: 'unknown-goal', itemId: referral.id });
    }
  }
  return problems;
}

/** Removes a goal and every link to it (a care goal of a removed life goal goes too). */
export function withoutGoal(draft: ConversationDraft, goalId: string): ConversationDraft {
  const removed = new Set([goalId, ...draft.careGoals.filter((g) => g.lifeGoalId === goalId).map((g) => g.id)]);
  const unlink = (ids: string[]) => ids.filter((id) => !removed.has(id));
  return {
    ...draft,
    lifeGoals: draft.lifeGoals.filter((g) => !removed.has(g.id)),
    careGoals: draft.careGoals.filter((g) => !removed.has(g.id)),
    actions: draft.actions.map((a) => ({ ...a, goalIds: unlink(a.goalIds) })),
    referrals: draft.referrals.map((r) => ({ ...r, goalIds: unlink(r.goalIds) })),
  };
}
