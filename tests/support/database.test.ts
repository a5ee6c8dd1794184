import fs from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../server/src/store/database/database.ts';
import { DATABASE_KINDS, makeTestConfig, withServer } from './database.ts';

async function databaseExists(name: string): Promise<boolean> {
  const result = await withServer((client) => client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
  return result.rowCount === 1;
}

async function exists(folder: string): Promise<boolean> {
  return fs.stat(folder).then(
    () => true,
    () => false,
  );
}

describe('makeTestConfig', () => {
  test('lists both database kinds', () => {
    expect(DATABASE_KINDS).toEqual(['pglite', 'postgres']);
  });

  test('pglite: gives a temporary data folder holding only an empty database, no database URL, and removes the folder on cleanup', async () => {
    const { config, cleanup } = await makeTestConfig('pglite');
    expect(config.databaseUrl).toBeUndefined();
    expect(config).toMatchObject({ port: 0, logLevel: 'silent' });
    expect(await fs.readdir(config.dataDir)).toEqual(['pglite']);
    const db = await openDatabase(config);
    try {
      const tables = await db.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(tables).toEqual([]);
    } finally {
      await db.close();
    }

    await cleanup();
    expect(await exists(config.dataDir)).toBe(false);
  });

  test('postgres: creates a fresh database that accepts connections, and drops it on cleanup', async () => {
    const { config, cleanup } = await makeTestConfig('postgres');
    expect(config.databaseUrl).toMatch(/^postgres:\/\/.+\/target_test_[0-9a-f]{12}$/);
    const name = new URL(config.databaseUrl as string).pathname.slice(1);
    expect(await databaseExists(name)).toBe(true);

    // Leave a connection open, as a crashed test would: cleanup must still drop the database.
    const client = new pg.Client({ connectionString: config.databaseUrl });
    client.on('error', () => {});
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    expect(rows[0].db).toBe(name);

    await cleanup();
    expect(await databaseExists(name)).toBe(false);
    expect(await exists(config.dataDir)).toBe(false);
    await client.end().catch(() => {});
  });

  test('overrides win over the test defaults', async () => {
    const { config, cleanup } = await makeTestConfig('pglite', { maxBodyBytes: 4096 });
    try {
      expect(config.maxBodyBytes).toBe(4096);
    } finally {
      await cleanup();
    }
  });
});
