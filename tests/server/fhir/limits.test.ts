// Bounded work per request, and a 4xx (never a 5xx) for bad input: JSON bodies too deep, too large or with
// Object.prototype property names, unreadable bodies, too many search parameters or repeats of one, NUL
// characters in URLs and search values, deep history paging, oversized batches and operation dates out of
// range. Over real HTTP on both databases; each refusal names its limit, and a refused write stores nothing.
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import {
  createResource,
  expectOutcome,
  identifierQuery,
  storedVersionCount,
  TEST_SYSTEM,
  uniqueValue,
} from '../../support/fhir-checks.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

type Fetched = Awaited<ReturnType<typeof fhirFetch>>;

const textOf = (response: Fetched): string => response.body?.issue?.[0]?.details?.text ?? '';

/** `{"resourceType":"Patient","x":[[[…1…]]]}` with `depth` levels of arrays, as text (JSON.stringify would recurse). */
function deeplyNestedPatient(depth: number): string {
  return `{"resourceType":"Patient","x":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
}

/** A Patient whose extension holds `depth` nested extensions (valid FHIR, each level one Extension). */
function nestedExtensions(depth: number): string {
  const open = '{"url":"http://example.org/nested","extension":['.repeat(depth);
  const close = ']}'.repeat(depth);
  return `{"resourceType":"Patient","extension":[${open}{"url":"http://example.org/leaf","valueString":"x"}${close}]}`;
}

/** `name=n0&name=n1&…` */
const repeated = (name: string, count: number): string =>
  Array.from({ length: count }, (_, i) => `${name}=n${i}`).join('&');

/** 51 search criteria over eight Patient parameters, none repeated more than 7 times. */
const MANY_PARAMETERS = Array.from(
  { length: 51 },
  (_, i) => `${['family', 'given', 'address-city', 'phone', 'email', 'telecom', 'address', 'language'][i % 8]}=v${i}`,
).join('&');

const getBatch = (entries: number) => ({
  resourceType: 'Bundle',
  type: 'batch',
  entry: Array.from({ length: entries }, () => ({ request: { method: 'GET', url: 'Patient?_count=1' } })),
});

describe.each(DATABASE_KINDS)('request bounds on %s', (kind) => {
  const server = useTestServer(kind);

  /** Sends a write that must be refused with `status`, and checks the store is unchanged. */
  async function expectRefusedWrite(
    path: string,
    init: { method: string; body: unknown; headers?: Record<string, string> },
    status: number,
  ): Promise<Fetched> {
    const versions = await storedVersionCount(server);
    const response = await fhirFetch(server, path, init);
    expectOutcome(response, status);
    expect(await storedVersionCount(server)).toBe(versions);
    return response;
  }

  describe('the shape of JSON bodies', () => {
    test.each([
      ['10,000 nested arrays', deeplyNestedPatient(10_000)],
      ['2,000 nested extensions', nestedExtensions(2_000)],
      ['65 levels, one over the limit', deeplyNestedPatient(64)],
    ])('refuses a Patient with %s: 400 naming the depth limit 64, nothing stored', async (_label, body) => {
      const response = await expectRefusedWrite('Patient', { method: 'POST', body }, 400);
      expect(textOf(response)).toMatch(/deeper than 64 levels.*TARGET_MAX_JSON_DEPTH/);
      expect(response.body.issue[0]).toMatchObject({
        code: 'too-costly',
        expression: [expect.stringMatching(/^Patient\./)],
      });
    });

    test('hands a body of 64 levels to the validator (422 for its unknown property, not the 400 of the limit)', async () => {
      const response = await fhirFetch(server, 'Patient', { method: 'POST', body: deeplyNestedPatient(63) });
      expectOutcome(response, 422);
    });

    test('accepts a Patient with 30 nested extensions (real FHIR nests far less deep than the limit)', async () => {
      const response = await fhirFetch(server, 'Patient', { method: 'POST', body: nestedExtensions(30) });
      expect(response.status).toBe(201);
    });

    test('refuses a body of more than 200,000 JSON values: 400 naming the limit, nothing stored', async () => {
      const identifiers = Array(100_000).fill('{"value":"v"}').join(',');
      const body = `{"resourceType":"Patient","identifier":[${identifiers}]}`;
      const response = await expectRefusedWrite('Patient', { method: 'POST', body }, 400);
      expect(textOf(response)).toMatch(/more than 200000 JSON values.*TARGET_MAX_JSON_ELEMENTS/);
      expect(response.body.issue[0].code).toBe('too-costly');
    });

    test.each([
      ['__proto__', '{"resourceType":"Patient","__proto__":{"active":true}}', 'Patient.__proto__'],
      ['constructor', '{"resourceType":"Patient","name":[{"constructor":"x"}]}', 'Patient.name[0].constructor'],
      ['toString', '{"resourceType":"Patient","toString":"x"}', 'Patient.toString'],
      ['valueOf', '{"resourceType":"Patient","name":[{"family":"Visser","valueOf":"x"}]}', 'Patient.name[0].valueOf'],
      ['hasOwnProperty', '{"resourceType":"Patient","meta":{"hasOwnProperty":1}}', 'Patient.meta.hasOwnProperty'],
    ])(
      'refuses a Patient with the property name %s: 400 at its path, nothing stored',
      async (name, body, expression) => {
        const response = await expectRefusedWrite('Patient', { method: 'POST', body }, 400);
        expect(textOf(response)).toContain(`"${name}" is not allowed`);
        expect(response.body.issue[0]).toMatchObject({ code: 'structure', expression: [expression] });
      },
    );

    test.each([
      ['an update', 'PUT', 'Patient/proto-put'],
      ['a $validate', 'POST', 'Patient/$validate'],
    ])('refuses the property name valueOf in %s too: 400, nothing stored', async (_label, method, path) => {
      const body = '{"resourceType":"Patient","id":"proto-put","name":[{"valueOf":"x"}]}';
      const response = await expectRefusedWrite(path, { method, body }, 400);
      expect(textOf(response)).toContain('"valueOf" is not allowed');
    });

    test('refuses a transaction whose entry has the property name constructor: 400, no entry runs', async () => {
      const value = uniqueValue();
      const body = {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: { resourceType: 'Patient', identifier: [{ system: TEST_SYSTEM, value }] },
            request: { method: 'POST', url: 'Patient' },
          },
          {
            resource: JSON.parse('{"resourceType":"Patient","constructor":"x"}'),
            request: { method: 'POST', url: 'Patient' },
          },
        ],
      };
      const response = await expectRefusedWrite('', { method: 'POST', body }, 400);
      expect(response.body.issue[0].expression).toEqual(['Bundle.entry[1].resource.constructor']);
    });
  });

  describe('unreadable bodies', () => {
    test.each([
      ['gzip', /could not be read: incorrect header check/],
      ['deflate', /could not be read: incorrect header check/],
      ['br', /could not be read/],
    ])(
      'refuses a body that is not %s though Content-Encoding says so with 400, nothing stored',
      async (encoding, text) => {
        const response = await expectRefusedWrite(
          'Patient',
          { method: 'POST', body: '{"resourceType":"Patient"}', headers: { 'content-encoding': encoding } },
          400,
        );
        expect(textOf(response)).toMatch(text);
      },
    );

    test('still accepts a gzip body that is gzip', async () => {
      const response = await fetch(`${server.fhirUrl}/Patient`, {
        method: 'POST',
        headers: {
          authorization: server.adminAuthorization,
          'content-type': 'application/fhir+json',
          'content-encoding': 'gzip',
        },
        body: gzipSync('{"resourceType":"Patient"}'),
      });
      expect(response.status).toBe(201);
    });

    test('refuses a POST _search form of more than 1,000 parameters with 413', async () => {
      const response = await fhirFetch(server, 'Patient/_search', {
        method: 'POST',
        body: repeated('name', 1001),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectOutcome(response, 413);
      expect(textOf(response)).toMatch(/too many parameters/);
    });
  });

  describe('search parameters', () => {
    test.each([
      ['300 repeats of name by GET', () => fhirFetch(server, `Patient?${repeated('name', 300)}`)],
      ['11 repeats of name by GET', () => fhirFetch(server, `Patient?${repeated('name', 11)}`)],
      ['11 repeats of family, with modifiers', () => fhirFetch(server, `Patient?${repeated('family:exact', 11)}`)],
      [
        '11 repeats of name by POST _search',
        () =>
          fhirFetch(server, 'Patient/_search', {
            method: 'POST',
            body: repeated('name', 11),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
      ],
      ['11 repeats of name in a system search', () => fhirFetch(server, `?_type=Patient&${repeated('name', 11)}`)],
    ])('refuses %s: 400 naming the parameter and the limit 10', async (_label, send) => {
      const response = await send();
      expectOutcome(response, 400);
      expect(textOf(response)).toMatch(/search parameter (name|family) may be repeated at most 10 times/);
      expect(response.body.issue[0].code).toBe('too-costly');
    });

    test('answers 10 repeats of name, the most it allows', async () => {
      expect((await fhirFetch(server, `Patient?${repeated('name', 10)}`)).status).toBe(200);
    });

    test('refuses 51 search parameters with 400 naming the limit 50', async () => {
      const response = await fhirFetch(server, `Patient?${MANY_PARAMETERS}`);
      expectOutcome(response, 400);
      expect(textOf(response)).toMatch(/at most 50 parameters .*got 51/);
    });

    test('refuses a batch entry with 11 repeats of name: the entry answers 400 naming the limit', async () => {
      const response = await fhirFetch(server, '', {
        method: 'POST',
        body: {
          resourceType: 'Bundle',
          type: 'batch',
          entry: [{ request: { method: 'GET', url: `Patient?${repeated('name', 11)}` } }],
        },
      });
      expect(response.status).toBe(200);
      expect(response.body.entry[0].response.status).toMatch(/^400/);
      expect(response.body.entry[0].response.outcome.issue[0].details.text).toMatch(/at most 10 times/);
    });

    test.each([
      ['a conditional create (If-None-Exist)', 'POST', 'Patient', { 'if-none-exist': repeated('name', 11) }],
      ['a conditional update', 'PUT', `Patient?${repeated('name', 11)}`, {}],
    ])('refuses %s with 11 repeats of name: 400, nothing stored', async (_label, method, path, headers) => {
      const body = { resourceType: 'Patient', identifier: [{ system: TEST_SYSTEM, value: uniqueValue() }] };
      const response = await expectRefusedWrite(path, { method, body, headers }, 400);
      expect(textOf(response)).toMatch(/at most 10 times/);
    });
  });

  describe('NUL characters', () => {
    test.each([
      ['a string parameter', 'Patient?name=a%00b', 'name'],
      ['a token parameter', 'Patient?identifier=a%00b', 'identifier'],
      ['_id', 'Patient?_id=a%00b', '_id'],
      ['a history parameter', '_history?_since=2020-01-01%00', '_since'],
      ['an id in the path', 'Patient/a%00b', 'the path'],
      ['a history id in the path', 'Patient/a%00b/_history', 'the path'],
      ['the id of a job status URL', '_async/a%00b', 'the path'],
    ])('refuses a NUL in %s with 400 naming where', async (_label, path, where) => {
      const response = await fhirFetch(server, path);
      expectOutcome(response, 400);
      expect(textOf(response)).toBe(`The NUL character (%00) is not allowed in a FHIR URL; found in ${where}`);
    });

    test.each([
      ['a POST _search form', 'name', 'name=a%00b'],
      ['a POST _search form token', 'identifier', 'identifier=a%00b'],
    ])('refuses a NUL in %s with 400 naming the parameter', async (_label, name, form) => {
      const response = await fhirFetch(server, 'Patient/_search', {
        method: 'POST',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectOutcome(response, 400);
      expect(textOf(response)).toBe(`The search parameter ${name} holds a NUL character`);
    });

    test.each([
      ['a search', 'Patient?name=a\u0000b', /search parameter name holds a NUL/],
      ['a read', 'Patient/a\u0000b', /NUL character/],
    ])('answers a batch entry with a NUL in %s with 400 for that entry', async (_label, url, text) => {
      const response = await fhirFetch(server, '', {
        method: 'POST',
        body: { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url } }] },
      });
      expect(response.status).toBe(200);
      expect(response.body.entry[0].response.status).toMatch(/^400/);
      expect(response.body.entry[0].response.outcome.issue[0].details.text).toMatch(text);
    });
  });

  describe('history paging', () => {
    test.each(['_history?_offset=99999999999999999999', '_history?_offset=10001', 'Patient/_history?_offset=10001'])(
      'refuses %s with 400 naming the limit 10000',
      async (path) => {
        const response = await fhirFetch(server, path);
        expectOutcome(response, 400);
        expect(textOf(response)).toMatch(/_offset must be an integer from 0 to 10000/);
      },
    );

    test('refuses instance history deeper than _offset 10000 with 400', async () => {
      const created = await createResource(server, { resourceType: 'Patient' });
      const response = await fhirFetch(server, `Patient/${created.id}/_history?_offset=10001`);
      expectOutcome(response, 400);
      expect(textOf(response)).toMatch(/from 0 to 10000/);
    });

    test('caps _count at 1000 as search does, and pages on', async () => {
      const response = await fhirFetch(server, '_history?_count=5000');
      expect(response.status).toBe(200);
      expect(response.body.link[0].url).toContain('_count=1000');
    });
  });

  describe('batch and transaction size', () => {
    test.each([
      ['a batch of 2,000 reads', getBatch(2000)],
      ['a batch of 501 reads', getBatch(501)],
      [
        'a batch of 300 reads carrying a nested batch of 300',
        {
          ...getBatch(300),
          entry: [...getBatch(299).entry, { request: { method: 'POST', url: '' }, resource: getBatch(300) }],
        },
      ],
    ])('refuses %s with 413 naming the limit 500, before any entry runs', async (_label, body) => {
      const response = await fhirFetch(server, '', { method: 'POST', body });
      expectOutcome(response, 413);
      expect(textOf(response)).toMatch(/at most 500 entries.*TARGET_MAX_BATCH_ENTRIES/);
      expect(response.body.issue[0]).toMatchObject({ code: 'too-costly', expression: ['Bundle.entry'] });
    });

    test('refuses a transaction of 501 creates with 413 and stores none of them', async () => {
      const value = uniqueValue();
      const entry = Array.from({ length: 501 }, () => ({
        resource: { resourceType: 'Patient', identifier: [{ system: TEST_SYSTEM, value }] },
        request: { method: 'POST', url: 'Patient' },
      }));
      await expectRefusedWrite(
        '',
        { method: 'POST', body: { resourceType: 'Bundle', type: 'transaction', entry } },
        413,
      );
      expect((await fhirFetch(server, `Patient?${identifierQuery(value)}&_summary=count`)).body.total).toBe(0);
    });

    test('answers a batch of 500 reads, the most it allows', async () => {
      const response = await fhirFetch(server, '', { method: 'POST', body: getBatch(500) });
      expect(response.status).toBe(200);
      expect(response.body.entry).toHaveLength(500);
    });
  });

  describe('operation dates', () => {
    test.each([
      ['Group/$target-selection', '0001-01-01'],
      ['Group/$target-selection', '1899-12-31'],
      ['Group/$target-selection', '2201-01-01'],
      ['Patient/limits-no-such-patient/$care-burden', '0001-01-01'],
      ['Patient/limits-no-such-patient/$care-burden', '9999-12-31'],
    ])('refuses %s with date=%s: 400 naming the parameter and the range', async (path, date) => {
      const response = await fhirFetch(server, `${path}?date=${date}`, { method: 'POST' });
      expectOutcome(response, 400);
      expect(textOf(response)).toBe(`date must be a date from 1900 to 2200, got "${date}"`);
      expect(response.body.issue[0].expression).toEqual(['date']);
    });
  });
});
