// Properties of the stratification over whole practices (fast-check): generated practices of 1 to 40
// chronically ill patients — zeros, ties, all-equal burdens and new patients only included — run through
// classifyPractice, with the default settings, another high percentile and fixed thresholds. The invariants:
// - a zero care burden is low (or new) and never HNHC; high, medium and HNHC all need a burden above zero;
// - for equal disease counts, category and HNHC flag are monotone in the burden;
// - equal burdens and disease counts get the same result (ties are never split);
// - permuting the patients changes neither the cut-offs nor anyone's result;
// - a new patient is `new` whatever the burden; with new patients only, the cut-offs are unknown and nobody
//   is HNHC;
// - with the default settings, high ⇒ HNHC (high is the top 10%).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { PatientFacts } from '../../../profiles/src/selection/assess.ts';
import { emptyContactCounts } from '../../../profiles/src/selection/contacts.ts';
import { classifyPractice, type PatientResult } from '../../../profiles/src/selection/practice.ts';
import { type ResolvedPracticeSettings, resolveSettings } from '../../../profiles/src/selection/settings.ts';

const REFERENCE_DATE = '2025-07-01';
const DISEASES = ['diabetes', 'copd', 'heart-failure', 'depression'];
const RANK = { low: 0, medium: 1, high: 2 } as const;

interface GeneratedPatient {
  consults: number;
  visits: number;
  phone: number;
  diseases: number;
  isNew: boolean;
}

/** Few distinct contact counts, so zeros and ties are common; sometimes a practice where all are new. */
const patient = fc.record({
  consults: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 })),
  visits: fc.integer({ min: 0, max: 2 }),
  phone: fc.integer({ min: 0, max: 3 }),
  diseases: fc.integer({ min: 1, max: 3 }),
  isNew: fc.boolean(),
});
const silent = patient.map((p) => ({ ...p, consults: 0, visits: 0, phone: 0 }));
const practice = fc.oneof(
  fc.array(patient, { minLength: 1, maxLength: 40 }),
  fc.array(patient, { minLength: 1, maxLength: 3 }),
  fc.array(silent, { minLength: 1, maxLength: 40 }),
  fc.tuple(patient, fc.integer({ min: 1, max: 30 })).map(([p, n]) => Array.from({ length: n }, () => ({ ...p }))),
  fc.array(patient, { minLength: 1, maxLength: 10 }).map((ps) => ps.map((p) => ({ ...p, isNew: true }))),
);

const SETTINGS: [string, ResolvedPracticeSettings][] = [
  ['the default settings', resolveSettings()],
  ['high at P75', resolveSettings({ highPercentile: 75 })],
  ['fixed thresholds 0 and 3', resolveSettings({ categoryMethod: 'fixed', mediumThreshold: 0, highThreshold: 3 })],
];

function facts(patients: readonly GeneratedPatient[]): PatientFacts[] {
  return patients.map((p, i) => ({
    patientId: `p${String(i).padStart(2, '0')}`,
    contacts: { ...emptyContactCounts(), consult: p.consults, visit: p.visits, phone: p.phone },
    conditions: DISEASES.slice(0, p.diseases).map((disease) => ({
      reference: `Condition/${i}-${disease}`,
      diseases: [disease],
      since: p.isNew ? '2025-03-01' : '2015-01-01',
    })),
  }));
}

function classify(patients: readonly GeneratedPatient[], settings: ResolvedPracticeSettings) {
  return classifyPractice(facts(patients), REFERENCE_DATE, settings);
}

/** Every pair of patients of one run. */
function pairs(results: readonly PatientResult[]): [PatientResult, PatientResult][] {
  return results.flatMap((a, i) => results.slice(i + 1).map((b): [PatientResult, PatientResult] => [a, b]));
}

