// `target practice list|show` and `target import --practice/--rule` as a user runs them: the command line's
// main on a database configured only through TARGET_ environment variables, on both databases (in the test's
// process: what a child process adds is main.test.ts's). Patients
// of another system name no practice; the commands list them through the repository (a new version each,
// validated), make the Organizations TARGET practices without an AGB code, and write nothing on a re-run.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Patient, Resource } from '@medplum/fhirtypes';
import { Profiles } from '@target/profiles';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import type { PostgresRepository } from '../../../server/src/store/repository.ts';
import { runMainInProcess } from '../../support/cli.ts';
import { DATABASE_KINDS, makeTestConfig, type TestConfig } from '../../support/database.ts';
import { encounterOn } from '../programme/support.ts';

const OTHER_SYSTEM = 'https://other-system.example/organizations';

const clinic = (id: string): Resource =>
  ({
    resourceType: 'Organization',
    id,
    identifier: [{ system: OTHER_SYSTEM, value: id }],
    // As another generator writes it: the code without the display the profile's pattern has.
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] }],
    name: `Clinic ${id}`,
  }) as Resource;
const patient = (id: string, generalPractitioner?: string): Resource =>
  ({
    resourceType: 'Patient',
    id,
    name: [{ family: `Other-${id}` }],
    ...(generalPractitioner ? { generalPractitioner: [{ reference: generalPractitioner }] } : {}),
  }) as Resource;

/**
 * p1: two GP contacts with clinic-a, one with clinic-b → clinic-a. p2: one with clinic-b, three emergency visits
 * at clinic-a (not GP contacts) → clinic-b. p3: no contact at all. anon: an Organization without identifier.
 */
function records(): Resource[] {
  return [
    clinic('clinic-a'),
    clinic('clinic-b'),
    { resourceType: 'Organization', id: 'anon', name: 'No identifier' } as Resource,
    patient('p1'),
    patient('p2'),
    patient('p3'),
    encounterOn('p1', 'AMB', '2024-01-10', { provider: 'Organization/clinic-a' }),
    encounterOn('p1', 'AMB', '2024-02-10', { provider: 'Organization/clinic-a' }),
    encounterOn('p1', 'AMB', '2024-03-10', { provider: 'Organization/clinic-b' }),
    encounterOn('p2', 'AMB', '2024-01-11', { provider: 'Organization/clinic-b' }),
    ...['2024-02-01', '2024-02-02', '2024-02-03'].map((day) =>
      encounterOn('p2', 'EMER', day, { provider: 'Organization/clinic-a' }),
    ),
  ] as Resource[];
}

