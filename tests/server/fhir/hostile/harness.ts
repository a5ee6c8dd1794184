// The invariants every hostile request is held to, and the tally the long run prints. Requests go out through
// node:http so the path, headers and body reach the server byte for byte (fetch would normalise `..` and
// `%2e%2e` in the path, and refuse some header values before sending them).
import http from 'node:http';
import { expect } from 'vitest';
import { storedVersionCount } from '../../../support/fhir-checks.ts';
import type { TestServer } from '../../../support/server.ts';

export interface HostileRequest {
  readonly method: string;
  /** The path under /fhir, sent as is (no normalisation, no encoding), e.g. `Patient?name=%27`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** The body as JSON, when it is JSON. */
  readonly json: unknown;
}

/** Keep-alive sockets across the thousands of requests of a run. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Sends the request as the administrator unless it carries its own Authorization header. */
export function send(server: TestServer, request: HostileRequest): Promise<Answer> {
  const url = new URL(server.baseUrl);
  const headers: Record<string, string | number> = { accept: 'application/fhir+json', ...request.headers };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
    headers.authorization = server.adminAuthorization;
  }
  if (request.body !== undefined) {
    headers['content-length'] = Buffer.byteLength(request.body);
  }
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { agent, host: url.hostname, port: url.port, method: request.method, path: `/fhir/${request.path}`, headers },
      (incoming) => {
        const parts: Buffer[] = [];
        incoming.on('data', (part: Buffer) => parts.push(part));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text, json });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** What a failed case shows: the request (bodies shortened) and the answer. */
function describeCase(request: HostileRequest, answer: Answer): string {
  const body = request.body === undefined ? '' : String(request.body).slice(0, 600);
  return `${request.method} /fhir/${request.path.slice(0, 600)}\n${JSON.stringify(request.headers ?? {})}\n${body}\n→ ${answer.status} ${answer.text.slice(0, 600)}`;
}

/** No 5xx, and every error answer is a FHIR OperationOutcome with an error issue. */
export function expectFhirAnswer(request: HostileRequest, answer: Answer): void {
  const context = describeCase(request, answer);
  expect(answer.status, context).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.headers['content-type'], context).toMatch(/^application\/fhir\+json/);
    if (request.method === 'HEAD') {
      return; // HEAD answers carry the headers of the OperationOutcome, not its body.
    }
    expect(answer.json, context).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: expect.arrayContaining([expect.objectContaining({ severity: 'error' })]),
    });
  }
}

/** The server still answers its health check (no crash, no wedged database connection). */
export async function expectHealthy(server: TestServer): Promise<void> {
  const response = await fetch(`${server.baseUrl}/healthz`);
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}

export interface Checked {
  readonly answer: Answer;
  /** Versions stored by the request (the audit trail apart). */
  readonly stored: number;
}

/**
 * Sends a request and holds it to the invariants: no 5xx, an OperationOutcome for every error, the server
 * healthy afterwards, and a refused request stores nothing.
 */
export async function sendChecked(
  server: TestServer,
  tally: Tally,
  property: string,
  request: HostileRequest,
): Promise<Checked> {
  const before = await storedVersionCount(server);
  const answer = await send(server, request);
  tally.record(property, answer.status);
  expectFhirAnswer(request, answer);
  const stored = (await storedVersionCount(server)) - before;
  if (answer.status >= 400) {
    expect(stored, `a refused request stored ${stored} versions\n${describeCase(request, answer)}`).toBe(0);
  }
  await expectHealthy(server);
  return { answer, stored };
}

interface PropertyTally {
  cases: number;
  statuses: Map<number, number>;
  serverErrors: number;
  ms: number;
}

/** Cases, statuses and time per property, for the table the long run prints. */
export class Tally {
  private readonly byProperty = new Map<string, PropertyTally>();

  private entry(property: string): PropertyTally {
    const entry = this.byProperty.get(property) ?? { cases: 0, statuses: new Map(), serverErrors: 0, ms: 0 };
    this.byProperty.set(property, entry);
    return entry;
  }

  /** One request of the property and its status. */
  record(property: string, status: number): void {
    const entry = this.entry(property);
    entry.cases += 1;
    entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
    entry.serverErrors += status >= 500 ? 1 : 0;
  }

  /** Wall time the property ran, its checks included. */
  addTime(property: string, ms: number): void {
    this.entry(property).ms += ms;
  }

  /** A plain-text table: property, requests, statuses seen (status×count), 5xx, wall time. */
  table(title: string): string {
    const rows = [['property', 'requests', 'statuses seen', '5xx', 'time (s)']];
    let total = { cases: 0, serverErrors: 0, ms: 0 };
    for (const [property, entry] of this.byProperty) {
      const statuses = [...entry.statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}×${count}`)
        .join(' ');
      rows.push([property, `${entry.cases}`, statuses, `${entry.serverErrors}`, (entry.ms / 1000).toFixed(1)]);
      total = {
        cases: total.cases + entry.cases,
        serverErrors: total.serverErrors + entry.serverErrors,
        ms: total.ms + entry.ms,
      };
    }
    rows.push(['total', `${total.cases}`, '', `${total.serverErrors}`, (total.ms / 1000).toFixed(1)]);
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    const lines = rows.map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    );
    return [title, ...lines].join('\n');
  }
}
