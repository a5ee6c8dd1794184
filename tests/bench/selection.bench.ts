// Selection benchmark (`npm run bench:selection -- --help`); not a test. On a generated region of
// practices (server/src/demo, loaded through the bulk import engine) it measures, in one run:
//   (a) our selection: facts by SQL over the search index + the pure rules, with and without writing the
//       Group and the care burden Observations;
//   (b) the naive way an EHR-side app would do it: per patient FHIR searches over HTTP + the same pure
//       functions, on a sample, extrapolated to every listed patient;
//   (c) one hand-written SQL aggregation over the same index tables (weighted contacts of the chronically
//       ill, no rules beyond class weights): the floor.
// Targets (issue): (b)/(a) ≥ 100, (a)/(c) ≤ 3, a 480k-patient region end to end on PostgreSQL < 60 s,
// import ≥ 5,000 resources/s. Progress on stderr, a markdown report on stdout; --write-docs records it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Bundle, Patient, PractitionerRole, Resource } from '@medplum/fhirtypes';
import {
  addDays,
  assessPatient,
  classifyPractice,
  countingWindow,
  DEFAULT_CHRONIC_DISEASES,
  ExternalSystems,
  PRACTICE_NURSE_ROLES,
  patientFacts,
  practiceNurseReferences,
  resolveSettings,
  TargetObservationCodeSystem,
  TargetPracticeRoleCodeSystem,
} from '@target/profiles';
import type { Condition, Encounter, Observation, Patient as R4Patient, PractitionerRole as R4Role } from 'fhir/r4.js';
import { type Config, loadConfig } from '../../server/src/config.ts';
import { seedDemo } from '../../server/src/demo/seed.ts';
import { startHttpServer } from '../../server/src/http-server.ts';
import { openServerStore } from '../../server/src/open-server-store.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import { resultIds } from '../../server/src/programme/selection/ids.ts';
import { populationFacts } from '../../server/src/programme/selection/population.ts';
import { allPractices, runSelection } from '../../server/src/programme/selection/selection.ts';
import type { Store } from '../../server/src/store/open.ts';
import { defaultValidationWorkers } from '../../server/src/store/validation/workers.ts';
import { TEST_POSTGRES_URL, withServer } from '../support/database.ts';
import { tokenForConfig } from '../support/server.ts';
import { writeBenchSection } from './docs.ts';
import { startWorkerServer } from './worker-server.ts';

type Driver = 'postgres' | 'pglite';

const HELP = `Usage: npm run bench:selection -- [options]

  --patients 100000        patients in the generated region
  --practices N            practices (default: one per 2,400 patients)
  --driver postgres|pglite|both   default postgres
  --date 2025-06-30        reference date of the data and the selection
  --seed 7                 generator seed
  --sample 200             patients fetched one by one for the naive path (b)
  --database-url URL       use this PostgreSQL database (seeded only when it holds no patients)
  --no-rerun               skip the second run for the same date (updates)
  --keep                   keep the database / PGlite folder
  --write-docs             add or replace this run's section in docs/benchmarks.md
`;

interface Options {
  patients: number;
  practices: number;
  drivers: Driver[];
  date: string;
  seed: number;
  sample: number;
  databaseUrl?: string;
  keep: boolean;
  rerun: boolean;
  writeDocs: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      patients: { type: 'string', default: '100000' },
      practices: { type: 'string' },
      driver: { type: 'string', default: 'postgres' },
      date: { type: 'string', default: '2025-06-30' },
      seed: { type: 'string', default: '7' },
      sample: { type: 'string', default: '200' },
      'database-url': { type: 'string' },
      keep: { type: 'boolean', default: false },
      'no-rerun': { type: 'boolean', default: false },
      'write-docs': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const patients = Number(values.patients.replace(/_/g, ''));
  const driver = values.driver;
  if (driver !== 'postgres' && driver !== 'pglite' && driver !== 'both') {
    throw new Error(`--driver must be postgres, pglite or both, got "${driver}"`);
  }
  return {
    patients,
    practices: values.practices ? Number(values.practices) : Math.max(1, Math.round(patients / 2400)),
    drivers: driver === 'both' ? ['postgres', 'pglite'] : [driver],
    date: values.date,
    seed: Number(values.seed),
    sample: Number(values.sample),
    ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
    keep: values.keep,
    rerun: !values['no-rerun'],
    writeDocs: values['write-docs'],
  };
}

