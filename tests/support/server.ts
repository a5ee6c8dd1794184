// Starts the real server (real HTTP on a free port, real database of the given kind) for a test file.
import net from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { createTargetServer } from '../../server/src/app.ts';
import type { Config } from '../../server/src/config.ts';
import { startHttpServer } from '../../server/src/http-server.ts';
import { createLogger } from '../../server/src/logger.ts';
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
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startTestServer(kind: DatabaseKind, overrides: Partial<Config> = {}): Promise<TestServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const { config, cleanup } = await makeTestConfig(kind, { port, baseUrl, ...overrides });
  const logger = createLogger(config);
  const target = await createTargetServer(config, logger);
  const running = await startHttpServer(target.app, { port, host: '127.0.0.1', logger, onClose: target.close });
  return {
    fhirUrl: `${baseUrl}/fhir`,
    baseUrl,
    repo: target.repo,
    config,
    stop: async () => {
      await running.stop();
      await cleanup();
    },
  };
}

/**
 * One real server for the enclosing describe block: started before its tests, stopped after them. The
 * returned handle reads through to that server, so tests use it like a TestServer.
 */
export function useTestServer(kind: DatabaseKind, overrides: Partial<Config> = {}): TestServer {
  let started: TestServer | undefined;
  beforeAll(async () => {
    started = await startTestServer(kind, overrides);
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
    stop: () => current().stop(),
  };
}

/** fetch() against the FHIR API with FHIR JSON in and out. */
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
      ...init.headers,
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
