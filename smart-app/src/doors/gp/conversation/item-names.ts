// How the conversation names its items to people: "Levensdoel 2", "Zorgdoel 2.1", "Actie 3", "Verwijzing 1"
// — numbers in the order shown, so a problem message points at what the GP sees on the screen.
import type { ConversationDraft, DraftCareGoal } from '@target/profiles';

export interface ItemNumbers {
  /** Goal, action or referral id → its number as shown ("2", "2.1"). */
  readonly byId: ReadonlyMap<string, string>;
  readonly kind: ReadonlyMap<string, 'lifeGoal' | 'careGoal' | 'action' | 'referral'>;
}

export function itemNumbers(draft: ConversationDraft): ItemNumbers {
  const byId = new Map<string, string>();
  const kind = new Map<string, 'lifeGoal' | 'careGoal' | 'action' | 'referral'>();
  draft.lifeGoals.forEach((goal, i) => {
    byId.set(goal.id, String(i + 1));
    kind.set(goal.id, 'lifeGoal');
    careGoalsOf(draft, goal.id).forEach((care, j) => {
      byId.set(care.id, `${i + 1}.${j + 1}`);
      kind.set(care.id, 'careGoal');
    });
  });
  // A care goal whose life goal is gone still needs a name (the problem list points at it).
  draft.careGoals
    .filter((care) => !byId.has(care.id))
    .forEach((care, j) => {
      byId.set(care.id, `?.${j + 1}`);
      kind.set(care.id, 'careGoal');
    });
  draft.actions.forEach((action, i) => {
    byId.set(action.id, String(i + 1));
    kind.set(action.id, 'action');
  });
  draft.referrals.forEach((referral, i) => {
    byId.set(referral.id, String(i + 1));
    kind.set(referral.id, 'referral');
  });
  return { byId, kind };
}

export function careGoalsOf(draft: ConversationDraft, lifeGoalId: string): DraftCareGoal[] {
  return draft.careGoals.filter((care) => care.lifeGoalId === lifeGoalId);
}