const t0 = performance.now();
function log(message: string): void {
  process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(7)}s] ${message}\n`);
}
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, (performance.now() - started) / 1000];
}

// ------------------------------------------------------------------------------------------- database

interface BenchDatabase {
  config: Config;
  description: string;
  cleanup(): Promise<void>;
}

async function benchDatabase(driver: Driver, options: Options): Promise<BenchDatabase> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-bench-selection-'));
  const base = { port: 0, host: '127.0.0.1', baseUrl: 'http://127.0.0.1:0', logLevel: 'silent' as const, dataDir };
  if (driver === 'pglite') {
    return {
      config: loadConfig({}, { ...base, databaseUrl: undefined, readCacheSize: 0 }),
      description: `PGlite in ${dataDir}`,
      cleanup: () => (options.keep ? Promise.resolve() : fs.rm(dataDir, { recursive: true, force: true })),
    };
  }
  if (options.databaseUrl) {
    return {
      config: loadConfig({}, { ...base, databaseUrl: options.databaseUrl, readCacheSize: 0 }),
      description: `PostgreSQL database ${new URL(options.databaseUrl).pathname.slice(1)} (given)`,
      cleanup: () => fs.rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `target_bench_selection_${randomBytes(3).toString('hex')}`;
  await withServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    config: loadConfig({}, { ...base, databaseUrl: url.toString(), readCacheSize: 0 }),
    description: `PostgreSQL database ${name}`,
    cleanup: async () => {
      await fs.rm(dataDir, { recursive: true, force: true });
      if (!options.keep) {
        await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      }
    },
  };
}

// ------------------------------------------------------------------------------------------ (c) floor

/** The floor: class-weighted contacts in the window per chronically ill patient, one statement. */
async function floorAggregation(store: Store, date: string): Promise<number> {
  const param = (type: string, code: string) => store.registry.get(type, code)?.id;
  const window = countingWindow(date, 365);
  const rows = await store.db.query<{ n: string }>(
    `WITH chronic AS (
       SELECT DISTINCT s.target_id FROM idx_reference s
       JOIN idx_token c ON c.rid = s.rid AND c.param = $1 AND c.system = $2 AND upper(left(c.value, 3)) = ANY($3::text[])
       WHERE s.param = $4 AND s.target_type = 'Patient'
     ), scores AS (
       SELECT s.target_id, sum(CASE k.value WHEN 'amb' THEN 1.0 WHEN 'hh' THEN 1.5 ELSE 0.5 END) AS score
       FROM idx_reference s
       JOIN chronic ch ON ch.target_id = s.target_id
       JOIN idx_date d ON d.rid = s.rid AND d.param = $5 AND d.low >= $6 AND d.low < $7
       JOIN idx_token k ON k.rid = s.rid AND k.param = $8
       WHERE s.param = $9 AND s.target_type = 'Patient'
       GROUP BY s.target_id
     ) SELECT count(*) AS n FROM scores`,
    [
      param('Condition', 'code'),
      ExternalSystems.ICPC,
      [...DEFAULT_CHRONIC_DISEASES.byIcpc.keys()],
      param('Condition', 'subject'),
      param('Encounter', 'date'),
      new Date(window.fromMs),
      new Date(window.toMs),
      param('Encounter', 'class'),
      param('Encounter', 'subject'),
    ],
  );
  return Number(rows[0].n);
}

// ------------------------------------------------------------------------------------------ (b) naive

interface Client {
  agent: http.Agent;
  authorization: string;
}

function getJson(client: Client, url: string): Promise<Resource> {
  return new Promise((resolve, reject) => {
    http
      .get(
        url,
        { agent: client.agent, headers: { accept: 'application/fhir+json', authorization: client.authorization } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Resource;
            res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: ${res.statusCode}`));
          });
        },
      )
      .on('error', reject);
  });
}

