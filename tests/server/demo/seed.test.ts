import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DemoOptions, generateDemo } from '../../../server/src/demo/generate.ts';
import { type SeedProgress, seedDemo } from '../../../server/src/demo/seed.ts';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import type { Store } from '../../../server/src/store/open.ts';
import { runMainInProcess } from '../../support/cli.ts';
import { DATABASE_KINDS, makeTestConfig, type TestConfig } from '../../support/database.ts';

const cli = (args: string[], env: NodeJS.ProcessEnv) => runMainInProcess(['seed-demo', ...args], env);

const OPTIONS: DemoOptions = { patients: 120, practices: 2, seed: 5, referenceDate: '2025-06-30' };

function expectedCounts(options: DemoOptions): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of generateDemo(options)) {
    counts[resource.resourceType] = (counts[resource.resourceType] ?? 0) + 1;
  }
  return counts;
}

describe.each(DATABASE_KINDS)('seedDemo on %s', (kind) => {
  let testConfig: TestConfig;
  let store: Store;
  beforeAll(async () => {
    testConfig = await makeTestConfig(kind);
    store = await openServerStore(testConfig.config, createLogger(testConfig.config));
  });
  afterAll(async () => {
    await store?.close();
    await testConfig?.cleanup();
  });

  test('writes every generated resource with its own id and reports counts and progress', async () => {
    const progress: SeedProgress[] = [];
    const result = await seedDemo(store.repo, OPTIONS, (p) => progress.push(p), 200);
    const expected = expectedCounts(OPTIONS);
    expect(result.byType).toEqual(expected);
    expect(result.patients).toBe(120);
    expect(result.practices).toBe(2);
    expect(result.resources).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    expect(progress.at(-1)).toMatchObject({ resources: result.resources });
    for (const [resourceType, count] of Object.entries(expected)) {
      const bundle = await store.repo.search({ resourceType: resourceType as 'Patient', total: 'accurate', count: 0 });
      expect(bundle.total, resourceType).toBe(count);
    }
    const [first] = generateDemo(OPTIONS);
    const stored = await store.repo.readResource('Organization', first.id as string);
    expect(stored.meta?.security?.[0].code).toBe('HTEST');
  });

  test('writing the same seed again writes nothing: the same resources, no new versions, never duplicates', async () => {
    const again = await seedDemo(store.repo, OPTIONS);
    expect(again.byType).toEqual(expectedCounts(OPTIONS));
    const patients = await store.repo.search({ resourceType: 'Patient', total: 'accurate', count: 0 });
    expect(patients.total).toBe(120);
    const [first] = generateDemo(OPTIONS);
    const stored = await store.repo.readResource('Organization', first.id as string);
    expect(stored.meta?.versionId).toBe('1');
  });

  test('the seed-demo command seeds the configured database and prints a summary; a second run reports the same counts', async () => {
    const cliConfig = await makeTestConfig(kind);
    try {
      const env = {
        TARGET_DATA_DIR: cliConfig.config.dataDir,
        TARGET_DATABASE_URL: cliConfig.config.databaseUrl ?? '',
        TARGET_LOG_LEVEL: 'silent',
      };
      const args = ['--patients', '40', '--practices', '1', '--seed', '3', '--date', '2025-01-15'];
      const first = await cli(args, env);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('Seeded 40 patients in 1 practice(s) (seed 3, reference date 2025-01-15)');
      const expected = expectedCounts({ patients: 40, practices: 1, seed: 3, referenceDate: '2025-01-15' });
      expect(first.stdout).toMatch(new RegExp(`Encounter\\s+${expected.Encounter.toLocaleString('en-US')}\\s*\\n`));
      const again = await cli(args, env);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/Patient\s+40\s*\n/);
    } finally {
      await cliConfig.cleanup();
    }
  });
});

describe('seed-demo command line', () => {
  test.each([
    [['--patients', 'many'], '--patients must be an integer'],
    [['--patients', '10', '--practices', '11'], 'practices must be an integer from 1'],
    [['--date', '2025-13-01'], 'expected a date as YYYY-MM-DD'],
    [['--colour', 'blue'], "Unknown option '--colour'"],
  ])('rejects %j with exit code 2 and the usage, writing nothing', async (args, message) => {
    const { code, stdout, stderr } = await cli(args, { TARGET_DATA_DIR: '/nonexistent/never-created' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: seed-demo');
  });
});
