// `target backup` and `target restore` as an operator runs them (child processes, configured by the
// environment only): data written over HTTP, with its history and audit trail, is backed up, restored into a
// fresh place and served again with identical search results and an identical audit trail. Refusals: the
// embedded database while a server holds it, a restore into a place that already holds a database, and a
// backup file of the other database kind. PostgreSQL in the default run, both kinds in npm run test:operations.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Config } from '../../../server/src/config.ts';
import { EmbeddedDatabaseLock } from '../../../server/src/platform/embedded-lock.ts';
import { runMain } from '../../support/cli.ts';
import { type DatabaseKind, LONG_SUITE_KINDS, makeTestConfig, type TestConfig } from '../../support/database.ts';
import { fhirFetch, freePort, startServerOn, type TestServer } from '../../support/server.ts';

/** The environment of a command on the database of `config`. */
const placeEnv = (config: Config): NodeJS.ProcessEnv => ({
  TARGET_DATA_DIR: config.dataDir,
  ...(config.databaseUrl ? { TARGET_DATABASE_URL: config.databaseUrl } : {}),
  TARGET_LOG_LEVEL: 'silent',
});

async function freshPlace(kind: DatabaseKind): Promise<TestConfig> {
  const port = await freePort();
  return makeTestConfig(kind, { port, baseUrl: `http://127.0.0.1:${port}` });
}

const reference = (resource: { resourceType: string; id: string; meta?: { versionId?: string } }) =>
  `${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`;

/** A practice, its patients and one patient's care plan, goal and message; one patient changed, one deleted. */
const SEED = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    { resourceType: 'Organization', id: 'backup-practice', name: 'Praktijk de Linde' },
    ...['bakker', 'visser', 'smit'].map((family) => ({
      resourceType: 'Patient',
      id: `backup-${family}`,
      name: [{ family: family[0].toUpperCase() + family.slice(1) }],
      managingOrganization: { reference: 'Organization/backup-practice' },
    })),
    {
      resourceType: 'Goal',
      id: 'backup-goal',
      lifecycleStatus: 'active',
      description: { text: 'Elke dag een half uur wandelen' },
      subject: { reference: 'Patient/backup-bakker' },
    },
    {
      resourceType: 'CarePlan',
      id: 'backup-careplan',
      status: 'active',
      intent: 'plan',
      subject: { reference: 'Patient/backup-bakker' },
      goal: [{ reference: 'Goal/backup-goal' }],
    },
    {
      resourceType: 'Communication',
      id: 'backup-message',
      status: 'completed',
      subject: { reference: 'Patient/backup-bakker' },
      payload: [{ contentString: 'Tot volgende week' }],
    },
  ].map((resource) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } })),
};

