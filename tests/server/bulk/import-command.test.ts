// `target import` as an operator runs it: configured by TARGET_ environment variables, progress on stderr, the
// summary on stdout, and the exit code. The first test runs a separate node process; the others call the
// command line's main in the test's process (runMainInProcess), which differs only in what that test shows.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Config } from '../../../server/src/config.ts';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { runMainInProcess } from '../../support/cli.ts';
import { DATABASE_KINDS, makeTestConfig } from '../../support/database.ts';
import { countByIdentifier, patient, useTempFolder, writeSource } from './import-fixtures.ts';

const MAIN = path.resolve(import.meta.dirname, '../../../server/src/main.ts');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const cliEnv = (config: Config): NodeJS.ProcessEnv => ({
  TARGET_DATA_DIR: config.dataDir,
  TARGET_LOG_LEVEL: 'warn',
  ...(config.databaseUrl ? { TARGET_DATABASE_URL: config.databaseUrl } : {}),
});

/** The command in a node process of its own, as the operator starts it. */
function runCliProcess(args: string[], config: Config): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env.PATH, ...cliEnv(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const runCli = (args: string[], config: Config): Promise<Run> => runMainInProcess(args, cliEnv(config));

describe.each(DATABASE_KINDS)('target import command on %s', (kind) => {
  const tempFolder = useTempFolder();

  test('imports a folder, prints the summary on stdout and exits 1 when lines were rejected', async () => {
    const { config, cleanup } = await makeTestConfig(kind);
    try {
      const folder = tempFolder();
      const value = 'cli';
      const file = await writeSource(folder, 'Patient.ndjson', [
        patient('cli-p1', value),
        'garbage',
        patient('cli-p3', value, { gender: 'x' }),
        patient('cli-p4', value),
      ]);

      const run = await runCliProcess(['import', folder, '--batch-size', '2'], config);

      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        new RegExp(
          [
            '^Resource type  New  Updated  Unchanged  Imported',
            '-------------  ---  -------  ---------  --------',
            'Patient          2        0          0         2',
            'Total            2        0          0         2',
          ].join('\n'),
        ),
      );
      expect(run.stdout).toContain('2 resources imported');
      expect(run.stdout).toContain(`${file}:2: not valid JSON`);
      expect(run.stdout).toMatch(new RegExp(`${file}:3: Patient\\.gender: .*administrative-gender`));
      // Not a terminal: plain progress lines, no carriage returns.
      expect(run.stderr).toMatch(/^import: 4\/4 resources \(100%\), [\d,]+\/s, 2 rejected$/m);
      expect(run.stderr).not.toContain('\r');

      const store = await openServerStore(config, createLogger(config));
      try {
        expect(await countByIdentifier(store.repo, 'Patient', value)).toBe(2);
      } finally {
        await store.close();
      }
    } finally {
      await cleanup();
    }
  });

  test('exits 0 when everything was imported, also when run again over the same folder (all unchanged)', async () => {
    const { config, cleanup } = await makeTestConfig(kind);
    try {
      const folder = tempFolder();
      await writeSource(folder, 'Patient.ndjson', [patient('ok-p1', 'cli-ok'), patient('ok-p2', 'cli-ok')]);

      const first = await runCli(['import', folder], config);
      const second = await runCli(['import', folder], config);

      expect([first.code, second.code]).toEqual([0, 0]);
      expect(second.stdout).toContain('2 resources imported');
      expect(second.stdout).toContain('0 rejected');
      expect(second.stdout).toMatch(/^Total {12}0 {8}0 {10}2 {9}2$/m);
    } finally {
      await cleanup();
    }
  });
});

describe('target import usage errors', () => {
  const tempFolder = useTempFolder();

  test.each([
    ['no path', [], /No path given/],
    ['a path that does not exist', ['/nonexistent/target-import'], /Cannot read \/nonexistent\/target-import: ENOENT/],
    ['an unknown option', ['--fast', '.'], /Unknown option '--fast'/],
    ['a bad batch size', ['.', '--batch-size', '0'], /--batch-size must be an integer/],
  ])('exits 2 for %s, with the usage on stderr', async (_name, args, message) => {
    // Usage errors are found before the database is opened: no database needed.
    const config = { dataDir: tempFolder(), databaseUrl: undefined } as Config;
    const run = await runCli(['import', ...args], config);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Usage: node server/src/main.ts import <path...>');
    expect(run.stdout).toBe('');
  });

  test('help lists the import command', async () => {
    const run = await runCli(['help'], { dataDir: tempFolder(), databaseUrl: undefined } as Config);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}import {2,}Import NDJSON files, FHIR Bundles or folders/m);
  });
});
