// HTTP benchmark (`npm run bench:http [-- --db postgres|pglite --patients 8000 --practices 4 --seconds 10]`);
// not a test. The server runs as an operator runs it (`node server/src/main.ts serve`, its own process, audit
// on, log level warn) on a fresh database with demo practices; the load comes from this process over
// keep-alive sockets on 127.0.0.1 with a GP's access token (practice access rules apply to every request).
// Prints reads by id at c=1 and c=16, the search mix at c=1 and c=16, and the CapabilityStatement, each
// against the targets of the reliability work and the baseline measured before it; then where a read's time
// goes: /healthz (the floor) and reads with the server's own token (no access rule) at the same concurrency;
// then this machine's ceiling (load/ceiling-server.ts: bare node:http servers doing only what every audited
// read must do, PostgreSQL only), so that a target can be read against what the machine can do at all.
// `--profile` writes a CPU profile of the server (.cpuprofile, open in Chrome DevTools) to --profile-dir.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Bundle, Encounter, Patient } from '@medplum/fhirtypes';
import { ExternalSystems } from '@target/profiles';
import pg from 'pg';
import { loadConfig } from '../../server/src/config.ts';
import { resourceId } from '../../server/src/demo/random.ts';
import { runMain } from '../support/cli.ts';
import { type DatabaseKind, makeTestConfig } from '../support/database.ts';
import { tokenForConfig } from '../support/server.ts';
import { type LoadRequest, type LoadResult, runLoad } from './load/http-load.ts';
import { startServerProcess } from './load/server-process.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    patients: { type: 'string', default: '8000' },
    practices: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    port: { type: 'string', default: '18090' },
    profile: { type: 'boolean', default: false },
    'profile-dir': { type: 'string', default: path.join(os.tmpdir(), 'target-http-profile') },
    only: { type: 'string' },
    /** An already seeded PostgreSQL database (e.g. one --keep left): skips seeding. */
    database: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const KIND = values.db as DatabaseKind;
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const SEED = 1;

/** The figures of the reliability issue, measured before this work (bench:fhir's HTTP column, 2 cores). */
const BASELINE = { readsPerSecondC8: 343, readP50C8: 21, searchP50Range: '33–74' };
const TARGETS = { readsPerSecond: 3000, readP50C1: 3, searchP50C1: 10 };

