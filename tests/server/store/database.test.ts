// The statement timeout of HTTP requests on PostgreSQL (store/database.ts): a request's statement is cancelled
// at its budget and answers 503 with an OperationOutcome; work outside a request (jobs, commands) and work a
// request starts in the background runs without one, on the same pooled connections.
import { OperationOutcomeError } from '@medplum/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { httpStatusOf } from '../../../server/src/platform/outcomes.ts';
import {
  type Database,
  openDatabase,
  withoutStatementTimeout,
  withStatementTimeout,
} from '../../../server/src/store/database/database.ts';
import { guarded } from '../../../server/src/store/database/errors.ts';
import { makeTestConfig, type TestConfig } from '../../support/database.ts';

describe('statement timeout on postgres', () => {
  let testDb: TestConfig;
  let db: Database;

  beforeAll(async () => {
    testDb = await makeTestConfig('postgres');
    // One connection: every case below runs on the same one, switched between budgets.
    db = await openDatabase({ databaseUrl: testDb.config.databaseUrl, dataDir: testDb.config.dataDir, poolSize: 1 });
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.cleanup();
  });

  const setting = async () => (await db.query<{ statement_timeout: string }>('SHOW statement_timeout'))[0];

  test('runs its sessions without JIT compilation (short statements never win back the compile time)', async () => {
    expect((await db.query<{ jit: string }>('SHOW jit'))[0].jit).toBe('off');
  });

  test('cancels a request statement over its budget with a 503 OperationOutcome naming the limit', async () => {
    const error = await withStatementTimeout(50, () => guarded(db).query('SELECT pg_sleep(5)')).catch((e) => e);
    expect(error).toBeInstanceOf(OperationOutcomeError);
    const { outcome } = error as OperationOutcomeError;
    expect(httpStatusOf(outcome)).toBe(503);
    expect(outcome.issue[0]).toMatchObject({ severity: 'error', code: 'too-costly' });
    expect(outcome.issue[0].details?.text).toMatch(/TARGET_STATEMENT_TIMEOUT_MS/);
  });

  test('cancels a statement inside a request transaction too, and rolls the transaction back', async () => {
    await db.exec('CREATE TABLE IF NOT EXISTS timeout_probe (n int)');
    const error = await withStatementTimeout(50, () =>
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO timeout_probe VALUES (1)');
        await guarded(tx).query('SELECT pg_sleep(5)');
      }),
    ).catch((e) => e);
    expect(httpStatusOf((error as OperationOutcomeError).outcome)).toBe(503);
    expect(await db.query('SELECT * FROM timeout_probe')).toEqual([]);
  });

  test('runs work outside a request, and work a request hands off, without a statement timeout', async () => {
    expect(await withStatementTimeout(50, setting)).toEqual({ statement_timeout: '50ms' });
    expect(await setting()).toEqual({ statement_timeout: '0' });
    expect(await withStatementTimeout(50, () => withoutStatementTimeout(setting))).toEqual({ statement_timeout: '0' });
    // A background statement longer than the request's budget completes.
    await expect(
      withStatementTimeout(50, () => withoutStatementTimeout(() => db.query('SELECT pg_sleep(0.2)'))),
    ).resolves.toHaveLength(1);
  });
});
