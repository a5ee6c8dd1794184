// `target token` as an operator runs it: on a data folder, the token alone on stdout, verifiable with the
// folder's public keys; with --user also beside a server that holds the folder's embedded database (asked
// instead of opening it), and on a PostgreSQL server. Where another process is what is tested (a server
// holding the folder, a lock of another process) the command runs as a child process; elsewhere the command
// line's main runs in the test's process (runMainInProcess).
import { type ChildProcess, execFile } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TargetPracticeRoleCodeSystem } from '@target/profiles';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadOrCreateSigningKeys } from '../../../server/src/access/keys.ts';
import { issueAccessToken } from '../../../server/src/access/tokens.ts';
import { EmbeddedDatabaseLock } from '../../../server/src/platform/embedded-lock.ts';
import { runMainInProcess, startServe } from '../../support/cli.ts';
import { makeTestConfig, type TestConfig } from '../../support/database.ts';

const run = promisify(execFile);
const MAIN = path.resolve('server/src/main.ts');

describe('token command', () => {
  let folder: TestConfig;
  let dataDir: string;
  const env = () => ({
    ...process.env,
    TARGET_DATA_DIR: dataDir,
    TARGET_BASE_URL: 'https://target.example',
    TARGET_DEMO_PASSWORD: 'demo-password-for-tests',
    TARGET_LOG_LEVEL: 'silent',
  });
  const token = async (args: string[]) => {
    const done = await runMainInProcess(['token', ...args], env());
    expect(done.code).toBe(0);
    return done;
  };
  beforeAll(async () => {
    folder = await makeTestConfig('pglite');
    dataDir = folder.config.dataDir;
  });
  afterAll(async () => {
    await folder?.cleanup();
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
    const { stdout } = await token(['--scope', 'system/*.cruds', '--expires', '600']);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const payload = await verify(stdout.trim());
    expect(payload).toMatchObject({ scope: 'system/*.cruds', target_role: 'system', client_id: 'target-cli' });
    expect((payload.exp as number) - (payload.iat as number)).toBe(600);
  }, 60_000);

  test('prints a token with the claims of a demo user', async () => {
    const { stdout } = await token(['--scope', 'patient/*.rs', '--user', 'patient']);
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
    [['token', '--scope', 'user/*.rs', '--server', 'localhost:8080'], /--server must be the server's base URL/],
  ])(
    '%j is a usage error (exit 2) with nothing on stdout',
    async (args, message) => {
      const failed = await runMainInProcess(args, env());
      expect(failed.code).toBe(2);
      expect(failed.stdout).toBe('');
      expect(failed.stderr).toMatch(message);
    },
    60_000,
  );
});

const BASE_URL = 'https://target.example';
const PASSWORD = 'demo-password-for-tests';

/** The env of a server or command on `dataDir` (and nothing else of the test process's environment). */
const folderEnv = (dataDir: string, extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH,
  TARGET_DATA_DIR: dataDir,
  TARGET_BASE_URL: BASE_URL,
  TARGET_DEMO_PASSWORD: PASSWORD,
  TARGET_LOG_LEVEL: 'silent',
  ...extra,
});

