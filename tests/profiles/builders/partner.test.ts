import type { HealthcareService, Organization } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildPartnerOrganization,
  buildPartnerService,
  type PartnerOrganizationInput,
  type PartnerServiceInput,
  readPartnerOrganization,
  readPartnerService,
} from '../../../profiles/src/builders/partner.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const organization: PartnerOrganizationInput = {
  id: 'welzijn-emmen',
  name: 'Welzijnsgroep Emmen',
  telecom: [{ system: 'email', value: 'verwijzing@welzijn.example' }],
  endpoints: [],
};

const service: PartnerServiceInput = {
  id: 'beweegmaatje',
  active: true,
  name: 'Beweegmaatje',
  partner: { reference: 'Organization/welzijn-emmen' },
  categories: ['social-welfare', 'sport-exercise'],
  endpoints: [{ reference: 'Endpoint/welzijn-emmen' }],
};

describe('partner organisation', () => {
  test('builds a partner that conforms to TargetPartnerOrganization', () => {
    expect(validationErrors(buildPartnerOrganization(organization))).toEqual([]);
  });

  test('reads back exactly what it built', () => {
    expect(readPartnerOrganization(buildPartnerOrganization(organization))).toStrictEqual(organization);
  });

  test('reads the generated example', () => {
    expect(readPartnerOrganization(example('target-partner-organization-example'))).toStrictEqual({
      id: 'target-partner-organization-example',
      name: 'Welzijn Voorbeeldstad',
      telecom: [{ system: 'phone', value: '0592-000000' }],
      endpoints: [{ reference: 'Endpoint/target-partner-endpoint-example' }],
    });
  });

  test('rejects a partner without name', () => {
    const resource = broken(buildPartnerOrganization(organization), (r: Organization) => delete r.name);
    expect(readFailure(() => readPartnerOrganization(resource))).toEqual({
      code: 'missing',
      path: 'Organization.name',
    });
  });
});

describe('partner service', () => {
  test('builds a service that conforms to TargetPartnerService', () => {
    expect(validationErrors(buildPartnerService(service))).toEqual([]);
  });

  test('reads back exactly what it built', () => {
    expect(readPartnerService(buildPartnerService(service))).toStrictEqual(service);
  });

  test('reads the generated example', () => {
    expect(readPartnerService(example('target-partner-service-example'))).toStrictEqual({
      id: 'target-partner-service-example',
      active: true,
      name: 'Welzijn op recept',
      partner: { reference: 'Organization/target-partner-organization-example' },
      categories: ['social-welfare'],
      endpoints: [{ reference: 'Endpoint/target-partner-endpoint-example' }],
    });
  });

  test.each<[string, (r: HealthcareService) => void, string, string]>([
    ['a Location', (r) => Object.assign(r, { resourceType: 'Location' }), 'wrong-resource', 'HealthcareService'],
    ['no category', (r) => delete r.category, 'missing', 'HealthcareService.category'],
    [
      'a category from elsewhere',
      (r) => r.category?.push({ text: 'kerk' }),
      'missing',
      'HealthcareService.category[2]',
    ],
    [
      'an unknown partner category',
      (r) => Object.assign(r.category?.[0].coding?.[0] ?? {}, { code: 'church' }),
      'invalid',
      'HealthcareService.category[0]',
    ],
    ['no partner', (r) => delete r.providedBy, 'missing', 'HealthcareService.providedBy'],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readPartnerService(broken(buildPartnerService(service), breakIt)))).toEqual({
      code,
      path,
    });
  });
});
