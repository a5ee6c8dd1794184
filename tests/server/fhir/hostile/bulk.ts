// 7: the Bulk Data status URL and output file URLs with path traversal in the job id and the file name
// (`../`, `%2e%2e`, encoded slashes and backslashes, double encoding, absolute paths), and kick-offs with
// hostile parameters. Two finished exports exist: the caller's own, and one another client started.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { TestServer } from '../../../support/server.ts';
import { hostileId, hostileString, urlText } from './arbitraries.ts';
import { type HostileRequest, send } from './harness.ts';

/** A finished export: its id, its manifest and the text of each output file by name. */
export interface FinishedExport {
  readonly id: string;
  readonly manifest: string;
  readonly files: ReadonlyMap<string, string>;
}

/** Kicks off `$export` with the authorization, waits for it to finish and downloads its files. */
export async function finishedExport(server: TestServer, authorization: string): Promise<FinishedExport> {
  const headers = { authorization, prefer: 'respond-async' };
  const kickOff = await send(server, { method: 'GET', path: '$export?_type=Patient,Organization', headers });
  expect(kickOff.status, kickOff.text).toBe(202);
  const statusPath = String(kickOff.headers['content-location']).split('/fhir/')[1];
  // Polls for up to a minute: the machine running the suite may be busy.
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const status = await send(server, { method: 'GET', path: statusPath, headers });
    if (status.status === 200) {
      const output = (status.json as { output: { url: string }[] }).output;
      const files = new Map<string, string>();
      for (const { url } of output) {
        const file = await send(server, { method: 'GET', path: url.split('/fhir/')[1], headers });
        expect(file.status).toBe(200);
        files.set(url.split('/').pop() as string, file.text);
      }
      expect(files.size).toBeGreaterThan(0);
      return { id: statusPath.split('/')[1], manifest: status.text, files };
    }
    expect(status.status, status.text).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`export ${statusPath} did not finish`);
}

/** Ways to step out of `_async/{id}/`: dot segments raw and encoded, slashes, backslashes, absolute paths. */
const TRAVERSALS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%2e.',
  '..%2F',
  '..%2f..%2f',
  '%2e%2e%2f%2e%2e%2f',
  '..%5C..%5C',
  '%252e%252e%252f',
  '%c0%ae%c0%ae%c0%af',
  '%EF%BC%8E%EF%BC%8E',
  '%2Fetc%2Fpasswd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '....%2F%2F',
  '%2F',
  '%5C',
  '~',
  '*',
  '%',
];

/**
 * Requests on the status and file URLs, as the owner of `own`; `other` belongs to another client.
 * DELETE goes only to paths that name neither job, so the jobs under attack stay in place.
 */
export function bulkRequest(own: FinishedExport, other: FinishedExport): fc.Arbitrary<HostileRequest> {
  const ownFiles = [...own.files.keys()];
  const otherFiles = [...other.files.keys()];
  const traversal = fc.constantFrom(...TRAVERSALS);
  const id = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(own.id, other.id) },
    { weight: 2, arbitrary: traversal },
    { weight: 1, arbitrary: fc.tuple(traversal, fc.constantFrom(own.id, other.id)).map(([t, i]) => `${t}%2F${i}`) },
    { weight: 1, arbitrary: hostileId },
  );
  const file = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ownFiles, ...otherFiles) },
    { weight: 2, arbitrary: traversal },
    {
      weight: 2,
      arbitrary: fc
        .tuple(traversal, fc.constantFrom(other.id, own.id), fc.constantFrom(...otherFiles, ...ownFiles))
        .map(([t, i, f]) => `${t}%2F${i}%2F${f}`),
    },
    { weight: 1, arbitrary: urlText },
  );
  const path = fc.oneof(
    id.map((i) => `_async/${i}`),
    fc.tuple(id, file).map(([i, f]) => `_async/${i}/${f}`),
    fc.tuple(id, file, file).map(([i, f, g]) => `_async/${i}/${f}/${g}`),
    fc.tuple(traversal, id, file).map(([t, i, f]) => `_async/${t}/${i}/${f}`),
    fc.tuple(id, file).map(([i, f]) => `_async/${own.id}/../${i}/${f}`),
    fc.tuple(id, file).map(([i, f]) => `_async%2F${i}%2F${f}`),
    fc.tuple(id, file).map(([i, f]) => `_async//${i}//${f}`),
    fc.tuple(traversal, id).map(([t, i]) => `${t}/_async/${i}`),
  );
  return fc.tuple(path, fc.constantFrom('GET', 'GET', 'HEAD', 'DELETE')).map(([p, method]) => ({
    method: method === 'DELETE' && (p.includes(own.id) || p.includes(other.id)) ? 'GET' : method,
    path: p,
  }));
}

/** An answer of 200 carries the caller's own manifest or one of its own files, nothing else. */
export function expectOnlyOwnContent(own: FinishedExport, request: HostileRequest, text: string, status: number) {
  if (status === 200 && request.method === 'GET') {
    expect([own.manifest, ...own.files.values()], `${request.method} ${request.path}`).toContain(text);
  }
}

/** Kick-offs of `$export` at every level with hostile parameters: 202 or a 4xx, never 5xx. */
export const exportKickOff: fc.Arbitrary<HostileRequest> = fc
  .record({
    level: fc.constantFrom(
      '$export',
      'Patient/$export',
      'Group/target-selection-group-example/$export',
      'Group/%2e%2e/$export',
    ),
    parameters: fc.array(
      fc.tuple(
        fc.constantFrom('_type', '_since', '_outputFormat', '_typeFilter', '_elements', 'patient', '_count'),
        fc.oneof(
          fc.constantFrom('Patient', 'Patient,Observation', 'application/fhir+ndjson', '2020-01-01T00:00:00Z', ''),
          hostileString.map(encodeURIComponent),
          urlText,
        ),
      ),
      { maxLength: 3 },
    ),
    prefer: fc.constantFrom('respond-async', 'respond-async', 'respond-sync', ''),
  })
  .map(({ level, parameters, prefer }) => ({
    method: 'GET',
    path: `${level}${parameters.length > 0 ? '?' : ''}${parameters.map(([name, value]) => `${name}=${value}`).join('&')}`,
    headers: { prefer },
  }));
