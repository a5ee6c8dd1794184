// Who is who: TargetPatient (identified by BSN where known), TargetPractitioner (AGB, optionally UZI) and
// TargetPracticeOrganization (a participating general practice, identified by AGB). Other identifiers are
// neither written nor read: the profiles slice identifiers by system and name only these.
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
  agb: string;
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
    identifier: identifiers([ExternalSystems.AGB, input.agb]),
    type: [{ coding: [{ ...ExternalCodings.healthcareProvider }] }],
    name: input.name,
    address: input.addresses,
  });
}

export function readPracticeOrganization(resource: Organization): PracticeInput {
  expectResourceType(resource, 'Organization');
  expectCoding(resource.type, ExternalCodings.healthcareProvider, 'Organization.type');
  const agb = identifierValue(resource, ExternalSystems.AGB, 'Organization.identifier:agb');
  return defined<PracticeInput>({
    id: resource.id,
    agb: required(agb, 'Organization.identifier:agb'),
    name: required(resource.name, 'Organization.name'),
    addresses: resource.address ?? [],
  });
}
