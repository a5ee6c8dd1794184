import { describe, expect, test } from 'vitest';
import { resolveSettings } from '../../../profiles/src/selection/settings.ts';
import {
  categoryOf,
  isHnhc,
  type PopulationCutoffs,
  percentile,
  populationCutoffs,
  roundScore,
} from '../../../profiles/src/selection/stratify.ts';

describe('percentile (linear interpolation, as PERCENTILE.INC)', () => {
  test.each([
    [[1, 2, 3, 4, 5], 90, 4.6],
    [[1, 2, 3, 4, 5], 50, 3],
    [[1, 2, 3, 4, 5], 0, 1],
    [[1, 2, 3, 4, 5], 100, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9.1],
    [[2, 4, 8, 16], 25, 3.5],
    [[0, 10], 90, 9],
    [[7], 90, 7],
  ])('of %j at P%i is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 10);
  });

  test('of no values is NaN', () => {
    expect(percentile([], 90)).toBeNaN();
  });
});

describe('population cut-offs', () => {
  test('by percentile: mean, P90 for HNHC and high, mean for medium, over the scores in any order', () => {
    expect(populationCutoffs([5, 1, 3, 2, 4], resolveSettings())).toEqual({
      population: 5,
      mean: 3,
      hnhcTop: 4.6,
      high: 4.6,
      medium: 3,
    });
  });

  test('a practice high percentile moves high but not the HNHC top 10%', () => {
    // P80 of 1..5: position 3.2 → 4 + 0.2 × 1 = 4.2
    expect(populationCutoffs([1, 2, 3, 4, 5], resolveSettings({ highPercentile: 80 }))).toEqual({
      population: 5,
      mean: 3,
      hnhcTop: 4.6,
      high: 4.2,
      medium: 3,
    });
  });

  test('by fixed thresholds: high and medium are the thresholds, HNHC still uses P90 and the mean', () => {
    const settings = resolveSettings({ categoryMethod: 'fixed', highThreshold: 10, mediumThreshold: 4 });
    expect(populationCutoffs([1, 2, 3, 4, 5], settings)).toEqual({
      population: 5,
      mean: 3,
      hnhcTop: 4.6,
      high: 10,
      medium: 4,
    });
  });

  test('mean and percentiles carry four decimals', () => {
    // mean of 1, 1, 2 = 1.3333…; P90: position 1.8 → 1 + 0.8 × 1 = 1.8
    expect(populationCutoffs([1, 1, 2], resolveSettings())).toMatchObject({ mean: 1.3333, hnhcTop: 1.8 });
  });

  test('of an empty population are unknown', () => {
    const cutoffs = populationCutoffs([], resolveSettings());
    expect(cutoffs.population).toBe(0);
    expect(cutoffs.mean).toBeNaN();
    expect(cutoffs.hnhcTop).toBeNaN();
  });
});

describe('high need, high cost (Smeets et al. 2020)', () => {
  const cutoffs: PopulationCutoffs = { population: 10, mean: 3, hnhcTop: 6, high: 6, medium: 3 };

  test.each([
    ['score equal to P90, one disease', 6, 1, true],
    ['score above P90, one disease', 9, 1, true],
    ['score just below P90, one disease', 5.9999, 1, false],
    ['score equal to the mean, two diseases', 3, 2, false],
    ['score just above the mean, two diseases', 3.0001, 2, true],
    ['score above the mean, three diseases', 4, 3, true],
    ['score above the mean, one disease', 4, 1, false],
    ['no contacts, two diseases', 0, 2, false],
  ])('%s: HNHC is %s', (_name, score, diseases, hnhc) => {
    expect(isHnhc(score, diseases, cutoffs)).toBe(hnhc);
  });

  test('nobody is HNHC in an empty population', () => {
    expect(isHnhc(10, 3, { population: 0, mean: Number.NaN, hnhcTop: Number.NaN, high: 0, medium: 0 })).toBe(false);
  });
});

describe('category', () => {
  const percentiles: PopulationCutoffs = { population: 10, mean: 3, hnhcTop: 6, high: 6, medium: 3 };
  const fixed: PopulationCutoffs = { population: 10, mean: 3, hnhcTop: 6, high: 10, medium: 4 };

  test.each([
    ['at P90', 6, 'high'],
    ['above P90', 8, 'high'],
    ['just below P90', 5.9999, 'medium'],
    ['at the mean', 3, 'medium'],
    ['just below the mean', 2.9999, 'low'],
    ['zero', 0, 'low'],
  ])('by percentile, a score %s is %s', (_name, score, category) => {
    expect(categoryOf(score, false, percentiles)).toBe(category);
  });

  test.each([
    ['at the high threshold', 10, 'high'],
    ['above P90 but below the high threshold', 9.5, 'medium'],
    ['at the medium threshold', 4, 'medium'],
    ['above the mean but below the medium threshold', 3.5, 'low'],
  ])('by fixed thresholds, a score %s is %s', (_name, score, category) => {
    expect(categoryOf(score, false, fixed)).toBe(category);
  });

  test.each([
    ['by percentile, all cut-offs zero', { population: 79, mean: 0, hnhcTop: 0, high: 0, medium: 0 }],
    ['by percentile, P90 zero and mean above it', { population: 20, mean: 0.5, hnhcTop: 0, high: 0, medium: 0.5 }],
    ['by fixed thresholds, medium zero', { population: 10, mean: 3, hnhcTop: 6, high: 10, medium: 0 }],
  ])('a zero score is low and not HNHC %s', (_name, cutoffs) => {
    expect(categoryOf(0, false, cutoffs)).toBe('low');
    expect(isHnhc(0, 1, cutoffs)).toBe(false);
    expect(isHnhc(0, 3, cutoffs)).toBe(false);
  });

  test('any score above zero is high where P90 is zero (the top 10% are the few with contacts)', () => {
    const cutoffs = { population: 20, mean: 0.5, hnhcTop: 0, high: 0, medium: 0.5 };
    expect(categoryOf(0.5, false, cutoffs)).toBe('high');
    expect(isHnhc(0.5, 1, cutoffs)).toBe(true);
  });

  test('a new patient is in the new stratum, whatever the score', () => {
    expect(categoryOf(20, true, percentiles)).toBe('new');
    expect(categoryOf(0, true, percentiles)).toBe('new');
  });
});

describe('score rounding', () => {
  test.each([
    [0.1 + 0.2, 0.3],
    [1.23456, 1.2346],
    [2.00004, 2],
  ])('%d rounds to %d', (value, rounded) => {
    expect(roundScore(value)).toBe(rounded);
  });
});
