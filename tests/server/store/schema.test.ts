import { parseSearchRequest } from '@medplum/core';
import { afterEach, describe, expect, test } from 'vitest';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { openDatabase } from '../../../server/src/store/database/database.ts';
import { migrate } from '../../../server/src/store/database/schema.ts';
import { SearchParamRegistry } from '../../../server/src/store/search/params.ts';
import { DATABASE_KINDS, makeTestConfig, type TestConfig } from '../../support/database.ts';

describe.each(DATABASE_KINDS)('schema on %s', (kind) => {
  let testConfig: TestConfig | undefined;
  afterEach(async () => {
    await testConfig?.cleanup();
  });

  test('migrations run on every start without error and are applied once', async () => {
    testConfig = await makeTestConfig(kind);
    const { config } = testConfig;
    for (let start = 0; start < 2; start++) {
      const db = await openDatabase(config);
      await migrate(db);
      await migrate(db);
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      await db.close();
    }
  });

  test('resource contents are compressed with lz4 where the server supports it, else with the default', async () => {
    testConfig = await makeTestConfig(kind);
    const db = await openDatabase(testConfig.config);
    await migrate(db);
    const [setting] = await db.query<{ enumvals: string[] | null }>(
      "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'",
    );
    const columns = await db.query<{ attcompression: string }>(
      `SELECT attcompression FROM pg_attribute
       WHERE attrelid IN ('resource'::regclass, 'resource_history'::regclass) AND attname = 'content'`,
    );
    const expected = setting?.enumvals?.includes('lz4') ? 'l' : '';
    expect(columns.map((c) => c.attcompression)).toEqual([expected, expected]);
    if (kind === 'postgres') {
      expect(expected).toBe('l'); // Debian's PostgreSQL 15 is built with lz4
    }
    await db.close();
  });

  test('texts an earlier version stored as idx_token_text rows are still found by :text after migration 9', async () => {
    testConfig = await makeTestConfig(kind);
    const db = await openDatabase(testConfig.config);
    await migrate(db, 8);
    const code = (await SearchParamRegistry.load(db)).get('Condition', 'code')?.id;
    const condition = {
      resourceType: 'Condition',
      id: 'old',
      subject: { reference: 'Patient/p' },
      code: { coding: [{ system: 'https://referentiemodel.nhg.org/tabellen/nhg-tabel-24-icpc', code: 'T90.02' }] },
    };
    await db.query(
      `INSERT INTO resource (rid, resource_type, id, version, last_updated, deleted, content)
       VALUES (nextval('resource_rid_seq'), 'Condition', 'old', 1, now(), false, $1::jsonb)`,
      [JSON.stringify(condition)],
    );
    await db.query(
      `INSERT INTO idx_token_text (param, rid, text) SELECT $1, rid, 'diabetes mellitus type 2' FROM resource WHERE id = 'old'`,
      [code],
    );
    await db.close();

    const store = await openServerStore(testConfig.config, createLogger({ logLevel: 'silent' }));
    try {
      const found = await store.repo.searchResources(parseSearchRequest('Condition', { 'code:text': 'mellitus' }));
      expect(found.map((c) => c.id)).toEqual(['old']);
      const missing = await store.repo.searchResources(parseSearchRequest('Condition', { 'code:missing': 'true' }));
      expect(missing).toEqual([]);
      const tables = await store.db.query("SELECT 1 FROM pg_tables WHERE tablename = 'idx_token_text'");
      expect(tables).toEqual([]);
    } finally {
      await store.close();
    }
  });

  test('search parameter ids are stable across restarts', async () => {
    testConfig = await makeTestConfig(kind);
    const ids: number[] = [];
    for (let start = 0; start < 2; start++) {
      const db = await openDatabase(testConfig.config);
      await migrate(db);
      const registry = await SearchParamRegistry.load(db);
      ids.push(registry.get('Patient', 'birthdate')?.id ?? -1);
      expect(registry.get('Observation', 'code-value-quantity')?.type).toBe('composite');
      await db.close();
    }
    expect(ids[0]).toBeGreaterThan(0);
    expect(ids[1]).toBe(ids[0]);
  });

  test('restarts use no search parameter ids, and a sequence that ran ahead is set back', async () => {
    testConfig = await makeTestConfig(kind);
    const db = await openDatabase(testConfig.config);
    await migrate(db);
    const lastValue = async () =>
      Number((await db.query<{ v: string }>('SELECT last_value AS v FROM search_param_param_seq'))[0].v);
    await SearchParamRegistry.load(db);
    const afterFirst = await lastValue();
    // Dozens of restarts used to draw ~1,400 values each until the smallint ids ran out.
    for (let start = 0; start < 3; start++) {
      await SearchParamRegistry.load(db);
    }
    expect(await lastValue()).toBe(afterFirst);
    await db.query("SELECT setval('search_param_param_seq', 32000)");
    const registry = await SearchParamRegistry.load(db);
    expect(await lastValue()).toBe(afterFirst);
    expect(registry.get('Patient', 'birthdate')?.id).toBeGreaterThan(0);
    await db.close();
  });
});
