// Crash safety of the server (PGlite and PostgreSQL): the real server runs as a child process
// (`node server/src/main.ts serve`), several writer processes (crash-writer.ts) send transaction Bundles,
// If-Match updates and conditional creates to it, and the harness kills the server with SIGKILL at seeded
// random moments — while it serves, and now and then while it still starts — and restarts it on the same data,
// round after round. After the last restart it checks through the FHIR API that every acknowledged write is
// there, that no transaction is partial (acknowledged or not), that racing conditional creates made one
// resource each, that the shared Patients' version histories run 1..n without a hole and agree with their
// current versions, and that every answered request's AuditEvents exist (found by the X-Request-Id each
// request carried). There is no outbox yet, so no notification delivery to check.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { createRng } from '../../server/src/demo/random.ts';
import { type SpawnedServer, spawnServer } from '../bench/load/server-process.ts';
import { type DatabaseKind, makeTestConfig } from '../support/database.ts';
import { ADMIN_CLAIMS, freePort, tokenForConfig } from '../support/server.ts';
import {
  CONDITIONAL_SYSTEM,
  CRASH_TAG,
  TRANSACTION_SIZE,
  type WriteRecord,
  type WriterOptions,
} from './crash-writer.ts';

const WRITER = path.join(import.meta.dirname, 'crash-writer.ts');
/** Longest wait for a (re)started server to answer: generous, as a loaded CI machine starts it slowly. */
const STARTUP_LIMIT_MS = 600_000;

export interface CrashRunOptions {
  readonly kind: DatabaseKind;
  /** SIGKILLs (each followed by a restart). */
  readonly rounds: number;
  readonly seed: number;
  /** Writer processes. */
  readonly writers?: number;
  /** Requests each writer keeps in flight. */
  readonly lanes?: number;
  /** Patients every writer updates with If-Match. */
  readonly sharedPatients?: number;
  /** How long the server serves before a kill, in ms: uniform in [min, max]. */
  readonly upMs?: readonly [number, number];
  /** Share of the kills that hit the server while it starts (before it answers). */
  readonly startupKillShare?: number;
  /** Told after each kill (a long run shows it is moving). */
  readonly onKill?: (round: number, writesAnswered: number) => void;
}

