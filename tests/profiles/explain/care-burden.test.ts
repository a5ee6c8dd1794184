import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hnhcReasons, weightedContacts } from '../../../profiles/src/explain/care-burden.ts';
import { DEFAULT_CONTACT_WEIGHTS } from '../../../profiles/src/selection/settings.ts';
import { isHnhc, type PopulationCutoffs, roundScore } from '../../../profiles/src/selection/stratify.ts';

const CUTOFFS: PopulationCutoffs = { population: 40, mean: 5.3333, hnhcTop: 10.8, high: 10.8, medium: 5.3333 };

describe('weightedContacts', () => {
  test('takes each weight from the settings the result was computed with', () => {
    expect(
      weightedContacts(
        [
          { type: 'visit', count: 2, weightedSum: 3 },
          { type: 'phone', count: 1, weightedSum: 0.5 },
        ],
        DEFAULT_CONTACT_WEIGHTS,
      ),
    ).toEqual([
      { type: 'visit', count: 2, weight: 1.5, points: 3, weightFrom: 'settings' },
      { type: 'phone', count: 1, weight: 0.5, points: 0.5, weightFrom: 'settings' },
    ]);
  });

  test('without the settings, derives the weight from the stored points and says so', () => {
    expect(weightedContacts([{ type: 'consult-long', count: 3, weightedSum: 6 }])).toEqual([
      { type: 'consult-long', count: 3, weight: 2, points: 6, weightFrom: 'derived' },
    ]);
  });

  test('a derived weight times the count gives the stored points back, for any weight and count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 1000 }), (count, weightTenths) => {
        const weight = weightTenths / 10;
        const [shown] = weightedContacts([{ type: 'consult', count, weightedSum: roundScore(count * weight) }]);
        expect(roundScore(shown.weight * count)).toBeCloseTo(roundScore(count * weight), 3);
      }),
    );
  });
});

describe('hnhcReasons', () => {
  test.each([
    { score: 13, diseases: 1, reasons: ['top-of-practice'] },
    { score: 13, diseases: 2, reasons: ['top-of-practice', 'multimorbid-above-mean'] },
    { score: 6, diseases: 3, reasons: ['multimorbid-above-mean'] },
    { score: 6, diseases: 1, reasons: [] },
    { score: 5.3333, diseases: 2, reasons: [] },
    { score: 0, diseases: 4, reasons: [] },
  ])('a burden of $score with $diseases diseases is HNHC for $reasons', ({ score, diseases, reasons }) => {
    expect(hnhcReasons(score, diseases, CUTOFFS)).toEqual(reasons);
  });

  test('gives a reason exactly when the HNHC rule says HNHC', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        (score, diseases, mean, spread) => {
          const cutoffs = { ...CUTOFFS, mean, hnhcTop: mean + spread };
          expect(hnhcReasons(score, diseases, cutoffs).length > 0).toBe(isHnhc(score, diseases, cutoffs));
        },
      ),
    );
  });
});
