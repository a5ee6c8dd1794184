// `target select` and `target settings` as a user runs them: the command line's main on a database configured
// only through TARGET_ environment variables (in the test's process: what a child process adds is main.test.ts's).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resourceId } from '../../../server/src/demo/random.ts';
import { seedDemo } from '../../../server/src/demo/seed.ts';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { runMainInProcess as cli } from '../../support/cli.ts';
import { makeTestConfig, type TestConfig } from '../../support/database.ts';

const DATE = '2025-06-30';
const PRACTICE = resourceId('Organization', 0, 4);

describe('selection commands on PostgreSQL', () => {
  let testConfig: TestConfig;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    testConfig = await makeTestConfig('postgres');
    const store = await openServerStore(testConfig.config, createLogger(testConfig.config));
    await seedDemo(store.repo, { patients: 150, practices: 1, seed: 4, referenceDate: DATE });
    await store.close();
    env = {
      TARGET_DATA_DIR: testConfig.config.dataDir,
      TARGET_DATABASE_URL: testConfig.config.databaseUrl ?? '',
      TARGET_LOG_LEVEL: 'silent',
    };
  }, 120_000);
  afterAll(async () => {
    await testConfig?.cleanup();
  });

  test('select prints a table per practice and stores the selection Group', async () => {
    const run = await cli(['select', '--practice', PRACTICE, '--date', DATE], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^practice\s+listed\s+chronic\s+high\s+medium\s+low\s+new\s+HNHC/m);
    expect(run.stdout).toMatch(new RegExp(`^${PRACTICE}\\s+150\\s+\\d+`, 'm'));
    expect(run.stdout).toContain('Subgroups are a rule-based approximation');
    const store = await openServerStore(testConfig.config, createLogger(testConfig.config));
    const groups = await store.repo.search({ resourceType: 'Group', count: 0, total: 'accurate' });
    await store.close();
    expect(groups.total).toBe(1);
  });

  test('settings lists every setting with its evidence, and --set stores a new version', async () => {
    const before = await cli(['settings', '--practice', PRACTICE], env);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/^contact-weight\.visit\s+1\.5\s+assumption$/m);
    expect(before.stdout).toMatch(/^high-percentile\s+90\s+default$/m);
    const version = /_history\/(\d+)/.exec(before.stdout)?.[1];
    const after = await cli(
      ['settings', '--practice', PRACTICE, '--set', 'high-percentile=85', '--set', 'contact-weight.visit=2'],
      env,
    );
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^high-percentile\s+85\s+default$/m);
    expect(after.stdout).toMatch(/^contact-weight\.visit\s+2\s+assumption$/m);
    expect(Number(/_history\/(\d+)/.exec(after.stdout)?.[1])).toBe(Number(version) + 1);
  });

  test('settings --set chronic-disease-code adds a code of the practice to a disease, keeping the ones it had', async () => {
    const set = (code: string) => ['--set', `chronic-disease-code.heart-failure=${code}`];
    const first = await cli(['settings', '--practice', PRACTICE, ...set('sct|9990041000146107')], env);
    expect(first.code).toBe(0);
    const second = await cli(['settings', '--practice', PRACTICE, ...set('http://hl7.org/fhir/sid/icd-10|I11.0')], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      /^chronic-disease-code\.heart-failure\s+http:\/\/snomed\.info\/sct\|9990041000146107\s+assumption$/m,
    );
    expect(second.stdout).toMatch(
      /^chronic-disease-code\.heart-failure\s+http:\/\/hl7\.org\/fhir\/sid\/icd-10\|I11\.0\s+assumption$/m,
    );
  });

  test.each([
    [['settings', '--practice', PRACTICE, '--set', 'high-percentile=abc'], 2, 'high-percentile must be decimal'],
    [
      ['settings', '--practice', PRACTICE, '--set', 'chronic-disease-code.gout=sct|90560007'],
      2,
      'chronic-disease-code.<disease> needs one of the 28 diseases',
    ],
    [
      ['settings', '--practice', PRACTICE, '--set', 'chronic-disease-code.diabetes=icd-10|250.00'],
      2,
      'chronic-disease-code: 250.00 is not a http://hl7.org/fhir/sid/icd-10 code',
    ],
    [['settings', '--practice', PRACTICE, '--set', 'category-method=fixed'], 2, 'method fixed needs both thresholds'],
    // The same check (and words) as the server's write rule answers with over HTTP (settings-rule.test.ts).
    [
      ['settings', '--practice', PRACTICE, '--set', 'contact-weight.visit=-1'],
      2,
      'contact-weight: weight of visit must be zero or more',
    ],
    [
      [
        'settings',
        '--practice',
        PRACTICE,
        ...['category-method=fixed', 'high-threshold=5', 'medium-threshold=8'].flatMap((s) => ['--set', s]),
      ],
      2,
      'medium-threshold: need 0 ≤ medium ≤ high',
    ],
    [['settings', '--set', 'high-percentile=80'], 2, '--practice is required'],
    [['settings', '--practice', PRACTICE, '--set', 'colour=blue'], 2, 'unknown setting "colour"'],
    [['select', '--date', '2025-02-30'], 2, '--date must be a date'],
    [['select', '--practice', 'nobody', '--date', DATE], 1, 'The selection did not run'],
  ])('%j exits with %i and says why', async (args, code, message) => {
    const run = await cli(args, env);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
  });
});
