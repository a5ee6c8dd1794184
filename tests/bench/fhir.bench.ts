// FHIR benchmark (`npm run bench:fhir -- --help`); not a test. For each size it loads a deterministic
// GP-practice corpus (tests/bench/corpus.ts) into our PostgresRepository and into @medplum/fhir-router's
// MemoryRepository and drives both through ONE FhirRouter in this process, so the ratio isolates the
// repository. It measures bulk insert, reads, a search mix and creates, plus reads and searches over real
// HTTP against the server started the production way (createTargetServer + startHttpServer).
// Progress goes to stderr, a markdown report to stdout; --write-docs records it in docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isOk } from '@medplum/core';
import type { FhirRepository, FhirRequest, FhirRouter, HttpMethod } from '@medplum/fhir-router';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import pg from 'pg';
import { createTargetServer, type TargetServer } from '../../server/src/app.ts';
import { type Config, loadConfig } from '../../server/src/config.ts';
import { createFhirRouter } from '../../server/src/fhir/routes.ts';
import { startHttpServer } from '../../server/src/http-server.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import type { SqlRunner } from '../../server/src/store/database/database.ts';
import type { PostgresRepository } from '../../server/src/store/repository.ts';
import { TEST_POSTGRES_URL, withServer } from '../support/database.ts';
import { ADMIN_CLAIMS, tokenForConfig } from '../support/server.ts';
import {
  BSN_SYSTEM,
  batches,
  buildEncounter,
  buildPatient,
  COMMON_FAMILY_NAMES,
  type CorpusPlan,
  createRng,
  generateCorpus,
  ICPC_SYSTEM,
  patientBsn,
  patientContext,
  planCorpus,
  resourceId,
} from './corpus.ts';
import { writeBenchSection } from './docs.ts';
import { searchSql } from './search-sql.ts';
import { startWorkerServer } from './worker-server.ts';

type Driver = 'postgres' | 'pglite';

interface Options {
  readonly sizes: number[];
  readonly drivers: Driver[];
  /** Sizes for PGlite when --driver both (PGlite at 1M takes very long). */
  readonly pgliteMaxSize: number;
  readonly duration: number;
  readonly concurrency: number;
  readonly batchSize: number;
  readonly loadConcurrency: number;
  readonly seed: number;
  readonly keep: boolean;
  readonly writeDocs: boolean;
  readonly explain: boolean;
  readonly memory: boolean;
  readonly http: boolean;
  readonly tune: boolean;
  /** TARGET_READ_CACHE_SIZE for the server under test; undefined keeps the server's default. */
  readonly readCache: string | undefined;
}

const HELP = `Usage: npm run bench:fhir -- [options]

  --sizes 100000,1000000   corpus sizes (resources), default both
  --driver postgres|pglite|both   default postgres; with "both", PGlite runs only sizes ≤ --pglite-max-size
  --pglite-max-size 100000
  --duration 10            seconds per measurement
  --concurrency 8          concurrent requests for the "ours cN" and HTTP columns
  --batch 2000             resources per createResources() call when loading
  --load-concurrency 2     createResources() calls in flight while loading (PostgreSQL; PGlite uses 1)
  --seed 1                 corpus seed
  --read-cache N           resources in the server's read cache (TARGET_READ_CACHE_SIZE; default: the server's)
  --keep                   keep the benchmark database (PostgreSQL) / data folder (PGlite)
  --no-memory              skip MemoryRepository (when it does not fit in memory)
  --no-http                skip the HTTP measurements
  --explain                print EXPLAIN (ANALYZE, BUFFERS) of each search to stderr
  --tune                   after the measurements, apply TUNING_SQL (planner statistics suggested for the
                           schema) to the benchmark database and measure the searches again
  --write-docs             add or replace this run's section in docs/benchmarks.md
`;

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '100000,1000000' },
      driver: { type: 'string', default: 'postgres' },
      'pglite-max-size': { type: 'string', default: '100000' },
      duration: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '8' },
      batch: { type: 'string', default: '2000' },
      'load-concurrency': { type: 'string', default: '2' },
      seed: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      'write-docs': { type: 'boolean', default: false },
      explain: { type: 'boolean', default: false },
      'no-memory': { type: 'boolean', default: false },
      'no-http': { type: 'boolean', default: false },
      tune: { type: 'boolean', default: false },
      'read-cache': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const positive = (name: string, raw: string): number => {
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`--${name} must be a positive number, got "${raw}"`);
    }
    return value;
  };
  const driver = values.driver;
  if (driver !== 'postgres' && driver !== 'pglite' && driver !== 'both') {
    throw new Error(`--driver must be postgres, pglite or both, got "${driver}"`);
  }
  return {
    sizes: values.sizes.split(',').map((s) => Math.round(positive('sizes', s.trim()))),
    drivers: driver === 'both' ? ['postgres', 'pglite'] : [driver],
    pgliteMaxSize: driver === 'both' ? positive('pglite-max-size', values['pglite-max-size']) : Infinity,
    duration: positive('duration', values.duration),
    concurrency: Math.round(positive('concurrency', values.concurrency)),
    batchSize: Math.round(positive('batch', values.batch)),
    loadConcurrency: Math.round(positive('load-concurrency', values['load-concurrency'])),
    seed: Math.round(positive('seed', values.seed)),
    keep: values.keep,
    writeDocs: values['write-docs'],
    explain: values.explain,
    memory: !values['no-memory'],
    http: !values['no-http'],
    tune: values.tune,
    readCache: values['read-cache'],
  };
}

