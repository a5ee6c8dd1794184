// A care-burden result explained for people: the contacts per type as count × weight = points, and why a
// patient is high-need high-cost. The rules live in selection/ (assess.ts, stratify.ts); these functions only
// take a result apart again, so an app shows the same reasoning the rules applied and nothing else.
import type { ContactCount } from '../builders/care-burden.ts';
import type { TargetContactTypeCode } from '../generated/canonical.ts';
import { isHnhc, type PopulationCutoffs, roundScore } from '../selection/stratify.ts';

export interface WeightedContact {
  type: TargetContactTypeCode;
  count: number;
  /** The weight per contact of this type. */
  weight: number;
  /** count × weight, as the care burden sums it. */
  points: number;
  /**
   * `settings` when the weight is the one of the settings the result names; `derived` when those settings
   * could not be read and the weight is the stored points divided by the count (exact: the rules stored
   * count × weight).
   */
  weightFrom: 'settings' | 'derived';
}

/**
 * The contacts of a result with their weights.
 * @param weights - The contact weights of the settings the result was computed with; absent when unknown.
 */
export function weightedContacts(
  contacts: readonly ContactCount[],
  weights?: Readonly<Record<TargetContactTypeCode, number>>,
): WeightedContact[] {
  return contacts.map(({ type, count, weightedSum }) => {
    const weight = weights?.[type];
    return weight !== undefined
      ? { type, count, weight, points: weightedSum, weightFrom: 'settings' }
      : {
          type,
          count,
          weight: count > 0 ? roundScore(weightedSum / count) : 0,
          points: weightedSum,
          weightFrom: 'derived',
        };
  });
}

/**
 * Why a patient is HNHC (Smeets et al. 2020, stratify.ts isHnhc): `top-of-practice` — care burden at or above
 * the practice's P90; `multimorbid-above-mean` — two or more chronic diseases and a care burden above the
 * practice's mean. Empty when the patient is not HNHC; both when both hold.
 */
export type HnhcReason = 'top-of-practice' | 'multimorbid-above-mean';

export function hnhcReasons(score: number, diseaseCount: number, cutoffs: PopulationCutoffs): HnhcReason[] {
  if (!isHnhc(score, diseaseCount, cutoffs)) {
    return [];
  }
  return [
    ...(score >= cutoffs.hnhcTop ? (['top-of-practice'] as const) : []),
    ...(diseaseCount >= 2 && score > cutoffs.mean ? (['multimorbid-above-mean'] as const) : []),
  ];
}
