// Transaction and batch Bundles (R4 http.html#transaction): urn:uuid references rewritten to the ids
// the server assigns, conditional references resolved, all-or-nothing for transactions, entry by entry
// for batches.
import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
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

const identifier = (value: string) => [{ system: TEST_SYSTEM, value }];
const urn = (): string => `urn:uuid:${randomUUID()}`;

function bundle(type: 'transaction' | 'batch', entry: BundleEntry[]): Bundle {
  return { resourceType: 'Bundle', type, entry };
}

function post(resource: Resource, fullUrl?: string, ifNoneExist?: string): BundleEntry {
  return {
    ...(fullUrl ? { fullUrl } : {}),
    resource,
    request: { method: 'POST', url: resource.resourceType, ...(ifNoneExist ? { ifNoneExist } : {}) },
  };
}

function encounter(value: string, subject: string): Resource {
  return {
    resourceType: 'Encounter',
    identifier: identifier(value),
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: subject },
  };
}

function observation(value: string, subject?: string): Resource {
  return {
    resourceType: 'Observation',
    identifier: identifier(value),
    status: 'final',
    code: { text: 'Body weight' },
    ...(subject ? { subject: { reference: subject } } : {}),
  };
}

/** `Patient/<id>` from a response entry's location (`Patient/<id>` or `…/Patient/<id>/_history/1`). */
function referenceOf(entry: BundleEntry, resourceType: string): string {
  const match = new RegExp(`(?:^|/)${resourceType}/([^/]+)`).exec(entry.response?.location ?? '');
  expect(match).not.toBeNull();
  return `${resourceType}/${match?.[1]}`;
}

