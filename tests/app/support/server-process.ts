// The real test server for component tests, in a child process. A happy-dom test file is transformed by Vite
// for the browser, which rewrites the server's `new URL(…, import.meta.url)` file lookups into web URLs, so
// the server cannot run inside it; started here with Node as the server tests start it (tests/support/server.ts,
// real HTTP on a free port, a fresh database), it answers over HTTP like any EHR. Tokens for the claims asked
// for are signed by that server's keys.
import { afterAll, beforeAll } from 'vitest';
import type { AccessTokenClaims } from '../../../server/src/access/tokens.ts';
import type { DatabaseKind } from '../../support/database.ts';

export interface ServerProcess {
  readonly fhirUrl: string;
  /** `Bearer …` of the server's administrator. */
  readonly adminAuthorization: string;
  /** A real access token (without `Bearer`) for each named set of claims. */
  readonly tokens: Readonly<Record<string, string>>;
  /** fetch() as the administrator with FHIR JSON in and out. */
  fhir(
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever FHIR JSON the server answered
  ): Promise<{ status: number; body: any }>;
}

// import.meta.url is a web URL here (see above): the script is found from the repository root vitest runs in.
const START_SCRIPT = `${process.cwd()}/tests/app/support/start-test-server.ts`;

interface HappyDom {
  setURL(url: string): void;
  readonly settings: { fetch: { requestHeaders: { url: RegExp; headers: Record<string, string> }[] | null } };
}

/** One server process for the enclosing describe block, started before its tests and stopped after them. */
export function useServerProcess(kind: DatabaseKind, claims: Record<string, AccessTokenClaims>): ServerProcess {
  let started: Omit<ServerProcess, 'fhir'> | undefined;
  let child: ReturnType<typeof import('node:child_process').spawn> | undefined;
  beforeAll(async () => {
    const { spawn } = process.getBuiltinModule('node:child_process');
    const proc = spawn(process.execPath, [START_SCRIPT, kind, JSON.stringify(claims)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = proc;
    const ready: Omit<ServerProcess, 'fhir'> = await new Promise((resolve, reject) => {
      let output = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((l) => l.startsWith('{"ready"'));
        if (line) {
          resolve(JSON.parse(line).ready);
        }
      });
      proc.once('exit', (code: number) => reject(new Error(`test server process ended (${code}) before it was ready`)));
    });
    started = ready;
    // The app is served by the same server (/app): the page's origin is the server's, as in the launched app
    // (the API's CORS admits only registered app origins).
    const origin = new URL(ready.fhirUrl).origin;
    const happyDOM = (globalThis as { happyDOM?: HappyDom }).happyDOM;
    happyDOM?.setURL(`${origin}/app/`);
    // happy-dom answers a GET whose earlier answer had an ETag from its cache without asking the server
    // (ignoring `cache: 'no-cache'`); a browser revalidates. This request header makes happy-dom ask, as a
    // browser does, so a test never sees a stale page.
    if (happyDOM) {
      const sameServer = new RegExp(`^${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`);
      happyDOM.settings.fetch.requestHeaders = [{ url: sameServer, headers: { 'Cache-Control': 'no-cache' } }];
    }
  });
  afterAll(async () => {
    if (child?.pid !== undefined) {
      const exited = new Promise<void>((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
  const current = () => {
    if (!started) {
      throw new Error('The server process starts in beforeAll: use it inside tests and hooks');
    }
    return started;
  };
  return {
    get fhirUrl() {
      return current().fhirUrl;
    },
    get adminAuthorization() {
      return current().adminAuthorization;
    },
    get tokens() {
      return current().tokens;
    },
    async fhir(path, init = {}) {
      const response = await fetch(`${current().fhirUrl}/${path.replace(/^\//, '')}`, {
        method: init.method ?? 'GET',
        headers: {
          accept: 'application/fhir+json',
          ...(init.body === undefined ? {} : { 'content-type': 'application/fhir+json' }),
          authorization: current().adminAuthorization,
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}
