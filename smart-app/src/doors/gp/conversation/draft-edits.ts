// Small, pure edits of the conversation draft the steps make (add, change, remove one item), so the step
// components stay about layout and the rules stay testable without rendering.
import type {
  ConversationDraft,
  DraftAction,
  DraftCareGoal,
  DraftFollowUp,
  DraftLifeGoal,
  DraftReferral,
  TargetPositiveHealthDimensionCode,
} from '@target/profiles';

export type DraftEdit = (draft: ConversationDraft) => ConversationDraft;

const newId = () => crypto.randomUUID();

function replaced<T extends { id: string }>(items: readonly T[], id: string, change: Partial<T>): T[] {
  return items.map((item) => (item.id === id ? { ...item, ...change } : item));
}

/** A grade (undefined clears it: a dimension left empty is not graded, never a zero). */
export function setGrade(dimension: TargetPositiveHealthDimensionCode, grade: number | undefined): DraftEdit {
  return (draft) => {
    const scores = { ...draft.positiveHealth.scores };
    if (grade === undefined) {
      delete scores[dimension];
    } else {
      scores[dimension] = grade;
    }
    return { ...draft, positiveHealth: { ...draft.positiveHealth, scores } };
  };
}

export function setWantToTalk(dimension: TargetPositiveHealthDimensionCode, wants: boolean): DraftEdit {
  return (draft) => {
    const others = draft.positiveHealth.wantToTalk.filter((d) => d !== dimension);
    return {
      ...draft,
      positiveHealth: { ...draft.positiveHealth, wantToTalk: wants ? [...others, dimension] : others },
    };
  };
}

export function addLifeGoal(id = newId()): DraftEdit {
  return (draft) => ({ ...draft, lifeGoals: [...draft.lifeGoals, { id, description: '' }] });
}

export function changeLifeGoal(id: string, change: Partial<Omit<DraftLifeGoal, 'id'>>): DraftEdit {
  return (draft) => ({ ...draft, lifeGoals: replaced<DraftLifeGoal>(draft.lifeGoals, id, change) });
}

export function addCareGoal(lifeGoalId: string, id = newId()): DraftEdit {
  return (draft) => ({ ...draft, careGoals: [...draft.careGoals, { id, lifeGoalId, description: '' }] });
}

export function changeCareGoal(id: string, change: Partial<Omit<DraftCareGoal, 'id'>>): DraftEdit {
  return (draft) => ({ ...draft, careGoals: replaced<DraftCareGoal>(draft.careGoals, id, change) });
}

export function addAction(id = newId()): DraftEdit {
  return (draft) => ({
    ...draft,
    actions: [...draft.actions, { id, description: '', performerType: 'patient', barriers: [], goalIds: [] }],
  });
}

export function changeAction(id: string, change: Partial<Omit<DraftAction, 'id'>>): DraftEdit {
  return (draft) => ({ ...draft, actions: replaced<DraftAction>(draft.actions, id, change) });
}

export function removeAction(id: string): DraftEdit {
  return (draft) => ({ ...draft, actions: draft.actions.filter((a) => a.id !== id) });
}

/** The follow-up from its two fields: both empty means none planned. */
export function setFollowUp(change: Partial<Omit<DraftFollowUp, 'id'>>): DraftEdit {
  return (draft) => {
    const next = { id: draft.followUp?.id ?? newId(), dueDate: '', description: '', ...draft.followUp, ...change };
    const empty = !next.dueDate && !next.description.trim();
    const { followUp: _dropped, ...rest } = draft;
    return empty ? rest : { ...rest, followUp: next };
  };
}

export function addReferral(id = newId()): DraftEdit {
  return (draft) => ({
    ...draft,
    referrals: [...draft.referrals, { id, category: 'social-welfare', reason: '', goalIds: [] }],
  });
}

export function changeReferral(id: string, change: Partial<Omit<DraftReferral, 'id'>>): DraftEdit {
  return (draft) => ({ ...draft, referrals: replaced<DraftReferral>(draft.referrals, id, change) });
}

export function removeReferral(id: string): DraftEdit {
  return (draft) => ({ ...draft, referrals: draft.referrals.filter((r) => r.id !== id) });
}

/** An id added to or taken out of a list of goal ids. */
export function toggled(ids: readonly string[], id: string, on: boolean): string[] {
  const rest = ids.filter((i) => i !== id);
  return on ? [...rest, id] : rest;
}
