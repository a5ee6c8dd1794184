// `target seed-demo`: fills the server's own database (TARGET_ settings) with demo practices.
//   npm run target -- seed-demo --patients 2000 --practices 1 --seed 1 --date 2025-06-30
// Progress goes to stderr every ~2 s, the summary to stdout.
import { parseArgs } from 'node:util';
import { isNotFound, OperationOutcomeError } from '@medplum/core';
import { loadConfig } from '../config.ts';
import { checkDemoOptions, type DemoOptions } from './generate.ts';
import { resourceId } from './random.ts';
import { openSeedStore, type SeedProgress, type SeedResult, seedDemo } from './seed.ts';

const EXIT_USAGE = 2;
const PROGRESS_EVERY_MS = 2000;

export const SEED_DEMO_USAGE =
  'Usage: seed-demo [--patients N (2000)] [--practices P (1)] [--seed S (1)] [--date YYYY-MM-DD (today)]';

/** Today in the Netherlands, as YYYY-MM-DD (the Swedish locale writes ISO dates). */
function today(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

function integer(name: string, raw: string): number {
  if (!/^-?\d+$/.test(raw)) {
    throw new RangeError(`${name} must be an integer, got "${raw}"`);
  }
  return Number(raw);
}

/** The options from the command line; throws a RangeError naming the bad argument. */
export function parseSeedArgs(args: string[]): DemoOptions {
  const { values } = parseArgs({
    args,
    options: {
      patients: { type: 'string', default: '2000' },
      practices: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      date: { type: 'string' },
    },
    strict: true,
  });
  const options: DemoOptions = {
    patients: integer('--patients', values.patients),
    practices: integer('--practices', values.practices),
    seed: integer('--seed', values.seed),
    referenceDate: values.date ?? today(),
  };
  checkDemoOptions(options);
  return options;
}

function number(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatSummary(options: DemoOptions, result: SeedResult): string {
  const seconds = result.elapsedMs / 1000;
  const width = Math.max(...Object.keys(result.byType).map((type) => type.length));
  const lines = Object.entries(result.byType).map(([type, count]) => `  ${type.padEnd(width)}  ${number(count)}`);
  return [
    `Seeded ${number(result.patients)} patients in ${number(result.practices)} practice(s) ` +
      `(seed ${options.seed}, reference date ${options.referenceDate}) in ${seconds.toFixed(1)} s:`,
    ...lines,
    `  ${'total'.padEnd(width)}  ${number(result.resources)} resources, ${number(Math.round(result.resources / seconds))} resources/s`,
  ].join('\n');
}

export async function runSeedDemo(args: string[]): Promise<number> {
  let options: DemoOptions;
  try {
    options = parseSeedArgs(args);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${SEED_DEMO_USAGE}\n`);
    return EXIT_USAGE;
  }
  const store = await openSeedStore(loadConfig());
  try {
    // The ids are a function of the seed: a second run would collide on the first resource already.
    const firstPractice = resourceId('Organization', 0, options.seed);
    const existing = await store.repo.readResource('Organization', firstPractice).then(
      () => true,
      (err: unknown) => {
        if (err instanceof OperationOutcomeError && isNotFound(err.outcome)) {
          return false;
        }
        throw err;
      },
    );
    if (existing) {
      process.stderr.write(
        `Demo data with seed ${options.seed} is already in this database (Organization/${firstPractice}); ` +
          'use another --seed or an empty database.\n',
      );
      return 1;
    }
    let lastReport = performance.now();
    const report = (p: SeedProgress): void => {
      const now = performance.now();
      if (now - lastReport >= PROGRESS_EVERY_MS) {
        lastReport = now;
        const rate = Math.round(p.resources / (p.elapsedMs / 1000));
        process.stderr.write(
          `seed-demo: ${number(p.patients)}/${number(p.totalPatients)} patients, ${number(p.resources)} resources, ${number(rate)}/s\n`,
        );
      }
    };
    const result = await seedDemo(store.repo, options, report);
    process.stdout.write(`${formatSummary(options, result)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
