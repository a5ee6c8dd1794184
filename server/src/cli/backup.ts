// `target backup --to <file>` and `target restore --from <file>`: the whole database, resources, history,
// indexes, jobs, authorization state and the audit trail, in one file. PostgreSQL (TARGET_DATABASE_URL):
// pg_dump's custom format, restored with pg_restore in one transaction. The embedded database (PGlite in
// TARGET_DATA_DIR): PGlite's own data folder dump (tar.gz), which only a process holding the folder may take,
// so no server may run on it meanwhile. A restore goes into an empty place only (a new PostgreSQL database, a
// data folder without a database) and leaves nothing behind when it fails. Exit codes: 0 done, 1 failed
// (reason on stderr), 2 usage error. The data folder's files beside the database are not in the file:
// `<data>/keys` (signing and cookie keys) are secrets the operator keeps apart, `<data>/auth` the demo users and
// client registry; a server restored without the keys makes new ones (earlier tokens are then refused).
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { type Config, loadConfig } from '../config.ts';
import { EmbeddedDatabaseLock } from '../platform/embedded-lock.ts';
import { openDatabase } from '../store/database/database.ts';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const BACKUP_USAGE = `Usage: node server/src/main.ts backup --to <file>

Writes the whole database to <file>: pg_dump's custom format for PostgreSQL (TARGET_DATABASE_URL), a tar.gz
of the embedded database (TARGET_DATA_DIR) otherwise, which no running server may hold.
`;

const RESTORE_USAGE = `Usage: node server/src/main.ts restore --from <file>

Restores a backup into an empty database: a new PostgreSQL database (TARGET_DATABASE_URL), or a data folder
(TARGET_DATA_DIR) without an embedded database. Start the server on it afterwards.
`;

/** The first bytes of each kind of backup file, to refuse one of the other kind with a clear reason. */
const PG_DUMP_MAGIC = Buffer.from('PGDMP');
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

class BackupFailed extends Error {}

const run = promisify(execFile);

function fileArgument(args: string[], name: 'to' | 'from'): string | { usage: string } {
  try {
    const { values } = parseArgs({ args, options: { [name]: { type: 'string' } }, strict: true });
    const file = values[name];
    return typeof file === 'string' && file !== '' ? path.resolve(file) : { usage: `--${name} <file> is required` };
  } catch (err) {
    return { usage: (err as Error).message };
  }
}

/**
 * Runs a PostgreSQL client program on the database of `databaseUrl`; its own message (stderr) becomes the
 * reason on failure. The password goes in the environment (PGPASSWORD), not on the command line, where every
 * local user could read it (ps, /proc).
 */
async function runPostgresTool(program: string, args: string[], databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  try {
    await run(program, [`--dbname=${url.toString()}`, ...args], {
      maxBuffer: 16 * 1024 * 1024,
      env: password ? { ...process.env, PGPASSWORD: password } : process.env,
    });
  } catch (err) {
    const { code, stderr } = err as NodeJS.ErrnoException & { stderr?: string };
    if (code === 'ENOENT') {
      throw new BackupFailed(`${program} was not found on PATH: install the PostgreSQL client programs`);
    }
    throw new BackupFailed(`${program} failed: ${(stderr ?? (err as Error).message).trim()}`);
  }
}

const embeddedFolder = (config: Config): string => path.join(config.dataDir, 'pglite');

