// Which process holds the embedded (PGlite) database of a data folder: `<data>/pglite.lock`, a JSON line with
// its process id, its command and, once a server listens, its loopback URL. PGlite has no lock of its own
// (its postmaster.pid names no real process), and a second process opening the same folder aborts
// (`RuntimeError: Aborted()`) or corrupts it. So `serve` claims the folder before opening it and releases it
// on stop; the token command asks a server that holds the folder instead of opening it (auth/token-command.ts).
// A PostgreSQL server needs none of this: any number of processes may connect.
import fs from 'node:fs/promises';
import path from 'node:path';

const LOCK_FILE = 'pglite.lock';

export interface LockHolder {
  readonly pid: number;
  /** The command that holds it: `serve`, `token`, … */
  readonly command: string;
  /** The listening server's loopback URL (`http://127.0.0.1:8080`); absent while it starts. */
  readonly url?: string;
}

/** The folder is held by another live process. */
export class EmbeddedDatabaseBusy extends Error {
  readonly holder: LockHolder;

  constructor(dataDir: string, holder: LockHolder) {
    const user =
      holder.command === 'serve'
        ? `a TARGET server (process ${holder.pid}${holder.url ? `, ${holder.url}` : ', still starting'})`
        : `process ${holder.pid} (${holder.command})`;
    super(
      `The embedded database in ${dataDir} is in use by ${user}: try again when it is ` +
        `${holder.command === 'serve' && !holder.url ? 'ready' : 'done'}, or remove ${path.join(dataDir, LOCK_FILE)} ` +
        'if that process is not TARGET.',
    );
    this.holder = holder;
  }
}

/** Hard-links `draft` as `file`; false when `file` exists. */
async function linked(draft: string, file: string): Promise<boolean> {
  try {
    await fs.link(draft, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw err;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live process holding the folder's embedded database, if any (a crashed holder's lock is ignored). */
export async function embeddedDatabaseHolder(dataDir: string): Promise<LockHolder | undefined> {
  let holder: Partial<LockHolder>;
  try {
    holder = JSON.parse(await fs.readFile(path.join(dataDir, LOCK_FILE), 'utf8')) as Partial<LockHolder>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof SyntaxError) {
      return undefined;
    }
    throw err;
  }
  return typeof holder.pid === 'number' && Number.isInteger(holder.pid) && alive(holder.pid)
    ? { pid: holder.pid, command: String(holder.command ?? 'unknown'), ...(holder.url ? { url: holder.url } : {}) }
    : undefined;
}

export class EmbeddedDatabaseLock {
  private readonly file: string;
  private readonly command: string;

  private constructor(file: string, command: string) {
    this.file = file;
    this.command = command;
  }

  /** Claims the folder for this process; EmbeddedDatabaseBusy when a live process holds it. */
  static async acquire(dataDir: string, command: string): Promise<EmbeddedDatabaseLock> {
    await fs.mkdir(dataDir, { recursive: true });
    const file = path.join(dataDir, LOCK_FILE);
    const lock = new EmbeddedDatabaseLock(file, command);
    // Written aside, then linked into place: the lock appears atomically and complete, or not at all.
    const draft = await lock.draft({ pid: process.pid, command });
    try {
      if (await linked(draft, file)) {
        return lock;
      }
      const holder = await embeddedDatabaseHolder(dataDir);
      if (holder) {
        throw new EmbeddedDatabaseBusy(dataDir, holder);
      }
      // Left by a process that is gone (a crash, kill -9): the folder is free.
      await fs.rm(file, { force: true });
      if (await linked(draft, file)) {
        return lock;
      }
      const racer = await embeddedDatabaseHolder(dataDir);
      throw new EmbeddedDatabaseBusy(dataDir, racer ?? { pid: 0, command: 'unknown' });
    } finally {
      await fs.rm(draft, { force: true });
    }
  }

  /** Adds the server's loopback URL: from now on commands ask it instead of waiting. */
  async listening(url: string): Promise<void> {
    const draft = await this.draft({ pid: process.pid, command: this.command, url });
    await fs.rename(draft, this.file);
  }

  /** Gives the folder up (only if the lock is still this process's). */
  async release(): Promise<void> {
    const holder = await embeddedDatabaseHolder(path.dirname(this.file));
    if (holder?.pid === process.pid) {
      await fs.rm(this.file, { force: true });
    }
  }

  private async draft(holder: LockHolder): Promise<string> {
    const draft = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(draft, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
    return draft;
  }
}
