import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';

describe.each(DATABASE_KINDS)('FHIR server on %s', (kind) => {
  const server = useTestServer(kind);

  test('creates a Patient and finds it by name, birthdate and gender', async () => {
    const created = await fhirFetch(server, 'Patient', {
      method: 'POST',
      body: {
        resourceType: 'Patient',
        name: [{ family: 'Bakker', given: ['Anouk'] }],
        birthDate: '1961-02-03',
        gender: 'female',
      },
    });
    expect(created.status).toBe(201);
    const found = await fhirFetch(server, 'Patient?name=anou&birthdate=1961-02&gender=female');
    expect(found.status).toBe(200);
    expect(found.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([created.body.id]);
  });
});
