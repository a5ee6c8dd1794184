// A care-burden category in words with its meaning for this practice: "hoog — op of boven P90 van de praktijk
// (17)" (STYLE.md: numbers carry their meaning in words, never a bare code).
import type { TargetCareBurdenCategoryCode } from '@target/profiles';
import type { Translate } from '../../../i18n/index.tsx';
import type { CareBurdenSummary } from './care-burden.ts';
import type { PatientMessage } from './messages.ts';

export const CATEGORY_WORD: Readonly<Record<TargetCareBurdenCategoryCode, PatientMessage>> = {
  high: 'categoryHigh',
  medium: 'categoryMedium',
  low: 'categoryLow',
  new: 'categoryNew',
};
export const CATEGORY_COLOR: Readonly<Record<TargetCareBurdenCategoryCode, string>> = {
  high: 'red',
  medium: 'orange',
  low: 'gray',
  new: 'blue',
};

/** "hoog — op of boven P90 van de praktijk (17)": the category with what it means for this practice. */
export function categoryInWords(
  summary: CareBurdenSummary,
  t: Translate<PatientMessage>,
  number: (n: number) => string,
): string | undefined {
  const { category, cutoffs, settings, score = 0 } = summary;
  if (!category) {
    return undefined;
  }
  const word = t(CATEGORY_WORD[category]);
  const fixed = settings.resolved?.categoryMethod === 'fixed';
  const meaning = (() => {
    switch (category) {
      case 'new': {
        const days = settings.resolved?.newPatientDays;
        return days === undefined ? t('meaningNewNoDays') : t('meaningNew', { days });
      }
      case 'high': {
        if (cutoffs?.high === undefined) {
          return undefined;
        }
        const value = number(cutoffs.high);
        const percentile = settings.resolved?.highPercentile;
        if (fixed) {
          return t('meaningHighFixed', { value });
        }
        return percentile === undefined
          ? t('meaningHighCutoff', { value })
          : t('meaningHighPercentile', { percentile, value });
      }
      case 'medium':
        return cutoffs?.medium === undefined || cutoffs.high === undefined
          ? undefined
          : t(fixed ? 'meaningMediumFixed' : 'meaningMedium', {
              medium: number(cutoffs.medium),
              high: number(cutoffs.high),
            });
      case 'low':
        if (score <= 0) {
          return t('meaningLowZero');
        }
        return cutoffs?.medium === undefined
          ? undefined
          : t(fixed ? 'meaningLowFixed' : 'meaningLow', { medium: number(cutoffs.medium) });
    }
  })();
  return meaning ? `${word} — ${meaning}` : word;
}
