// The server as an operator runs it: `node server/src/main.ts serve` in its own process, configured by the
// environment only. The HTTP benchmark and the load suite measure it from outside, so the load generator never
// shares the server's event loop, and its memory (RSS) can be sampled from /proc.
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
}

/** Starts the server and resolves once /healthz answers 200. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
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
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with code ${child.exitCode} before it answered`);
    }
    const healthy = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) {
      break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the server did not answer /healthz within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
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
