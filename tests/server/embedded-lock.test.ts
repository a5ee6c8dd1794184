// The claim on an embedded data folder: one live holder at a time, its loopback URL once it listens, and a
// lock left by a process that is gone does not keep the folder from being used.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  EmbeddedDatabaseBusy,
  EmbeddedDatabaseLock,
  embeddedDatabaseHolder,
} from '../../server/src/platform/embedded-lock.ts';

describe('embedded database lock', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-lock-'));
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  test('a held folder names its holder, then its URL, and is free again once released', async () => {
    expect(await embeddedDatabaseHolder(dataDir)).toBeUndefined();
    const lock = await EmbeddedDatabaseLock.acquire(dataDir, 'serve');
    expect(await embeddedDatabaseHolder(dataDir)).toEqual({ pid: process.pid, command: 'serve' });
    await lock.listening('http://127.0.0.1:8080');
    expect(await embeddedDatabaseHolder(dataDir)).toEqual({
      pid: process.pid,
      command: 'serve',
      url: 'http://127.0.0.1:8080',
    });
    await lock.release();
    expect(await embeddedDatabaseHolder(dataDir)).toBeUndefined();
    expect(await fs.readdir(dataDir)).toEqual([]);
  });

  test('a second claim while the holder lives is refused with a one-line reason', async () => {
    const lock = await EmbeddedDatabaseLock.acquire(dataDir, 'serve');
    const refused = await EmbeddedDatabaseLock.acquire(dataDir, 'token').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(EmbeddedDatabaseBusy);
    expect((refused as Error).message).toMatch(
      new RegExp(
        `^The embedded database in ${dataDir} is in use by a TARGET server \\(process ${process.pid}, still starting\\)`,
      ),
    );
    expect((refused as Error).message).not.toContain('\n');
    await lock.release();
  });

  test('the lock of a process that is gone is taken over', async () => {
    const child = execFile(process.execPath, ['-e', '']);
    await once(child, 'exit');
    await fs.writeFile(path.join(dataDir, 'pglite.lock'), JSON.stringify({ pid: child.pid, command: 'serve' }));
    expect(await embeddedDatabaseHolder(dataDir)).toBeUndefined();
    const lock = await EmbeddedDatabaseLock.acquire(dataDir, 'token');
    expect(await embeddedDatabaseHolder(dataDir)).toEqual({ pid: process.pid, command: 'token' });
    await lock.release();
  });
});
