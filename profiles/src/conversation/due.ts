// Who is due for the other conversation ("het andere gesprek", DOMAIN.md part 2): a patient whom the latest
// selection result selected, and who has not had the conversation since.
//
// - Selected: the stored category is one the practice invites, or the HNHC flag is set. Sourced: part 1
//   selects frequent attenders with the segmentation tool and HNHC is the Smeets et al. (2020) rule
//   (DOMAIN.md "Categories"). Default (our choice): invite category `high` and every HNHC patient — practices
//   choose their own accents (DOMAIN.md "The programme"), so the categories are the caller's to change; no
//   TargetSettingCodeSystem key stores that choice yet.
// - Not had it since: no other-conversation Encounter (TargetOtherConversationEncounter) that was held —
//   arrived, triaged, in progress, on leave or finished; not planned, cancelled or entered in error — and
//   began on or after the first day of the result's counted window. Assumption (DOMAIN.md has no rule on
//   inviting again): a conversation during the year whose care burden selected the patient, or later,
//   answers that selection; the next result whose window starts after it may select them again.
import type { Encounter } from 'fhir/r4.js';
import type { CareBurdenInput } from '../builders/care-burden.ts';
import { type FhirReader, searchAll } from '../fhir-reader/reader.ts';
import { type TargetCareBurdenCategoryCode, TargetConceptCodeSystem } from '../generated/canonical.ts';
import { latestCareBurden, type StoredCareBurden } from '../selection/latest-result.ts';
import { practiceMidnightMs, startMs } from '../selection/time.ts';

/** Which results the practice invites for the other conversation. */
export interface ConversationInvitation {
  readonly categories: readonly TargetCareBurdenCategoryCode[];
  readonly hnhc: boolean;
}

/** Default (our choice, see above): category high, and every HNHC patient. */
export const DEFAULT_INVITATION: ConversationInvitation = Object.freeze({ categories: ['high'] as const, hnhc: true });

/** Encounter statuses of a conversation that took place (R4 encounter-status). */
export const HELD_ENCOUNTER_STATUSES: readonly Encounter['status'][] = [
  'arrived',
  'triaged',
  'in-progress',
  'onleave',
  'finished',
];

/** Whether a care-burden result selects the patient for the other conversation. */
export function isSelectedForConversation(
  result: Pick<CareBurdenInput, 'category' | 'hnhc'>,
  invitation: ConversationInvitation = DEFAULT_INVITATION,
): boolean {
  return invitation.categories.includes(result.category) || (invitation.hnhc && result.hnhc);
}

export type ConversationDue =
  /** No care-burden result: the selection has not judged this patient (or they are not chronically ill). */
  | { readonly due: false; readonly reason: 'no-result' }
  /** The latest result does not select the patient. */
  | { readonly due: false; readonly reason: 'not-selected'; readonly careBurden: StoredCareBurden }
  /** Selected, but the conversation was held since (`Encounter/{id}` of the latest one). */
  | {
      readonly due: false;
      readonly reason: 'held';
      readonly careBurden: StoredCareBurden;
      readonly conversation: string;
    }
  /** Selected, and no conversation since: invite. */
  | { readonly due: true; readonly reason: 'selected'; readonly careBurden: StoredCareBurden };

/**
 * Whether a patient is due for the other conversation.
 * @param patient - `Patient/{id}`.
 * @throws UnreadableCareBurdenError when the latest stored result cannot be read; the reader's errors.
 */
export async function otherConversationDue(
  reader: FhirReader,
  patient: string,
  invitation: ConversationInvitation = DEFAULT_INVITATION,
): Promise<ConversationDue> {
  const careBurden = await latestCareBurden(reader, patient);
  if (!careBurden) {
    return { due: false, reason: 'no-result' };
  }
  if (!isSelectedForConversation(careBurden, invitation)) {
    return { due: false, reason: 'not-selected', careBurden };
  }
  const sinceMs = practiceMidnightMs(careBurden.window.start);
  const conversations = await searchAll<Encounter>(reader, 'Encounter', {
    subject: patient,
    type: `${TargetConceptCodeSystem.url}|other-conversation`,
    date: `ge${careBurden.window.start}`,
  });
  const held = conversations
    .filter((e) => HELD_ENCOUNTER_STATUSES.includes(e.status) && (startMs(e.period?.start) ?? -1) >= sinceMs)
    .sort((a, b) => (startMs(b.period?.start) ?? 0) - (startMs(a.period?.start) ?? 0));
  if (held.length > 0) {
    return { due: false, reason: 'held', careBurden, conversation: `Encounter/${held[0].id}` };
  }
  return { due: true, reason: 'selected', careBurden };
}
