// Who is who: TargetPatient (identified by BSN where known), TargetPractitioner (AGB, optionally UZI) and
// TargetPracticeOrganization (a participating general practice, identified by AGB, or a practice of another
// system by that system's identifiers: practiceFromOrganization). Patients and practitioners: other
// identifiers are neither written nor read, the profiles slice identifiers by system and name only these.
import type {
  Address,
  CodeableConcept,
  HumanName,
  Identifier,
  Organization,
  Patient,
  Practitioner,
  Reference,
} from 'fhir/r4.js';
import { ExternalCodings, ExternalSystems } from '../external.ts';
import { Profiles } from '../generated/canonical.ts';
import { compact, defined, expectCoding } from './elements.ts';
import { atMostOne, expectResourceType, required } from './read-error.ts';

export interface PatientInput {
  id?: string;
  /** Burgerservicenummer: nine digits (target-pat-1). */
  bsn?: string;
  /** At least one. */
  names: HumanName[];
  gender?: Patient['gender'];
  birthDate?: string;
  /** v3 MaritalStatus; the subgroup rules fall back on it for the household. */
  maritalStatus?: CodeableConcept;
  addresses: Address[];
  /** The GP (TargetPractitioner) or practice (TargetPracticeOrganization) the patient is registered with. */
  generalPractitioners: Reference[];
  /** The practice that keeps the record. */
  practice?: Reference;
}

export interface PractitionerInput {
  id?: string;
  agb?: string;
  uzi?: string;
  /** At least one. */
  names: HumanName[];
}

export interface PracticeInput {
  id?: string;
  /** The AGB code; a practice of another system may lack it and is then identified by `identifiers`. */
  agb?: string;
  /** Identifiers of other systems (target-org-1: with the AGB code, at least one identifier). */
  identifiers?: Identifier[];
  name: string;
  addresses: Address[];
}

function identifiers(...pairs: [system: string, value: string | undefined][]): Identifier[] {
  return pairs.flatMap(([system, value]) => (value === undefined ? [] : [{ system, value }]));
}

/** The value of the one identifier in `system` (undefined when there is none). */
function identifierValue(resource: { identifier?: Identifier[] }, system: string, path: string): string | undefined {
  const found = atMostOne(
    (resource.identifier ?? []).filter((i) => i.system === system),
    path,
  );
  return found && required(found.value, `${path}.value`);
}

export function buildPatient(input: PatientInput): Patient {
  return compact<Patient>({
    resourceType: 'Patient',
    id: input.id,
    meta: { profile: [Profiles.TargetPatient] },
    identifier: identifiers([ExternalSystems.BSN, input.bsn]),
    name: input.names,
    gender: input.gender,
    birthDate: input.birthDate,
    address: input.addresses,
    maritalStatus: input.maritalStatus,
    generalPractitioner: input.generalPractitioners,
    managingOrganization: input.practice,
  });
}

export function readPatient(resource: Patient): PatientInput {
  expectResourceType(resource, 'Patient');
  return defined<PatientInput>({
    id: resource.id,
    bsn: identifierValue(resource, ExternalSystems.BSN, 'Patient.identifier:bsn'),
    names: required(resource.name, 'Patient.name'),
    gender: resource.gender,
    birthDate: resource.birthDate,
    maritalStatus: resource.maritalStatus,
    addresses: resource.address ?? [],
    generalPractitioners: resource.generalPractitioner ?? [],
    practice: resource.managingOrganization,
  });
}

export function buildPractitioner(input: PractitionerInput): Practitioner {
  return compact<Practitioner>({
    resourceType: 'Practitioner',
    id: input.id,
    meta: { profile: [Profiles.TargetPractitioner] },
    identifier: identifiers([ExternalSystems.AGB, input.agb], [ExternalSystems.UZI, input.uzi]),
    name: input.names,
  });
}

export function readPractitioner(resource: Practitioner): PractitionerInput {
  expectResourceType(resource, 'Practitioner');
  return defined<PractitionerInput>({
    id: resource.id,
    agb: identifierValue(resource, ExternalSystems.AGB, 'Practitioner.identifier:agb'),
    uzi: identifierValue(resource, ExternalSystems.UZI, 'Practitioner.identifier:uzi'),
    names: required(resource.name, 'Practitioner.name'),
  });
}

export function buildPracticeOrganization(input: PracticeInput): Organization {
  return compact<Organization>({
    resourceType: 'Organization',
    id: input.id,
    meta: { profile: [Profiles.TargetPracticeOrganization] },
    identifier: [...identifiers([ExternalSystems.AGB, input.agb]), ...(input.identifiers ?? [])],
    type: [{ coding: [{ ...ExternalCodings.healthcareProvider }] }],
    name: input.name,
    address: input.addresses,
  });
}

export function readPracticeOrganization(resource: Organization): PracticeInput {
  expectResourceType(resource, 'Organization');
  expectCoding(resource.type, ExternalCodings.healthcareProvider, 'Organization.type');
  const agb = identifierValue(resource, ExternalSystems.AGB, 'Organization.identifier:agb');
  const others = (resource.identifier ?? []).filter((i) => i.system !== ExternalSystems.AGB);
  if (agb === undefined) {
    required(practiceIdentifiers(resource), 'Organization.identifier');
  }
  return defined<PracticeInput>({
    id: resource.id,
    agb,
    identifiers: others.length > 0 ? others : undefined,
    name: required(resource.name, 'Organization.name'),
    addresses: resource.address ?? [],
  });
}

/** The identifiers that identify a practice (target-org-1): those with a system and a value. */
function practiceIdentifiers(resource: Organization): Identifier[] {
  return (resource.identifier ?? []).filter((i) => i.system && i.value);
}

/**
 * An Organization of another system as a TARGET practice (issue 14: imported records name no AGB code): the
 * same resource, claiming TargetPracticeOrganization and typed as a healthcare provider, its own identifiers
 * kept — no AGB code is invented. Unchanged when it is one already.
 * @throws TargetReadError `missing` when it has no name or no identifier with a system and a value (target-org-1).
 */
export function practiceFromOrganization(resource: Organization): Organization {
  expectResourceType(resource, 'Organization');
  required(resource.name, 'Organization.name');
  required(practiceIdentifiers(resource), 'Organization.identifier');
  const profiles = resource.meta?.profile ?? [];
  const provider = ExternalCodings.healthcareProvider;
  // The profile's type slice is a pattern with the display: a `prov` coding without one gets it.
  const types = (resource.type ?? []).map((type) => ({
    ...type,
    coding: type.coding?.map((c) =>
      c.system === provider.system && c.code === provider.code && c.display === undefined
        ? { ...c, display: provider.display }
        : c,
    ),
  }));
  const typed = types.some((t) =>
    t.coding?.some((c) => c.system === provider.system && c.code === provider.code && c.display === provider.display),
  );
  return {
    ...resource,
    meta: {
      ...resource.meta,
      profile: profiles.includes(Profiles.TargetPracticeOrganization)
        ? profiles
        : [...profiles, Profiles.TargetPracticeOrganization],
    },
    type: typed ? types : [...types, { coding: [{ ...provider }] }],
  };
}

/** Whether the Organization claims TargetPracticeOrganization. */
export function isPracticeOrganization(resource: Organization): boolean {
  return resource.meta?.profile?.includes(Profiles.TargetPracticeOrganization) ?? false;
}
