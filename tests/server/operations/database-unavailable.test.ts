// A busy PostgreSQL over real HTTP: when every pooled connection is held, a request waits at most
// TARGET_DATABASE_WAIT_MS and is answered 503 with Retry-After and an OperationOutcome (never a hang or a 500,
// nothing written); a statement that runs past TARGET_STATEMENT_TIMEOUT_MS is cut and answered 503
// 'too-costly', and audited. The connections are held by requests waiting on a table lock the test takes
// (idx_quantity: the value-quantity search reads it, no AuditEvent writes it), so the audit trail stays
// writable once a connection is free. PostgreSQL only: PGlite has one connection and no pool.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../server/src/store/database/database.ts';
import { migrate } from '../../../server/src/store/database/schema.ts';
import { TEST_POSTGRES_URL } from '../../support/database.ts';
import { fhirFetch, startTestServer, type TestServer } from '../../support/server.ts';
import { auditEventsOf } from '../audit/support.ts';

const LOCKED_SEARCH = 'Observation?value-quantity=5';

/** A client of the test server's own database that holds ACCESS EXCLUSIVE on idx_quantity until `release`. */
async function lockQuantityIndex(
  server: TestServer,
): Promise<{ release(): Promise<void>; waiting(): Promise<number> }> {
  const { default: pgModule } = await import('pg');
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = new URL(server.config.databaseUrl as string).pathname;
  const client: pg.Client = new pgModule.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE idx_quantity IN ACCESS EXCLUSIVE MODE');
  return {
    release: async () => {
      await client.query('COMMIT');
      await client.end();
    },
    // Sessions of this database blocked on a lock: the server's requests queued behind ours.
    waiting: async () =>
      (
        await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      ).rows[0].n,
  };
}

/** Resolves once every request of `held` waits on the lock; fails at once if one was answered instead. */
async function untilWaiting(lock: { waiting(): Promise<number> }, held: Promise<{ status: number }>[]): Promise<void> {
  let answered: { status: number } | undefined;
  for (const request of held) {
    request.then(
      (answer) => {
        answered = answer;
      },
      () => undefined,
    );
  }
  while ((await lock.waiting()) < held.length) {
    if (answered) {
      throw new Error(`a request meant to hold a connection was answered ${answered.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('an exhausted connection pool on postgres', () => {
  let server: TestServer;

  beforeAll(async () => {
    // A wait with room for a loaded machine: the held requests must get their connections within it.
    server = await startTestServer('postgres', { databasePoolSize: 2, databaseWaitMs: 1000, statementTimeoutMs: 0 });
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** A refresh with an unknown refresh token of a registered app: 400 invalid_grant once looked up. */
  const refreshTokenRequest = () =>
    fetch(`${server.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'never-issued',
        client_id: 'target-test-app',
      }).toString(),
    });

  test('answers 503 with Retry-After and a transient OperationOutcome, writes nothing, and serves all again once freed', async () => {
    expect((await refreshTokenRequest()).status).toBe(400);
    // Both pooled connections open before the lock (opening one under load could outlast the wait).
    await Promise.all([1, 2, 3].map(() => fhirFetch(server, 'Patient?name=Warm')));
    // Their AuditEvents moved into the index tables now, not by a drain that would wait on the lock below.
    await server.repo.settleAuditTrail();
    const lock = await lockQuantityIndex(server);
    const held = [fhirFetch(server, LOCKED_SEARCH), fhirFetch(server, LOCKED_SEARCH)];
    try {
      await untilWaiting(lock, held);

      const read = await fhirFetch(server, 'Patient?name=Jansen');
      expect(read.status).toBe(503);
      expect(Number(read.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(read.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'transient' }] });

      const write = await fhirFetch(server, 'Patient', {
        method: 'POST',
        body: { resourceType: 'Patient', name: [{ family: 'Jansen' }] },
      });
      expect(write.status).toBe(503);
      expect(Number(write.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(write.body.resourceType).toBe('OperationOutcome');

      // The authorization server's endpoints too (RFC 6749 temporarily_unavailable), not a 500 server_error.
      const token = await refreshTokenRequest();
      expect(token.status).toBe(503);
      expect(Number(token.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await token.json()).toMatchObject({ error: 'temporarily_unavailable' });
    } finally {
      await lock.release();
    }

    // The requests that held the connections complete, and so does everything after them.
    for (const answer of await Promise.all(held)) {
      expect(answer.status).toBe(200);
      expect(answer.body.resourceType).toBe('Bundle');
    }
    const after = await fhirFetch(server, 'Patient?name=Jansen');
    expect(after.status).toBe(200);
    expect(after.body.entry ?? []).toEqual([]);
    expect(await (await refreshTokenRequest()).json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('a request statement over the statement timeout on postgres', () => {
  let server: TestServer;

  // A Patient insert that takes 5 s (a stand-in for any slow statement); AuditEvents are stored at full speed.
  const SLOW_PATIENT_INSERT = [
    `CREATE FUNCTION slow_patient() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.resource_type = 'Patient' THEN PERFORM pg_sleep(5); END IF;
      RETURN NEW;
    END $$`,
    'CREATE TRIGGER slow_patient BEFORE INSERT ON resource FOR EACH ROW EXECUTE FUNCTION slow_patient()',
  ];

  beforeAll(async () => {
    server = await startTestServer('postgres', { statementTimeoutMs: 300 }, async (config) => {
      // The schema first, for the trigger's table; the server finds it up to date.
      const db = await openDatabase(config);
      try {
        await migrate(db);
        for (const sql of SLOW_PATIENT_INSERT) {
          await db.exec(sql);
        }
      } finally {
        await db.close();
      }
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('is cancelled and answered 503 too-costly without Retry-After, leaves nothing written, and is audited', async () => {
    const answer = await fhirFetch(server, 'Patient', {
      method: 'POST',
      body: { resourceType: 'Patient', name: [{ family: 'Traag' }] },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(503);
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(answer.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'too-costly' }],
    });
    expect(answer.body.issue[0].details.text).toMatch(/TARGET_STATEMENT_TIMEOUT_MS/);

    const stored = await fhirFetch(server, 'Patient?name=Traag');
    expect(stored.status).toBe(200);
    expect(stored.body.entry ?? []).toEqual([]);
    const trail = await auditEventsOf(server, 'subtype=create');
    expect(trail.map((event) => event.outcome)).toEqual(['8']);
  });
});
