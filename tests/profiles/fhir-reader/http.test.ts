import type { OperationOutcome, Patient } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { FhirHttpReader, FhirReadError, outcomeText } from '../../../profiles/src/fhir-reader/http.ts';

const BASE = 'https://ehr.example/fhir';

interface Sent {
  url: string;
  headers: Record<string, string>;
}

/** A fetch that answers every request with `answer` and records what was sent. */
function stubFetch(answer: (url: string) => Response | Promise<Response>) {
  const sent: Sent[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(input), headers: (init?.headers ?? {}) as Record<string, string> });
    return answer(String(input));
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/fhir+json' } });

const forbidden: OperationOutcome = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'forbidden', details: { text: 'Forbidden: not in your practice' } }],
};
const patient: Patient = { resourceType: 'Patient', id: 'p1' };

describe('FHIR over HTTP', () => {
  test('reads by reference with the bearer token and FHIR JSON accepted', async () => {
    const { fetch, sent } = stubFetch(() => json(patient));
    const reader = new FhirHttpReader({ baseUrl: `${BASE}/`, token: 'secret', fetch });
    expect(await reader.read<Patient>('Patient/p1')).toEqual(patient);
    expect(sent).toEqual([
      { url: `${BASE}/Patient/p1`, headers: { accept: 'application/fhir+json', authorization: 'Bearer secret' } },
    ]);
  });

  test('reads a version by its _history reference', async () => {
    const { fetch, sent } = stubFetch(() => json({ resourceType: 'Basic', id: 's', code: {} }));
    await new FhirHttpReader({ baseUrl: BASE, fetch }).read('Basic/s/_history/3');
    expect(sent[0].url).toBe(`${BASE}/Basic/s/_history/3`);
    expect(sent[0].headers).toEqual({ accept: 'application/fhir+json' });
  });

  test('asks a token function before each request (a refreshed token)', async () => {
    const { fetch, sent } = stubFetch(() => json(patient));
    let n = 0;
    const reader = new FhirHttpReader({ baseUrl: BASE, token: async () => `t${++n}`, fetch });
    await reader.read('Patient/p1');
    await reader.read('Patient/p1');
    expect(sent.map((s) => s.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  test.each([404, 410])('answers undefined for a resource the server answers %i for', async (status) => {
    const { fetch } = stubFetch(() => json({ resourceType: 'OperationOutcome', issue: [] }, status));
    expect(await new FhirHttpReader({ baseUrl: BASE, fetch }).read('Patient/gone')).toBeUndefined();
  });

  test('throws a refusal with its status and the OperationOutcome, in the server’s words', async () => {
    const { fetch } = stubFetch(() => json(forbidden, 403));
    const error = await new FhirHttpReader({ baseUrl: BASE, fetch }).read('Patient/p1').catch((err) => err);
    expect(error).toBeInstanceOf(FhirReadError);
    expect(error).toMatchObject({
      status: 403,
      outcome: forbidden,
      message: 'GET Patient/p1: 403 Forbidden: not in your practice',
    });
  });

  test('throws a refusal without an OperationOutcome with its status only', async () => {
    const { fetch } = stubFetch(() => new Response('Bad gateway', { status: 502 }));
    const error = await new FhirHttpReader({ baseUrl: BASE, fetch }).search('Patient', {}).catch((err) => err);
    expect(error).toMatchObject({ status: 502, outcome: undefined, message: 'GET Patient: 502' });
  });

  test('refuses an answer of another resource type than the reference names', async () => {
    const { fetch } = stubFetch(() => json({ resourceType: 'Practitioner', id: 'p1' }));
    await expect(new FhirHttpReader({ baseUrl: BASE, fetch }).read('Patient/p1')).rejects.toMatchObject({
      status: 502,
      message: 'GET Patient/p1: the server answered with a Practitioner',
    });
  });

  test('refuses what is not a reference, before any request', async () => {
    const { fetch, sent } = stubFetch(() => json(patient));
    await expect(new FhirHttpReader({ baseUrl: BASE, fetch }).read('../admin')).rejects.toBeInstanceOf(FhirReadError);
    expect(sent).toEqual([]);
  });

  test('says when no answer came, with status 0', async () => {
    const reader = new FhirHttpReader({
      baseUrl: BASE,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(reader.read('Patient/p1')).rejects.toMatchObject({
      status: 0,
      message: `GET Patient/p1: no answer from ${BASE} (fetch failed)`,
    });
  });

  test('says when a successful answer is not JSON', async () => {
    const { fetch } = stubFetch(() => new Response('<html>', { status: 200 }));
    await expect(new FhirHttpReader({ baseUrl: BASE, fetch }).search('Patient', {})).rejects.toMatchObject({
      status: 502,
      message: 'GET Patient: the answer is not JSON',
    });
  });

  test('searches with every value of a repeated parameter', async () => {
    const { fetch, sent } = stubFetch(() => json({ resourceType: 'Bundle', type: 'searchset' }));
    await new FhirHttpReader({ baseUrl: BASE, fetch }).search('Encounter', {
      subject: 'Patient/p1',
      date: ['ge2024-01-01', 'lt2025-01-01'],
    });
    expect(sent[0].url).toBe(`${BASE}/Encounter?subject=Patient%2Fp1&date=ge2024-01-01&date=lt2025-01-01`);
  });

  test('follows a paging link under its base URL, and sends the token nowhere else', async () => {
    const { fetch, sent } = stubFetch(() => json({ resourceType: 'Bundle', type: 'searchset' }));
    const reader = new FhirHttpReader({ baseUrl: BASE, token: 'secret', fetch });
    await reader.page(`${BASE}/Encounter?_offset=20`);
    expect(sent.map((s) => s.url)).toEqual([`${BASE}/Encounter?_offset=20`]);
    await expect(reader.page('https://evil.example/fhir/Encounter?_offset=20')).rejects.toMatchObject({
      status: 502,
    });
    await expect(reader.page(`${BASE}.evil.example/Encounter`)).rejects.toBeInstanceOf(FhirReadError);
    expect(sent).toHaveLength(1);
  });

  test('refuses a search of something that is not a resource type, before any request', async () => {
    const { fetch, sent } = stubFetch(() => json({}));
    await expect(new FhirHttpReader({ baseUrl: BASE, fetch }).search('../metadata', {})).rejects.toBeInstanceOf(
      FhirReadError,
    );
    expect(sent).toEqual([]);
  });
});

describe('the text of an OperationOutcome', () => {
  test('joins each issue’s details, else diagnostics, else code', () => {
    expect(
      outcomeText({
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'invalid', details: { text: 'one' } },
          { severity: 'error', code: 'invalid', diagnostics: 'two' },
          { severity: 'error', code: 'not-found' },
        ],
      }),
    ).toBe('one; two; not-found');
    expect(outcomeText(undefined)).toBe('');
  });
});
