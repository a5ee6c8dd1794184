// `target import <path...> [--batch-size N]`: imports into the database the server is configured for
// (TARGET_DATA_DIR for PGlite, TARGET_DATABASE_URL for PostgreSQL). Progress on stderr, the summary on
// stdout. With --practice / --rule, the patients whose record names no general practitioner are then listed
// with a practice (cli/practice.ts). Exit codes: 0 everything imported, 1 some lines rejected (the rest is
// imported), 2 usage error or lists that could not be set.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import {
  countResources,
  formatSummary,
  ImportPathError,
  importSources,
  listSourceFiles,
} from '../bulk-import/import.ts';
import { DEFAULT_BATCH_SIZE } from '../bulk-import/writer.ts';
import { loadConfig } from '../config.ts';
import { openServerStore } from '../open-server-store.ts';
import { ProgressReporter, type ProgressStream } from '../platform/progress.ts';
import {
  assignPracticeLists,
  LIST_RULES,
  ListError,
  type ListRequest,
  type ListRule,
} from '../programme/practice-lists/assign.ts';
import { formatListSummary } from './practice.ts';

export const IMPORT_USAGE = `Usage: node server/src/main.ts import <path...> [--batch-size N] [--practice <Organization id>] [--rule all|most-contacts]

Imports FHIR resources from NDJSON files (*.ndjson, *.ndjson.gz: one resource per line), JSON files (*.json:
a transaction, batch or collection Bundle, or one resource) and folders holding them (searched recursively).
Resources keep their ids, and a Bundle's created entries get stable ones (the uuid of a urn:uuid fullUrl), so
importing the same files again writes nothing: a resource stored with the same content is left as it is (counted
unchanged), one with other content gets a new version. Rejected lines are listed with file and line; the rest is
imported.

  --batch-size N   resources per database transaction (default ${DEFAULT_BATCH_SIZE})
  --practice <id>  afterwards, list the patients whose record names no general practitioner with this
                   Organization (it becomes a TARGET practice; no AGB code is needed)
  --rule R         all (default with --practice): every such patient; most-contacts: each such patient with
                   the organisation that provided most of their GP contacts (with --practice: only those whose
                   organisation it is). Patients already listed are never moved: use \`practice list\` for that.
`;

const EXIT_OK = 0;
const EXIT_REJECTED = 1;
const EXIT_USAGE = 2;
const MAX_BATCH_SIZE = 10_000;

export interface CommandIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
}

const IMPORT_OPTIONS = {
  'batch-size': { type: 'string' },
  practice: { type: 'string' },
  rule: { type: 'string' },
} as const;

interface ImportCommandOptions {
  paths: string[];
  batchSize: number;
  /** The practice lists to set after the import (only patients whose record names no general practitioner). */
  lists?: ListRequest;
}

function parse(args: string[]): ImportCommandOptions | string {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof IMPORT_OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options: IMPORT_OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return (err as Error).message;
  }
  const raw = parsed.values['batch-size'];
  const batchSize = raw === undefined ? DEFAULT_BATCH_SIZE : Number(raw);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    return `--batch-size must be an integer between 1 and ${MAX_BATCH_SIZE}, got "${raw}"`;
  }
  const practice = parsed.values.practice?.replace(/^Organization\//, '');
  const rule = parsed.values.rule ?? (practice ? 'all' : undefined);
  if (rule === undefined) {
    return { paths: parsed.positionals, batchSize };
  }
  if (!LIST_RULES.includes(rule as ListRule)) {
    return `--rule must be one of ${LIST_RULES.join(', ')}, got "${rule}"`;
  }
  if (rule === 'all' && !practice) {
    return '--rule all needs --practice <Organization id>';
  }
  const lists: ListRequest = { rule: rule as ListRule, onlyUnlisted: true, ...(practice ? { practice } : {}) };
  return { paths: parsed.positionals, batchSize, lists };
}

/**
 * Runs the import command.
 * @param args - The arguments after `import`.
 * @param io - Where progress (stderr) and the summary (stdout) go.
 * @returns The process exit code.
 */
export async function runImportCommand(
  args: string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const options = parse(args);
  if (typeof options === 'string') {
    io.stderr.write(`${options}\n\n${IMPORT_USAGE}`);
    return EXIT_USAGE;
  }
  let files: string[];
  try {
    // Paths are checked before the database is opened: a typo should not cost a migration run.
    files = await listSourceFiles(options.paths);
  } catch (err) {
    if (err instanceof ImportPathError) {
      io.stderr.write(`${err.message}\n\n${IMPORT_USAGE}`);
      return EXIT_USAGE;
    }
    throw err;
  }
  const config = loadConfig();
  // Logs go to stderr here: stdout carries the summary, which scripts may read.
  const logger = pino({ name: 'target', level: config.logLevel }, pino.destination(2));
  const store = await openServerStore(config, logger);
  try {
    const progress = new ProgressReporter({
      label: 'import',
      unit: 'resources',
      total: await countResources(files),
      stream: io.stderr,
    });
    const summary = await importSources(files, {
      repo: store.repo,
      batchSize: options.batchSize,
      onProgress: ({ imported, rejected }) =>
        progress.update(imported + rejected, rejected > 0 ? `${rejected} rejected` : undefined),
    });
    progress.finish(
      summary.importedTotal + summary.errorCount,
      summary.errorCount > 0 ? `${summary.errorCount} rejected` : undefined,
    );
    io.stdout.write(formatSummary(summary));
    if (options.lists) {
      try {
        io.stdout.write(`\nPractice lists (${options.lists.rule}):\n`);
        io.stdout.write(formatListSummary(await assignPracticeLists(store.repo, options.lists)));
      } catch (err) {
        if (err instanceof ListError) {
          io.stderr.write(`Patients not listed: ${err.message}\n`);
          return EXIT_USAGE;
        }
        throw err;
      }
    }
    return summary.errorCount > 0 ? EXIT_REJECTED : EXIT_OK;
  } finally {
    await store.close();
  }
}