function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const port = Number(values.port);
  const baseUrl = `http://127.0.0.1:${port}`;
  const { config: testConfig, cleanup } = await makeTestConfig(KIND);
  const databaseUrl = values.database ?? testConfig.databaseUrl;
  const env: NodeJS.ProcessEnv = {
    TARGET_DATA_DIR: testConfig.dataDir,
    ...(databaseUrl ? { TARGET_DATABASE_URL: databaseUrl } : {}),
    TARGET_BASE_URL: baseUrl,
    TARGET_PORT: String(port),
  };
  try {
    const seedStarted = performance.now();
    const seeded = values.database
      ? { code: 0, stderr: '' }
      : await runMain(
          ['seed-demo', '--patients', values.patients, '--practices', values.practices, '--seed', String(SEED)],
          { ...env, TARGET_LOG_LEVEL: 'warn' },
        );
    if (seeded.code !== 0) {
      throw new Error(`seed-demo failed: ${seeded.stderr}`);
    }
    if (!values.database && databaseUrl) {
      // As autovacuum would soon after a load (this machine's PostgreSQL runs without it): without statistics
      // the planner guesses, and one practice-wide search took 240 ms instead of 25 ms.
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      try {
        await admin.query('VACUUM (ANALYZE)');
      } finally {
        await admin.end();
      }
    }
    log(
      `${KIND}: ${values.patients} demo patients in ${values.practices} practices, seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`,
    );

    const profileDir = path.resolve(values['profile-dir']);
    if (values.profile) {
      mkdirSync(profileDir, { recursive: true });
    }
    const server = await startServerProcess({
      port,
      env,
      nodeArgs: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    });
    try {
      const practice = resourceId('Organization', 0, SEED);
      const serverConfig = loadConfig(env);
      const token = await tokenForConfig(
        serverConfig,
        {
          sub: 'bench-gp',
          client_id: 'target-app',
          scope: 'openid fhirUser launch user/*.cruds',
          target_role: 'gp',
          target_organization: practice,
        },
        { expiresIn: 3600 },
      );
      // The server's own command-line token: no access rule applies, the audit trail is still written.
      const systemToken = await tokenForConfig(
        serverConfig,
        { sub: 'target-cli', client_id: 'target-cli', scope: 'system/*.cruds', target_role: 'system' },
        { expiresIn: 3600 },
      );
      const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' };
      const fetchJson = async <T>(pathAndQuery: string): Promise<T> => {
        const res = await fetch(`${baseUrl}/fhir/${pathAndQuery}`, { headers });
        if (!res.ok) {
          throw new Error(`GET ${pathAndQuery}: ${res.status} ${await res.text()}`);
        }
        return (await res.json()) as T;
      };
      const patients = ((await fetchJson<Bundle<Patient>>('Patient?_count=500')).entry ?? []).map(
        (e) => e.resource as Patient,
      );
      const encounters = ((await fetchJson<Bundle<Encounter>>('Encounter?_count=500&_elements=id')).entry ?? []).map(
        (e) => e.resource?.id as string,
      );
      if (patients.length < 100 || encounters.length < 100) {
        throw new Error(`the GP sees ${patients.length} patients and ${encounters.length} encounters: seed more`);
      }
      const bsnOf = (p: Patient) => p.identifier?.find((i) => i.system === ExternalSystems.BSN)?.value ?? '';
      const familyOf = (p: Patient) => p.name?.[0]?.family ?? 'Jansen';
      const pick = <T>(list: readonly T[], n: number): T => list[(n * 7919) % list.length];
      const get = (kind: string, pathAndQuery: string): LoadRequest => ({
        kind,
        path: `/fhir/${pathAndQuery}`,
        headers,
      });

      const read = (n: number): LoadRequest =>
        n % 2 === 0
          ? get('read Patient', `Patient/${pick(patients, n).id}`)
          : get('read Encounter', `Encounter/${pick(encounters, n)}`);
      const searches: ((n: number) => LoadRequest)[] = [
        (n) => get('Patient?name', `Patient?name=${encodeURIComponent(familyOf(pick(patients, n)))}&_count=20`),
        (n) => get('Patient?identifier (BSN)', `Patient?identifier=${ExternalSystems.BSN}|${bsnOf(pick(patients, n))}`),
        (n) => get('Encounter?subject&date', `Encounter?subject=Patient/${pick(patients, n).id}&date=ge2025-01-01`),
        (n) =>
          get(
            'Observation?subject&_sort=-date',
            `Observation?subject=Patient/${pick(patients, n).id}&_sort=-date&_count=10`,
          ),
        (n) => get('Condition?subject', `Condition?subject=Patient/${pick(patients, n).id}`),
        () => get('Condition?code (practice-wide)', `Condition?code=${ExternalSystems.ICPC}|T90&_count=20`),
        () => get('Patient?birthdate (practice-wide)', 'Patient?birthdate=lt1950-01-01&_count=20'),
      ];
      const search = (n: number): LoadRequest => searches[n % searches.length](Math.floor(n / searches.length));
      const metadata = (): LoadRequest => ({
        kind: 'metadata',
        path: '/fhir/metadata',
        headers: { 'accept-encoding': 'gzip' },
      });

      const rows: { name: string; c: number; result: LoadResult }[] = [];
      const measure = async (name: string, c: number, next: (n: number) => LoadRequest) => {
        if (values.only && !name.includes(values.only)) {
          return;
        }
        const result = await runLoad({ baseUrl, concurrency: c, seconds: SECONDS, next });
        rows.push({ name, c, result });
        const errors = [...result.errors].map(([k, v]) => `${k}×${v}`).join(' ');
        log(
          `  ${name} c=${c}: ${result.perSecond.toFixed(0)}/s, p50 ${result.latency.p50.toFixed(2)} ms, p99 ${result.latency.p99.toFixed(2)} ms${errors ? `, errors ${errors}` : ''}`,
        );
        for (const sample of result.errorSamples) {
          log(`    ${sample}`);
        }
      };
      log(`server pid ${server.pid}, ${SECONDS} s per measurement after 1 s warm-up; GP token of ${practice}`);
      // AuditEvents answered but not yet indexed (store/audit-journal.ts): a mover that keeps up leaves about a
      // tenth of a second's worth; one that falls behind leaves more after every run.
      const journalBacklog = async (): Promise<string> => {
        if (!databaseUrl) {
          return '';
        }
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_journal');
          return `, audit journal ${rows[0].n} events waiting`;
        } finally {
          await client.end();
        }
      };
      await measure('reads by id', 1, read);
      await measure('reads by id', CONCURRENCY, read);
      log(`    right after${await journalBacklog()}`);
      await measure('search mix', 1, search);
      await measure('search mix', CONCURRENCY, search);
      log(`    right after${await journalBacklog()}`);
      await measure('metadata (gzip)', 1, metadata);
      // Where a read's time goes, at the same concurrency: one database round trip through Express (the floor),
      // a read without the access rule (the FHIR stack and its audit trail), then the GP's read above.
      await measure('where the time goes: /healthz', CONCURRENCY, () => ({ kind: 'healthz', path: '/healthz' }));
      await measure('where the time goes: reads by id, system token', CONCURRENCY, (n) => ({
        ...read(n),
        headers: { authorization: `Bearer ${systemToken}`, 'accept-encoding': 'gzip' },
      }));
      log(`server RSS after the run: ${server.rssMiB().toFixed(0)} MiB`);
      // The machine's ceiling: bare node:http servers doing only what every audited read must do.
      const ceiling = new Map<CeilingKind, LoadResult>();
      if (databaseUrl && (!values.only || 'ceiling'.includes(values.only))) {
        for (const kind of CEILING_KINDS) {
          const result = await measureCeiling(kind, port + 1, databaseUrl);
          ceiling.set(kind, result);
          log(
            `  ceiling ${kind} c=${CONCURRENCY}: ${result.perSecond.toFixed(0)}/s, p50 ${result.latency.p50.toFixed(2)} ms`,
          );
        }
      }

      const row = (name: string, c: number) => rows.find((r) => r.name === name && r.c === c)?.result;
      const readsC1 = row('reads by id', 1);
      const readsCN = row('reads by id', CONCURRENCY);
      const searchC1 = row('search mix', 1);
      const searchCN = row('search mix', CONCURRENCY);
      log();
      log(`| Measure (${KIND}, GP token, audit on) | figure | target | baseline before | ratio to baseline |`);
      log('| --- | ---: | ---: | ---: | ---: |');
      const fmt = (n: number | undefined, digits = 0) =>
        n === undefined
          ? '–'
          : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
      const mark = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? ' ✔' : ' ✘');
      log(
        `| reads by id/s, c=${CONCURRENCY} | ${fmt(readsCN?.perSecond)}${mark(readsCN && readsCN.perSecond >= TARGETS.readsPerSecond)} | ≥ ${fmt(TARGETS.readsPerSecond)} | ${BASELINE.readsPerSecondC8} (c=8) | ${readsCN ? `${(readsCN.perSecond / BASELINE.readsPerSecondC8).toFixed(1)}×` : '–'} |`,
      );
      log(
        `| read p50 ms, c=1 | ${fmt(readsC1?.latency.p50, 2)}${mark(readsC1 && readsC1.latency.p50 < TARGETS.readP50C1)} | < ${TARGETS.readP50C1} | ${BASELINE.readP50C8} (c=8) | ${readsC1 ? `${(BASELINE.readP50C8 / readsC1.latency.p50).toFixed(1)}× faster` : '–'} |`,
      );
      log(
        `| read p99 ms, c=1 / c=${CONCURRENCY} | ${fmt(readsC1?.latency.p99, 2)} / ${fmt(readsCN?.latency.p99, 2)} | | | |`,
      );
      log(
        `| search mix p50 ms, c=1 | ${fmt(searchC1?.latency.p50, 2)}${mark(searchC1 && searchC1.latency.p50 < TARGETS.searchP50C1)} | < ${TARGETS.searchP50C1} | ${BASELINE.searchP50Range} | |`,
      );
      log(`| search mix/s, c=1 / c=${CONCURRENCY} | ${fmt(searchC1?.perSecond)} / ${fmt(searchCN?.perSecond)} | | | |`);
      log();
      log(`| Search (GP token) | c=1 p50 ms | c=1 p99 ms | c=${CONCURRENCY} p50 ms |`);
      log('| --- | ---: | ---: | ---: |');
      for (const [kind, stats] of searchC1?.byKind ?? []) {
        log(
          `| \`${kind}\` | ${fmt(stats.p50, 2)} | ${fmt(stats.p99, 2)} | ${fmt(searchCN?.byKind.get(kind)?.p50, 2)} |`,
        );
      }
      const floor = row('where the time goes: /healthz', CONCURRENCY);
      const unrestricted = row('where the time goes: reads by id, system token', CONCURRENCY);
      if (floor && unrestricted && readsCN) {
        log();
        log(
          `| Where a read's time goes (c=${CONCURRENCY}) | requests/s | ms per request (1 / rate; 2 cores shared with the load) |`,
        );
        log('| --- | ---: | ---: |');
        const perRequest = (r: LoadResult) => fmt(1000 / r.perSecond, 3);
        log(`| \`/healthz\`: Express and one database round trip | ${fmt(floor.perSecond)} | ${perRequest(floor)} |`);
        log(
          `| read by id, system token: + FHIR router, read cache, AuditEvent journaled (group commit) | ${fmt(unrestricted.perSecond)} | ${perRequest(unrestricted)} |`,
        );
        log(
          `| read by id, GP token: + the practice access check | ${fmt(readsCN.perSecond)} | ${perRequest(readsCN)} |`,
        );
      }
      if (ceiling.size > 0) {
        log();
        log(
          `| This machine's ceiling (bare node:http, same load client, c=${CONCURRENCY}) | requests/s | share of the ${fmt(TARGETS.readsPerSecond)}/s target |`,
        );
        log('| --- | ---: | ---: |');
        for (const [kind, result] of ceiling) {
          log(
            `| ${CEILING_LABELS[kind]} | ${fmt(result.perSecond)} | ${fmt((100 * result.perSecond) / TARGETS.readsPerSecond)}% |`,
          );
        }
      }
      const meta = row('metadata (gzip)', 1);
      if (meta) {
        log();
        log(`CapabilityStatement (gzip) c=1: ${fmt(meta.perSecond)}/s, p50 ${fmt(meta.latency.p50, 2)} ms`);
      }
      log(
        `Load average after the run: ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} (2 cores; higher means other work competed)`,
      );
    } finally {
      await server.stop();
      if (values.profile) {
        log(`CPU profile written to ${profileDir}`);
      }
    }
  } finally {
    if (values.keep) {
      log(`kept: --database ${databaseUrl}`);
    } else {
      await cleanup();
    }
  }
}

const CEILING_KINDS = ['answer', 'query', 'journal'] as const;
type CeilingKind = (typeof CEILING_KINDS)[number];
const CEILING_LABELS: Record<CeilingKind, string> = {
  answer: 'a fixed 1 KB answer',
  query: '+ one PostgreSQL round trip (an access check)',
  journal: '+ one group-committed journal row (an audit trail)',
};

/** Runs the load against load/ceiling-server.ts of `kind` (see there) in its own process. */
async function measureCeiling(kind: CeilingKind, port: number, databaseUrl: string): Promise<LoadResult> {
  const child = spawn(
    process.execPath,
    [path.join(import.meta.dirname, 'load', 'ceiling-server.ts'), String(port), databaseUrl, kind],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    if (!chunk.toString().startsWith('ready')) {
      throw new Error(`the ceiling server said ${chunk.toString()}`);
    }
    return await runLoad({
      baseUrl: `http://127.0.0.1:${port}`,
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      next: () => ({ kind, path: '/fhir/Patient/x' }),
    });
  } finally {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
}

await main();
