// Categories within the practice's chronic population (DOMAIN.md "Categories", "New patient"): cut-offs from
// the care burden of every chronically ill patient who is not new, the HNHC rule (Smeets et al. 2020), and
// the stratum of each patient.
import type { TargetCareBurdenCategoryCode } from '../generated/canonical.ts';
import type { ResolvedPracticeSettings } from './settings.ts';

/** HNHC "top 10% of care utilisers" is the sourced rule, whatever the practice's category settings. */
export const HNHC_TOP_PERCENTILE = 90;

export interface PopulationCutoffs {
  /** Patients the cut-offs were computed over (chronically ill, not new). */
  readonly population: number;
  readonly mean: number;
  /** Care burden at the HNHC percentile (P90). */
  readonly hnhcTop: number;
  /** Care burden at or above which the category is high. */
  readonly high: number;
  /** Care burden at or above which the category is medium. */
  readonly medium: number;
}

/** Linear-interpolation percentile of ascending values (PostgreSQL percentile_cont, Excel PERCENTILE.INC). */
export function percentile(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) {
    return Number.NaN;
  }
  const position = (p / 100) * (ascending.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, ascending.length - 1);
  return ascending[below] + (ascending[above] - ascending[below]) * (position - below);
}

/**
 * The cut-offs of one practice.
 * @param scores - Care burden of each chronically ill patient who is not in the `new` stratum.
 */
export function populationCutoffs(scores: readonly number[], settings: ResolvedPracticeSettings): PopulationCutoffs {
  const ascending = [...scores].sort((a, b) => a - b);
  const mean = ascending.length ? roundScore(ascending.reduce((sum, s) => sum + s, 0) / ascending.length) : Number.NaN;
  const fixed = settings.categoryMethod === 'fixed';
  return {
    population: ascending.length,
    mean,
    hnhcTop: roundScore(percentile(ascending, HNHC_TOP_PERCENTILE)),
    high: fixed ? (settings.highThreshold as number) : roundScore(percentile(ascending, settings.highPercentile)),
    medium: fixed ? (settings.mediumThreshold as number) : mean,
  };
}

/** Scores carry four decimals, so sums of decimal weights compare equal on every path. */
export function roundScore(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** HNHC: chronically ill and in the top 10%, or multimorbid (≥ 2 diseases) with above-average care burden. */
export function isHnhc(score: number, diseaseCount: number, cutoffs: PopulationCutoffs): boolean {
  if (cutoffs.population === 0) {
    return false;
  }
  return score >= cutoffs.hnhcTop || (diseaseCount >= 2 && score > cutoffs.mean);
}

/** The stratum: `new` first (shown apart), else high / medium / low by the cut-offs. */
export function categoryOf(score: number, isNew: boolean, cutoffs: PopulationCutoffs): TargetCareBurdenCategoryCode {
  if (isNew) {
    return 'new';
  }
  if (score >= cutoffs.high) {
    return 'high';
  }
  return score >= cutoffs.medium ? 'medium' : 'low';
}
