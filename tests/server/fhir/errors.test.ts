// Every class of error on the FHIR API answers with its exact HTTP status and an OperationOutcome
// (R4 http.html#2.21.0.16 and operationoutcome.html), and a rejected write stores nothing.
import { randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import {
  countByIdentifier,
  createResource,
  expectOutcome,
  storedVersionCount,
  TEST_SYSTEM,
  uniqueValue,
} from '../../support/fhir-checks.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

/** Small enough to exceed with one padded Patient, large enough for every other request here. */
const MAX_BODY_BYTES = 2048;

function patient(value: string, extra: Record<string, unknown> = {}): Patient {
  return { resourceType: 'Patient', identifier: [{ system: TEST_SYSTEM, value }], ...extra } as Patient;
}

type Request = { method: string; body?: unknown; headers?: Record<string, string> };

describe.each(DATABASE_KINDS)('FHIR error answers on %s', (kind) => {
  const server = useTestServer(kind, { maxBodyBytes: MAX_BODY_BYTES });

  /** Sends a write that must fail with `status`, and checks that the store is unchanged afterwards. */
  async function expectRejectedWrite(path: string, request: Request, status: number, value?: string) {
    const versions = await storedVersionCount(server);
    const response = await fhirFetch(server, path, request);
    expectOutcome(response, status);
    expect(await storedVersionCount(server)).toBe(versions);
    if (value) {
      expect(await countByIdentifier(server, 'Patient', value)).toBe(0);
    }
    return response;
  }

  describe('request bodies', () => {
    test.each([
      ['malformed JSON', '{"resourceType": "Patient", '],
      ['a JSON array', '[{"resourceType": "Patient"}]'],
      ['a JSON string', '"Patient"'],
      ['an empty object', '{}'],
    ])('rejects a create whose body is %s with 400 and writes nothing', async (_label, body) => {
      await expectRejectedWrite('Patient', { method: 'POST', body }, 400);
    });

    test('rejects a Observation POSTed to /Patient with 400 and writes nothing', async () => {
      const value = uniqueValue();
      const body = { resourceType: 'Observation', status: 'final', code: { text: 'x' } };
      await expectRejectedWrite(
        'Patient',
        { method: 'POST', body: { ...body, identifier: [{ system: TEST_SYSTEM, value }] } },
        400,
      );
      expect(await countByIdentifier(server, 'Observation', value)).toBe(0);
    });

    test.each([
      ['an id different from the URL id', (id: string) => ({ id: `${id}-other` })],
      ['no id', () => ({})],
      ['a different resourceType', (id: string) => ({ id, resourceType: 'Practitioner' })],
    ])('rejects a PUT whose body has %s with 400 and writes nothing', async (_label, change) => {
      const value = uniqueValue();
      const id = randomUUID();
      const body = { ...patient(value), ...change(id) };
      await expectRejectedWrite(`Patient/${id}`, { method: 'PUT', body }, 400, value);
      expectOutcome(await fhirFetch(server, `Patient/${id}`), 404);
    });

    test(`rejects a body over maxBodyBytes (${MAX_BODY_BYTES}) with 413 and writes nothing`, async () => {
      const value = uniqueValue();
      const body = patient(value, { name: [{ text: 'x'.repeat(MAX_BODY_BYTES) }] });
      await expectRejectedWrite('Patient', { method: 'POST', body }, 413, value);
    });

    test.each([
      ['text/plain', 'text/plain'],
      ['application/xml', 'application/fhir+xml'],
    ])('rejects a create with content-type %s with 415 and writes nothing', async (_label, contentType) => {
      const value = uniqueValue();
      const request = {
        method: 'POST',
        body: JSON.stringify(patient(value)),
        headers: { 'content-type': contentType },
      };
      await expectRejectedWrite('Patient', request, 415, value);
    });
  });

  describe('URLs and methods', () => {
    test.each(['Foo', 'Foo/123', 'Foo/123/_history'])(
      'answers 404 with an OperationOutcome for unknown resource type /fhir/%s',
      async (path) => {
        expectOutcome(await fhirFetch(server, path), 404);
      },
    );

    test('rejects a create of an unknown resource type with 404 and writes nothing', async () => {
      await expectRejectedWrite('Foo', { method: 'POST', body: { resourceType: 'Foo' } }, 404);
    });

    test('answers 404 with an OperationOutcome for an unknown id', async () => {
      expectOutcome(await fhirFetch(server, `Patient/${randomUUID()}`), 404);
    });

    test('answers 410 with an OperationOutcome for a deleted resource', async () => {
      const created = await createResource(server, patient(uniqueValue()));
      expect((await fhirFetch(server, `Patient/${created.id}`, { method: 'DELETE' })).status).toBe(200);
      expectOutcome(await fhirFetch(server, `Patient/${created.id}`), 410);
    });

    test.each([
      ['DELETE', 'Patient/x/_history/1', undefined],
      ['POST', 'Patient/x', { resourceType: 'Patient', id: 'x' }],
      ['PUT', 'Patient/x/_history', { resourceType: 'Patient', id: 'x' }],
      ['PATCH', 'Patient/x/_history/1', []],
    ])('answers 405 with an OperationOutcome for %s /fhir/%s and writes nothing', async (method, path, body) => {
      await expectRejectedWrite(path, { method, body }, 405);
      expectOutcome(await fhirFetch(server, 'Patient/x'), 404);
    });
  });

  describe('versions and validation', () => {
    test('rejects an update with a stale If-Match with 412 and writes nothing', async () => {
      const created = await createResource(server, patient(uniqueValue()));
      await fhirFetch(server, `Patient/${created.id}`, { method: 'PUT', body: { ...created, active: true } });

      await expectRejectedWrite(
        `Patient/${created.id}`,
        { method: 'PUT', body: { ...created, active: false }, headers: { 'if-match': 'W/"1"' } },
        412,
      );
      expect((await fhirFetch(server, `Patient/${created.id}`)).body.active).toBe(true);
    });

    test.each([
      ['gender "robot"', { gender: 'robot' }, 'Patient.gender'],
      ['birthDate "not-a-date"', { birthDate: 'not-a-date' }, 'Patient.birthDate'],
      ['an unknown property', { favouriteColour: 'blue' }, 'Patient.favouriteColour'],
      ['active as a string', { active: 'yes' }, 'Patient.active'],
      ['name not a list', { name: { family: 'Visser' } }, 'Patient.name'],
    ])(
      'rejects a Patient with %s with 422, an issue at its expression, and writes nothing',
      async (_label, extra, expression) => {
        const value = uniqueValue();
        const response = await expectRejectedWrite(
          'Patient',
          { method: 'POST', body: patient(value, extra) },
          422,
          value,
        );
        expect(response.body.issue.flatMap((issue: { expression?: string[] }) => issue.expression ?? [])).toContain(
          expression,
        );
      },
    );

    test('rejects an update to an invalid Patient with 422 and keeps the stored version', async () => {
      const created = await createResource(server, patient(uniqueValue()));
      await expectRejectedWrite(
        `Patient/${created.id}`,
        { method: 'PUT', body: { ...created, birthDate: 'soon' } },
        422,
      );
      expect((await fhirFetch(server, `Patient/${created.id}`)).body).toEqual(created);
    });

    test('rejects a patch that makes the Patient invalid with 422 and keeps the stored version', async () => {
      const created = await createResource(server, patient(uniqueValue()));
      await expectRejectedWrite(
        `Patient/${created.id}`,
        {
          method: 'PATCH',
          body: [{ op: 'add', path: '/birthDate', value: 'soon' }],
          headers: { 'content-type': 'application/json-patch+json' },
        },
        422,
      );
      expect((await fhirFetch(server, `Patient/${created.id}`)).body).toEqual(created);
    });
  });

  describe('search parameters', () => {
    test('rejects an unknown search parameter with 400', async () => {
      const response = await fhirFetch(server, 'Patient?favourite-colour=blue');
      expectOutcome(response, 400);
    });

    test('ignores an unknown search parameter with Prefer: handling=lenient and adds an outcome entry with a warning', async () => {
      const value = uniqueValue();
      await createResource(server, patient(value));
      const response = await fhirFetch(server, `Patient?identifier=${TEST_SYSTEM}|${value}&favourite-colour=blue`, {
        headers: { prefer: 'handling=lenient' },
      });

      expect(response.status).toBe(200);
      expect(response.body.resourceType).toBe('Bundle');
      const outcomes = response.body.entry.filter((e: { search?: { mode?: string } }) => e.search?.mode === 'outcome');
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0].resource).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'warning' }],
      });
      const matches = response.body.entry.filter((e: { search?: { mode?: string } }) => e.search?.mode === 'match');
      expect(matches).toHaveLength(1);
    });

    test.each([
      ['an impossible date', 'birthdate=2020-13-45'],
      ['a date that is not a date', 'birthdate=yesterday'],
      ['a non-numeric _count', '_count=abc'],
      ['a negative _count', '_count=-1'],
      ['an unknown _sort parameter', '_sort=favourite-colour'],
    ])('rejects a search with %s with 400', async (_label, query) => {
      expectOutcome(await fhirFetch(server, `Patient?${query}`), 400);
    });
  });
});
