// The server as an operator runs it: `node server/src/main.ts serve` in its own process, configured by the
// environment only. The HTTP benchmark and the load suite measure it from outside, so the load generator never
// shares the server's event loop, and its memory (RSS) can be sampled from /proc; the crash suite kills it.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MAIN } from '../../support/cli.ts';

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Resident memory of the server process in MiB (Linux /proc). */
  rssMiB(): number;
  /** SIGTERM, then waits for the exit (graceful shutdown); resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface ServerProcessOptions {
  readonly port: number;
  /** TARGET_* settings (database, data folder …); PATH is passed on. */
  readonly env: NodeJS.ProcessEnv;
  /** Extra Node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
  readonly nodeArgs?: readonly string[];
  readonly args?: readonly string[];
  /** Keep the last 20,000 characters of stderr for error messages instead of passing it through. */
  readonly captureStderr?: boolean;
  /** Longest wait for /healthz (default 60 s). */
  readonly startupLimitMs?: number;
}

/** A started server process, answering or not yet: the crash suite kills some before they answer. */
export interface SpawnedServer {
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves once /healthz answers 200; rejects when the process exits first or takes too long. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** The captured end of stderr ('' unless `captureStderr`). */
  stderr(): string;
}

/** Starts the server without waiting for it: `ready` says when it answers. */
export function spawnServer(options: ServerProcessOptions): SpawnedServer {
  const url = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), MAIN, 'serve', ...(options.args ?? [])],
    {
      env: {
        PATH: process.env.PATH,
        TARGET_HOST: '127.0.0.1',
        TARGET_PORT: String(options.port),
        TARGET_BASE_URL: url,
        TARGET_LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'ignore', options.captureStderr ? 'pipe' : 'inherit'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
  });
  let exitedEarly = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitedEarly = true;
      resolve(code);
    }),
  );
  const limitMs = options.startupLimitMs ?? 60_000;
  const ready = (async () => {
    const deadline = Date.now() + limitMs;
    while (Date.now() < deadline) {
      if (exitedEarly) {
        throw new Error(`the server exited with ${child.exitCode ?? child.signalCode} before it answered:\n${stderr}`);
      }
      const healthy = await fetch(`${url}/healthz`).then(
        (res) => res.ok,
        () => false,
      );
      if (healthy) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the server did not answer /healthz within ${limitMs / 1000} s:\n${stderr}`);
  })();
  ready.catch(() => undefined); // a caller that kills it while starting never awaits this
  return { child, url, ready, exited, stderr: () => stderr };
}

/** Starts the server and resolves once /healthz answers 200. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const { child, url, ready, exited } = spawnServer(options);
  try {
    await ready;
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const pid = child.pid as number;
  return {
    url,
    pid,
    rssMiB: () => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
