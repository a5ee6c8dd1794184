// Issue 14's proof, end to end on both databases: records shaped like another generator's (transaction
// Bundles with urn:uuid fullUrls, SNOMED CT codes below the map's former parents, Encounters of several
// providers with classes AMB, EMER and IMP, no Patient.generalPractitioner) are imported with the command as a
// user runs it, with `--rule most-contacts` to list each patient with the organisation of most of their GP
// contacts; $target-selection then selects exactly the chronically ill and burdens a hand computation from the
// generated Bundles gives. The hand computation below reads the Bundles only, with the rules as DOMAIN.md
// states them; it calls no production code.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Operator } from '@medplum/core';
import type { Condition, Encounter, Patient } from '@medplum/fhirtypes';
import { Profiles } from '@target/profiles';
import { afterAll, describe, expect, test } from 'vitest';
import type { Config } from '../../../server/src/config.ts';
import { assignPracticeLists } from '../../../server/src/programme/practice-lists/assign.ts';
import { type SyntheaCorpus, syntheaCorpus, writeSyntheaBundles } from '../../bench/synthea-corpus.ts';
import { runMainInProcess } from '../../support/cli.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

const REFERENCE_DATE = '2020-07-01';
const DAY_MS = 86_400_000;
/** The counting window: the 365 days before the reference date (DOMAIN.md "Care burden"). */
const WINDOW_START = new Date(Date.parse(`${REFERENCE_DATE}T00:00:00Z`) - 365 * DAY_MS).toISOString().slice(0, 10);
/** Chronic diseases of the TARGET list, by the SNOMED CT codes the corpus uses (the codes). */
const CHRONIC_CODES = new Map([
  ['44054006', 'diabetes'],
  ['13645005', 'copd'],
  ['185086009', 'copd'],
  ['87433001', 'copd'],
  ['88805009', 'heart-failure'],
  ['26929004', 'dementia'],
  ['233678006', 'asthma'],
  ['124171000119105', 'migraine'],
]);
/** Weights of a consult by length (DOMAIN.md): under 5 minutes 0.5, under 20 minutes 1, longer 2. */
function consultWeight(minutes: number): number {
  return minutes < 5 ? 0.5 : minutes < 20 ? 1 : 2;
}

const corpus = syntheaCorpus(40, 14, { chronicDescendants: true });

interface Expected {
  /** Organization id → patient id → care burden, for the chronically ill it lists. */
  byPractice: Map<string, Map<string, number>>;
  listed: number;
}

/**
 * By hand from the Bundles: each patient's practice is the organisation of most of their AMB Encounters (ties:
 * the latest, then the smaller id); they are chronically ill with an active Condition of a listed code that
 * began before the reference date; their burden is the weighted AMB Encounters with that organisation in the
 * window. Dates compare as UTC days: every Encounter starts between 00:01 and 10:00 UTC, the same day in
 * Amsterdam, whose midnight the window starts at.
 */
function expected(data: SyntheaCorpus): Expected {
  const byPractice = new Map<string, Map<string, number>>();
  let listed = 0;
  for (const bundle of data.patients) {
    const resources = (bundle.entry ?? []).map((e) => ({ id: e.fullUrl?.slice(9) as string, resource: e.resource }));
    const patientId = resources.find((r) => r.resource?.resourceType === 'Patient')?.id as string;
    const amb = resources
      .map((r) => r.resource as Encounter)
      .filter((e) => e.resourceType === 'Encounter' && e.class?.code === 'AMB')
      .map((e) => {
        const start = e.period?.start ?? '';
        return {
          provider: (e.serviceProvider?.reference ?? '').split('|')[1],
          start,
          startMs: Date.parse(start),
          minutes: (Date.parse(e.period?.end ?? '') - Date.parse(start)) / 60_000,
        };
      });
    const perProvider = new Map<string, { count: number; latestMs: number }>();
    for (const e of amb) {
      const seen = perProvider.get(e.provider) ?? { count: 0, latestMs: 0 };
      perProvider.set(e.provider, { count: seen.count + 1, latestMs: Math.max(e.startMs, seen.latestMs) });
    }
    const ranked = [...perProvider].sort(
      ([a, x], [b, y]) => y.count - x.count || y.latestMs - x.latestMs || (a < b ? -1 : 1),
    );
    const practice = ranked[0]?.[0];
    if (!practice) {
      continue;
    }
    listed += 1;
    const chronic = resources
      .map((r) => r.resource as Condition)
      .some(
        (c) =>
          c.resourceType === 'Condition' &&
          c.clinicalStatus?.coding?.[0]?.code === 'active' &&
          CHRONIC_CODES.has(c.code?.coding?.[0]?.code as string) &&
          (c.onsetDateTime ?? '').slice(0, 10) < REFERENCE_DATE,
      );
    if (!chronic) {
      continue;
    }
    const burden = amb
      .filter(
        (e) => e.provider === practice && e.start.slice(0, 10) >= WINDOW_START && e.start.slice(0, 10) < REFERENCE_DATE,
      )
      .reduce((sum, e) => sum + consultWeight(e.minutes), 0);
    const members = byPractice.get(practice) ?? new Map<string, number>();
    members.set(patientId, burden);
    byPractice.set(practice, members);
  }
  return { byPractice, listed };
}

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => fs.rm(folder, { recursive: true, force: true })));
});

