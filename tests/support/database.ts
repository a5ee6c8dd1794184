// Every integration test runs against both databases: embedded PGlite and a real PostgreSQL server.
// Each call makes a fresh, empty database so test files can run in parallel without sharing state.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Config, loadConfig } from '../../server/src/config.ts';
import { openDatabase } from '../../server/src/store/database/database.ts';

export const DATABASE_KINDS = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/**
 * The kinds a slow suite (server child processes, several server starts) runs on: both with
 * TARGET_LONG_TESTS=1 (`npm run test:operations`), PostgreSQL alone in the default run, where it starts fastest.
 */
export const LONG_SUITE_KINDS: readonly DatabaseKind[] =
  process.env.TARGET_LONG_TESTS === '1' ? DATABASE_KINDS : ['postgres'];

/** The PostgreSQL server the `postgres` kind creates its databases on (trust auth in CI). */
export const TEST_POSTGRES_URL = process.env.TARGET_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestConfig {
  readonly config: Config;
  /** Removes the database (folder or PostgreSQL database). Close the app's connections first. */
  cleanup(): Promise<void>;
}

/**
 * Creates a configuration backed by a fresh, empty database of the given kind.
 * @param kind - `pglite` (temporary data folder) or `postgres` (new database on TARGET_TEST_POSTGRES_URL).
 * @param overrides - Further configuration values for the test.
 * @returns The configuration and its cleanup function.
 */
export async function makeTestConfig(kind: DatabaseKind, overrides: Partial<Config> = {}): Promise<TestConfig> {
  const base: Partial<Config> = { port: 0, host: '127.0.0.1', baseUrl: 'http://127.0.0.1:0', logLevel: 'silent' };
  if (kind === 'pglite') {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-test-'));
    await fs.cp(await embeddedClusterTemplate(), path.join(dataDir, 'pglite'), { recursive: true });
    return {
      config: loadConfig({}, { ...base, dataDir, databaseUrl: undefined, ...overrides }),
      cleanup: () => fs.rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `target_test_${randomBytes(6).toString('hex')}`;
  await withServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-test-'));
  return {
    config: loadConfig({}, { ...base, dataDir, databaseUrl: url.toString(), ...overrides }),
    cleanup: async () => {
      // FORCE ends connections a failed test left open (PostgreSQL 13+).
      await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `fn` with a client connected to the maintenance database of the test PostgreSQL server.
 * @param fn - The work to do.
 * @returns What `fn` returns.
 */
export async function withServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The folder of a new PGlite cluster (what PGlite's initdb leaves: no TARGET schema), made once per PGlite
 * version in the temporary folder and copied into each test's data folder. An initdb takes seconds (half a
 * minute on a busy machine) and every PGlite test database paid it; a copy of its 40 MB takes a fraction.
 * Opening the copy is what opening a new folder does after its initdb, so migrations and all else still run.
 * @returns The template folder; never open it, copy it.
 */
async function embeddedClusterTemplate(): Promise<string> {
  const require = createRequire(import.meta.url);
  const pglitePackage = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(await fs.readFile(pglitePackage, 'utf8')) as { version: string };
  const template = path.join(os.tmpdir(), `target-test-pglite-template-${version}`);
  if (
    await fs.stat(template).then(
      () => true,
      () => false,
    )
  ) {
    return template;
  }
  // Made aside and renamed into place: a parallel test file sees either no template or a whole one.
  const draft = await fs.mkdtemp(path.join(os.tmpdir(), 'target-test-pglite-draft-'));
  try {
    const db = await openDatabase({ dataDir: draft, databaseUrl: undefined });
    await db.close();
    await fs.rename(path.join(draft, 'pglite'), template).catch((err: NodeJS.ErrnoException) => {
      // Another test file made it first: use theirs.
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') {
        throw err;
      }
    });
  } finally {
    await fs.rm(draft, { recursive: true, force: true });
  }
  return template;
}
