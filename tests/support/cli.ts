// Runs the command line (server/src/main.ts) in a child process, as a user would, configured only by the
// environment given; resolves with the exit code and output whatever the code.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

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
