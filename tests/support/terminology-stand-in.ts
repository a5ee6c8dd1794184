// A stand-in FHIR terminology server on a free local port: ValueSet/$expand of SNOMED CT ECL implicit
// ValueSets (`http://snomed.info/sct?fhir_vs=ecl/…`), answered from a table "concept → its descendants" that
// the test gives, paged by count/offset as a real server pages. It knows only what the test tells it: tests
// never reach a real terminology server. Every request is recorded; `answer` can make it refuse or hang.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const SCT = 'http://snomed.info/sct';

export interface TerminologyStandIn {
  /** FHIR base URL, e.g. http://127.0.0.1:41234/fhir */
  readonly url: string;
  /** The ECL expressions asked for, in order (every page counts). */
  readonly requests: string[];
  /** Instead of expanding: a status and body to answer with, or 'hang' (never answers). */
  answer?: { status: number; body: unknown } | 'hang';
  close(): Promise<void>;
}

/** The concepts `<< a OR << b` (or `(<< a OR << b) MINUS (<< x)`) names, with the descendants `known` gives. */
function expand(ecl: string, known: Readonly<Record<string, readonly string[]>>): string[] {
  const [included, excluded = ''] = ecl.split(' MINUS ');
  const concepts = (part: string) => [...part.matchAll(/<<\s*(\d+)/g)].flatMap((m) => [m[1], ...(known[m[1]] ?? [])]);
  const minus = new Set(concepts(excluded));
  return [...new Set(concepts(included))].filter((code) => !minus.has(code));
}

/**
 * Starts the stand-in.
 * @param known - Concept → its descendants, as this server's SNOMED CT edition has them.
 */
export async function startTerminologyStandIn(
  known: Readonly<Record<string, readonly string[]>>,
): Promise<TerminologyStandIn> {
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const valueSet = url.searchParams.get('url') ?? '';
    const ecl = valueSet.startsWith(`${SCT}?fhir_vs=ecl/`)
      ? decodeURIComponent(valueSet.slice(`${SCT}?fhir_vs=ecl/`.length))
      : '';
    standIn.requests.push(ecl);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify(body));
    };
    if (standIn.answer === 'hang') {
      return;
    }
    if (standIn.answer) {
      send(standIn.answer.status, standIn.answer.body);
      return;
    }
    if (url.pathname !== '/fhir/ValueSet/$expand' || !ecl) {
      send(400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] });
      return;
    }
    const codes = expand(ecl, known);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const count = Number(url.searchParams.get('count') ?? 1000);
    send(200, {
      resourceType: 'ValueSet',
      url: valueSet,
      status: 'active',
      expansion: {
        timestamp: new Date().toISOString(),
        total: codes.length,
        offset,
        contains: codes.slice(offset, offset + count).map((code) => ({ system: SCT, code })),
      },
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const standIn: TerminologyStandIn = {
    url: `http://127.0.0.1:${port}/fhir`,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
  return standIn;
}

/** A FHIR base URL where nothing listens (a port that was free a moment ago): connections are refused. */
export async function unreachableUrl(): Promise<string> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/fhir`;
}
