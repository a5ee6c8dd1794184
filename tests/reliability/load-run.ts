// The load suite: the server as an operator runs it (its own process, PostgreSQL, audit on) under many
// concurrent clients holding tokens of several roles, on a mixed workload of reads, searches and writes,
// for a bounded time. Under that load the access rules are probed on every few requests: a practice's GP
// reading another practice's patient, a patient reading another patient, and every search answer checked
// to hold only what the caller may see. Figures: throughput, latency, errors (expected 0), server memory
// over time (flat) and database connections (bounded by the pool).
// Used by tests/reliability/load.long.ts (npm run test:load, 10 minutes) and its smoke test in npm test.
import type { Bundle, Resource } from '@medplum/fhirtypes';
import pg from 'pg';
import type { AccessTokenClaims } from '../../server/src/access/tokens.ts';
import { loadConfig } from '../../server/src/config.ts';
import { resourceId } from '../../server/src/demo/random.ts';
import { type LoadRequest, type LoadResult, runLoad } from '../bench/load/http-load.ts';
import { startServerProcess } from '../bench/load/server-process.ts';
import { runMain } from '../support/cli.ts';
import { makeTestConfig } from '../support/database.ts';
import { tokenForConfig } from '../support/server.ts';

export interface LoadRunOptions {
  readonly clients: number;
  readonly seconds: number;
  /** Demo patients per practice (two practices). */
  readonly patientsPerPractice: number;
  readonly port: number;
  /** Progress lines (the long run prints a line every `reportEverySeconds`). */
  readonly log?: (line: string) => void;
  readonly reportEverySeconds?: number;
}

export interface LoadRunReport {
  readonly result: LoadResult;
  /** [seconds since start, server RSS MiB]. */
  readonly memory: readonly (readonly [number, number])[];
  /** Most connections the server's database had open at once (pg_stat_activity), and the pool size. */
  readonly maxConnections: number;
  readonly poolSize: number;
  /** Most AuditEvents answered but not yet indexed at a sample (store/audit-journal.ts): the mover keeping up. */
  readonly maxAuditBacklog: number;
  /** Requests per role and kind, for the report. */
  readonly mix: ReadonlyMap<string, number>;
}

const SEED = 7;
const POOL_SIZE = 10;