describe.each(DATABASE_KINDS)('practice lists from the command line on %s', (kind) => {
  let testConfig: TestConfig;
  let env: NodeJS.ProcessEnv;
  let folder: string;
  const withRepo = async <T>(fn: (repo: PostgresRepository) => Promise<T>): Promise<T> => {
    const store = await openServerStore(testConfig.config, createLogger(testConfig.config));
    try {
      return await fn(store.repo);
    } finally {
      await store.close();
    }
  };
  /** Each patient's generalPractitioner references and version, in one opening of the database. */
  const lists = () =>
    withRepo(async (repo) => {
      const patients = await repo.searchResources<Patient>({ resourceType: 'Patient', count: 100 });
      return Object.fromEntries(
        patients.map((p) => [
          p.id as string,
          { gp: (p.generalPractitioner ?? []).map((r) => r.reference), version: p.meta?.versionId },
        ]),
      );
    });
  const cli = (...args: string[]) => runMainInProcess(args, env);

  beforeAll(async () => {
    testConfig = await makeTestConfig(kind);
    await withRepo((repo) => repo.upsertResources(records()));
    env = {
      TARGET_DATA_DIR: testConfig.config.dataDir,
      TARGET_DATABASE_URL: testConfig.config.databaseUrl ?? '',
      TARGET_LOG_LEVEL: 'silent',
    };
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'target-practice-command-'));
  }, 120_000);
  afterAll(async () => {
    await testConfig?.cleanup();
    await fs.rm(folder, { recursive: true, force: true });
  });

  test('select before any list says there is no TARGET practice and what to run, exit 1', async () => {
    const run = await cli('select', '--date', '2024-06-30');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'No Organization is a TARGET practice, so nothing was selected: 3 patient(s) on record',
    );
    expect(run.stdout).toContain('npm run target -- practice list --rule most-contacts');
  });

  test('list --rule most-contacts lists each patient with the organisation of most GP contacts and makes it a practice', async () => {
    const run = await cli('practice', 'list', '--rule', 'most-contacts');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Patients looked at: 3; listed now: 2; already listed so: 0; left as they were: 1.');
    expect(run.stdout).toContain('Made TARGET practices: Organization/clinic-a, Organization/clinic-b.');
    expect(await lists()).toEqual({
      p1: { gp: ['Organization/clinic-a'], version: '2' },
      p2: { gp: ['Organization/clinic-b'], version: '2' },
      p3: { gp: [], version: '1' },
    });
    const clinicA = await withRepo((repo) => repo.readResource('Organization', 'clinic-a'));
    expect(clinicA.meta?.profile).toEqual([Profiles.TargetPracticeOrganization]);
    expect(clinicA).toMatchObject({ identifier: [{ system: OTHER_SYSTEM, value: 'clinic-a' }] });
  });

  test('the same list again writes nothing', async () => {
    const run = await cli('practice', 'list', '--rule', 'most-contacts');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('listed now: 0; already listed so: 2; left as they were: 1.');
    expect(run.stdout).not.toContain('Made TARGET practices');
  });

  test('list <id> --patients <file|ids> lists those patients with the practice, moving a listed one', async () => {
    const file = path.join(folder, 'patients.txt');
    await fs.writeFile(file, 'Patient/p3\n\n');
    const fromFile = await cli('practice', 'list', 'clinic-a', '--patients', file);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toContain('Patients looked at: 1; listed now: 1;');
    const moved = await cli('practice', 'list', 'Organization/clinic-b', '--rule', 'all', '--patients', 'p1');
    expect(moved.code).toBe(0);
    const now = await lists();
    expect(now.p3).toEqual({ gp: ['Organization/clinic-a'], version: '2' });
    expect(now.p1).toEqual({ gp: ['Organization/clinic-b'], version: '3' });
  });

  test('show lists the practices with the patients each lists and how many are unlisted', async () => {
    const run = await cli('practice', 'show');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^clinic-a\s+Clinic clinic-a\s+yes\s+1\s+https:\/\/other-system/m);
    expect(run.stdout).toMatch(/^clinic-b\s+Clinic clinic-b\s+yes\s+2\s+/m);
    expect(run.stdout).toContain('3 patient(s) on record; 3 listed with a TARGET practice');
  });

  test('requests that cannot run exit 2 saying why, and write nothing', async () => {
    const before = await lists();
    for (const [args, message] of [
      [['practice', 'list', '--rule', 'all'], '--rule all needs the practice'],
      [['practice', 'list', 'clinic-a', '--patients', 'p1,nobody'], '1 patient(s) not found: nobody'],
      [['practice', 'list', 'nowhere'], 'Organization/nowhere not found'],
      [['practice', 'list', 'anon'], 'Organization/anon cannot be a TARGET practice'],
      [['practice', 'list', '--rule', 'biggest'], '--rule must be one of all, most-contacts'],
      [['practice', 'frob'], 'Unknown subcommand "frob"'],
    ] as [string[], string][]) {
      const run = await cli(...args);
      expect({ args, code: run.code, said: run.stderr.includes(message) }).toEqual({ args, code: 2, said: true });
    }
    expect(await lists()).toEqual(before);
  });

  test('import --practice lists the imported patients that name nobody, and never moves a listed one', async () => {
    const file = path.join(folder, 'Patient.ndjson');
    await fs.writeFile(
      file,
      [patient('p5'), patient('p6', 'Organization/clinic-b')].map((p) => JSON.stringify(p)).join('\n'),
    );
    const run = await cli('import', file, '--practice', 'clinic-a');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Practice lists (all):');
    const now = await lists();
    expect(now.p5.gp).toEqual(['Organization/clinic-a']);
    expect(now.p6.gp).toEqual(['Organization/clinic-b']);
    const usage = await cli('import', file, '--rule', 'all');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--rule all needs --practice <Organization id>');
  });
});
