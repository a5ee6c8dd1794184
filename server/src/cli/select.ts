// `target select [--practice <id>] [--date YYYY-MM-DD]`: runs the TARGET selection on the server's own
// database (every TARGET practice when no practice is given), with progress on stderr and a summary table
// per practice on stdout. Exit codes: 0 done, 1 the selection could not run or there is no TARGET practice
// (reason printed), 2 usage error.
import { parseArgs } from 'node:util';
import { OperationOutcomeError, operationOutcomeToString } from '@medplum/core';
import { noPracticeOutcome, practiceToday } from '@target/profiles';
import { loadConfig } from '../config.ts';
import { openServerStore } from '../open-server-store.ts';
import { createLogger } from '../platform/logger.ts';
import { formatDuration, formatTable, ProgressReporter, type ProgressStream } from '../platform/progress.ts';
import { patientCensus } from '../programme/selection/listed.ts';
import { type PracticeSummary, runSelection } from '../programme/selection/selection.ts';
import { selectionTerminology } from '../programme/selection/terminology.ts';

export const SELECT_USAGE = `Usage: node server/src/main.ts select [--practice <Organization id>] [--date YYYY-MM-DD]

Computes the care burden of every chronically ill patient of the practice (or of every TARGET practice) on
the reference date (default today, Europe/Amsterdam) and stores the selection Group and the care burden
Observations; a second run for the same practice and date updates them.
`;

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

export interface CommandIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
}

function parse(args: string[]): { practice?: string; date: string } | string {
  try {
    const { values } = parseArgs({
      args,
      options: { practice: { type: 'string' }, date: { type: 'string' } },
      strict: true,
    });
    const date = values.date ?? practiceToday();
    const parsed = Date.parse(`${date}T00:00:00Z`);
    if (Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== date) {
      return `--date must be a date (YYYY-MM-DD), got "${date}"`;
    }
    const practice = values.practice?.replace(/^Organization\//, '');
    return { ...(practice ? { practice } : {}), date };
  } catch (err) {
    return (err as Error).message;
  }
}

/** The summary table: one row per practice. */
export function formatSelectionTable(summaries: readonly PracticeSummary[]): string {
  return formatTable(
    ['practice', 'listed', 'chronic', 'high', 'medium', 'low', 'new', 'HNHC', 'mean', 'P-high', 'selection'],
    summaries.map((s) => [
      s.practiceId,
      s.listed,
      s.chronicallyIll,
      s.categories.high,
      s.categories.medium,
      s.categories.low,
      s.categories.new,
      s.hnhc,
      Number.isNaN(s.cutoffs.mean) ? '–' : s.cutoffs.mean.toFixed(2),
      Number.isNaN(s.cutoffs.high) ? '–' : s.cutoffs.high.toFixed(2),
      s.group ?? '–',
    ]),
  );
}

export async function runSelectCommand(
  args: string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const options = parse(args);
  if (typeof options === 'string') {
    io.stderr.write(`${options}\n\n${SELECT_USAGE}`);
    return EXIT_USAGE;
  }
  const config = loadConfig();
  const logger = createLogger({ ...config, logLevel: 'warn' });
  const store = await openServerStore(config, logger);
  try {
    const progress = new ProgressReporter({ label: 'select', unit: 'practices', stream: io.stderr });
    const started = performance.now();
    const summaries = await runSelection(
      store.repo,
      { ...(options.practice ? { practices: [options.practice] } : {}), referenceDate: options.date },
      {
        terminology: selectionTerminology(config, logger),
        onProgress: (p) => {
          progress.setTotal(p.total);
          progress.update(p.done, p.message);
        },
      },
    );
    progress.finish(summaries.length, 'done');
    if (summaries.length === 0) {
      const census = await patientCensus(store.repo, options.date);
      io.stdout.write(`${noPracticeOutcome(census.patients).issue?.[0]?.details?.text}\n`);
      return EXIT_FAILED;
    }
    io.stdout.write(formatSelectionTable(summaries));
    for (const issue of summaries.flatMap((s) => s.outcome?.issue ?? [])) {
      io.stdout.write(`\n${issue.severity === 'information' ? 'Note' : 'Warning'}: ${issue.details?.text}\n`);
    }
    const patients = summaries.reduce((sum, s) => sum + s.listed, 0);
    io.stdout.write(
      `\nSelection on ${options.date}: ${summaries.length} practice(s), ${patients.toLocaleString('en-US')} patients, ` +
        `${formatDuration(performance.now() - started)}. Subgroups are a rule-based approximation.\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      io.stderr.write(`\nThe selection did not run: ${operationOutcomeToString(err.outcome)}\n`);
      return EXIT_FAILED;
    }
    throw err;
  } finally {
    await store.close();
  }
}
