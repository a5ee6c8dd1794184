// The oidc-provider storage on both databases: expiry, consumption, revocation by grant, and the atomic
// first use of a client-assertion jti.
import { afterEach, describe, expect, test } from 'vitest';
import { PostgresAdapter, sweepExpired } from '../../../server/src/oauth/adapter.ts';
import { type Database, openDatabase } from '../../../server/src/store/database/database.ts';
import { migrate } from '../../../server/src/store/database/schema.ts';
import { DATABASE_KINDS, makeTestConfig, type TestConfig } from '../../support/database.ts';

describe.each(DATABASE_KINDS)('PostgresAdapter (%s)', (kind) => {
  let testConfig: TestConfig | undefined;
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    await testConfig?.cleanup();
  });

  async function open(): Promise<Database> {
    testConfig = await makeTestConfig(kind);
    db = await openDatabase(testConfig.config);
    await migrate(db);
    return db;
  }

  test('stores, finds by id and uid, consumes, and hides expired rows until they are swept', async () => {
    const database = await open();
    const sessions = new PostgresAdapter(database, 'Session');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'huisarts' }, 60);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: 'huisarts' });
    expect(await sessions.findByUid('u1')).toEqual({ uid: 'u1', accountId: 'huisarts' });
    expect(await new PostgresAdapter(database, 'Grant').find('s1')).toBeUndefined();

    const codes = new PostgresAdapter(database, 'AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));

    await database.query(`UPDATE oauth_model SET expires_at = now() - interval '1 second' WHERE id = 's1'`);
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await sweepExpired(database)).toBe(1);
  });

  test('revoking a grant removes every model of it at once', async () => {
    const database = await open();
    await new PostgresAdapter(database, 'AuthorizationCode').upsert('c1', { grantId: 'g1' }, 60);
    await new PostgresAdapter(database, 'RefreshToken').upsert('r1', { grantId: 'g1' }, 60);
    await new PostgresAdapter(database, 'RefreshToken').upsert('r2', { grantId: 'g2' }, 60);
    await new PostgresAdapter(database, 'RefreshToken').revokeByGrantId('g1');
    expect(await new PostgresAdapter(database, 'AuthorizationCode').find('c1')).toBeUndefined();
    expect(await new PostgresAdapter(database, 'RefreshToken').find('r1')).toBeUndefined();
    expect(await new PostgresAdapter(database, 'RefreshToken').find('r2')).toEqual({ grantId: 'g2' });
  });

  test('a client-assertion jti is stored once; racing second uses are refused', async () => {
    const database = await open();
    const replay = new PostgresAdapter(database, 'ReplayDetection');
    const results = await Promise.allSettled([
      replay.upsert('jti-1', { iss: 'partner' }, 60),
      replay.upsert('jti-1', { iss: 'partner' }, 60),
      replay.upsert('jti-1', { iss: 'partner' }, 60),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ error: 'invalid_client' });
  });
});
