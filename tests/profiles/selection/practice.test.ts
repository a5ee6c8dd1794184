// Results for one practice from facts, every number worked out by hand from DOMAIN.md.
import { describe, expect, test } from 'vitest';
import type { PatientFacts } from '../../../profiles/src/selection/assess.ts';
import { emptyContactCounts } from '../../../profiles/src/selection/contacts.ts';
import { assessPatients, classifyPractice, practiceCutoffs } from '../../../profiles/src/selection/practice.ts';
import { resolveSettings } from '../../../profiles/src/selection/settings.ts';

const REFERENCE = '2025-07-01';

/** A patient with `consults` consults (1.0 each), diabetes since `since`, and `diseases` more diseases. */
function patient(id: string, consults: number, options: { since?: string; diseases?: number; chronic?: boolean } = {}) {
  const { since = '2015-01-01', diseases = 0, chronic = true } = options;
  const facts: PatientFacts = {
    patientId: id,
    contacts: { ...emptyContactCounts(), consult: consults },
    conditions: chronic
      ? [
          { reference: `Condition/${id}-dm`, diseases: ['diabetes'], since },
          ...Array.from({ length: diseases }, (_, i) => ({
            reference: `Condition/${id}-${i}`,
            diseases: [`disease-${i}`],
            since: '2015-01-01',
          })),
        ]
      : [],
    birthDate: '1980-01-01',
  };
  return facts;
}

/**
 * a 10, b 4, c 2 (two diseases), d 0; e 6 but new (diagnosed 2025-05-01); f not chronically ill.
 * Not new: 10, 4, 2, 0 → mean 4; P90 = 4 + (10 − 4) × 0.7 = 8.2.
 */
const practice = [
  patient('a', 10),
  patient('b', 4),
  patient('c', 2, { diseases: 1 }),
  patient('d', 0),
  patient('e', 6, { since: '2025-05-01' }),
  patient('f', 9, { chronic: false }),
];

describe('results of one practice', () => {
  test('assess only the chronically ill, in the order of the facts', () => {
    const assessed = assessPatients(practice, REFERENCE, resolveSettings());
    expect(assessed.map((a) => [a.assessment.patientId, a.assessment.score, a.assessment.isNew])).toEqual([
      ['a', 10, false],
      ['b', 4, false],
      ['c', 2, false],
      ['d', 0, false],
      ['e', 6, true],
    ]);
    expect(assessed[0].facts).toBe(practice[0]);
  });

  test('take their cut-offs over the chronically ill who are not new', () => {
    const assessments = assessPatients(practice, REFERENCE, resolveSettings()).map((a) => a.assessment);
    expect(practiceCutoffs(assessments, resolveSettings())).toEqual({
      population: 4,
      mean: 4,
      hnhcTop: 8.2,
      high: 8.2,
      medium: 4,
    });
  });

  test('classify each patient within the practice', () => {
    const { cutoffs, results } = classifyPractice(practice, REFERENCE, resolveSettings());
    expect(cutoffs.population).toBe(4);
    expect(results.map((r) => [r.assessment.patientId, r.classification.category, r.classification.hnhc])).toEqual([
      ['a', 'high', true],
      ['b', 'medium', false],
      // Two diseases but not above the mean: not HNHC.
      ['c', 'low', false],
      ['d', 'low', false],
      ['e', 'new', false],
    ]);
    // The HNHC patient gets a subgroup (middle-aged, income source unknown: unclassified).
    expect(results[0].classification.subgroup?.subgroup).toBe('unclassified');
  });

  test('use fixed thresholds when the practice chose them', () => {
    const settings = resolveSettings({ categoryMethod: 'fixed', highThreshold: 4, mediumThreshold: 2 });
    const { results } = classifyPractice(practice, REFERENCE, settings);
    expect(results.map((r) => r.classification.category)).toEqual(['high', 'high', 'medium', 'low', 'new']);
  });

  test('of a practice without chronically ill patients have no cut-offs to speak of and no results', () => {
    const { cutoffs, results } = classifyPractice([patient('f', 9, { chronic: false })], REFERENCE, resolveSettings());
    expect(cutoffs.population).toBe(0);
    expect(results).toEqual([]);
  });
});