/** Each patient-level entry of a search Bundle must be one the caller may see. */
function onlyFrom(allowed: ReadonlySet<string>, who: string) {
  return (body: string): string | undefined => {
    const bundle = JSON.parse(body) as Bundle;
    for (const entry of bundle.entry ?? []) {
      const resource = entry.resource as Resource & { subject?: { reference?: string } };
      const patient =
        resource.resourceType === 'Patient' ? resource.id : resource.subject?.reference?.replace(/^Patient\//, '');
      if (patient !== undefined && !allowed.has(patient)) {
        return `${who} saw ${resource.resourceType}/${resource.id} of another patient`;
      }
    }
    return undefined;
  };
}

export async function runLoadSuite(options: LoadRunOptions): Promise<LoadRunReport> {
  const log = options.log ?? (() => undefined);
  const { config: testConfig, cleanup } = await makeTestConfig('postgres');
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const env: NodeJS.ProcessEnv = {
    TARGET_DATA_DIR: testConfig.dataDir,
    TARGET_DATABASE_URL: testConfig.databaseUrl,
    TARGET_BASE_URL: baseUrl,
    TARGET_PORT: String(options.port),
    TARGET_DATABASE_POOL_SIZE: String(POOL_SIZE),
  };
  const database = new URL(testConfig.databaseUrl as string).pathname.slice(1);
  try {
    const seeded = await runMain(
      ['seed-demo', '--patients', String(options.patientsPerPractice * 2), '--practices', '2', '--seed', String(SEED)],
      { ...env, TARGET_LOG_LEVEL: 'warn' },
    );
    if (seeded.code !== 0) {
      throw new Error(`seed-demo failed: ${seeded.stderr}`);
    }
    const server = await startServerProcess({ port: options.port, env });
    const monitor = new pg.Client({ connectionString: testConfig.databaseUrl });
    await monitor.connect();
    try {
      const serverConfig = loadConfig(env);
      const token = async (claims: AccessTokenClaims) =>
        `Bearer ${await tokenForConfig(serverConfig, claims, { expiresIn: options.seconds + 3600 })}`;
      const practices = [resourceId('Organization', 0, SEED), resourceId('Organization', 1, SEED)];
      const gp = await Promise.all(
        practices.map((practice, i) =>
          token({
            sub: `load-gp-${i}`,
            client_id: 'target-app',
            scope: 'openid fhirUser user/*.cruds',
            target_role: 'gp',
            target_organization: practice,
          }),
        ),
      );
      // Each practice's patients, as its GP sees them: the access rule's own answer, checked below under load.
      const patientsOf = async (authorization: string): Promise<string[]> => {
        const ids: string[] = [];
        let next: string | undefined = `${baseUrl}/fhir/Patient?_count=1000&_elements=id`;
        while (next) {
          const page = (await (await fetch(next, { headers: { authorization } })).json()) as Bundle;
          ids.push(...(page.entry ?? []).map((e) => e.resource?.id as string));
          next = page.link?.find((l) => l.relation === 'next')?.url;
        }
        return ids;
      };
      const own = await Promise.all(gp.map(patientsOf));
      if (own.some((ids) => ids.length === 0) || own[0].some((id) => own[1].includes(id))) {
        throw new Error('each practice must see its own, distinct patients');
      }
      const ownSets = own.map((ids) => new Set(ids));
      const patientIds = [own[0][0], own[1][0]];
      const patient = await Promise.all(
        patientIds.map((id, i) =>
          token({
            sub: `load-patient-${i}`,
            client_id: 'pgo-app',
            scope: 'launch/patient patient/*.rs',
            target_role: 'patient',
            patient: id,
            fhirUser: `Patient/${id}`,
          }),
        ),
      );
      const pick = (list: readonly string[], n: number) => list[(n * 7919) % list.length];
      const get = (
        kind: string,
        authorization: string,
        path: string,
        extra: Partial<LoadRequest> = {},
      ): LoadRequest => ({
        kind,
        path: `/fhir/${path}`,
        headers: { authorization, 'accept-encoding': 'gzip' },
        ...extra,
      });
      // One request of the mix per n: two practices' GPs (reads, searches, writes, probes of the other
      // practice), two patients (their own record, probes of the other), in fixed proportions.
      const mix = new Map<string, number>();
      const next = (n: number): LoadRequest => {
        const side = n % 2;
        const other = 1 - side;
        const slot = Math.floor(n / 2) % 20;
        const id = pick(own[side], n);
        let request: LoadRequest;
        if (slot < 8) {
          request = get('gp read', gp[side], `Patient/${id}`);
        } else if (slot < 10) {
          request = get('gp search Encounter', gp[side], `Encounter?subject=Patient/${id}&_count=20`, {
            check: onlyFrom(ownSets[side], 'a GP'),
          });
        } else if (slot < 12) {
          request = get('gp search Patient', gp[side], 'Patient?birthdate=lt1960-01-01&_count=20', {
            check: onlyFrom(ownSets[side], 'a GP'),
          });
        } else if (slot < 14) {
          request = get('gp write Observation', gp[side], 'Observation', {
            method: 'POST',
            headers: { authorization: gp[side], 'content-type': 'application/fhir+json' },
            body: JSON.stringify({
              resourceType: 'Observation',
              status: 'final',
              code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
              subject: { reference: `Patient/${id}` },
              effectiveDateTime: new Date().toISOString(),
              valueQuantity: { value: 60 + (n % 40), unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
            }),
            expect: [201],
          });
        } else if (slot < 15) {
          request = get('probe: gp reads other practice', gp[side], `Patient/${pick(own[other], n)}`, {
            expect: [404],
          });
        } else if (slot < 16) {
          request = get('probe: gp writes other practice', gp[side], 'Observation', {
            method: 'POST',
            headers: { authorization: gp[side], 'content-type': 'application/fhir+json' },
            body: JSON.stringify({
              resourceType: 'Observation',
              status: 'final',
              code: { text: 'not yours' },
              subject: { reference: `Patient/${pick(own[other], n)}` },
            }),
            expect: [403],
          });
        } else if (slot < 18) {
          request = get(
            'patient own record',
            patient[side],
            `Observation?subject=Patient/${patientIds[side]}&_count=20`,
            {
              check: onlyFrom(new Set([patientIds[side]]), 'a patient'),
            },
          );
        } else if (slot < 19) {
          request = get('patient reads own', patient[side], `Patient/${patientIds[side]}`);
        } else {
          request = get('probe: patient reads another', patient[side], `Patient/${patientIds[other]}`, {
            expect: [404],
          });
        }
        mix.set(request.kind, (mix.get(request.kind) ?? 0) + 1);
        return request;
      };

      const memory: [number, number][] = [];
      let maxConnections = 0;
      let maxAuditBacklog = 0;
      const started = performance.now();
      const every = options.reportEverySeconds ?? 10;
      const sample = async (elapsed: number, requests: number) => {
        const [{ count }] = (
          await monitor.query<{ count: number }>(
            'SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
            [database],
          )
        ).rows;
        maxConnections = Math.max(maxConnections, count);
        const [{ waiting }] = (
          await monitor.query<{ waiting: number }>('SELECT count(*)::int AS waiting FROM audit_journal')
        ).rows;
        maxAuditBacklog = Math.max(maxAuditBacklog, waiting);
        const rss = server.rssMiB();
        memory.push([elapsed, rss]);
        log(
          `  ${elapsed} s: ${requests} requests, server RSS ${rss.toFixed(0)} MiB, ${count} database connections, ${waiting} AuditEvents waiting to be indexed`,
        );
      };
      const result = await runLoad({
        baseUrl,
        concurrency: options.clients,
        seconds: options.seconds,
        warmupSeconds: 2,
        next,
        onTick: (elapsed, requests) => {
          if (elapsed % every === 0) {
            void sample(elapsed, requests).catch(() => undefined);
          }
        },
      });
      await sample(Math.round((performance.now() - started) / 1000), result.requests);
      return { result, memory, maxConnections, poolSize: POOL_SIZE, maxAuditBacklog, mix };
    } finally {
      await monitor.end();
      await server.stop();
    }
  } finally {
    await cleanup();
  }
}

/** The report as Markdown lines (for the console and docs/reliability.md). */
export function formatLoadReport(options: LoadRunOptions, report: LoadRunReport): string[] {
  const { result } = report;
  const errors = [...result.errors].map(([k, v]) => `${k} × ${v}`).join(', ') || '0';
  // Memory after the first tenth of the run (warm caches) against the end.
  const early = memoryAt(options, report, 0.1);
  const half = memoryAt(options, report, 0.5);
  const last = report.memory.at(-1);
  const mib = (sample: readonly [number, number] | undefined) => `${sample?.[1].toFixed(0)} MiB (${sample?.[0]} s)`;
  const pct = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)}%`;
  const lines = [
    '| Clients | Duration | Requests | Requests/s | p50 ms | p99 ms | Errors | Server RSS: after a tenth → half → end | DB connections (max / pool) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${options.clients} | ${result.seconds.toFixed(0)} s | ${result.requests.toLocaleString('en-US')} | ${result.perSecond.toFixed(0)} | ${result.latency.p50.toFixed(1)} | ${result.latency.p99.toFixed(1)} | ${errors} | ${mib(early)} → ${mib(half)} → ${mib(last)}: ${pct(memoryGrowthPercent(options, report, 0.1))}, second half ${pct(memoryGrowthPercent(options, report))} | ${report.maxConnections} / ${report.poolSize} |`,
    '',
    `Audit trail: at most ${report.maxAuditBacklog.toLocaleString('en-US')} AuditEvents waiting to be indexed at a sample (answered and durable; indexed in batches).`,
    '',
    '| Request kind | count | p50 ms | p99 ms |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const [kind, stats] of [...result.byKind].sort()) {
    lines.push(
      `| ${kind} | ${stats.count.toLocaleString('en-US')} | ${stats.p50.toFixed(1)} | ${stats.p99.toFixed(1)} |`,
    );
  }
  for (const sample of result.errorSamples) {
    lines.push(`error: ${sample}`);
  }
  return lines;
}

/** The first memory sample at or after `fraction` of the run. */
function memoryAt(
  options: Pick<LoadRunOptions, 'seconds'>,
  report: LoadRunReport,
  fraction: number,
): readonly [number, number] | undefined {
  return report.memory.find(([s]) => s >= options.seconds * fraction) ?? report.memory[0];
}

/**
 * Memory growth to the end of the run, in percent, from the sample at `fraction` of it. The caches (read cache,
 * prepared statements) fill during the first minutes; a leak keeps growing in the second half too.
 */
export function memoryGrowthPercent(
  options: Pick<LoadRunOptions, 'seconds'>,
  report: LoadRunReport,
  fraction = 0.5,
): number {
  const from = memoryAt(options, report, fraction);
  const last = report.memory.at(-1);
  return from && last ? ((last[1] - from[1]) / from[1]) * 100 : 0;
}
