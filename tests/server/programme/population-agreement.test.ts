// The two paths of the selection agree exactly on a generated practice: facts found with SQL over the
// search index (population path) equal the facts the pure functions find in each patient's FHIR record
// (per-patient path), and so do score, category, HNHC flag and subgroup — with the default settings and with
// practice-nurse contacts left out.
import type { Patient } from '@medplum/fhirtypes';
import {
  classifyPractice,
  DEFAULT_CHRONIC_DISEASES,
  type PatientFacts,
  patientFactsOf,
  practiceNursesOf,
  resolveSettings,
  startMs,
} from '@target/profiles';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemo } from '../../../server/src/demo/seed.ts';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { RepositoryReader, toR4 } from '../../../server/src/programme/repository-reader.ts';
import { populationFacts } from '../../../server/src/programme/selection/population.ts';
import { allPractices } from '../../../server/src/programme/selection/selection.ts';
import type { Store } from '../../../server/src/store/open.ts';
import { DATABASE_KINDS, makeTestConfig, type TestConfig } from '../../support/database.ts';

const REFERENCE_DATE = '2025-06-30';

/** Facts in a form both paths write the same way: condition starts as instants, lists sorted. */
function comparable(facts: PatientFacts) {
  return {
    ...facts,
    conditions: facts.conditions
      .map((c) => ({ reference: c.reference, diseases: [...c.diseases].sort(), since: startMs(c.since) }))
      .sort((a, b) => a.reference.localeCompare(b.reference)),
  };
}

describe.each(DATABASE_KINDS)('population path and per-patient path on %s', (kind) => {
  let testConfig: TestConfig;
  let store: Store;
  beforeAll(async () => {
    testConfig = await makeTestConfig(kind);
    store = await openServerStore(testConfig.config, createLogger(testConfig.config));
    await seedDemo(store.repo, { patients: 400, practices: 1, seed: 11, referenceDate: REFERENCE_DATE });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await testConfig?.cleanup();
  });

  test.each([
    ['the default settings', {}],
    ['practice-nurse contacts left out', { countPracticeNurse: false }],
    ['a 200-day counting period', { countingPeriodDays: 200 }],
  ])('agree on every patient with %s', async (_name, values) => {
    const settings = resolveSettings(values);
    const [practiceId] = await allPractices(store.repo);
    const [population] = await populationFacts(store.repo, {
      practices: [practiceId],
      referenceDate: REFERENCE_DATE,
      settings,
      diseases: DEFAULT_CHRONIC_DISEASES,
    });
    const reader = new RepositoryReader(store.repo);
    const context = {
      referenceDate: REFERENCE_DATE,
      settings,
      diseases: DEFAULT_CHRONIC_DISEASES,
      practiceNurses: await practiceNursesOf(reader),
    };
    const patients = await store.repo.searchResources<Patient>({ resourceType: 'Patient', count: 1000 });
    const perPatient: PatientFacts[] = [];
    for (const patient of patients) {
      const facts = await patientFactsOf(reader, toR4(patient), context);
      if (facts.conditions.length > 0) {
        perPatient.push(facts);
      }
    }
    perPatient.sort((a, b) => (a.patientId < b.patientId ? -1 : 1));
    expect(population.listed).toBe(patients.length);
    // The generated practice exercises the rules: most kinds of contact and a good share of chronic patients.
    expect(perPatient.length).toBeGreaterThan(80);
    expect(population.facts.map(comparable)).toEqual(perPatient.map(comparable));

    const bySql = classifyPractice(population.facts, REFERENCE_DATE, settings);
    const byRecord = classifyPractice(perPatient, REFERENCE_DATE, settings);
    expect(bySql.cutoffs).toEqual(byRecord.cutoffs);
    const outcome = (r: (typeof bySql.results)[number]) => [r.assessment, r.classification];
    expect(bySql.results.map(outcome)).toEqual(byRecord.results.map(outcome));
    const categories = new Set(bySql.results.map((r) => r.classification.category));
    expect([...categories].sort()).toEqual(['high', 'low', 'medium', 'new']);
  });
});