/** Runs `fn` holding the data folder's embedded database (EmbeddedDatabaseBusy while a server holds it). */
async function withEmbeddedLock<T>(config: Config, command: string, fn: () => Promise<T>): Promise<T> {
  const lock = await EmbeddedDatabaseLock.acquire(config.dataDir, command);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

async function backup(config: Config, file: string): Promise<void> {
  // Written aside and renamed: a failed backup never leaves a file that looks complete.
  const partial = `${file}.partial`;
  // The backup holds every patient record and the sign-in sessions: readable by the operator only. Created
  // anew (a stale or planted file or link under that name is removed, never written through).
  await fs.rm(partial, { force: true });
  await (await fs.open(partial, 'wx', 0o600)).close();
  try {
    if (config.databaseUrl) {
      await runPostgresTool('pg_dump', ['--format=custom', `--file=${partial}`], config.databaseUrl);
    } else {
      await withEmbeddedLock(config, 'backup', async () => {
        try {
          await fs.access(path.join(embeddedFolder(config), 'PG_VERSION'));
        } catch {
          throw new BackupFailed(`There is no embedded database in ${config.dataDir}`);
        }
        const pglite = await PGlite.create(embeddedFolder(config));
        try {
          const dump = await pglite.dumpDataDir('gzip');
          await fs.writeFile(partial, Buffer.from(await dump.arrayBuffer()));
        } finally {
          await pglite.close();
        }
      });
    }
    await fs.rename(partial, file);
  } finally {
    await fs.rm(partial, { force: true });
  }
}

async function expectBackupKind(file: string, magic: Buffer, kind: string): Promise<void> {
  const handle = await fs.open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new BackupFailed(`Cannot read ${file}: ${err.code ?? err.message}`);
  });
  try {
    const head = Buffer.alloc(magic.length);
    await handle.read(head, 0, magic.length, 0);
    if (!head.equals(magic)) {
      throw new BackupFailed(`${file} is not a backup of ${kind}`);
    }
  } finally {
    await handle.close();
  }
}

async function restore(config: Config, file: string): Promise<void> {
  if (config.databaseUrl) {
    await expectBackupKind(file, PG_DUMP_MAGIC, 'a PostgreSQL database (pg_dump custom format)');
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
    try {
      const [{ tables }] = await db.query<{ tables: number }>(
        `SELECT count(*)::int AS tables FROM pg_tables WHERE schemaname = 'public'`,
      );
      if (tables > 0) {
        throw new BackupFailed('The database is not empty: restore into a new database');
      }
    } finally {
      await db.close();
    }
    // One transaction: a restore that fails part-way leaves the database empty.
    await runPostgresTool(
      'pg_restore',
      ['--exit-on-error', '--single-transaction', '--no-owner', file],
      config.databaseUrl,
    );
    return;
  }
  await expectBackupKind(file, GZIP_MAGIC, 'an embedded database (tar.gz)');
  await withEmbeddedLock(config, 'restore', async () => {
    const folder = embeddedFolder(config);
    const existing = await fs.readdir(folder).catch(() => []);
    if (existing.length > 0) {
      throw new BackupFailed(`${folder} already holds a database: restore into a data folder without one`);
    }
    try {
      const pglite = await PGlite.create(folder, { loadDataDir: new Blob([await fs.readFile(file)]) });
      await pglite.close();
    } catch (err) {
      await fs.rm(folder, { recursive: true, force: true });
      throw new BackupFailed(`${file} could not be restored: ${(err as Error).message}`);
    }
  });
}

async function runFileCommand(
  args: string[],
  name: 'to' | 'from',
  usage: string,
  work: (config: Config, file: string) => Promise<void>,
  done: (file: string) => string,
): Promise<number> {
  const file = fileArgument(args, name);
  if (typeof file !== 'string') {
    process.stderr.write(`${file.usage}\n\n${usage}`);
    return EXIT_USAGE;
  }
  const config = loadConfig();
  try {
    await work(config, file);
  } catch (err) {
    if (err instanceof BackupFailed) {
      process.stderr.write(`${err.message}\n`);
      return EXIT_FAILED;
    }
    throw err;
  }
  process.stdout.write(`${done(file)}\n`);
  return 0;
}

export function runBackupCommand(args: string[]): Promise<number> {
  return runFileCommand(args, 'to', BACKUP_USAGE, backup, (file) => `Backup written to ${file}`);
}

export function runRestoreCommand(args: string[]): Promise<number> {
  return runFileCommand(args, 'from', RESTORE_USAGE, restore, (file) => `Restored ${file}`);
}