export interface CrashReport {
  readonly kind: DatabaseKind;
  readonly rounds: number;
  /** Kills that hit a starting server. */
  readonly startupKills: number;
  /** Writes sent (the server took the connection). */
  readonly attempted: number;
  /** Writes answered with 2xx. */
  readonly acknowledged: number;
  /** Writes answered with another status (412 of a lost If-Match race, …). */
  readonly refused: number;
  /** Acknowledged writes not found after the restart. */
  readonly lost: number;
  /** Transactions of which some but not all resources exist. */
  readonly partial: number;
  /** Identifier values that conditional creates (If-None-Exist) stored more than once. */
  readonly duplicates: number;
  /** Shared Patients whose history has a hole or disagrees with the current version. */
  readonly gaps: number;
  /** Answered requests without an AuditEvent carrying their X-Request-Id. */
  readonly missingAudit: number;
  /** Unanswered writes that were carried out anyway (whole): allowed, reported for interest. */
  readonly unansweredButStored: number;
  /** What went wrong, one line each (empty when all is well). */
  readonly problems: readonly string[];
  readonly seconds: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the server without waiting: a kill may hit it while it starts. */
function startServer(env: NodeJS.ProcessEnv, port: number): SpawnedServer {
  return spawnServer({ port, env, captureStderr: true, startupLimitMs: STARTUP_LIMIT_MS });
}

async function kill(server: SpawnedServer): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

interface Fetched {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the checks read whatever FHIR JSON the server answered
  body: any;
}

/**
 * Runs the kill rounds on a fresh database of the kind and checks what survived.
 * @returns The figures; `problems` lists every violation found (empty when the server is crash-safe).
 */
export async function runCrashRounds(options: CrashRunOptions): Promise<CrashReport> {
  const began = Date.now();
  const writers = options.writers ?? 3;
  const lanes = options.lanes ?? 2;
  const [minUp, maxUp] = options.upMs ?? [300, 1500];
  const random = createRng(options.seed);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const fhirUrl = `${baseUrl}/fhir`;
  const { config, cleanup } = await makeTestConfig(options.kind, { port, baseUrl });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TARGET_PORT: String(port),
    TARGET_HOST: '127.0.0.1',
    TARGET_BASE_URL: baseUrl,
    TARGET_DATA_DIR: config.dataDir,
    ...(config.databaseUrl ? { TARGET_DATABASE_URL: config.databaseUrl } : {}),
    TARGET_LOG_LEVEL: 'error',
    TARGET_EHR_SIMULATOR: 'off',
  };
  // The keys live in the data folder: the token stays valid across every restart.
  const authorization = `Bearer ${await tokenForConfig(config, ADMIN_CLAIMS, { expiresIn: 24 * 3600 })}`;
  const api = async (url: string, init: RequestInit = {}): Promise<Fetched> => {
    const response = await fetch(url.startsWith('http') ? url : `${fhirUrl}/${url}`, {
      ...init,
      headers: { authorization, accept: 'application/fhir+json', 'content-type': 'application/fhir+json' },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const records: WriteRecord[] = [];
  const children: ChildProcess[] = [];
  let server = startServer(env, port);
  let startupKills = 0;
  try {
    await server.ready;
    const shared: string[] = [];
    for (let i = 0; i < (options.sharedPatients ?? 4); i++) {
      const created = await api('Patient', {
        method: 'POST',
        body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'shared' }] }),
      });
      if (created.status !== 201) {
        throw new Error(`creating a shared Patient answered ${created.status}`);
      }
      shared.push(created.body.id);
    }

    for (let writer = 0; writer < writers; writer++) {
      const writerOptions: WriterOptions = {
        fhirUrl,
        authorization,
        writer,
        seed: options.seed * 1000 + writer,
        lanes,
        shared,
      };
      const child = fork(WRITER, [JSON.stringify(writerOptions)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.on('message', (message) => {
        if (message !== 'done') {
          records.push(message as WriteRecord);
        }
      });
      children.push(child);
    }

    const acknowledgedSince = async (seen: number) => {
      const deadline = Date.now() + STARTUP_LIMIT_MS;
      while (!records.slice(seen).some((r) => r.status !== undefined && r.status < 300) && Date.now() < deadline) {
        await pause(20);
      }
    };
    for (let round = 0; round < options.rounds; round++) {
      if (round > 0 && random() < (options.startupKillShare ?? 0.2)) {
        // Kill it again before it answers: recovery itself must survive a crash.
        startupKills++;
        await pause(random() * 800);
        await kill(server);
        server = startServer(env, port);
      }
      await server.ready;
      // Each round kills a server that has been writing: on a slow machine a start can take longer than the
      // whole random pause.
      await acknowledgedSince(records.length);
      await pause(minUp + random() * (maxUp - minUp));
      await kill(server);
      options.onKill?.(round + 1, records.filter((r) => r.status !== undefined).length);
      server = startServer(env, port);
    }
    await server.ready;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.send('stop');
          }),
      ),
    );

    const problems = await check(api, records, shared);
    const answered = records.filter((r) => r.status !== undefined);
    const acknowledged = answered.filter((r) => (r.status as number) < 300);
    const report: CrashReport = {
      kind: options.kind,
      rounds: options.rounds,
      startupKills,
      attempted: records.length,
      acknowledged: acknowledged.length,
      refused: answered.length - acknowledged.length,
      lost: problems.filter((p) => p.startsWith('lost')).length,
      partial: problems.filter((p) => p.startsWith('partial')).length,
      duplicates: problems.filter((p) => p.startsWith('duplicate')).length,
      gaps: problems.filter((p) => p.startsWith('gap')).length,
      missingAudit: problems.filter((p) => p.startsWith('no audit')).length,
      unansweredButStored: problems.filter((p) => p.startsWith('stored unanswered')).length,
      problems: problems.filter((p) => !p.startsWith('stored unanswered')),
      seconds: (Date.now() - began) / 1000,
    };
    return report;
  } finally {
    for (const child of children) {
      child.kill('SIGKILL');
    }
    server.child.kill('SIGTERM');
    await server.exited;
    await cleanup();
  }
}

