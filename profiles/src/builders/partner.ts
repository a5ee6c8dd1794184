// The practice's network: TargetPartnerOrganization (a partner patients can be referred to) and
// TargetPartnerService (what it offers, with its partner categories: what a referral is sent to).
import type { ContactPoint, HealthcareService, Organization, Reference } from 'fhir/r4.js';
import { Profiles, type TargetPartnerCategoryCode, TargetPartnerCategoryCodeSystem } from '../generated/canonical.ts';
import { compact, concept, defined, requiredCode } from './elements.ts';
import { expectResourceType, required } from './read-error.ts';

export interface PartnerOrganizationInput {
  id?: string;
  name: string;
  /** Telephone, e-mail or web address. */
  telecom: ContactPoint[];
  /** The partner's own FHIR Endpoint(s), where it receives referral Tasks. */
  endpoints: Reference[];
}

export interface PartnerServiceInput {
  id?: string;
  active?: boolean;
  name: string;
  /** The TargetPartnerOrganization offering the service. */
  partner: Reference;
  /** One or more. */
  categories: TargetPartnerCategoryCode[];
  endpoints: Reference[];
}

export function buildPartnerOrganization(input: PartnerOrganizationInput): Organization {
  return compact<Organization>({
    resourceType: 'Organization',
    id: input.id,
    meta: { profile: [Profiles.TargetPartnerOrganization] },
    name: input.name,
    telecom: input.telecom,
    endpoint: input.endpoints,
  });
}

/** Any Organization with a name reads as a partner: the profile marks partners by nothing else. */
export function readPartnerOrganization(resource: Organization): PartnerOrganizationInput {
  expectResourceType(resource, 'Organization');
  return defined<PartnerOrganizationInput>({
    id: resource.id,
    name: required(resource.name, 'Organization.name'),
    telecom: resource.telecom ?? [],
    endpoints: resource.endpoint ?? [],
  });
}

export function buildPartnerService(input: PartnerServiceInput): HealthcareService {
  return compact<HealthcareService>({
    resourceType: 'HealthcareService',
    id: input.id,
    meta: { profile: [Profiles.TargetPartnerService] },
    active: input.active,
    providedBy: input.partner,
    category: input.categories.map((code) => concept(TargetPartnerCategoryCodeSystem, code)),
    name: input.name,
    endpoint: input.endpoints,
  });
}

export function readPartnerService(resource: HealthcareService): PartnerServiceInput {
  expectResourceType(resource, 'HealthcareService');
  const categories = required(resource.category, 'HealthcareService.category');
  return defined<PartnerServiceInput>({
    id: resource.id,
    active: resource.active,
    name: required(resource.name, 'HealthcareService.name'),
    partner: required(resource.providedBy, 'HealthcareService.providedBy'),
    categories: categories.map((c, i) =>
      requiredCode(TargetPartnerCategoryCodeSystem, c.coding, `HealthcareService.category[${i}]`),
    ),
    endpoints: resource.endpoint ?? [],
  });
}