describe.each(DATABASE_KINDS)('FHIR transaction and batch on %s', (kind) => {
  const server = useTestServer(kind);

  describe('transaction', () => {
    test('creates a Patient, Encounter and Condition and rewrites their urn:uuid references to Patient/<id>', async () => {
      const value = uniqueValue();
      const [patientUrn, encounterUrn] = [urn(), urn()];
      const response = await fhirFetch(server, '', {
        method: 'POST',
        body: bundle('transaction', [
          post({ resourceType: 'Patient', identifier: identifier(value) }, patientUrn),
          post(encounter(value, patientUrn), encounterUrn),
          post(
            {
              resourceType: 'Condition',
              identifier: identifier(value),
              subject: { reference: patientUrn },
              encounter: { reference: encounterUrn },
              code: { text: 'Hypertension' },
            },
            urn(),
          ),
        ]),
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response' });
      const entries: BundleEntry[] = response.body.entry;
      expect(entries.map((e) => e.response?.status)).toEqual(Array(3).fill(expect.stringMatching(/^201/)));
      const patientRef = referenceOf(entries[0], 'Patient');
      const encounterRef = referenceOf(entries[1], 'Encounter');

      const storedEncounter = await fhirFetch(server, referenceOf(entries[1], 'Encounter'));
      expect(storedEncounter.body.subject).toEqual({ reference: patientRef });
      const storedCondition = await fhirFetch(server, referenceOf(entries[2], 'Condition'));
      expect(storedCondition.body.subject).toEqual({ reference: patientRef });
      expect(storedCondition.body.encounter).toEqual({ reference: encounterRef });
      const bySubject = await fhirFetch(server, `Condition?subject=${patientRef}`);
      expect(bySubject.body.entry).toHaveLength(1);
    });

    test('resolves a conditional reference (Patient?identifier=…) to the one matching Patient', async () => {
      const value = uniqueValue();
      const existing = await createResource(server, { resourceType: 'Patient', identifier: identifier(value) });
      const response = await fhirFetch(server, '', {
        method: 'POST',
        body: bundle('transaction', [post(observation(value, `Patient?${identifierQuery(value)}`), urn())]),
      });

      expect(response.status).toBe(200);
      const stored = await fhirFetch(server, referenceOf(response.body.entry[0], 'Observation'));
      expect(stored.body.subject).toEqual({ reference: `Patient/${existing.id}` });
    });

    test('rejects a transaction whose conditional reference matches no Patient with 4xx and writes nothing', async () => {
      const value = uniqueValue();
      const versions = await storedVersionCount(server);
      const response = await fhirFetch(server, '', {
        method: 'POST',
        body: bundle('transaction', [post(observation(value, `Patient?${identifierQuery(uniqueValue())}`), urn())]),
      });

      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expectOutcome(response, response.status);
      expect(await storedVersionCount(server)).toBe(versions);
      expect(await countByIdentifier(server, 'Observation', value)).toBe(0);
    });

    test('uses the existing Patient for an entry with a matching ifNoneExist and points urn:uuid references at it', async () => {
      const value = uniqueValue();
      const existing = await createResource(server, { resourceType: 'Patient', identifier: identifier(value) });
      const patientUrn = urn();
      const response = await fhirFetch(server, '', {
        method: 'POST',
        body: bundle('transaction', [
          post({ resourceType: 'Patient', identifier: identifier(value) }, patientUrn, identifierQuery(value)),
          post(encounter(value, patientUrn), urn()),
        ]),
      });

      expect(response.status).toBe(200);
      const [patientEntry, encounterEntry]: BundleEntry[] = response.body.entry;
      expect(patientEntry.response?.status).toMatch(/^200/);
      expect(patientEntry.resource?.id).toBe(existing.id);
      expect(await countByIdentifier(server, 'Patient', value)).toBe(1);
      const storedEncounter = await fhirFetch(server, referenceOf(encounterEntry, 'Encounter'));
      expect(storedEncounter.body.subject).toEqual({ reference: `Patient/${existing.id}` });
    });

    test('creates the Patient for an entry with an ifNoneExist that matches nothing', async () => {
      const value = uniqueValue();
      const response = await fhirFetch(server, '', {
        method: 'POST',
        body: bundle('transaction', [
          post({ resourceType: 'Patient', identifier: identifier(value) }, urn(), identifierQuery(value)),
        ]),
      });

      expect(response.status).toBe(200);
      expect(response.body.entry[0].response.status).toMatch(/^201/);
      expect(await countByIdentifier(server, 'Patient', value)).toBe(1);
    });

    const failingLastEntries: [string, number, (target: string) => BundleEntry][] = [
      [
        'a resource failing validation',
        422,
        () => post({ resourceType: 'Patient', birthDate: 'not-a-date' } as Resource, urn()),
      ],
      [
        'a PUT with a stale If-Match',
        412,
        (target) => ({
          resource: { resourceType: 'Patient', id: target.split('/')[1], birthDate: '1999-01-01' },
          request: { method: 'PUT', url: target, ifMatch: 'W/"1"' },
        }),
      ],
      // fhir-router read resourceType of the missing resource: the TypeError inside the transaction was a 500.
      ['a PUT without a resource', 400, (target) => ({ request: { method: 'PUT', url: target } })],
      ['a POST without a resource', 400, () => ({ fullUrl: urn(), request: { method: 'POST', url: 'Patient' } })],
      // fhir-router answered this entry's 400 inside a 200 transaction-response and committed the others.
      ['an entry without request.method', 400, () => ({ fullUrl: urn(), resource: { resourceType: 'Patient' } })],
    ];

    test.each(failingLastEntries)(
      'rolls back every entry when the last entry is %s (%i) and answers with an OperationOutcome',
      async (_label, status, failing) => {
        const value = uniqueValue();
        const target = await createResource(server, { resourceType: 'Patient', birthDate: '1950-01-01' });
        const updated = await fhirFetch(server, `Patient/${target.id}`, {
          method: 'PUT',
          body: { ...target, birthDate: '1950-02-02' },
        });
        expect(updated.status).toBe(200);
        const versions = await storedVersionCount(server);
        const patientUrn = urn();

        const response = await fhirFetch(server, '', {
          method: 'POST',
          body: bundle('transaction', [
            post({ resourceType: 'Patient', identifier: identifier(value) }, patientUrn),
            post(encounter(value, patientUrn), urn()),
            post(observation(value, patientUrn), urn()),
            failing(`Patient/${target.id}`),
          ]),
        });

        expectOutcome(response, status);
        expect(await countByIdentifier(server, 'Patient', value)).toBe(0);
        expect(await countByIdentifier(server, 'Encounter', value)).toBe(0);
        expect(await countByIdentifier(server, 'Observation', value)).toBe(0);
        expect(await storedVersionCount(server)).toBe(versions);
        expect((await fhirFetch(server, `Patient/${target.id}`)).body).toEqual(updated.body);
      },
    );
  });

  describe('batch', () => {
    test('processes each entry on its own: an invalid entry fails with its status and does not block the others', async () => {
      const value = uniqueValue();
      const response = await fhirFetch(server, '', {
        method: 'POST',
        body: bundle('batch', [
          post({ resourceType: 'Patient', identifier: identifier(value) }),
          post({ resourceType: 'Patient', identifier: identifier(value), birthDate: 'not-a-date' } as Resource),
          post(observation(value)),
          { request: { method: 'GET', url: `Patient?${identifierQuery(value)}` } },
        ]),
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ resourceType: 'Bundle', type: 'batch-response' });
      const entries: BundleEntry[] = response.body.entry;
      expect(entries).toHaveLength(4);
      expect(entries[0].response?.status).toMatch(/^201/);
      expect(entries[1].response?.status).toMatch(/^422/);
      expect(entries[1].response?.outcome).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', expression: ['Patient.birthDate'] }],
      });
      expect(entries[2].response?.status).toMatch(/^201/);
      expect(entries[3].response?.status).toMatch(/^200/);
      expect(await countByIdentifier(server, 'Patient', value)).toBe(1);
      expect(await countByIdentifier(server, 'Observation', value)).toBe(1);
    });

    test('answers a failed read in a batch with 404 in its entry while the other entries succeed', async () => {
      const value = uniqueValue();
      const response = await fhirFetch(server, '', {
        method: 'POST',
        body: bundle('batch', [
          { request: { method: 'GET', url: `Patient/never-${randomUUID()}` } },
          post({ resourceType: 'Patient', identifier: identifier(value) }),
        ]),
      });

      expect(response.status).toBe(200);
      const entries: BundleEntry[] = response.body.entry;
      expect(entries[0].response?.status).toMatch(/^404/);
      expect(entries[1].response?.status).toMatch(/^201/);
      expect(await countByIdentifier(server, 'Patient', value)).toBe(1);
    });
  });

  test.each([
    ['no entries', { resourceType: 'Bundle', type: 'transaction' }],
    [
      'an unknown Bundle type',
      { resourceType: 'Bundle', type: 'collection', entry: [post({ resourceType: 'Patient' })] },
    ],
    ['a resource that is not a Bundle', { resourceType: 'Patient' }],
  ])('rejects a POST to the base with %s with 400 and writes nothing', async (_label, body) => {
    const versions = await storedVersionCount(server);
    expectOutcome(await fhirFetch(server, '', { method: 'POST', body }), 400);
    expect(await storedVersionCount(server)).toBe(versions);
  });
});