/** Every resource of `type` the search finds, following the next links. */
async function searchAll(api: (url: string) => Promise<Fetched>, first: string): Promise<Fetched['body'][]> {
  const found = [];
  let url: string | undefined = first;
  while (url) {
    const page = await api(url);
    if (page.status !== 200) {
      throw new Error(`${url} answered ${page.status}: ${JSON.stringify(page.body).slice(0, 500)}`);
    }
    found.push(...(page.body.entry ?? []).map((e: { resource: unknown }) => e.resource));
    url = page.body.link?.find((l: { relation: string }) => l.relation === 'next')?.url;
  }
  return found;
}

/** The violations of the crash-safety promises, one line each, each starting with its kind. */
async function check(
  api: (url: string) => Promise<Fetched>,
  records: readonly WriteRecord[],
  shared: readonly string[],
): Promise<string[]> {
  const problems: string[] = [];
  const tag = encodeURIComponent(`${CRASH_TAG}|`);
  const byMarker = new Map<string, { patients: string[]; conditions: { id: string; subject: string }[] }>();
  const group = (marker: string) => {
    let found = byMarker.get(marker);
    if (!found) {
      found = { patients: [], conditions: [] };
      byMarker.set(marker, found);
    }
    return found;
  };
  const markerOf = (resource: { meta?: { tag?: { system?: string; code?: string }[] } }) =>
    resource.meta?.tag?.find((t) => t.system === CRASH_TAG)?.code ?? '';
  for (const patient of await searchAll(api, `Patient?_tag=${tag}&_count=1000`)) {
    group(markerOf(patient)).patients.push(`Patient/${patient.id}`);
  }
  for (const condition of await searchAll(api, `Condition?_tag=${tag}&_count=1000`)) {
    group(markerOf(condition)).conditions.push({
      id: `Condition/${condition.id}`,
      subject: condition.subject?.reference,
    });
  }

  // All or nothing, answered or not: one Patient and the two Conditions that reference it.
  for (const [marker, { patients, conditions }] of byMarker) {
    const whole =
      patients.length === 1 &&
      conditions.length === TRANSACTION_SIZE - 1 &&
      conditions.every((c) => c.subject === patients[0]);
    if (!whole) {
      problems.push(`partial transaction ${marker}: ${JSON.stringify({ patients, conditions })}`);
    }
  }
  const transactions = records.filter((r) => r.op === 'transaction');
  for (const record of transactions) {
    const found = byMarker.get(record.marker);
    if (record.status === 200) {
      const stored = found ? [...found.patients, ...found.conditions.map((c) => c.id)].sort() : [];
      if (JSON.stringify(stored) !== JSON.stringify([...(record.locations ?? [])].sort())) {
        problems.push(`lost transaction ${record.marker}: answered ${record.locations}, stored ${stored}`);
      }
    } else if (found && record.status === undefined) {
      problems.push(`stored unanswered transaction ${record.marker}`);
    } else if (found) {
      problems.push(`lost (refused but stored) transaction ${record.marker}: answered ${record.status}`);
    }
  }

  // Versions 1..n, each once, the last the current one; every acknowledged update is the version it was told.
  const updates = records.filter((r) => r.op === 'update');
  for (const id of shared) {
    const current = await api(`Patient/${id}`);
    const history = await searchAll(api, `Patient/${id}/_history?_count=1000`);
    const versions = history.map((v) => Number(v.meta?.versionId)).sort((a, b) => a - b);
    const latest = Number(current.body?.meta?.versionId);
    if (current.status !== 200 || versions.some((v, i) => v !== i + 1) || versions.at(-1) !== latest) {
      problems.push(`gap in Patient/${id}: current ${latest}, history ${versions.join(',')}`);
    }
    const familyOf = new Map(history.map((v) => [Number(v.meta?.versionId), v.name?.[0]?.family as string]));
    for (const update of updates) {
      if (update.op !== 'update' || update.id !== id) {
        continue;
      }
      const storedAs = [...familyOf].find(([, family]) => family === update.marker)?.[0];
      if (update.status === 200 && storedAs !== update.version) {
        problems.push(
          `lost update ${update.marker} of Patient/${id}: answered version ${update.version}, stored ${storedAs}`,
        );
      } else if (update.status !== undefined && update.status !== 200 && storedAs !== undefined) {
        problems.push(`lost (refused but stored) update ${update.marker}: answered ${update.status}`);
      } else if (update.status === undefined && storedAs !== undefined) {
        problems.push(`stored unanswered update ${update.marker}`);
      }
    }
  }

  // One Patient per identifier however many writers raced to create it, and the one each answer named.
  const conditional = new Map<string, string[]>();
  for (const patient of await searchAll(
    api,
    `Patient?identifier=${encodeURIComponent(`${CONDITIONAL_SYSTEM}|`)}&_count=1000`,
  )) {
    const value = patient.identifier?.find((i: { system?: string }) => i.system === CONDITIONAL_SYSTEM)?.value;
    conditional.set(value, [...(conditional.get(value) ?? []), patient.id]);
  }
  for (const [value, ids] of conditional) {
    if (ids.length > 1) {
      problems.push(`duplicate conditional create ${value}: ${ids.join(', ')}`);
    }
  }
  for (const record of records) {
    if (record.op === 'conditional' && (record.status === 200 || record.status === 201)) {
      if (!record.id || !conditional.get(record.value)?.includes(record.id)) {
        problems.push(
          `lost conditional create ${record.marker} (${record.value}): answered ${record.id}, stored ${conditional.get(record.value)}`,
        );
      }
    }
  }

  // The trail of every answered request: the request's own event, and one per entry of a transaction.
  const auditCount = new Map<string, number>();
  for (const event of await searchAll(api, `AuditEvent?subtype=transaction,update,create&_count=1000`)) {
    const requestId = event.entity?.find((e: { type?: { code?: string } }) => e.type?.code === 'XrequestId')?.what
      ?.identifier?.value;
    if (requestId) {
      auditCount.set(requestId, (auditCount.get(requestId) ?? 0) + 1);
    }
  }
  for (const record of records) {
    if (record.status === undefined) {
      continue;
    }
    // A transaction that ran has an event per entry besides its own; one refused before it ran has its own only.
    const expected = record.op === 'transaction' && record.status === 200 ? 1 + TRANSACTION_SIZE : 1;
    const found = auditCount.get(record.requestId) ?? 0;
    if (found < expected) {
      problems.push(
        `no audit for ${record.requestId} (${record.op}, ${record.status}): ${found} of ${expected} events`,
      );
    }
  }
  return problems;
}

/** One line of figures for the console. */
export function formatReport(report: CrashReport): string {
  return (
    `${report.kind}: ${report.rounds} kills (${report.startupKills} more while starting) in ${report.seconds.toFixed(1)} s — ` +
    `attempted ${report.attempted} / acknowledged ${report.acknowledged} / refused ${report.refused} / ` +
    `lost ${report.lost} / partial ${report.partial} / duplicates ${report.duplicates} / gaps ${report.gaps} / ` +
    `missing audit ${report.missingAudit} ` +
    `(unanswered but stored: ${report.unansweredButStored})`
  );
}
