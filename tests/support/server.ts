// Starts the real server (real HTTP on a free port, real database of the given kind) for a test file.
import net from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { loadOrCreateSigningKeys } from '../../server/src/access/keys.ts';
import { type AccessTokenClaims, issueAccessToken } from '../../server/src/access/tokens.ts';
import { createTargetServer } from '../../server/src/app.ts';
import type { Config } from '../../server/src/config.ts';
import { startHttpServer } from '../../server/src/http-server.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import type { PostgresRepository } from '../../server/src/store/repository.ts';
import { type DatabaseKind, makeTestConfig } from './database.ts';

export interface TestServer {
  /** e.g. http://127.0.0.1:41234/fhir */
  readonly fhirUrl: string;
  /** e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  /** The server's own repository, for arranging data and asserting what was (not) stored. */
  readonly repo: PostgresRepository;
  readonly config: Config;
  /** `Bearer …` with an administrator token (system/*.cruds, role system): what fhirFetch sends by default. */
  readonly adminAuthorization: string;
  /** A real access token for `claims`, signed with the server's keys for its issuer and audience. */
  tokenFor(claims: AccessTokenClaims, options?: { expiresIn?: number }): Promise<string>;
  stop(): Promise<void>;
}

/** The claims of the default test token: the server's administrator. */
export const ADMIN_CLAIMS: AccessTokenClaims = {
  sub: 'test-administrator',
  client_id: 'test-administrator',
  scope: 'system/*.cruds',
  target_role: 'system',
};

/** A TCP port free at the moment of asking, on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A signed token for `claims`, valid at the server of `config` (its keys, issuer and audience). */
export async function tokenForConfig(
  config: Config,
  claims: AccessTokenClaims,
  options: { expiresIn?: number } = {},
): Promise<string> {
  const keys = await loadOrCreateSigningKeys(config.dataDir);
  return issueAccessToken(keys, claims, { issuer: config.authIssuer, audience: config.authAudience, ...options });
}

/**
 * Starts the server on a fresh database of the kind.
 * @param prepare - Runs on the database before the server opens it (e.g. a command in a child process, which
 *   the embedded database admits only while no server holds it).
 */
export async function startTestServer(
  kind: DatabaseKind,
  overrides: Partial<Config> = {},
  prepare?: (config: Config) => Promise<void>,
): Promise<TestServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const { config, cleanup } = await makeTestConfig(kind, { port, baseUrl, ...overrides });
  await prepare?.(config);
  return startServerOn(config, cleanup);
}

/**
 * Starts the server on the database of `config` as it is (e.g. a restored one), on `config.port` (free: see
 * freePort) with `config.baseUrl` naming it.
 * @param afterStop - Runs after the server stopped (removes the database); default: the database stays.
 */
export async function startServerOn(
  config: Config,
  afterStop: () => Promise<void> = async () => undefined,
): Promise<TestServer> {
  const { port, baseUrl } = config;
  const logger = createLogger(config);
  const target = await createTargetServer(config, logger);
  const running = await startHttpServer(target.app, { port, host: '127.0.0.1', logger, onClose: target.close });
  const tokenFor = (claims: AccessTokenClaims, options: { expiresIn?: number } = {}) =>
    tokenForConfig(config, claims, options);
  const adminAuthorization = `Bearer ${await tokenFor(ADMIN_CLAIMS, { expiresIn: 24 * 3600 })}`;
  return {
    fhirUrl: `${baseUrl}/fhir`,
    baseUrl,
    repo: target.repo,
    config,
    adminAuthorization,
    tokenFor,
    stop: async () => {
      await running.stop();
      await afterStop();
    },
  };
}

/**
 * One real server for the enclosing describe block: started before its tests, stopped after them. The
 * returned handle reads through to that server, so tests use it like a TestServer.
 */
export function useTestServer(
  kind: DatabaseKind,
  overrides: Partial<Config> = {},
  prepare?: (config: Config) => Promise<void>,
): TestServer {
  let started: TestServer | undefined;
  beforeAll(async () => {
    started = await startTestServer(kind, overrides, prepare);
  });
  afterAll(async () => {
    await started?.stop();
  });
  const current = (): TestServer => {
    if (!started) {
      throw new Error('The test server starts in beforeAll: use it inside tests and hooks');
    }
    return started;
  };
  return {
    get fhirUrl() {
      return current().fhirUrl;
    },
    get baseUrl() {
      return current().baseUrl;
    },
    get repo() {
      return current().repo;
    },
    get config() {
      return current().config;
    },
    get adminAuthorization() {
      return current().adminAuthorization;
    },
    tokenFor: (claims, options) => current().tokenFor(claims, options),
    stop: () => current().stop(),
  };
}

/** fetch() against the FHIR API with FHIR JSON in and out, as the administrator unless `authorization` is given. */
export async function fhirFetch(
  server: TestServer,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever FHIR JSON the server answered
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(`${server.fhirUrl}/${path.replace(/^\//, '')}`, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/fhir+json',
      ...(init.body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
      ...(Object.keys(init.headers ?? {}).some((name) => name.toLowerCase() === 'authorization')
        ? {}
        : { authorization: server.adminAuthorization }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** POSTs `Group/$target-selection` for a practice and reference date, as the app sends it (Parameters). */
export function postTargetSelection(
  server: TestServer,
  practiceId: string,
  date: string,
  headers?: Record<string, string>,
): ReturnType<typeof fhirFetch> {
  return fhirFetch(server, 'Group/$target-selection', {
    method: 'POST',
    headers,
    body: {
      resourceType: 'Parameters',
      parameter: [
        { name: 'practice', valueReference: { reference: `Organization/${practiceId}` } },
        { name: 'date', valueDate: date },
      ],
    },
  });
}
