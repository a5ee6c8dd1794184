// Conditional interactions (R4 http.html#ccreate, #cond-update, #cdelete, #patch) and version-aware
// writes with If-Match (R4 http.html#concurrency).
import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import {
  countByIdentifier,
  createResource,
  expectOutcome,
  identifierQuery,
  storedVersionCount,
  TEST_SYSTEM,
  uniqueValue,
} from '../../support/fhir-checks.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

function patient(value: string, birthDate = '1970-01-01'): Patient {
  return { resourceType: 'Patient', identifier: [{ system: TEST_SYSTEM, value }], birthDate };
}

const ifNoneExist = (value: string): Record<string, string> => ({ 'if-none-exist': identifierQuery(value) });

describe.each(DATABASE_KINDS)('FHIR conditional interactions on %s', (kind) => {
  const server = useTestServer(kind);

  describe('conditional create (If-None-Exist)', () => {
    test('creates with 201 when nothing matches', async () => {
      const value = uniqueValue();
      const response = await fhirFetch(server, 'Patient', {
        method: 'POST',
        body: patient(value),
        headers: ifNoneExist(value),
      });

      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe(`${server.fhirUrl}/Patient/${response.body.id}/_history/1`);
      expect(await countByIdentifier(server, 'Patient', value)).toBe(1);
    });

    test('answers 200 with the existing resource when one matches, and writes nothing', async () => {
      const value = uniqueValue();
      const existing = await createResource(server, patient(value));
      const versions = await storedVersionCount(server);

      const response = await fhirFetch(server, 'Patient', {
        method: 'POST',
        body: patient(value, '1999-09-09'),
        headers: ifNoneExist(value),
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual(existing);
      expect(await storedVersionCount(server)).toBe(versions);
      expect(await countByIdentifier(server, 'Patient', value)).toBe(1);
    });

    test('answers 412 with an OperationOutcome when two match, and writes nothing', async () => {
      const value = uniqueValue();
      await createResource(server, patient(value));
      await createResource(server, patient(value));
      const versions = await storedVersionCount(server);

      const response = await fhirFetch(server, 'Patient', {
        method: 'POST',
        body: patient(value),
        headers: ifNoneExist(value),
      });

      expectOutcome(response, 412);
      expect(await storedVersionCount(server)).toBe(versions);
      expect(await countByIdentifier(server, 'Patient', value)).toBe(2);
    });
  });

  describe('conditional update (PUT [type]?search)', () => {
    test('creates with 201 when nothing matches', async () => {
      const value = uniqueValue();
      const response = await fhirFetch(server, `Patient?${identifierQuery(value)}`, {
        method: 'PUT',
        body: patient(value),
      });

      expect(response.status).toBe(201);
      expect(response.body.meta.versionId).toBe('1');
      expect(response.headers.get('location')).toBe(`${server.fhirUrl}/Patient/${response.body.id}/_history/1`);
      expect(await countByIdentifier(server, 'Patient', value)).toBe(1);
    });

    test('updates the one match with 200 and version 2', async () => {
      const value = uniqueValue();
      const existing = await createResource(server, patient(value));

      const response = await fhirFetch(server, `Patient?${identifierQuery(value)}`, {
        method: 'PUT',
        body: patient(value, '1988-08-08'),
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: existing.id, birthDate: '1988-08-08', meta: { versionId: '2' } });
      expect((await fhirFetch(server, `Patient/${existing.id}`)).body.birthDate).toBe('1988-08-08');
      expect(await countByIdentifier(server, 'Patient', value)).toBe(1);
    });

    test('answers 412 with an OperationOutcome when two match, and writes nothing', async () => {
      const value = uniqueValue();
      await createResource(server, patient(value));
      await createResource(server, patient(value));
      const versions = await storedVersionCount(server);

      const response = await fhirFetch(server, `Patient?${identifierQuery(value)}`, {
        method: 'PUT',
        body: patient(value, '1988-08-08'),
      });

      expectOutcome(response, 412);
      expect(await storedVersionCount(server)).toBe(versions);
    });
  });

  describe('conditional delete (DELETE [type]?search)', () => {
    test('deletes the one match with 200; read then answers 410', async () => {
      const value = uniqueValue();
      const existing = await createResource(server, patient(value));

      const response = await fhirFetch(server, `Patient?${identifierQuery(value)}`, { method: 'DELETE' });

      expect(response.status).toBe(200);
      expectOutcome(await fhirFetch(server, `Patient/${existing.id}`), 410);
      expect(await countByIdentifier(server, 'Patient', value)).toBe(0);
    });

    test('answers 200 and writes nothing when nothing matches', async () => {
      const versions = await storedVersionCount(server);
      const response = await fhirFetch(server, `Patient?${identifierQuery(uniqueValue())}`, { method: 'DELETE' });

      expect(response.status).toBe(200);
      expect(await storedVersionCount(server)).toBe(versions);
    });

    test('answers 412 with an OperationOutcome when two match, and deletes neither', async () => {
      const value = uniqueValue();
      await createResource(server, patient(value));
      await createResource(server, patient(value));
      const versions = await storedVersionCount(server);

      const response = await fhirFetch(server, `Patient?${identifierQuery(value)}`, { method: 'DELETE' });

      expectOutcome(response, 412);
      expect(await storedVersionCount(server)).toBe(versions);
      expect(await countByIdentifier(server, 'Patient', value)).toBe(2);
    });
  });

  describe('conditional patch (PATCH [type]?search)', () => {
    const patch = [{ op: 'replace', path: '/birthDate', value: '1977-07-07' }];
    const jsonPatch = { 'content-type': 'application/json-patch+json' };

    test('patches the one match with 200 and version 2', async () => {
      const value = uniqueValue();
      const existing = await createResource(server, patient(value));

      const response = await fhirFetch(server, `Patient?${identifierQuery(value)}`, {
        method: 'PATCH',
        body: patch,
        headers: jsonPatch,
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: existing.id, birthDate: '1977-07-07', meta: { versionId: '2' } });
    });

    test.each([
      ['no resource matches', 0, 404],
      ['two resources match', 2, 412],
    ])('answers with an OperationOutcome and writes nothing when %s', async (_label, matches, status) => {
      const value = uniqueValue();
      for (let i = 0; i < matches; i++) {
        await createResource(server, patient(value));
      }
      const versions = await storedVersionCount(server);

      const response = await fhirFetch(server, `Patient?${identifierQuery(value)}`, {
        method: 'PATCH',
        body: patch,
        headers: jsonPatch,
      });

      expectOutcome(response, status);
      expect(await storedVersionCount(server)).toBe(versions);
    });
  });

  describe('If-Match', () => {
    /** A Patient at version 2, so W/"1" is stale and W/"2" is current. */
    async function patientAtVersion2(): Promise<Patient & { id: string }> {
      const created = await createResource(server, patient(uniqueValue()));
      const updated = await fhirFetch(server, `Patient/${created.id}`, {
        method: 'PUT',
        body: { ...created, birthDate: '1971-01-01' },
      });
      expect(updated.status).toBe(200);
      return updated.body;
    }

    type Write = { method: string; body?: unknown; headers?: Record<string, string> };
    const writes: Record<'update' | 'patch' | 'delete', (p: Patient) => Write> = {
      update: (p) => ({ method: 'PUT', body: { ...p, birthDate: '1972-02-02' } }),
      patch: () => ({
        method: 'PATCH',
        body: [{ op: 'replace', path: '/birthDate', value: '1972-02-02' }],
        headers: { 'content-type': 'application/json-patch+json' },
      }),
      delete: () => ({ method: 'DELETE' }),
    };

    test.each(['update', 'patch', 'delete'] as const)(
      'applies a %s whose If-Match names the current version',
      async (write) => {
        const current = await patientAtVersion2();
        const init = writes[write](current);
        const response = await fhirFetch(server, `Patient/${current.id}`, {
          ...init,
          headers: { ...init.headers, 'if-match': 'W/"2"' },
        });

        expect(response.status).toBe(200);
        const history = await fhirFetch(server, `Patient/${current.id}/_history`);
        expect(history.body.total).toBe(3);
        if (write === 'delete') {
          expectOutcome(await fhirFetch(server, `Patient/${current.id}`), 410);
        } else {
          expect(response.body.meta.versionId).toBe('3');
          expect(response.headers.get('etag')).toBe('W/"3"');
        }
      },
    );

    test.each(['update', 'patch', 'delete'] as const)(
      'rejects a %s with a stale If-Match with 412 and writes nothing',
      async (write) => {
        const current = await patientAtVersion2();
        const init = writes[write](current);
        const response = await fhirFetch(server, `Patient/${current.id}`, {
          ...init,
          headers: { ...init.headers, 'if-match': 'W/"1"' },
        });

        expectOutcome(response, 412);
        const read = await fhirFetch(server, `Patient/${current.id}`);
        expect(read.status).toBe(200);
        expect(read.body).toEqual(current);
        expect((await fhirFetch(server, `Patient/${current.id}/_history`)).body.total).toBe(2);
      },
    );
  });
});