async function searchAll<T extends Resource>(agent: Client, base: string, query: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = `${base}/${query}${query.includes('?') ? '&' : '?'}_count=1000`;
  while (next) {
    const bundle = (await getJson(agent, next)) as Bundle<T>;
    out.push(...(bundle.entry ?? []).map((e) => e.resource as T));
    // The server writes links with its configured base URL; follow them on the address it listens on.
    const link = bundle.link?.find((l) => l.relation === 'next')?.url;
    next = link ? `${base}${link.slice(link.indexOf('/fhir/') + '/fhir'.length)}` : undefined;
  }
  return out;
}

interface NaiveResult {
  sampled: number;
  perPatientMs: number;
  listPerPracticeMs: number;
}

/**
 * What an EHR-side app would do for each patient, through the FHIR API only, with a GP's token of the
 * practice (so the server applies that practice's compartment, as it would for the app).
 */
async function naivePath(
  config: Config,
  baseUrl: string,
  date: string,
  practiceId: string,
  sample: number,
): Promise<NaiveResult> {
  const token = await tokenForConfig(config, {
    sub: 'bench-gp',
    client_id: 'bench-ehr-app',
    scope: 'user/*.rs',
    target_role: 'gp',
    target_organization: practiceId,
  });
  const agent: Client = { agent: new http.Agent({ keepAlive: true, maxSockets: 1 }), authorization: `Bearer ${token}` };
  const settings = resolveSettings({});
  const window = countingWindow(date, settings.countingPeriodDays);
  const [patients, listSeconds] = await timed(() =>
    searchAll<Patient>(agent, baseUrl, `Patient?general-practitioner=Organization/${practiceId}`),
  );
  const roles = await searchAll<PractitionerRole>(
    agent,
    baseUrl,
    `PractitionerRole?role=${PRACTICE_NURSE_ROLES.map((c) => encodeURIComponent(`${TargetPracticeRoleCodeSystem.url}|${c}`)).join(',')}`,
  );
  const nurses = practiceNurseReferences(roles as R4Role[]);
  const step = Math.max(1, Math.floor(patients.length / sample));
  const chosen = patients.filter((_, i) => i % step === 0).slice(0, sample);
  const social = ['household', 'income-source'].map((c) =>
    encodeURIComponent(`${TargetObservationCodeSystem.url}|${c}`),
  );
  const [, seconds] = await timed(async () => {
    for (const patient of chosen) {
      const subject = `Patient/${patient.id}`;
      const record = {
        patient: (await getJson(agent, `${baseUrl}/${subject}`)) as R4Patient,
        encounters: await searchAll<Resource>(
          agent,
          baseUrl,
          `Encounter?subject=${subject}&date=ge${addDays(window.start, -1)}`,
        ),
        conditions: await searchAll<Resource>(agent, baseUrl, `Condition?subject=${subject}`),
        observations: await searchAll<Resource>(
          agent,
          baseUrl,
          `Observation?subject=${subject}&code=${social.join(',')}`,
        ),
      };
      const facts = patientFacts(
        {
          patient: record.patient,
          encounters: record.encounters as unknown as Encounter[],
          conditions: record.conditions as unknown as Condition[],
          observations: record.observations as unknown as Observation[],
        },
        { referenceDate: date, settings, diseases: DEFAULT_CHRONIC_DISEASES, practiceNurses: nurses },
      );
      assessPatient(facts, date, settings);
    }
  });
  agent.agent.destroy();
  return {
    sampled: chosen.length,
    perPatientMs: (seconds * 1000) / chosen.length,
    listPerPracticeMs: listSeconds * 1000,
  };
}

// ---------------------------------------------------------------------------------------------- run

interface DriverResult {
  driver: Driver;
  description: string;
  /** Server version and the settings that matter most for these figures (stock unless said otherwise). */
  settings: string;
  load?: { resources: number; seconds: number };
  listed: number;
  chronic: number;
  practices: number;
  floor: { rows: number; seconds: number };
  compute: number;
  endToEnd: number;
  /** The database held this date's results before the run (a reused database): the run updated them. */
  endToEndUpdates: boolean;
  rerun?: number;
  naive: NaiveResult & { extrapolatedSeconds: number };
}