describe.each(LONG_SUITE_KINDS)('backup and restore on %s', (kind) => {
  let source: TestConfig;
  let restored: TestConfig;
  let backupDir: string;
  let backupFile: string;
  let sourceAnswers: Record<string, string[]>;

  /** Each search's entries as type/id/_history/version, in the order answered. */
  async function answers(server: TestServer, cutoff: string): Promise<Record<string, string[]>> {
    const searches = [
      'Patient?_count=100',
      'Patient?name=Bakker',
      'Patient/backup-visser/_history',
      'Goal?subject=Patient/backup-bakker',
      'CarePlan?subject=Patient/backup-bakker&_include=CarePlan:goal',
      'Communication?subject=Patient/backup-bakker',
      // The trail up to the backup: later requests (these searches) add their own events.
      `AuditEvent?date=lt${cutoff}&_count=1000`,
    ];
    const result: Record<string, string[]> = {};
    for (const search of searches) {
      const response = await fhirFetch(server, search);
      expect(response.status, search).toBe(200);
      result[search] = (response.body.entry ?? []).map((entry: { resource: never }) => reference(entry.resource));
    }
    return result;
  }

  beforeAll(async () => {
    backupDir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-backup-'));
    backupFile = path.join(backupDir, kind === 'postgres' ? 'target.dump' : 'target.tar.gz');
    source = await freshPlace(kind);
    const server = await startServerOn(source.config);
    try {
      expect((await fhirFetch(server, '', { method: 'POST', body: SEED })).status).toBe(200);
      const changed = { ...SEED.entry[2].resource, birthDate: '1950-03-01' };
      expect((await fhirFetch(server, 'Patient/backup-visser', { method: 'PUT', body: changed })).status).toBe(200);
      expect((await fhirFetch(server, 'Patient/backup-smit', { method: 'DELETE' })).status).toBe(200);
      expect((await fhirFetch(server, 'Patient/backup-smit')).status).toBe(410);
      const cutoff = new Date(Date.now() + 1).toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      sourceAnswers = await answers(server, cutoff);
      sourceAnswers.cutoff = [cutoff];
    } finally {
      await server.stop();
    }
  }, 240_000);

  afterAll(async () => {
    await source?.cleanup();
    await restored?.cleanup();
    await fs.rm(backupDir, { recursive: true, force: true });
  });

  test('a restored backup answers the same searches with the same versions and holds the same audit trail', async () => {
    const backup = await runMain(['backup', '--to', backupFile], placeEnv(source.config));
    expect(backup, backup.stderr).toMatchObject({ code: 0, stdout: `Backup written to ${backupFile}\n` });
    // Every patient record is in it: readable and writable by the operator only.
    expect((await fs.stat(backupFile)).mode & 0o777).toBe(0o600);
    restored = await freshPlace(kind);
    if (kind === 'pglite') {
      // A restore goes into a data folder without a database; test places start with an initdb'd one.
      await fs.rm(path.join(restored.config.dataDir, 'pglite'), { recursive: true, force: true });
    }
    const restore = await runMain(['restore', '--from', backupFile], placeEnv(restored.config));
    expect(restore, restore.stderr).toMatchObject({ code: 0 });

    const server = await startServerOn(restored.config);
    try {
      const [cutoff] = sourceAnswers.cutoff;
      const { cutoff: _, ...expected } = sourceAnswers;
      expect(await answers(server, cutoff)).toEqual(expected);
      // The seed's writes and reads, each audited: the trail compared above is not empty.
      expect(expected[`AuditEvent?date=lt${cutoff}&_count=1000`].length).toBeGreaterThanOrEqual(4);
      expect(expected['Patient/backup-visser/_history']).toEqual([
        'Patient/backup-visser/_history/2',
        'Patient/backup-visser/_history/1',
      ]);
    } finally {
      await server.stop();
    }
  }, 240_000);

  test('refuses to restore into a place that already holds a database, changing nothing there', async () => {
    const refused = await runMain(['restore', '--from', backupFile], placeEnv(source.config));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(kind === 'postgres' ? /not empty: restore into a new database/ : /already holds/);
  }, 120_000);

  test('refuses a backup file of the other database kind', async () => {
    const other = path.join(backupDir, 'other-kind');
    await fs.writeFile(other, kind === 'postgres' ? Buffer.from([0x1f, 0x8b, 0, 0]) : 'PGDMP');
    const target = await freshPlace(kind);
    try {
      const refused = await runMain(['restore', '--from', other], placeEnv(target.config));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is not a backup of/);
    } finally {
      await target.cleanup();
    }
  }, 120_000);

  test.runIf(kind === 'pglite')(
    'refuses to back up the embedded database while a server holds it',
    async () => {
      const lock = await EmbeddedDatabaseLock.acquire(source.config.dataDir, 'serve');
      try {
        const refused = await runMain(['backup', '--to', path.join(backupDir, 'held.tar.gz')], placeEnv(source.config));
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/is in use by a TARGET server/);
        await expect(fs.access(path.join(backupDir, 'held.tar.gz'))).rejects.toThrow();
      } finally {
        await lock.release();
      }
    },
    120_000,
  );

  test.each([[['backup', '--to']], [['restore', '--from', 'x', '--force']]])(
    '%j is a usage error (exit 2)',
    async (args) => {
      const result = await runMain(args, placeEnv(source.config));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/Usage: node server\/src\/main.ts (backup|restore)/);
    },
    60_000,
  );
});
