// Negotiated compression over real HTTP (raw bytes, no client-side decoding): the CapabilityStatement in br,
// gzip or as it is, always the same JSON; tiny answers and Bulk Data NDJSON files are left uncompressed.
import http from 'node:http';
import zlib from 'node:zlib';
import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { createResource, TEST_SYSTEM, uniqueValue } from '../../support/fhir-checks.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** The body as it came over the wire. */
  readonly bytes: Buffer;
}

function rawGet(url: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function decode(answer: RawAnswer): string {
  switch (answer.headers['content-encoding']) {
    case 'br':
      return zlib.brotliDecompressSync(answer.bytes).toString('utf8');
    case 'gzip':
      return zlib.gunzipSync(answer.bytes).toString('utf8');
    case undefined:
      return answer.bytes.toString('utf8');
    default:
      throw new Error(`unexpected encoding ${answer.headers['content-encoding']}`);
  }
}

describe('compression of answers', () => {
  const server = useTestServer('pglite');

  test('GET /fhir/metadata answers br, gzip or plain as the client accepts, always the same CapabilityStatement', async () => {
    const url = `${server.fhirUrl}/metadata`;
    const accept = { accept: 'application/fhir+json' };
    const plain = await rawGet(url, accept);
    const br = await rawGet(url, { ...accept, 'accept-encoding': 'br' });
    const gzip = await rawGet(url, { ...accept, 'accept-encoding': 'gzip' });
    const preferred = await rawGet(url, { ...accept, 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(preferred.headers['content-encoding']).toBe('br');
    for (const answer of [plain, br, gzip]) {
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expect(answer.headers.vary ?? '').toMatch(/accept-encoding/i);
    }
    const statement = JSON.parse(decode(plain));
    expect(statement.resourceType).toBe('CapabilityStatement');
    expect(JSON.parse(decode(br))).toEqual(statement);
    expect(JSON.parse(decode(gzip))).toEqual(statement);
    // The launch reads this document: compressed it must be a small part of itself.
    expect(br.bytes.length).toBeLessThan(plain.bytes.length / 10);
    expect(gzip.bytes.length).toBeLessThan(plain.bytes.length / 5);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    console.info(
      `CapabilityStatement: ${kb(plain.bytes.length)} plain, ${kb(gzip.bytes.length)} gzip, ${kb(br.bytes.length)} br`,
    );
  });

  test('GET /fhir/metadata carries an ETag: the same statement answers 304 with no body to If-None-Match', async () => {
    const url = `${server.fhirUrl}/metadata`;
    const first = await rawGet(url, { 'accept-encoding': 'br' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect((await rawGet(url, {})).headers.etag).toBe(etag);
    const again = await rawGet(url, { 'if-none-match': etag, 'accept-encoding': 'br' });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    const other = await rawGet(url, { 'if-none-match': 'W/"something-else"' });
    expect(other.status).toBe(200);
    expect(JSON.parse(decode(other)).resourceType).toBe('CapabilityStatement');
  });

  test('GET /fhir/metadata?_summary=true and _elements give the marked subset, each with its own ETag', async () => {
    const full = await rawGet(`${server.fhirUrl}/metadata`, {});
    const summary = await rawGet(`${server.fhirUrl}/metadata?_summary=true`, { 'accept-encoding': 'gzip' });
    const elements = await rawGet(`${server.fhirUrl}/metadata?_elements=software,fhirVersion`, {});
    const summaryBody = JSON.parse(decode(summary));
    const elementsBody = JSON.parse(decode(elements));
    expect(summary.status).toBe(200);
    expect(summaryBody.meta.tag).toContainEqual(expect.objectContaining({ code: 'SUBSETTED' }));
    expect(summaryBody.fhirVersion).toBe('4.0.1');
    // Summary at every level: each resource keeps its type and profiles, not its interactions and parameters.
    const patient = summaryBody.rest[0].resource.find((r: { type: string }) => r.type === 'Patient');
    expect(patient.type).toBe('Patient');
    expect(patient.searchParam).toBeUndefined();
    expect(patient.interaction).toBeUndefined();
    expect(JSON.stringify(summaryBody).length).toBeLessThan(full.bytes.length / 2);
    expect(elementsBody).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    expect(elementsBody.software).toBeDefined();
    expect(elementsBody.rest).toBeUndefined();
    expect(new Set([full.headers.etag, summary.headers.etag, elements.headers.etag]).size).toBe(3);
  });

  test('a conformance resource read with If-None-Match of its ETag answers 304 with no body', async () => {
    const search = await fhirFetch(server, 'StructureDefinition?_count=1&_elements=id');
    const id = search.body.entry[0].resource.id;
    const authorization = server.adminAuthorization;
    const first = await rawGet(`${server.fhirUrl}/StructureDefinition/${id}`, { authorization });
    expect(first.status).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"\d+"$/);
    const again = await rawGet(`${server.fhirUrl}/StructureDefinition/${id}`, { authorization, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
  });

  test.each([
    ['_summary=count', '_summary'],
    ['_summary=yes', '_summary'],
    ['_elements=a&_elements=b', '_elements'],
  ])('GET /fhir/metadata?%s is a 400 OperationOutcome', async (query, name) => {
    const answer = await fhirFetch(server, `metadata?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ expression: [name] }] });
  });

  test('an answer under 1 KB is sent as it is', async () => {
    const health = await rawGet(`${server.baseUrl}/healthz`, { 'accept-encoding': 'br, gzip' });
    expect(health.status).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.bytes.toString('utf8'))).toMatchObject({ status: 'ok' });
  });

  test('a Bulk Data NDJSON file is streamed uncompressed, even to a client that accepts compression', async () => {
    const patients: Patient[] = [];
    for (let i = 0; i < 30; i++) {
      patients.push(
        await createResource<Patient>(server, {
          resourceType: 'Patient',
          identifier: [{ system: TEST_SYSTEM, value: uniqueValue() }],
          name: [{ family: `Compressible-${i}`, given: ['Nora', 'Anna'] }],
        }),
      );
    }
    const kickOff = await fhirFetch(server, '$export?_type=Patient', { headers: { prefer: 'respond-async' } });
    expect(kickOff.status).toBe(202);
    const statusUrl = kickOff.headers.get('content-location') as string;
    let manifest: { output: { url: string }[] } | undefined;
    for (let tries = 0; tries < 600 && !manifest; tries++) {
      const status = await fetch(statusUrl, { headers: { authorization: server.adminAuthorization } });
      if (status.status === 200) {
        manifest = await status.json();
      } else {
        await status.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const file = manifest?.output[0]?.url as string;
    const answer = await rawGet(file, { authorization: server.adminAuthorization, 'accept-encoding': 'br, gzip' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
    expect(answer.headers['content-encoding']).toBeUndefined();
    const lines = answer.bytes.toString('utf8').trim().split('\n');
    expect(answer.bytes.length).toBeGreaterThan(1024);
    const ids = new Set(lines.map((line) => JSON.parse(line).id));
    for (const patient of patients) {
      expect(ids.has(patient.id)).toBe(true);
    }
  });
});