const tokenCommand = (env: NodeJS.ProcessEnv) =>
  run(process.execPath, [MAIN, 'token', '--scope', 'user/*.rs', '--user', 'huisarts'], { env, timeout: 50_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );

/** Starts `serve` on `dataDir` and resolves with the process and its listening URL once it is ready. */
async function startServeOn(dataDir: string): Promise<{ server: ChildProcess; url: string }> {
  const { server, url } = await startServe(folderEnv(dataDir));
  return { server, url };
}

describe('token --user beside a server holding the embedded database', () => {
  let folder: TestConfig;
  let dataDir: string;
  let server: ChildProcess;
  let url: string;
  let admin: string;

  beforeAll(async () => {
    folder = await makeTestConfig('pglite');
    dataDir = folder.config.dataDir;
    ({ server, url } = await startServeOn(dataDir));
    admin = await issueAccessToken(
      await loadOrCreateSigningKeys(dataDir),
      { sub: 'test-administrator', client_id: 'test-administrator', scope: 'system/*.cruds', target_role: 'system' },
      { issuer: `${BASE_URL}/oauth`, audience: `${BASE_URL}/fhir` },
    );
    // A practice's GP, as seed-demo writes one: the Directory makes huisarts this practitioner.
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { resourceType: 'Organization', id: 'token-practice', name: 'Praktijk' } },
        { resource: { resourceType: 'Practitioner', id: 'token-gp', name: [{ family: 'Arts' }] } },
        {
          resource: {
            resourceType: 'PractitionerRole',
            id: 'token-gp-role',
            practitioner: { reference: 'Practitioner/token-gp' },
            organization: { reference: 'Organization/token-practice' },
            code: [{ coding: [{ system: TargetPracticeRoleCodeSystem.url, code: 'gp' }] }],
          },
        },
      ].map((entry) => ({
        ...entry,
        request: { method: 'PUT', url: `${entry.resource.resourceType}/${entry.resource.id}` },
      })),
    };
    const stored = await fhir('', { method: 'POST', body: JSON.stringify(bundle) });
    expect(stored.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    await folder?.cleanup();
  }, 60_000);

  function fhir(pathAndQuery: string, init: RequestInit = {}) {
    return fetch(`${url}/fhir/${pathAndQuery}`, {
      ...init,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/fhir+json' },
    });
  }

  test('asks the server who the user is, never opening the database the server holds', async () => {
    const { code, stdout, stderr } = await tokenCommand(folderEnv(dataDir));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(decodeJwt(stdout.trim())).toMatchObject({
      sub: 'huisarts',
      target_role: 'gp',
      target_organization: 'token-practice',
      fhirUser: 'Practitioner/token-gp',
    });
    // The server kept its database: it still reads and writes, and its audit trail holds the lookup.
    expect((await fhir('PractitionerRole/token-gp-role')).status).toBe(200);
    const audit = await (await fhir('AuditEvent?altid=target-cli&subtype=search-type')).json();
    expect(audit.entry?.length).toBeGreaterThan(0);
  }, 60_000);

  test("signs for the running server's issuer and audience, whatever this shell's TARGET_PORT and TARGET_BASE_URL say", async () => {
    // The server runs on a random port with TARGET_BASE_URL set; the shell knows neither.
    const shell = { PATH: process.env.PATH, TARGET_DATA_DIR: dataDir, TARGET_LOG_LEVEL: 'silent' };
    const { stdout } = await run(process.execPath, [MAIN, 'token', '--scope', 'system/*.rs'], { env: shell });
    expect(decodeJwt(stdout.trim())).toMatchObject({ iss: `${BASE_URL}/oauth`, aud: `${BASE_URL}/fhir` });
    const answer = await fetch(`${url}/fhir/Organization/token-practice`, {
      headers: { authorization: `Bearer ${stdout.trim()}` },
    });
    expect(answer.status).toBe(200);
    // --server names it explicitly (a PostgreSQL server holds no folder lock to find it by).
    const named = await run(process.execPath, [MAIN, 'token', '--scope', 'system/*.rs', '--server', url], {
      env: shell,
    });
    expect(decodeJwt(named.stdout.trim())).toMatchObject({ iss: `${BASE_URL}/oauth`, aud: `${BASE_URL}/fhir` });
  }, 60_000);

  test('a second server on the same folder is refused with one line and leaves the first one serving', async () => {
    // Killed after 30 s should it start after all, so it never outlives the test.
    const second = await run(process.execPath, [MAIN, 'serve'], {
      env: folderEnv(dataDir, { TARGET_PORT: '0', TARGET_HOST: '127.0.0.1' }),
      timeout: 30_000,
    }).catch((err: { code: number; stderr: string }) => err);
    expect((second as { code: number }).code).toBe(1);
    expect((second as { stderr: string }).stderr).toMatch(
      new RegExp(
        `^The embedded database in ${dataDir} is in use by a TARGET server \\(process ${server.pid}, ${url}\\)`,
      ),
    );
    expect((await fhir('PractitionerRole/token-gp-role')).status).toBe(200);
  }, 60_000);
});

describe('token --server where no server answers', () => {
  test('says so in one line and exits 1, with nothing on stdout', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-token-none-'));
    try {
      const failed = await runMainInProcess(
        ['token', '--scope', 'system/*.rs', '--server', 'http://127.0.0.1:9'],
        folderEnv(dataDir),
      );
      expect(failed).toMatchObject({ code: 1, stdout: '' });
      expect(failed.stderr).toMatch(/^No TARGET server answers at http:\/\/127\.0\.0\.1:9/);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('token --user on a folder another command holds', () => {
  test('says so in one line, exits 1 and leaves the database unopened', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-token-busy-'));
    const lock = await EmbeddedDatabaseLock.acquire(dataDir, 'import');
    try {
      const { code, stdout, stderr } = await tokenCommand(folderEnv(dataDir));
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `The embedded database in ${dataDir} is in use by process ${process.pid} (import): try again when it is ` +
          `done, or remove ${path.join(dataDir, 'pglite.lock')} if that process is not TARGET.\n`,
      );
      await expect(fs.access(path.join(dataDir, 'pglite'))).rejects.toThrow();
    } finally {
      await lock.release();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('token --user on a PostgreSQL server', () => {
  test('looks the user up in the database directly and claims no data folder', async () => {
    const { config, cleanup } = await makeTestConfig('postgres');
    try {
      const { code, stdout, stderr } = await runMainInProcess(
        ['token', '--scope', 'user/*.rs', '--user', 'huisarts'],
        folderEnv(config.dataDir, { TARGET_DATABASE_URL: config.databaseUrl as string }),
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(decodeJwt(stdout.trim())).toMatchObject({ sub: 'huisarts', target_role: 'gp' });
      expect(await fs.readdir(config.dataDir)).not.toContain('pglite.lock');
    } finally {
      await cleanup();
    }
  }, 60_000);
});
