// Graceful shutdown under load, as an operator's SIGTERM meets it: `serve` in a child process, 50 clients
// reading and writing over keep-alive connections, then SIGTERM. Every answer that started arrives whole
// (2xx, complete JSON), the only failures are connections refused or closed unused once shutdown began
// (never an answer cut off), every acknowledged write is stored with the trail of every answer, and the
// process exits 0 without the shutdown timeout cutting a request. PostgreSQL in the default run, both kinds in
// npm run test:operations.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../server/src/store/database/database.ts';
import { type ServeProcess, startServe } from '../../support/cli.ts';
import { LONG_SUITE_KINDS, makeTestConfig, type TestConfig } from '../../support/database.ts';
import { ADMIN_CLAIMS, tokenForConfig } from '../../support/server.ts';

const CLIENTS = 50;
/** Answers received before SIGTERM: enough that every client has requests in flight at that moment. */
const ANSWERS_BEFORE_SIGNAL = 150;

type Outcome =
  | { readonly kind: 'answer'; readonly status: number; readonly createdId?: string }
  | { readonly kind: 'no-answer'; readonly error: string; readonly afterSignal: boolean }
  | { readonly kind: 'cut-answer'; readonly error: string };

/** The error code under fetch's "fetch failed" (undici puts the socket's error in `cause`). */
function errorCode(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(err);
}

describe.each(LONG_SUITE_KINDS)('SIGTERM under load on %s', (kind) => {
  let testConfig: TestConfig;
  let serve: ServeProcess;
  let authorization: string;

  beforeAll(async () => {
    testConfig = await makeTestConfig(kind);
    const { config } = testConfig;
    serve = await startServe({
      TARGET_DATA_DIR: config.dataDir,
      TARGET_BASE_URL: config.baseUrl,
      ...(config.databaseUrl ? { TARGET_DATABASE_URL: config.databaseUrl } : {}),
    });
    authorization = `Bearer ${await tokenForConfig(config, ADMIN_CLAIMS)}`;
  }, 120_000);

  afterAll(async () => {
    if (serve?.server.exitCode === null) {
      serve.server.kill('SIGKILL');
      await once(serve.server, 'exit');
    }
    await testConfig?.cleanup();
  });

  test('completes every accepted request, keeps every acknowledged write and its trail, and exits 0', async () => {
    const outcomes: Outcome[] = [];
    let signalled = false;
    const exited = once(serve.server, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

    const request = async (client: number, n: number): Promise<Outcome> => {
      const write = n % 2 === 1;
      const afterSignalAtStart = signalled;
      let response: Response;
      try {
        response = await fetch(`${serve.url}/fhir/${write ? 'Patient' : 'Patient?_count=5'}`, {
          method: write ? 'POST' : 'GET',
          headers: { authorization, accept: 'application/fhir+json', 'content-type': 'application/fhir+json' },
          body: write
            ? JSON.stringify({ resourceType: 'Patient', name: [{ family: `Load-${client}-${n}` }] })
            : undefined,
        });
      } catch (err) {
        return { kind: 'no-answer', error: errorCode(err), afterSignal: afterSignalAtStart || signalled };
      }
      try {
        const body = JSON.parse(await response.text());
        return { kind: 'answer', status: response.status, ...(write ? { createdId: body.id } : {}) };
      } catch (err) {
        return { kind: 'cut-answer', error: errorCode(err) };
      }
    };

    const client = async (id: number): Promise<void> => {
      for (let n = 0; ; n++) {
        const outcome = await request(id, n);
        outcomes.push(outcome);
        if (outcome.kind !== 'answer') {
          return;
        }
        if (outcomes.length >= ANSWERS_BEFORE_SIGNAL && !signalled) {
          signalled = true;
          serve.server.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, id) => client(id)));
    const [code] = await exited;

    expect(code).toBe(0);
    const answers = outcomes.filter((o) => o.kind === 'answer');
    expect(answers.length).toBeGreaterThanOrEqual(ANSWERS_BEFORE_SIGNAL);
    expect(outcomes.filter((o) => o.kind === 'cut-answer')).toEqual([]);
    // Only a connection refused, or one the server closed before it read a request on it, once shutdown began.
    const failures = outcomes.filter((o) => o.kind === 'no-answer');
    expect(failures.filter((f) => !f.afterSignal)).toEqual([]);
    for (const failure of failures) {
      expect(failure.error).toMatch(/ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET|other side closed/);
    }
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 201]));
    const log = serve.output();
    expect(log).toContain('HTTP server stopped');
    expect(log).not.toContain('still running at shutdown timeout');

    const db = await openDatabase(testConfig.config);
    try {
      const acknowledged = answers.flatMap((a) => (a.createdId ? [a.createdId] : []));
      const stored = await db.query<{ id: string }>(
        `SELECT id FROM resource WHERE resource_type = 'Patient' AND id = ANY($1::text[])`,
        [acknowledged],
      );
      expect(stored.map((row) => row.id).sort()).toEqual([...acknowledged].sort());
      const [trail] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM resource WHERE resource_type = 'AuditEvent'`,
      );
      expect(trail.n).toBeGreaterThanOrEqual(answers.length);
    } finally {
      await db.close();
    }
  }, 180_000);
});
