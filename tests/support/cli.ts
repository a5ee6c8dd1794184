// Runs the command line (server/src/main.ts) in a child process, as a user would, configured only by the
// environment given; resolves with the exit code and output whatever the code.
import { execFile } from 'node:child_process';
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
