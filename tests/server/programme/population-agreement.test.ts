// The two paths of the selection agree exactly on a generated practice: facts found with SQL over the
// search index (population path) equal the facts the pure functions find in each patient's FHIR record
// (per-patient path), and so do score, category, HNHC flag and subgroup — with the default settings and with
// practice-nurse contacts, unattributed Encounters or part of the counting period left out. Over the demo
// practice lie Encounters of other providers (a hospital, a second practice some patients are also listed
// with) and Encounters that name no provider at all, so both paths apply "only contacts with the practice".
import { parseSearchRequest } from '@medplum/core';
import type { Patient, PractitionerRole, Resource } from '@medplum/fhirtypes';
import {
  buildPracticeOrganization,
  classifyPractice,
  contactPracticeOf,
  DEFAULT_CHRONIC_DISEASES,
  emptyContactCounts,
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
import { encounterOn } from './support.ts';

const REFERENCE_DATE = '2025-06-30';
const HOSPITAL = 'hospital';
const PRACTICE_B = 'practice-b';

function role(id: string, practitioner: string, organization: string, active = true): Resource {
  return {
    resourceType: 'PractitionerRole',
    id,
    active,
    practitioner: { reference: practitioner },
    organization: { reference: organization },
  } as Resource;
}

/**
 * Over the demo practice A: a hospital with a surgeon, a second practice B with its own GP, and a former GP
 * of A (inactive role). A quarter of the patients have, in the window, a hospital outpatient visit, one where
 * A's GP took part and an emergency visit (never counted: another provider), a consult with A's GP by role,
 * a home visit with A's GP by Practitioner and an e-consult with the former GP (A's), and a consult with the
 * surgeon and one naming nobody (unattributed). An eighth are also listed with B, with a consult at B and one
 * with B's GP (B's; unattributed for A, as the contacts with A's GP are for B: without serviceProvider only
 * someone of the practice makes an Encounter the practice's).
 */
async function addOtherProviders(store: Store, practiceA: string, patients: Patient[]): Promise<string[]> {
  const roles = await store.repo.searchResources<PractitionerRole>(
    parseSearchRequest('PractitionerRole', { organization: `Organization/${practiceA}`, _count: '100' }),
  );
  const gpRole = roles.find((r) =>
    r.code?.some((c) => c.coding?.some((coding) => coding.code === 'gp')),
  ) as PractitionerRole;
  const gp = gpRole.practitioner?.reference as string;
  const a = `Organization/${practiceA}`;
  const resources: Resource[] = [
    { resourceType: 'Organization', id: HOSPITAL, name: 'Ziekenhuis' },
    buildPracticeOrganization({ id: PRACTICE_B, agb: '01999999', name: 'Praktijk B', addresses: [] }) as Resource,
    ...['surgeon', 'gp-b', 'former-gp'].map((id) => ({ resourceType: 'Practitioner', id }) as Resource),
    role('surgeon-role', 'Practitioner/surgeon', `Organization/${HOSPITAL}`),
    role('gp-b-role', 'Practitioner/gp-b', `Organization/${PRACTICE_B}`),
    role('former-gp-role', 'Practitioner/former-gp', a, false),
  ];
  const alsoAtB: string[] = [];
  for (const [i, patient] of patients.entries()) {
    const id = patient.id as string;
    if (i % 4 === 0) {
      resources.push(
        encounterOn(id, 'AMB', '2025-02-03', {
          provider: `Organization/${HOSPITAL}`,
          by: 'PractitionerRole/surgeon-role',
        }),
        encounterOn(id, 'AMB', '2025-02-04', {
          provider: `Organization/${HOSPITAL}`,
          by: `PractitionerRole/${gpRole.id}`,
        }),
        encounterOn(id, 'EMER', '2025-02-05', { provider: `Organization/${HOSPITAL}` }),
        encounterOn(id, 'AMB', '2025-02-06', { by: `PractitionerRole/${gpRole.id}` }),
        encounterOn(id, 'HH', '2025-02-07', { by: gp }),
        encounterOn(id, 'VR', '2025-02-10', { by: 'Practitioner/former-gp' }),
        encounterOn(id, 'AMB', '2025-02-11', { by: 'PractitionerRole/surgeon-role' }),
        encounterOn(id, 'AMB', '2025-02-12', {}),
      );
    }
    if (i % 8 === 0) {
      alsoAtB.push(id);
      resources.push(
        {
          ...patient,
          generalPractitioner: [...(patient.generalPractitioner ?? []), { reference: `Organization/${PRACTICE_B}` }],
        },
        encounterOn(id, 'AMB', '2025-03-03', { provider: `Organization/${PRACTICE_B}` }),
        encounterOn(id, 'AMB', '2025-03-04', { by: 'Practitioner/gp-b' }),
      );
    }
  }
  await store.repo.upsertResources(resources);
  return alsoAtB;
}

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
  let practiceA: string;
  let patients: Patient[];
  let alsoAtB: Set<string>;
  beforeAll(async () => {
    testConfig = await makeTestConfig(kind);
    store = await openServerStore(testConfig.config, createLogger(testConfig.config));
    await seedDemo(store.repo, { patients: 400, practices: 1, seed: 11, referenceDate: REFERENCE_DATE });
    [practiceA] = await allPractices(store.repo);
    const seeded = await store.repo.searchResources<Patient>({ resourceType: 'Patient', count: 1000 });
    seeded.sort((x, y) => ((x.id as string) < (y.id as string) ? -1 : 1));
    alsoAtB = new Set(await addOtherProviders(store, practiceA, seeded));
    patients = await store.repo.searchResources<Patient>({ resourceType: 'Patient', count: 1000 });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await testConfig?.cleanup();
  });

  test.each([
    ['the default settings', {}],
    ['practice-nurse contacts left out', { countPracticeNurse: false }],
    ['unattributed Encounters left out', { countUnattributedEncounters: false }],
    ['a 200-day counting period', { countingPeriodDays: 200 }],
  ])('agree on every patient of both practices with %s', async (_name, values) => {
    const settings = resolveSettings(values);
    const populations = await populationFacts(store.repo, {
      practices: [practiceA, PRACTICE_B],
      referenceDate: REFERENCE_DATE,
      settings,
      diseases: DEFAULT_CHRONIC_DISEASES,
    });
    const reader = new RepositoryReader(store.repo);
    const practiceNurses = await practiceNursesOf(reader);
    const factsByRecord = async (practiceId: string, listed: readonly Patient[]) => {
      const context = {
        referenceDate: REFERENCE_DATE,
        settings,
        diseases: DEFAULT_CHRONIC_DISEASES,
        practiceNurses,
        practice: await contactPracticeOf(reader, [`Organization/${practiceId}`]),
      };
      const perPatient: PatientFacts[] = [];
      for (const patient of listed) {
        const facts = await patientFactsOf(reader, toR4(patient), context);
        if (facts.conditions.length > 0) {
          perPatient.push(facts);
        }
      }
      return perPatient.sort((a, b) => (a.patientId < b.patientId ? -1 : 1));
    };
    const [population, populationB] = populations;
    const perPatient = await factsByRecord(practiceA, patients);
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

    // Practice B counts its own contacts of the same patients, not A's.
    const perPatientB = await factsByRecord(
      PRACTICE_B,
      patients.filter((p) => alsoAtB.has(p.id as string)),
    );
    expect(populationB.listed).toBe(alsoAtB.size);
    expect(perPatientB.length).toBeGreaterThan(5);
    expect(populationB.facts.map(comparable)).toEqual(perPatientB.map(comparable));
    // By hand: B's consult and its GP's consult; with unattributed Encounters also A's GP by role, by Practitioner
    // (a home visit) and the former GP (an e-consult) — none of them works at B — and the surgeon's and nobody's
    // consults. A's own contacts (serviceProvider A) and the hospital's never count for B.
    const expectedB = settings.countUnattributedEncounters
      ? { ...emptyContactCounts(), consult: 5, visit: 1, 'e-consult': 1 }
      : { ...emptyContactCounts(), consult: 2 };
    expect(populationB.facts.map((f) => f.contacts)).toEqual(populationB.facts.map(() => expectedB));
  });
});