// ------------------------------------------------------------------------------------------ progress

const started = performance.now();

function log(message: string): void {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
}

/** 1-minute load averages seen after each measurement: other processes on the machine skew the figures. */
const loadAverages: number[] = [];

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';

function fmtBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${fmt(bytes / 2 ** 30, 2)} GiB` : `${fmt(bytes / 2 ** 20, 0)} MiB`;
}

// --------------------------------------------------------------------------------------- measurement

interface Stats {
  readonly ops: number;
  readonly errors: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  /** Latencies (ms) per kind of operation, e.g. per search query. */
  readonly byKind: Map<string, { p50: number; p95: number; count: number; hits: number }>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One operation: returns its kind (for per-kind latencies) and how many results it produced. */
type Operation = (seq: number) => Promise<{ kind: string; hits?: number }>;

/**
 * Runs `op` from `concurrency` loops for `seconds` (after a short warm-up), and then until every kind
 * in `kinds` has at least `minPerKind` samples (slow MemoryRepository searches at 1M), capped at 20× the
 * duration.
 */
async function measure(
  label: string,
  seconds: number,
  concurrency: number,
  op: Operation,
  kinds: readonly string[] = [],
  minPerKind = 1,
): Promise<Stats> {
  const warmupEnd = performance.now() + Math.min(1000, seconds * 100);
  let seq = 0;
  while (performance.now() < warmupEnd) {
    await Promise.all(Array.from({ length: concurrency }, () => op(seq++).catch(() => undefined)));
  }
  const latencies: number[] = [];
  const perKind = new Map<string, { latencies: number[]; hits: number }>();
  let errors = 0;
  let firstError: unknown;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const hardStop = start + seconds * 20_000;
  const enough = (): boolean => kinds.every((k) => (perKind.get(k)?.latencies.length ?? 0) >= minPerKind);
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline || (!enough() && performance.now() < hardStop)) {
      const n = seq++;
      const t0 = performance.now();
      try {
        const { kind, hits } = await op(n);
        const ms = performance.now() - t0;
        latencies.push(ms);
        let entry = perKind.get(kind);
        if (!entry) {
          entry = { latencies: [], hits: 0 };
          perKind.set(kind, entry);
        }
        entry.latencies.push(ms);
        entry.hits += hits ?? 0;
      } catch (err) {
        errors++;
        firstError ??= err;
        if (errors > 50 && errors > latencies.length) {
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - start) / 1000;
  if (errors > 0) {
    log(`  ${label}: ${errors} errors, first: ${(firstError as Error)?.message ?? String(firstError)}`);
  }
  latencies.sort((a, b) => a - b);
  const byKind = new Map<string, { p50: number; p95: number; count: number; hits: number }>();
  for (const [kind, entry] of perKind) {
    entry.latencies.sort((a, b) => a - b);
    byKind.set(kind, {
      p50: percentile(entry.latencies, 50),
      p95: percentile(entry.latencies, 95),
      count: entry.latencies.length,
      hits: entry.hits / entry.latencies.length,
    });
  }
  const stats: Stats = {
    ops: latencies.length,
    errors,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    byKind,
  };
  const load = os.loadavg()[0];
  loadAverages.push(load);
  log(
    `  ${label}: ${fmt(stats.perSecond, 1)}/s (${stats.ops} ops in ${elapsed.toFixed(1)} s), p50 ${fmt(stats.p50, 2)} ms, p95 ${fmt(stats.p95, 2)} ms (load average ${fmt(load, 2)})`,
  );
  return stats;
}

// ------------------------------------------------------------------------------------------ workload

function fhirRequest(method: HttpMethod, url: string, body?: unknown): FhirRequest {
  return { method, url, pathname: '', body, params: {}, query: {}, config: { transactions: true } };
}

async function route(router: FhirRouter, repo: FhirRepository, method: HttpMethod, url: string, body?: unknown) {
  const [outcome, resource] = await router.handleRequest(fhirRequest(method, url, body), repo);
  if (!isOk(outcome)) {
    throw new Error(`${method} ${url}: ${outcome.issue?.[0]?.details?.text ?? outcome.issue?.[0]?.code}`);
  }
  return resource;
}

function matchCount(bundle: Resource | undefined): number {
  return ((bundle as Bundle | undefined)?.entry ?? []).filter((e) => e.search?.mode !== 'outcome').length;
}

interface SearchKind {
  readonly name: string;
  url(rng: () => number): string;
}

/** The search mix. Every query carries _count so both repositories return the same page. */
function searchKinds(plan: CorpusPlan): SearchKind[] {
  const patient = (rng: () => number): number => Math.floor(rng() * plan.patients);
  return [
    {
      name: 'Encounter?subject=Patient/{id}&date=ge2025-01-01',
      url: (rng) => `Encounter?subject=Patient/${resourceId('Patient', patient(rng))}&date=ge2025-01-01&_count=20`,
    },
    { name: `Condition?code=icpc-1-nl|T90`, url: () => `Condition?code=${ICPC_SYSTEM}|T90&_count=20` },
    { name: 'Patient?name=jan', url: () => 'Patient?name=jan&_count=20' },
    { name: 'Patient?birthdate=lt1950-01-01&_count=20', url: () => 'Patient?birthdate=lt1950-01-01&_count=20' },
    {
      name: 'Observation?subject=Patient/{id}&_sort=-date&_count=10',
      url: (rng) => `Observation?subject=Patient/${resourceId('Patient', patient(rng))}&_sort=-date&_count=10`,
    },
    {
      name: 'Encounter?subject:Patient.name={family}',
      url: (rng) =>
        `Encounter?subject:Patient.name=${encodeURIComponent(COMMON_FAMILY_NAMES[Math.floor(rng() * COMMON_FAMILY_NAMES.length)])}&_count=20`,
    },
    {
      name: 'Patient?identifier=bsn|{bsn}',
      url: (rng) => `Patient?identifier=${BSN_SYSTEM}|${patientBsn(patient(rng))}&_count=20`,
    },
  ];
}

interface Workload {
  read: Operation;
  search: Operation;
  create: Operation;
}

/** The same operations (same random choices for the same seq) against a repository through the router. */
function routerWorkload(router: FhirRouter, repo: FhirRepository, plan: CorpusPlan, seed: number): Workload {
  const kinds = searchKinds(plan);
  return {
    read: async (seq) => {
      const rng = createRng(seed * 1_000_003 + seq);
      const [type, count] = seq % 2 === 0 ? ['Patient', plan.patients] : ['Encounter', plan.encounters];
      await route(router, repo, 'GET', `${type}/${resourceId(type, Math.floor(rng() * count))}`);
      return { kind: type };
    },
    search: async (seq) => {
      const rng = createRng(seed * 2_000_003 + seq);
      const kind = kinds[seq % kinds.length];
      const bundle = await route(router, repo, 'GET', kind.url(rng));
      return { kind: kind.name, hits: matchCount(bundle) };
    },
    create: async (seq) => {
      const rng = createRng(seed * 3_000_003 + seq);
      const index = Math.floor(rng() * plan.patients);
      const ctx = patientContext(plan, index);
      if (seq % 2 === 0) {
        await route(
          router,
          repo,
          'POST',
          'Patient',
          buildPatient({ ...ctx, index: plan.patients + seq }, rng, undefined),
        );
        return { kind: 'Patient' };
      }
      const encounter = buildEncounter(
        {
          patientId: resourceId('Patient', index),
          practitionerId: resourceId('Practitioner', ctx.practitioner),
          organizationId: resourceId('Organization', ctx.organization),
        },
        rng,
        undefined,
      );
      await route(router, repo, 'POST', 'Encounter', encounter);
      return { kind: 'Encounter' };
    },
  };
}

/** Reads and searches over HTTP with a keep-alive connection pool of `concurrency` sockets. */
function httpWorkload(
  baseUrl: string,
  authorization: string,
  plan: CorpusPlan,
  seed: number,
  concurrency: number,
): Workload & { close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const kinds = searchKinds(plan);
  const get = (pathAndQuery: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = http.get(
        `${baseUrl}/fhir/${pathAndQuery}`,
        { agent, headers: { accept: 'application/fhir+json', authorization } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) {
              reject(new Error(`GET ${pathAndQuery}: HTTP ${res.statusCode} ${body.slice(0, 300)}`));
            } else {
              resolve(body);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
  return {
    read: async (seq) => {
      const rng = createRng(seed * 1_000_003 + seq);
      const [type, count] = seq % 2 === 0 ? ['Patient', plan.patients] : ['Encounter', plan.encounters];
      await get(`${type}/${resourceId(type, Math.floor(rng() * count))}`);
      return { kind: type };
    },
    search: async (seq) => {
      const rng = createRng(seed * 2_000_003 + seq);
      const kind = kinds[seq % kinds.length];
      const body = await get(kind.url(rng));
      return { kind: kind.name, hits: matchCount(JSON.parse(body) as Bundle) };
    },
    create: () => Promise.reject(new Error('not measured over HTTP')),
    close: () => agent.destroy(),
  };
}

// ------------------------------------------------------------------------------------------ database

/**
 * Suggested for the schema (server/src/store/database/schema.ts), tried here on the benchmark database only.
 * PostgreSQL estimates `param = … AND system = … AND value = …` on idx_token as if the columns were
 * independent, so a common code (T90: 13,000 of 4.3 million rows at 1M) is estimated at ~250 rows and
 * the planner collects every match before sorting by rid. Multivariate statistics give it the real count,
 * and it walks the rid order instead.
 */
const TUNING_SQL = [
  'CREATE STATISTICS IF NOT EXISTS idx_token_param_system_value (mcv, dependencies) ON param, system, value FROM idx_token',
  'CREATE STATISTICS IF NOT EXISTS idx_reference_param_target (mcv, dependencies) ON param, target_type, target_id FROM idx_reference',
  'ANALYZE idx_token, idx_reference',
];

interface BenchDatabase {
  readonly config: Config;
  readonly description: string;
  /** SQL outside the server: ANALYZE, sizes, EXPLAIN. */
  admin(target: TargetServer): SqlRunner & { close(): Promise<void> };
  cleanup(): Promise<void>;
}

async function createBenchDatabase(driver: Driver, size: number, options: Options): Promise<BenchDatabase> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-bench-'));
  const base: Partial<Config> = {
    port: 0,
    host: '127.0.0.1',
    baseUrl: 'http://127.0.0.1:0',
    logLevel: 'silent',
    dataDir,
    databasePoolSize: Math.max(10, options.concurrency + 2),
  };
  // Through the environment, so the benchmark keeps working whatever the Config field is called.
  const env: NodeJS.ProcessEnv = options.readCache === undefined ? {} : { TARGET_READ_CACHE_SIZE: options.readCache };
  if (driver === 'pglite') {
    return {
      config: loadConfig(env, { ...base, databaseUrl: undefined }),
      description: `PGlite in ${dataDir}`,
      // PGlite is one in-process connection owned by the server: a second handle on the same folder is
      // not possible. The repository keeps its Database in a TypeScript-private field, which is an
      // ordinary property at runtime, so the benchmark borrows it (read-only use, no server change).
      admin: (target) => {
        const db = (target.repo as unknown as { ctx: { db: SqlRunner } }).ctx.db;
        return { query: (sql, params) => db.query(sql, params), close: async () => undefined };
      },
      cleanup: () => (options.keep ? Promise.resolve() : fs.rm(dataDir, { recursive: true, force: true })),
    };
  }
  const name = `target_bench_${size}_${randomBytes(3).toString('hex')}`;
  await withServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    config: loadConfig(env, { ...base, databaseUrl: url.toString() }),
    description: `PostgreSQL database ${name}`,
    admin: () => {
      const client = new pg.Client({ connectionString: url.toString() });
      const connected = client.connect();
      return {
        query: async <Row>(sql: string, params?: unknown[]) => {
          await connected;
          return (await client.query(sql, params as unknown[])).rows as Row[];
        },
        close: async () => {
          await connected;
          await client.end();
        },
      };
    },
    cleanup: async () => {
      await fs.rm(dataDir, { recursive: true, force: true });
      if (!options.keep) {
        await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      }
    },
  };
}

/** The server in a worker thread (PostgreSQL), or in this process when the database cannot be shared (PGlite). */
async function startBenchHttpServer(
  driver: Driver,
  config: Config,
  target: TargetServer,
): Promise<{ url: string; stop(): Promise<void> }> {
  if (driver === 'pglite') {
    const running = await startHttpServer(target.app, {
      port: 0,
      host: '127.0.0.1',
      logger: createLogger({ logLevel: 'silent' }),
      onClose: async () => undefined, // the database stays open for the rest of the run
    });
    return { url: running.url, stop: () => running.stop() };
  }
  return startWorkerServer(config);
}

// ------------------------------------------------------------------------------------------- one size

interface SizeResult {
  readonly driver: Driver;
  readonly size: number;
  readonly plan: CorpusPlan;
  readonly generatorPerSecond: number;
  readonly load: { seconds: number; perSecond: number };
  readonly analyzeSeconds: number;
  readonly memoryLoad?: { seconds: number; perSecond: number; heapBytes: number };
  readonly databaseBytes: number;
  readonly tables: { name: string; bytes: number }[];
  readonly reads: { ours1: Stats; oursN: Stats; http?: Stats; memory?: Stats };
  readonly searches: { ours1: Stats; oursN: Stats; http?: Stats; memory?: Stats; tuned1?: Stats };
  readonly creates: { ours1: Stats; oursN: Stats; memory?: Stats };
  readonly mismatches?: string[];
  readonly explains: { kind: string; plan: string }[];
}

async function loadOurs(repo: PostgresRepository, size: number, options: Options, loadConcurrency: number) {
  const t0 = performance.now();
  let done = 0;
  let lastLog = t0;
  const inFlight = new Set<Promise<void>>();
  for (const batch of batches(generateCorpus(size, options.seed), options.batchSize)) {
    // createResources validates and indexes synchronously before its first await, so with two calls in
    // flight the next batch is prepared in JavaScript while PostgreSQL writes the previous one.
    const p: Promise<void> = repo.createResources(batch, { assignedId: true }).then(() => {
      done += batch.length;
      inFlight.delete(p);
    });
    inFlight.add(p);
    if (inFlight.size >= loadConcurrency) {
      await Promise.race(inFlight);
    }
    const now = performance.now();
    if (now - lastLog > 10_000) {
      lastLog = now;
      log(`  ours: ${fmt(done)} / ${fmt(size)} (${fmt(done / ((now - t0) / 1000))}/s)`);
    }
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, perSecond: size / seconds };
}

/**
 * MemoryRepository as the router sees it. Our router's search route parses parameters with the
 * repository's SearchParamRegistry (to recognise composite parameters), so the in-memory repository
 * gets ours; everything it stores and searches stays MemoryRepository's own.
 */
class BenchMemoryRepository extends MemoryRepository {
  readonly registry: PostgresRepository['registry'];

  constructor(registry: PostgresRepository['registry']) {
    super();
    this.registry = registry;
  }
}

async function loadMemory(repo: MemoryRepository, size: number, options: Options) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  let done = 0;
  let lastLog = t0;
  for (const resource of generateCorpus(size, options.seed)) {
    await repo.createResource(resource, { assignedId: true });
    done++;
    if (done % 10_000 === 0 && performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`  memory: ${fmt(done)} / ${fmt(size)}`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  gc();
  return { seconds, perSecond: size / seconds, heapBytes: process.memoryUsage().heapUsed - heapBefore };
}

async function runSize(driver: Driver, size: number, options: Options): Promise<SizeResult> {
  const plan = planCorpus(size);
  const { seed, duration, concurrency } = options;
  log(`${driver} ${fmt(size)}: ${JSON.stringify(plan)}`);

  let t0 = performance.now();
  let generated = 0;
  for (const _ of generateCorpus(size, seed)) {
    generated++;
  }
  const generatorPerSecond = generated / ((performance.now() - t0) / 1000);
  log(`  corpus generator alone: ${fmt(generatorPerSecond)} resources/s`);

  const db = await createBenchDatabase(driver, size, options);
  log(`  ${db.description}`);
  const target = await createTargetServer(db.config, createLogger({ logLevel: 'silent' }));
  const admin = db.admin(target);
  const router = createFhirRouter();
  try {
    const loadConcurrency = driver === 'pglite' ? 1 : options.loadConcurrency;
    log(`  loading ours: batches of ${options.batchSize}, ${loadConcurrency} in flight`);
    const load = await loadOurs(target.repo, size, options, loadConcurrency);
    log(`  ours loaded: ${fmt(load.perSecond)} resources/s (${load.seconds.toFixed(1)} s)`);

    // VACUUM as well as ANALYZE: it sets the visibility map (index-only scans) and keeps autovacuum from
    // starting on the freshly loaded tables in the middle of a measurement.
    t0 = performance.now();
    await admin.query('VACUUM (ANALYZE)');
    const analyzeSeconds = (performance.now() - t0) / 1000;
    const [{ bytes }] = await admin.query<{ bytes: number }>(
      'SELECT pg_database_size(current_database())::float8 AS bytes',
    );
    const tables = await admin.query<{ name: string; bytes: number }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid)::float8 AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 2 DESC`,
    );
    log(`  VACUUM (ANALYZE) ${analyzeSeconds.toFixed(1)} s; database ${fmtBytes(bytes)}`);

    const ours = routerWorkload(router, target.repo, plan, seed);
    const kindNames = searchKinds(plan).map((k) => k.name);
    log('  ours, in-process through the router:');
    const reads = {
      ours1: await measure('reads c=1', duration, 1, ours.read),
      oursN: await measure(`reads c=${concurrency}`, duration, concurrency, ours.read),
    } as SizeResult['reads'];
    const searches = {
      ours1: await measure('searches c=1', duration, 1, ours.search, kindNames, 3),
      oursN: await measure(`searches c=${concurrency}`, duration, concurrency, ours.search, kindNames, 3),
    } as SizeResult['searches'];

    if (options.http) {
      const server = await startBenchHttpServer(driver, db.config, target);
      log(`  ours over HTTP (${server.url}, ${driver === 'postgres' ? 'server in a worker thread' : 'in-process'}):`);
      // As the administrator (system/*.cruds): what is measured is the store, not a compartment.
      const authorization = `Bearer ${await tokenForConfig(db.config, ADMIN_CLAIMS, { expiresIn: 24 * 3600 })}`;
      const client = httpWorkload(server.url, authorization, plan, seed, concurrency);
      try {
        reads.http = await measure(`HTTP reads c=${concurrency}`, duration, concurrency, client.read);
        searches.http = await measure(
          `HTTP searches c=${concurrency}`,
          duration,
          concurrency,
          client.search,
          kindNames,
          3,
        );
      } finally {
        client.close();
        await server.stop();
      }
    }

    const explains: { kind: string; plan: string }[] = [];
    const kinds = searchKinds(plan);
    const slowest = [...searches.ours1.byKind.entries()].sort((a, b) => b[1].p50 - a[1].p50)[0]?.[0];
    for (const kind of kinds) {
      if (!options.explain && kind.name !== slowest) {
        continue;
      }
      const url = kind.url(createRng(seed));
      const statements = await searchSql(target.repo, url);
      const last = statements[statements.length - 1];
      const rows = await admin.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${last.sql}`, last.params);
      const text = `${url}\n${last.sql}\n-- params: ${JSON.stringify(last.params)}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`;
      explains.push({ kind: kind.name, plan: text });
      if (options.explain) {
        process.stderr.write(`\n${text}\n\n`);
      }
    }

    let memoryLoad: SizeResult['memoryLoad'];
    let memory: MemoryRepository | undefined;
    let mismatches: string[] | undefined;
    if (options.memory) {
      memory = new BenchMemoryRepository(target.repo.registry);
      log('  loading MemoryRepository');
      memoryLoad = await loadMemory(memory, size, options);
      log(
        `  memory loaded: ${fmt(memoryLoad.perSecond)} resources/s (${memoryLoad.seconds.toFixed(1)} s), heap +${fmtBytes(memoryLoad.heapBytes)}`,
      );
      mismatches = await compareResults(router, target.repo, memory, plan, seed);
      const mem = routerWorkload(router, memory, plan, seed);
      log('  MemoryRepository, in-process through the same router:');
      reads.memory = await measure('reads c=1', duration, 1, mem.read);
      searches.memory = await measure('searches c=1', duration, 1, mem.search, kindNames, 2);
    }

    if (options.tune) {
      log(`  tuning: ${TUNING_SQL.join('; ')}`);
      for (const sql of TUNING_SQL) {
        await admin.query(sql);
      }
      searches.tuned1 = await measure('searches c=1 after tuning', duration, 1, ours.search, kindNames, 3);
    }

    log('  creates (last: they add resources):');
    const creates = {
      ours1: await measure('ours creates c=1', duration, 1, ours.create),
      oursN: await measure(`ours creates c=${concurrency}`, duration, concurrency, ours.create),
    } as SizeResult['creates'];
    if (memory) {
      creates.memory = await measure(
        'memory creates c=1',
        duration,
        1,
        routerWorkload(router, memory, plan, seed).create,
      );
      memory.clear();
      memory = undefined;
      gc();
    }
    return {
      driver,
      size,
      plan,
      generatorPerSecond,
      load,
      analyzeSeconds,
      memoryLoad,
      databaseBytes: bytes,
      tables,
      reads,
      searches,
      creates,
      mismatches,
      explains,
    };
  } finally {
    await admin.close();
    await target.close();
    await db.cleanup();
    if (options.keep) {
      log(`  kept: ${db.description}`);
    }
  }
}

/**
 * Sanity check: the same searches on both repositories return the same resources (both return insertion
 * order for unsorted searches, so the pages must match exactly).
 */
async function compareResults(
  router: FhirRouter,
  ours: FhirRepository,
  memory: FhirRepository,
  plan: CorpusPlan,
  seed: number,
): Promise<string[]> {
  const mismatches: string[] = [];
  for (const kind of searchKinds(plan)) {
    for (let i = 0; i < 2; i++) {
      const url = kind.url(createRng(seed * 31 + i));
      const ids = async (repo: FhirRepository): Promise<string> =>
        ((await route(router, repo, 'GET', url)) as Bundle).entry
          ?.filter((e) => e.search?.mode !== 'outcome')
          .map((e) => e.resource?.id)
          .join(',') ?? '';
      const [a, b] = [await ids(ours), await ids(memory)];
      if (a !== b) {
        mismatches.push(`${url}: ours ${a.split(',').length} vs memory ${b.split(',').length} results differ`);
      }
    }
  }
  log(`  result check ours vs memory: ${mismatches.length === 0 ? 'identical' : mismatches.join('; ')}`);
  return mismatches;
}

// -------------------------------------------------------------------------------------------- report

async function environment(options: Options): Promise<string> {
  let postgres = '';
  try {
    postgres = await withServer(async (client) => {
      const { rows } = await client.query(
        `SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb,
                current_setting('work_mem') AS wm, current_setting('synchronous_commit') AS sc`,
      );
      const r = rows[0];
      return `PostgreSQL ${r.v} (shared_buffers ${r.sb}, work_mem ${r.wm}, synchronous_commit ${r.sc}, same machine)`;
    });
  } catch {
    postgres = 'PostgreSQL not reachable';
  }
  const git = (args: string[]): string =>
    spawnSync('git', args, { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = git(['status', '--porcelain', '--', 'server/src']) ? ' with uncommitted changes in server/src' : '';
  const cacheSize = (
    loadConfig(options.readCache === undefined ? {} : { TARGET_READ_CACHE_SIZE: options.readCache }) as {
      readCacheSize?: number;
    }
  ).readCacheSize;
  const cache = cacheSize === undefined ? '' : `, read cache ${fmt(cacheSize)} resources`;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `server at commit ${commit}${dirty}${cache}; ${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB RAM, Node ${process.version}, ${postgres}`;
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a !== undefined && b !== undefined && b > 0 ? `${fmt(a / b, 3)}` : '–';
}

function check(ok: boolean | undefined): string {
  return ok === undefined ? 'n/a' : ok ? 'met' : '**not met**';
}

function renderSize(r: SizeResult, options: Options): string {
  const c = options.concurrency;
  const lines: string[] = [];
  const { plan } = r;
  lines.push(`### ${r.driver}, ${fmt(r.size)} resources`, '');
  lines.push(
    `Corpus: ${fmt(plan.patients)} Patients, ${fmt(plan.encounters)} Encounters, ${fmt(plan.conditions)} Conditions, ` +
      `${fmt(plan.observations)} Observations, ${fmt(plan.practitioners)} Practitioners, ${fmt(plan.organizations)} Organizations (seed ${options.seed}).`,
    '',
  );
  const memLoad = r.memoryLoad;
  lines.push(
    `Bulk insert (\`createResources\`, batches of ${fmt(options.batchSize)}, ${r.driver === 'pglite' ? 1 : options.loadConcurrency} in flight, includes validation and indexing): ` +
      `**${fmt(r.load.perSecond)} resources/s** (${fmt(r.load.seconds, 1)} s), then VACUUM (ANALYZE) ${fmt(r.analyzeSeconds, 1)} s. ` +
      (memLoad
        ? `MemoryRepository: ${fmt(memLoad.perSecond)} resources/s (${fmt(memLoad.seconds, 1)} s, heap +${fmtBytes(memLoad.heapBytes)}); ratio ours/memory ${ratio(r.load.perSecond, memLoad.perSecond)}. `
        : '') +
      `The corpus generator alone makes ${fmt(r.generatorPerSecond)} resources/s.`,
    '',
  );
  const top = r.tables
    .slice(0, 6)
    .map((t) => `${t.name} ${fmtBytes(t.bytes)}`)
    .join(', ');
  lines.push(`Database size: **${fmtBytes(r.databaseBytes)}** (largest tables with indexes: ${top}).`, '');

  const mem = { reads: r.reads.memory, searches: r.searches.memory, creates: r.creates.memory };
  lines.push(
    `| Measure | ours c=1 | ours c=${c} | ours HTTP c=${c} | MemoryRepository c=1 | ours c=1 / memory | ours c=${c} / memory |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const row = (name: string, a?: Stats, b?: Stats, h?: Stats, m?: Stats, pick = (s: Stats) => s.perSecond, d = 0) =>
    lines.push(
      `| ${name} | ${a ? fmt(pick(a), d) : '–'} | ${b ? fmt(pick(b), d) : '–'} | ${h ? fmt(pick(h), d) : '–'} | ${m ? fmt(pick(m), d) : '–'} | ${ratio(a && pick(a), m && pick(m))} | ${ratio(b && pick(b), m && pick(m))} |`,
    );
  row('reads/s (Patient, Encounter by id)', r.reads.ours1, r.reads.oursN, r.reads.http, mem.reads);
  row('read p50 (ms)', r.reads.ours1, r.reads.oursN, r.reads.http, mem.reads, (s) => s.p50, 2);
  row('searches/s (mix below)', r.searches.ours1, r.searches.oursN, r.searches.http, mem.searches, undefined, 1);
  row('search p50 (ms)', r.searches.ours1, r.searches.oursN, r.searches.http, mem.searches, (s) => s.p50, 2);
  row('search p95 (ms)', r.searches.ours1, r.searches.oursN, r.searches.http, mem.searches, (s) => s.p95, 2);
  row('creates/s (POST Patient, Encounter)', r.creates.ours1, r.creates.oursN, undefined, mem.creates);
  lines.push('');

  const tuned = r.searches.tuned1;
  lines.push(
    `| Search (each with \`_count\`) | hits | ours c=1 p50 / p95 ms | ours c=${c} p50 ms | HTTP c=${c} p50 ms | memory p50 / p95 ms | memory / ours c=1 (p50) |${tuned ? ' ours c=1 p50 / p95 ms after --tune |' : ''}`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: |${tuned ? ' ---: |' : ''}`,
  );
  for (const kind of searchKinds(plan)) {
    const a = r.searches.ours1.byKind.get(kind.name);
    const b = r.searches.oursN.byKind.get(kind.name);
    const h = r.searches.http?.byKind.get(kind.name);
    const m = r.searches.memory?.byKind.get(kind.name);
    const t = tuned?.byKind.get(kind.name);
    lines.push(
      `| \`${kind.name.replace(/\|/g, '\\|')}\` | ${a ? fmt(a.hits, 1) : '–'} | ${a ? `${fmt(a.p50, 2)} / ${fmt(a.p95, 2)}` : '–'} | ${b ? fmt(b.p50, 2) : '–'} | ${h ? fmt(h.p50, 2) : '–'} | ${m ? `${fmt(m.p50, 1)} / ${fmt(m.p95, 1)}` : '–'} | ${m && a ? `${fmt(m.p50 / a.p50, 1)}×` : '–'} |${tuned ? ` ${t ? `${fmt(t.p50, 2)} / ${fmt(t.p95, 2)}` : '–'} |` : ''}`,
    );
  }
  lines.push('');
  if (tuned) {
    lines.push(
      `After --tune (\`${TUNING_SQL.join('; ')}\`): search mix c=1 ${fmt(tuned.perSecond, 1)}/s, p50 ${fmt(tuned.p50, 2)} ms, p95 ${fmt(tuned.p95, 2)} ms.`,
      '',
    );
  }
  const slowKinds = [...r.searches.ours1.byKind.entries()]
    .filter(([, k]) => k.p50 >= 10)
    .map(([name, k]) => `\`${name}\` ${fmt(k.p50, 1)} ms`);
  const readShare = mem.reads ? r.reads.oursN.perSecond / mem.reads.perSecond : undefined;
  lines.push(
    `Targets: reads ≥ 50% of in-memory — ${check(readShare === undefined ? undefined : readShare >= 0.5)}` +
      `${readShare === undefined ? '' : ` (${fmt(readShare * 100, 1)}% at c=${c}, ${fmt((r.reads.ours1.perSecond / (mem.reads?.perSecond ?? 1)) * 100, 1)}% at c=1)`}; ` +
      `search p50 < 10 ms${r.size >= 1_000_000 ? '' : ' (target is at 1M)'} — ${check(r.searches.ours1.p50 < 10)} for the mix (${fmt(r.searches.ours1.p50, 2)} ms at c=1)${slowKinds.length ? `, but not for ${slowKinds.join(', ')}` : ', and for every query of the mix'}; ` +
      `ingest ≥ 5,000 resources/s — ${check(r.load.perSecond >= 5000)}.`,
    '',
  );
  if (r.mismatches && r.mismatches.length > 0) {
    lines.push(`Result check: ours and MemoryRepository differ: ${r.mismatches.join('; ')}`, '');
  } else if (r.mismatches) {
    lines.push(
      'Result check: every search returned the same resources, in the same order, from both repositories.',
      '',
    );
  }
  return lines.join('\n');
}

function renderReport(results: SizeResult[], options: Options, env: string, date: string): string {
  const lines = [
    `## ${date}: \`npm run bench:fhir -- ${process.argv.slice(2).join(' ')}\``,
    '',
    `Machine: ${env}; 1-minute load average after the measurements ${fmt(Math.min(...loadAverages), 1)}–${fmt(Math.max(...loadAverages), 1)} ` +
      '(the benchmark itself keeps about 2 busy: Node and PostgreSQL; more means other processes competed). ' +
      `${options.duration} s per measurement after a short warm-up; "ours" is PostgresRepository and ` +
      `MemoryRepository is @medplum/fhir-router's, both behind the same FhirRouter in one process (no HTTP); ` +
      `"HTTP" is the real server (createTargetServer + startHttpServer${options.drivers.includes('postgres') ? ', in a worker thread for PostgreSQL' : ''}) over keep-alive connections on 127.0.0.1.`,
    '',
  ];
  for (const r of results) {
    lines.push(renderSize(r, options));
  }
  return lines.join('\n');
}

const DOCS_INTRO = `# Benchmarks

Figures from \`npm run bench:fhir\` (tests/bench/fhir.bench.ts). The benchmark loads a deterministic synthetic
GP-practice corpus (tests/bench/corpus.ts: ~10% Patients, ~47% Encounters, ~11% Conditions, ~32% Observations
plus Practitioners and Organizations, all valid FHIR R4 with references between them) into our PostgreSQL
repository with \`createResources\` and into @medplum/fhir-router's MemoryRepository, and drives both through one
FhirRouter in the same process, so the ratio compares the repositories only. It then measures reads, a search
mix and creates, and reads and searches over HTTP against the real server.

Targets (from the issue): reads ≥ 50% of the in-memory figure, search p50 < 10 ms at 1M resources, ingest
≥ 5,000 resources/s.

Each run below is a section of its own; running again on the same day with the same arguments replaces it.
`;

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const env = await environment(options);
  log(`environment: ${env}`);
  if (!(globalThis as { gc?: unknown }).gc) {
    log('note: run node with --expose-gc for cleaner memory figures between phases');
  }
  const results: SizeResult[] = [];
  for (const driver of options.drivers) {
    for (const size of options.sizes) {
      if (driver === 'pglite' && size > options.pgliteMaxSize) {
        log(`skipping pglite at ${fmt(size)} (above --pglite-max-size ${fmt(options.pgliteMaxSize)})`);
        continue;
      }
      results.push(await runSize(driver, size, options));
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  const report = renderReport(results, options, env, date);
  process.stdout.write(`${report}\n`);
  for (const r of results) {
    for (const e of r.explains) {
      process.stderr.write(`\nslowest search at ${r.driver} ${fmt(r.size)} (${e.kind}):\n${e.plan}\n`);
    }
  }
  if (options.writeDocs) {
    const args = process.argv.slice(2).filter((a) => a !== '--write-docs' && a !== '--keep');
    const key = `${date} ${args.join(' ')}`;
    log(`written to ${await writeBenchSection('fhir', key, report, DOCS_INTRO)}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