async function runDriver(driver: Driver, options: Options): Promise<DriverResult> {
  const database = await benchDatabase(driver, options);
  log(`${driver}: ${database.description}`);
  let store = await openServerStore(database.config, createLogger({ logLevel: 'silent' }));
  try {
    const existing = await store.repo.search({ resourceType: 'Patient', count: 0, total: 'accurate' });
    let load: DriverResult['load'];
    if (!existing.total) {
      log(`seeding ${fmt(options.patients)} patients in ${options.practices} practices`);
      let last = performance.now();
      const seeded = await seedDemo(
        store.repo,
        { patients: options.patients, practices: options.practices, seed: options.seed, referenceDate: options.date },
        (p) => {
          if (performance.now() - last > 10_000) {
            last = performance.now();
            log(`  ${fmt(p.resources)} resources, ${fmt(p.resources / (p.elapsedMs / 1000))}/s`);
          }
        },
      );
      load = { resources: seeded.resources, seconds: seeded.elapsedMs / 1000 };
      log(
        `seeded ${fmt(seeded.resources)} resources in ${fmt(load.seconds, 1)} s (${fmt(seeded.resources / load.seconds)}/s)`,
      );
    }
    // What autovacuum does after a bulk load (statistics, visibility map for index-only scans, hint bits), done
    // here so the measurements never depend on whether it ran yet or is off (this machine's CI server has it off).
    const [, vacuumSeconds] = await timed(() => store.db.query('VACUUM (ANALYZE)'));
    log(`VACUUM (ANALYZE) in ${fmt(vacuumSeconds, 1)} s`);
    const [server] = await store.db.query<{ version: string; buffers: string; wal: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS buffers,
              current_setting('max_wal_size') AS wal`,
    );
    const settings = `PostgreSQL ${server.version.split(' ')[0]}, shared_buffers ${server.buffers}, max_wal_size ${server.wal}`;
    const practices = await allPractices(store.repo);
    const selectionSettings = resolveSettings({});

    await floorAggregation(store, options.date); // warm the cache the same way for every path
    const [floorRows, floorSeconds] = await timed(() => floorAggregation(store, options.date));
    log(`(c) floor: ${fmt(floorRows)} patients in ${fmt(floorSeconds, 2)} s`);

    const [computed, compute] = await timed(async () => {
      const populations = await populationFacts(store.repo, {
        practices,
        referenceDate: options.date,
        settings: selectionSettings,
        diseases: DEFAULT_CHRONIC_DISEASES,
      });
      return populations.map((p) => ({
        listed: p.listed,
        results: classifyPractice(p.facts, options.date, selectionSettings),
      }));
    });
    const listed = computed.reduce((n, p) => n + p.listed, 0);
    const chronic = computed.reduce((n, p) => n + p.results.results.length, 0);
    log(`(a) facts + rules: ${fmt(listed)} listed, ${fmt(chronic)} chronically ill in ${fmt(compute, 2)} s`);

    // A reused database may hold this date's results already: then the first run updates them.
    const earlier = await store.repo
      .readResource('Group', resultIds.selection(practices[0], options.date))
      .then(() => true)
      .catch(() => false);
    const [, endToEnd] = await timed(() => runSelection(store.repo, { practices, referenceDate: options.date }));
    log(`(a) end to end with writes: ${fmt(endToEnd, 1)} s${earlier ? ' (updates: results were there)' : ''}`);
    let rerun: number | undefined;
    if (options.rerun) {
      [, rerun] = await timed(() => runSelection(store.repo, { practices, referenceDate: options.date }));
      log(`(a) re-run (updates): ${fmt(rerun, 1)} s`);
    }

    let naive: NaiveResult;
    if (driver === 'postgres') {
      const server = await startWorkerServer(database.config);
      naive = await naivePath(database.config, `${server.url}/fhir`, options.date, practices[0], options.sample);
      await server.stop();
    } else {
      // PGlite: one process owns the database, so the HTTP server runs in this process on the same store.
      await store.close();
      const { createTargetServer } = await import('../../server/src/app.ts');
      const target = await createTargetServer(database.config, createLogger({ logLevel: 'silent' }));
      const running = await startHttpServer(target.app, {
        port: 0,
        host: '127.0.0.1',
        logger: createLogger({ logLevel: 'silent' }),
        onClose: () => target.close(),
      });
      naive = await naivePath(database.config, `${running.url}/fhir`, options.date, practices[0], options.sample);
      await running.stop();
      store = await openServerStore(database.config, createLogger({ logLevel: 'silent' }));
    }
    // Listing each practice's patients plus every patient's own searches.
    const extrapolatedSeconds = (naive.perPatientMs * listed + naive.listPerPracticeMs * practices.length) / 1000;
    log(`(b) naive: ${fmt(naive.perPatientMs, 1)} ms per patient → ${fmt(extrapolatedSeconds)} s for all`);
    return {
      driver,
      description: database.description,
      settings,
      ...(load ? { load } : {}),
      listed,
      chronic,
      practices: practices.length,
      floor: { rows: floorRows, seconds: floorSeconds },
      compute,
      endToEnd,
      endToEndUpdates: earlier,
      ...(rerun === undefined ? {} : { rerun }),
      naive: { ...naive, extrapolatedSeconds },
    };
  } finally {
    await store.close();
    await database.cleanup();
  }
}

function render(results: DriverResult[], options: Options): string {
  const date = new Date().toISOString().slice(0, 10);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `## ${date}: \`npm run bench:selection -- ${process.argv
      .slice(2)
      .filter((a) => a !== '--write-docs')
      .join(' ')}\``,
    '',
    `${os.cpus().length} × ${cpu}, Node ${process.version}; 1-minute load average at the end ${fmt(os.loadavg()[0], 1)}. ` +
      `Region: ${fmt(options.patients)} generated patients in ${options.practices} practices, reference date ${options.date}. ` +
      `Import validation workers: ${defaultValidationWorkers()}. ${results.map((r) => `${r.driver}: ${r.settings}.`).join(' ')}`,
    '',
    `| | ${results.map((r) => r.driver).join(' | ')} |`,
    `|---|${results.map(() => '---:').join('|')}|`,
  ];
  const row = (label: string, value: (r: DriverResult) => string) =>
    lines.push(`| ${label} | ${results.map(value).join(' | ')} |`);
  row('import (seed-demo), resources/s', (r) => (r.load ? fmt(r.load.resources / r.load.seconds) : '– (reused)'));
  row('listed / chronically ill patients', (r) => `${fmt(r.listed)} / ${fmt(r.chronic)}`);
  row('(c) floor: one hand-written SQL aggregation, s', (r) => fmt(r.floor.seconds, 2));
  row('(a) facts by SQL + rules (no writes), s', (r) => fmt(r.compute, 2));
  row('(a) end to end, Group + Observations written, s', (r) =>
    r.endToEndUpdates ? `${fmt(r.endToEnd, 1)} (updates)` : fmt(r.endToEnd, 1),
  );
  row('(a) re-run for the same date (updates), s', (r) => (r.rerun === undefined ? '–' : fmt(r.rerun, 1)));
  row('(b) naive per-patient FHIR searches, ms per patient', (r) => fmt(r.naive.perPatientMs, 1));
  row('(b) naive extrapolated to all patients, s', (r) => fmt(r.naive.extrapolatedSeconds));
  row('(b)/(a) end to end (target ≥ 100)', (r) => fmt(r.naive.extrapolatedSeconds / r.endToEnd, 0));
  row('(a) no writes / (c) (target ≤ 3)', (r) => fmt(r.compute / r.floor.seconds, 2));
  row('(a) end to end / (c)', (r) => fmt(r.endToEnd / r.floor.seconds, 1));
  return lines.join('\n');
}

const DOCS_INTRO = '# Benchmarks\n';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const results: DriverResult[] = [];
  for (const driver of options.drivers) {
    results.push(await runDriver(driver, options));
  }
  const report = render(results, options);
  process.stdout.write(`${report}\n`);
  if (options.writeDocs) {
    const key = `${new Date().toISOString().slice(0, 10)} ${process.argv
      .slice(2)
      .filter((a) => a !== '--write-docs')
      .join(' ')}`;
    log(`written to ${await writeBenchSection('selection', key, report, DOCS_INTRO)}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
