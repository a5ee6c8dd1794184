// GET /fhir/metadata (R4 http.html#capabilities) describes what the server does, and GET /healthz
// tells a load balancer the server and its database answer.
import type { CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, startTestServer, type TestServer } from '../../support/server.ts';

const PATIENT_INTERACTIONS = [
  'read',
  'vread',
  'update',
  'patch',
  'delete',
  'history-instance',
  'history-type',
  'create',
  'search-type',
];

describe.each(DATABASE_KINDS)('FHIR capabilities on %s', (kind) => {
  let server: TestServer;
  let metadata: Awaited<ReturnType<typeof fhirFetch>>;
  let patient: CapabilityStatementRestResource;
  beforeAll(async () => {
    server = await startTestServer(kind);
    metadata = await fhirFetch(server, 'metadata');
    patient = metadata.body?.rest?.[0]?.resource?.find((r: CapabilityStatementRestResource) => r.type === 'Patient');
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('answers GET /fhir/metadata with 200 and an active FHIR 4.0.1 server CapabilityStatement in FHIR JSON', async () => {
    const response = metadata;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(response.body).toMatchObject({
      resourceType: 'CapabilityStatement',
      status: 'active',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: expect.arrayContaining(['application/fhir+json']),
      rest: [{ mode: 'server' }],
    });
    expect(response.body.implementation.url).toBe(server.fhirUrl);
    expect(patient).toBeDefined();
  });

  test('lists every instance and type interaction for Patient', async () => {
    const codes = patient.interaction?.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(PATIENT_INTERACTIONS));
    expect(patient).toMatchObject({ versioning: 'versioned-update', readHistory: true, updateCreate: true });
  });

  test.each([
    ['name', 'string'],
    ['birthdate', 'date'],
    ['identifier', 'token'],
    ['_id', 'token'],
    ['_lastUpdated', 'date'],
  ])('lists the Patient search parameter %s of type %s', (name, type) => {
    expect(patient.searchParam).toContainEqual(expect.objectContaining({ name, type }));
  });

  test('lists transaction, batch and system history among the system interactions', async () => {
    const codes = metadata.body.rest[0].interaction.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['transaction', 'batch', 'history-system']));
  });

  test('answers GET /healthz with 200 and status ok', async () => {
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });
});