describe.each(SETTINGS)('stratification of any practice with %s', (_name, settings) => {
  test('a zero care burden is low (or new) and never HNHC; high, medium and HNHC need a burden above zero', () => {
    fc.assert(
      fc.property(practice, (patients) => {
        for (const { assessment, classification } of classify(patients, settings).results) {
          if (assessment.score === 0) {
            expect(classification.category).toBe(assessment.isNew ? 'new' : 'low');
          }
          if (classification.hnhc || classification.category === 'high' || classification.category === 'medium') {
            expect(assessment.score).toBeGreaterThan(0);
          }
        }
      }),
    );
  });

  test('category and HNHC are monotone in the burden for equal disease counts, and ties are never split', () => {
    fc.assert(
      fc.property(practice, (patients) => {
        for (const [a, b] of pairs(classify(patients, settings).results)) {
          if (a.assessment.isNew || b.assessment.isNew || a.assessment.diseaseCount !== b.assessment.diseaseCount) {
            continue;
          }
          const [lower, higher] = a.assessment.score <= b.assessment.score ? [a, b] : [b, a];
          const rank = (r: PatientResult) => RANK[r.classification.category as keyof typeof RANK];
          expect(rank(lower)).toBeLessThanOrEqual(rank(higher));
          expect(!lower.classification.hnhc || higher.classification.hnhc).toBe(true);
          if (lower.assessment.score === higher.assessment.score) {
            expect(lower.classification).toEqual(higher.classification);
          }
        }
      }),
    );
  });

  test('permuting the patients changes neither the cut-offs nor anyone’s result', () => {
    const permuted = practice.chain((patients) =>
      fc.tuple(
        fc.constant(patients),
        fc.shuffledSubarray(
          patients.map((p, i) => ({ p, i })),
          { minLength: patients.length, maxLength: patients.length },
        ),
      ),
    );
    fc.assert(
      fc.property(permuted, ([patients, shuffled]) => {
        const original = classify(patients, settings);
        // The same patient under the same id, in another order.
        const reordered = classifyPractice(
          shuffled.map(({ i }) => facts(patients)[i]),
          REFERENCE_DATE,
          settings,
        );
        const byId = (results: PatientResult[]) =>
          Object.fromEntries(results.map((r) => [r.assessment.patientId, r.classification]));
        expect(reordered.cutoffs).toEqual(original.cutoffs);
        expect(byId(reordered.results)).toEqual(byId(original.results));
      }),
    );
  });

  test('a new patient is new whatever the burden; with new patients only nobody is HNHC', () => {
    fc.assert(
      fc.property(practice, (patients) => {
        const { cutoffs, results } = classify(patients, settings);
        for (const { assessment, classification } of results) {
          expect(classification.category === 'new').toBe(assessment.isNew);
        }
        if (patients.every((p) => p.isNew)) {
          expect(cutoffs.population).toBe(0);
          expect(results.some((r) => r.classification.hnhc)).toBe(false);
        }
      }),
    );
  });
});

describe('stratification with the default settings', () => {
  test('high is the top 10%: every high patient is HNHC', () => {
    fc.assert(
      fc.property(practice, (patients) => {
        for (const { classification } of classify(patients, resolveSettings()).results) {
          expect(classification.category !== 'high' || classification.hnhc).toBe(true);
        }
      }),
    );
  });

  test.each([1, 2, 3, 79])('%i chronically ill without a counted contact are all low, none HNHC', (n) => {
    const patients = Array.from({ length: n }, (_, i) => ({
      consults: 0,
      visits: 0,
      phone: 0,
      diseases: 1 + (i % 3),
      isNew: false,
    }));
    const { cutoffs, results } = classify(patients, resolveSettings());
    expect(cutoffs).toEqual({ population: n, mean: 0, hnhcTop: 0, high: 0, medium: 0 });
    expect(results.map((r) => r.classification)).toEqual(patients.map(() => ({ category: 'low', hnhc: false })));
  });

  test.each([
    // One patient: P90 and mean are their own burden: at or above both.
    [[4], ['high'], [true]],
    // Two: mean 2, P90 = 0 + 0.9 × 4 = 3.6.
    [
      [0, 4],
      ['low', 'high'],
      [false, true],
    ],
    // Three: mean 2, P90 = 3 + 0.8 × 0 = 3 (positions 1.8 of 0, 3, 3).
    [
      [0, 3, 3],
      ['low', 'high', 'high'],
      [false, true, true],
    ],
    // All equal and above zero: everyone is at P90 (ties are never split).
    [
      [2, 2, 2],
      ['high', 'high', 'high'],
      [true, true, true],
    ],
  ])('a tiny practice with burdens %j is %j, HNHC %j', (consults, categories, hnhc) => {
    const patients = consults.map((n) => ({ consults: n, visits: 0, phone: 0, diseases: 1, isNew: false }));
    const { results } = classify(patients, resolveSettings());
    expect(results.map((r) => r.classification.category)).toEqual(categories);
    expect(results.map((r) => r.classification.hnhc)).toEqual(hnhc);
  });
});
