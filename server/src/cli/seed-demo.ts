// `target seed-demo`: fills the server's own database (TARGET_ settings) with demo practices.
//   npm run target -- seed-demo --patients 2000 --practices 1 --seed 1 --date 2025-06-30
// Progress goes to stderr, the summary to stdout. Seeding the same seed again updates the same resources.
import { parseArgs } from 'node:util';
import { practiceToday } from '@target/profiles';
import { loadConfig } from '../config.ts';
import { checkDemoOptions, type DemoOptions } from '../demo/generate.ts';
import { type SeedResult, seedDemo } from '../demo/seed.ts';
import { openServerStore } from '../open-server-store.ts';
import { createLogger } from '../platform/logger.ts';
import { formatCount, formatTable, ProgressReporter, ratePerSecond } from '../platform/progress.ts';

const EXIT_USAGE = 2;

export const SEED_DEMO_USAGE =
  'Usage: seed-demo [--patients N (2000)] [--practices P (1)] [--seed S (1)] [--date YYYY-MM-DD (today)]';

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
    referenceDate: values.date ?? practiceToday(),
  };
  checkDemoOptions(options);
  return options;
}

export function formatSummary(options: DemoOptions, result: SeedResult): string {
  const seconds = result.elapsedMs / 1000;
  const rows = Object.entries(result.byType).map(([type, count]) => [type, formatCount(count)]);
  return [
    `Seeded ${formatCount(result.patients)} patients in ${formatCount(result.practices)} practice(s) ` +
      `(seed ${options.seed}, reference date ${options.referenceDate}) in ${seconds.toFixed(1)} s:`,
    formatTable(
      ['resource type', 'resources'],
      [
        ...rows,
        ['total', formatCount(result.resources)],
        ['resources/s', formatCount(ratePerSecond(result.resources, result.elapsedMs))],
      ],
    ),
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
  const config = loadConfig();
  const store = await openServerStore(config, createLogger(config));
  try {
    const progress = new ProgressReporter({ label: 'seed-demo', unit: 'resources' });
    const result = await seedDemo(store.repo, options, (p) => progress.update(p.resources));
    progress.finish(result.resources);
    process.stdout.write(`${formatSummary(options, result)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
