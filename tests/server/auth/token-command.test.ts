// `target token` as an operator runs it: a child process on a data folder, the token alone on stdout,
// verifiable with the folder's public keys.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadOrCreateSigningKeys } from '../../../server/src/auth/keys.ts';

const run = promisify(execFile);
const MAIN = path.resolve('server/src/main.ts');

describe('token command', () => {
  let dataDir: string;
  const env = () => ({
    ...process.env,
    TARGET_DATA_DIR: dataDir,
    TARGET_BASE_URL: 'https://target.example',
    TARGET_DEMO_PASSWORD: 'demo-password-for-tests',
    TARGET_LOG_LEVEL: 'silent',
  });
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-token-'));
  });
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function verify(token: string) {
    const keys = await loadOrCreateSigningKeys(dataDir);
    const { payload } = await jwtVerify(token, createLocalJWKSet(keys.publicJwks), {
      issuer: 'https://target.example/oauth',
      audience: 'https://target.example/fhir',
    });
    return payload;
  }

  test('prints a system token, alone on stdout, signed with the data folder keys', async () => {
    const { stdout } = await run(process.execPath, [MAIN, 'token', '--scope', 'system/*.cruds', '--expires', '600'], {
      env: env(),
    });
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const payload = await verify(stdout.trim());
    expect(payload).toMatchObject({ scope: 'system/*.cruds', target_role: 'system', client_id: 'target-cli' });
    expect((payload.exp as number) - (payload.iat as number)).toBe(600);
  }, 60_000);

  test('prints a token with the claims of a demo user', async () => {
    const { stdout } = await run(process.execPath, [MAIN, 'token', '--scope', 'patient/*.rs', '--user', 'patient'], {
      env: env(),
    });
    expect(await verify(stdout.trim())).toMatchObject({
      sub: 'patient',
      target_role: 'patient',
      scope: 'patient/*.rs',
    });
  }, 60_000);

  test.each([
    [['token'], /--scope is required/],
    [['token', '--scope', 'everything'], /"everything" is not a SMART scope/],
    [['token', '--scope', 'user/*.rs', '--user', 'nobody'], /unknown demo user "nobody"/],
    [['token', '--scope', 'user/*.rs', '--expires', '0'], /--expires/],
  ])(
    '%j is a usage error (exit 2) with nothing on stdout',
    async (args, message) => {
      const failed = await run(process.execPath, [MAIN, ...args], { env: env() }).catch((err) => err);
      expect(failed.code).toBe(2);
      expect(failed.stdout).toBe('');
      expect(failed.stderr).toMatch(message);
    },
    60_000,
  );
});
