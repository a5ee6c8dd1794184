// Runs the command line (server/src/main.ts) configured only by the environment given; resolves with the exit
// code and output whatever the code. `runMain` starts a child process, as a user would: for what only a process
// shows (start-up, the exit code it ends with, a lock held by another process). `runMainInProcess` calls the same
// `main` in the test's process: for what a command does, without paying a Node start and a load of the FHIR
// definitions per run (a second or more each on a busy machine). `startServe` runs the server as a process.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../server/src/main.ts';

export const MAIN = path.resolve(import.meta.dirname, '../../server/src/main.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runMain(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env.PATH, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const { code, stdout, stderr } = err as CliRun;
    return { code, stdout, stderr };
  }
}

export interface ServeProcess {
  readonly server: ChildProcess;
  /** The listening URL the server logged when ready, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** Everything the server wrote to stdout so far (its JSON log lines at TARGET_LOG_LEVEL info). */
  output(): string;
}

/**
 * Starts `serve` in a child process configured only by `env` (plus PATH), logging at info on port 0 of
 * 127.0.0.1 unless `env` says otherwise, and resolves once it logged that it is ready.
 */
export async function startServe(env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const server = spawn(process.execPath, [MAIN, 'serve'], {
    env: { PATH: process.env.PATH, TARGET_PORT: '0', TARGET_HOST: '127.0.0.1', ...env, TARGET_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  server.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
  });
  const url = await new Promise<string>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    server.stdout?.on('data', () => {
      for (const line of buffered.split('\n')) {
        const ready = line.includes('FHIR server ready') ? (JSON.parse(line) as { listening: string }) : undefined;
        if (ready) {
          resolve(ready.listening);
        }
      }
    });
  });
  return { server, url, output: () => buffered };
}

/** Runs one at a time: the environment and the standard streams belong to the whole process. */
let previousRun: Promise<unknown> = Promise.resolve();

/**
 * Runs `main(args)` in this process as `runMain` runs it in a child: the TARGET_ environment is only `env`'s,
 * stdout and stderr are captured as pipes (not terminals), and a thrown error is exit code 1 with its stack on
 * stderr (main.ts's own handler). Log lines (pino writes to file descriptor 1) are not captured.
 * @param args - The arguments after the script name; the first is the command.
 * @param env - The TARGET_ variables of the run.
 * @returns The exit code and what the command wrote to stdout and stderr.
 */
export function runMainInProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const run = previousRun.then(() => runCaptured(args, env));
  previousRun = run.catch(() => undefined);
  return run;
}

async function runCaptured(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const restoreEnv = replaceTargetEnv(env);
  const stdout = capture(process.stdout);
  const stderr = capture(process.stderr);
  try {
    const code = await main(args).catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      return 1;
    });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    stdout.restore();
    stderr.restore();
    restoreEnv();
  }
}

/** Makes the TARGET_ variables exactly `env`'s; returns the function that puts the old ones back. */
function replaceTargetEnv(env: NodeJS.ProcessEnv): () => void {
  const isTarget = (name: string) => name.startsWith('TARGET_');
  const saved = Object.entries(process.env).filter(([name]) => isTarget(name));
  const clear = () => {
    for (const name of Object.keys(process.env).filter(isTarget)) {
      delete process.env[name];
    }
  };
  clear();
  Object.assign(process.env, Object.fromEntries(Object.entries(env).filter(([name]) => isTarget(name))));
  return () => {
    clear();
    Object.assign(process.env, Object.fromEntries(saved));
  };
}

/** Collects what is written to `stream` instead of writing it, and makes the stream say it is no terminal. */
function capture(stream: NodeJS.WriteStream): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const write = stream.write;
  const isTTY = Object.getOwnPropertyDescriptor(stream, 'isTTY');
  Object.defineProperty(stream, 'isTTY', { value: false, configurable: true, writable: true });
  stream.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') {
      process.nextTick(done);
    }
    return true;
  }) as typeof stream.write;
  return {
    text: () => chunks.join(''),
    restore: () => {
      stream.write = write;
      if (isTTY) {
        Object.defineProperty(stream, 'isTTY', isTTY);
      } else {
        delete (stream as { isTTY?: boolean }).isTTY;
      }
    },
  };
}