/** Writes the corpus and imports it with the command, listing patients by most contacts. */
async function importWithLists(config: Config): Promise<void> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'target-imported-records-'));
  folders.push(folder);
  await writeSyntheaBundles(folder, corpus);
  const run = await runMainInProcess(['import', folder, '--rule', 'most-contacts'], {
    TARGET_DATA_DIR: config.dataDir,
    TARGET_LOG_LEVEL: 'warn',
    ...(config.databaseUrl ? { TARGET_DATABASE_URL: config.databaseUrl } : {}),
  });
  if (run.code !== 0) {
    throw new Error(`import failed (${run.code}): ${run.stderr}\n${run.stdout}`);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: reads FHIR JSON
type Json = any;
const part = (selection: Json, name: string): Json => selection.part.find((p: Json) => p.name === name);

describe.each(DATABASE_KINDS)('records of another system, imported and listed, on %s', (kind) => {
  const server = useTestServer(kind, {}, importWithLists);
  const hand = expected(corpus);

  test('the hand computation has something to compare: several practices, chronically ill with and without contacts', () => {
    const burdens = [...hand.byPractice.values()].flatMap((m) => [...m.values()]);
    expect(hand.byPractice.size).toBeGreaterThanOrEqual(2);
    expect(burdens.length).toBeGreaterThanOrEqual(10);
    expect(burdens.some((b) => b === 0)).toBe(true);
    expect(burdens.some((b) => b > 0)).toBe(true);
  });

  test('the import listed each patient with the organisation of most of their contacts and made those practices', async () => {
    const patients = await server.repo.search<Patient>({ resourceType: 'Patient', count: 100 });
    const listed = (patients.entry ?? []).filter((e) => (e.resource?.generalPractitioner?.length ?? 0) > 0);
    expect(listed).toHaveLength(hand.listed);
    const practices = await server.repo.search({
      resourceType: 'Organization',
      filters: [{ code: '_profile', operator: Operator.EQUALS, value: Profiles.TargetPracticeOrganization }],
      count: 100,
    });
    expect(new Set((practices.entry ?? []).map((e) => e.resource?.id))).toEqual(
      new Set([...new Set(listed.map((e) => e.resource?.generalPractitioner?.[0]?.reference?.slice(13)))]),
    );
  });

  test('$target-selection selects exactly the chronically ill with the burdens computed by hand', async () => {
    const response = await fhirFetch(server, 'Group/$target-selection', {
      method: 'POST',
      body: { resourceType: 'Parameters', parameter: [{ name: 'date', valueDate: REFERENCE_DATE }] },
    });
    expect(response.status).toBe(200);
    const got = new Map<string, Map<string, number>>();
    for (const selection of response.body.parameter as Json[]) {
      const practice = part(selection, 'practice').valueReference.reference.slice(13);
      const group = await fhirFetch(server, part(selection, 'group').valueReference.reference);
      const members = new Map<string, number>(
        group.body.member.map((m: Json) => [
          m.entity.reference.slice(8),
          m.extension.find((x: Json) => x.url.endsWith('target-member-care-burden-score')).valueDecimal,
        ]),
      );
      expect(part(selection, 'chronicallyIll').valueInteger).toBe(members.size);
      got.set(practice, members);
    }
    expect(got).toEqual(hand.byPractice);
  });

  test('listing again by the same rule writes nothing: every listed patient is already listed so', async () => {
    const again = await assignPracticeLists(server.repo, { rule: 'most-contacts' });
    expect(again).toMatchObject({ listed: 0, unchanged: hand.listed, practicesMade: [] });
    expect(again.patients).toBe(corpus.patients.length);
  });
});
