// Command-line entry: `node server/src/main.ts <command> [args]` (`npm run target -- <command>`).
// Each command is one entry in COMMANDS; `help` prints the table. Modules a command needs are imported
// inside it, so `help` stays fast and one command's start-up cost is not paid by the others.

import { type Config, ConfigError, loadConfig } from './config.ts';
import { startHttpServer } from './http-server.ts';
import { EmbeddedDatabaseBusy, EmbeddedDatabaseLock } from './platform/embedded-lock.ts';
import { createLogger, type Logger } from './platform/logger.ts';

interface Command {
  /** One line for `help`. */
  readonly description: string;
  /** Resolves with the process exit code. */
  run(args: string[]): Promise<number>;
}

/** Exit code for an unknown command or a bad configuration value: the operator must change the invocation. */
const EXIT_USAGE = 2;

const COMMANDS: Record<string, Command> = {
  serve: {
    description:
      'Start the FHIR server (default when no command is given); --demo seeds a demo practice into an empty database.',
    run: serve,
  },
  import: {
    description:
      'Import NDJSON files, FHIR Bundles or folders of them: import <path...> [--batch-size N] [--practice <id>] [--rule all|most-contacts].',
    run: async (args) => {
      const { runImportCommand } = await import('./cli/import.ts');
      return runImportCommand(args);
    },
  },
  practice: {
    description:
      'Practice lists: practice list [<Organization id>] [--rule all|most-contacts] [--patients <ids|file>]; practice show [<id>].',
    run: async (args) => (await import('./cli/practice.ts')).runPracticeCommand(args),
  },
  select: {
    description: 'Run the TARGET selection: select [--practice <Organization id>] [--date YYYY-MM-DD].',
    run: async (args) => (await import('./cli/select.ts')).runSelectCommand(args),
  },
  settings: {
    description: "Show or change a practice's TARGET settings: settings --practice <id> [--set key=value ...].",
    run: async (args) => (await import('./cli/settings.ts')).runSettingsCommand(args),
  },
  'seed-demo': {
    description: 'Fill the database with synthetic demo practices (--patients --practices --seed --date).',
    run: async (args) => (await import('./cli/seed-demo.ts')).runSeedDemo(args),
  },
  backup: {
    description:
      'Write the whole database to a file: backup --to <file> (pg_dump custom format, or a tar.gz of the embedded database while no server holds it).',
    run: async (args) => (await import('./cli/backup.ts')).runBackupCommand(args),
  },
  restore: {
    description: 'Restore a backup into an empty database: restore --from <file>; then start the server on it.',
    run: async (args) => (await import('./cli/backup.ts')).runRestoreCommand(args),
  },
  token: {
    description: 'Print a signed access token: token --scope "system/*.cruds" [--user <demo user>] [--expires 3600].',
    run: async (args) => (await import('./cli/token.ts')).runTokenCommand(args),
  },
  help: {
    description: 'Show the commands.',
    run: async () => {
      printHelp(process.stdout);
      return 0;
    },
  },
};

async function serve(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--demo');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown argument "${unknown[0]}": serve [--demo]\n`);
    return EXIT_USAGE;
  }
  const config = loadConfig();
  const logger = createLogger(config);
  // The embedded database admits one process: claim its folder first, and release it once stopped.
  const lock = config.databaseUrl ? undefined : await EmbeddedDatabaseLock.acquire(config.dataDir, 'serve');
  try {
    return await serveUntilSignal(config, logger, args, lock);
  } finally {
    await lock?.release();
  }
}

async function serveUntilSignal(
  config: Config,
  logger: Logger,
  args: string[],
  lock: EmbeddedDatabaseLock | undefined,
): Promise<number> {
  const { createTargetServer } = await import('./app.ts');
  const target = await createTargetServer(config, logger);
  const running = await startHttpServer(target.app, {
    port: config.port,
    host: config.host,
    logger,
    onClose: () => target.close(),
    requestTimeoutMs: config.requestTimeoutMs,
  });
  // Commands that need the folder's database (token --user) ask this server from now on.
  await lock?.listening(running.url);
  logger.info({ url: `${config.baseUrl}/fhir`, listening: running.url }, `FHIR server ready at ${config.baseUrl}/fhir`);
  if (args.includes('--demo')) {
    // In the background: the server answers while the demo practice is written.
    const { seedDemoOnFirstStart } = await import('./demo/first-start.ts');
    seedDemoOnFirstStart(target.repo, logger).catch((err: unknown) =>
      logger.error({ err }, 'seeding the demo practice failed'),
    );
  }

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info({ signal }, 'shutting down');
  // A second signal while draining means "now": do not make the operator wait for the timeout.
  const forceExit = (): never => process.exit(1);
  process.once('SIGINT', forceExit);
  process.once('SIGTERM', forceExit);
  await running.stop();
  return 0;
}

function printHelp(out: NodeJS.WritableStream): void {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.description}`);
  out.write(`Usage: node server/src/main.ts <command> [args]\n\nCommands:\n${lines.join('\n')}\n`);
}

/**
 * Runs one command.
 * @param argv - The arguments after the script name; the first is the command.
 * @returns The process exit code.
 */
export async function main(argv: string[]): Promise<number> {
  const [name = 'serve', ...args] = argv;
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n`);
    printHelp(process.stderr);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof EmbeddedDatabaseBusy) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
