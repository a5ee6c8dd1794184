// Who a demo user is in FHIR, and which patients they may pick. The users file may fix the mapping
// (`fhirUser`, `organization`, `patient`); otherwise it is looked up in the database at sign-in, in the
// first demo practice by id (what `seed-demo` writes): the GP and POH are that practice's first
// PractitionerRole with the role code, the patient its first Patient, the welfare worker works for the first
// partner Organization. The practice is the one of the first GP's PractitionerRole: the profiles' example
// practice, installed on start, has no staff and is not a practice anyone works in. Nothing found: the token carries the role only, and the resource server's
// deny-by-default applies.

import { formatHumanName, parseSearchRequest } from '@medplum/core';
import type { Organization, Patient, PractitionerRole, Resource } from '@medplum/fhirtypes';
import { Profiles, TargetPracticeRoleCodeSystem } from '@target/profiles';
import type { AuthContext } from '../access/context.ts';
import { AccessPolicy } from '../access/policy.ts';
import { ScopeSet } from '../access/scopes.ts';
import type { PostgresRepository } from '../store/repository.ts';
import type { DemoUser, UserRole } from './users.ts';

export interface Identity {
  readonly username: string;
  readonly name: string;
  readonly role: UserRole;
  /** e.g. `Practitioner/…` or `Patient/…`. */
  readonly fhirUser?: string;
  /** Practice (GP, POH) or partner (welfare worker) Organization id. */
  readonly organization?: string;
  /** Patient id of a patient user. */
  readonly patient?: string;
}

export interface PatientChoice {
  readonly id: string;
  readonly name: string;
  readonly birthDate?: string;
}

const PICKER_PAGE = 50;

function patientChoice(patient: Patient): PatientChoice {
  const [name] = patient.name ?? [];
  return {
    id: patient.id as string,
    name: name ? (name.text ?? formatHumanName(name)) : '',
    birthDate: patient.birthDate,
  };
}

function idOf(reference: string | undefined, type: string): string | undefined {
  const prefix = `${type}/`;
  return reference?.startsWith(prefix) ? reference.slice(prefix.length) : undefined;
}

/** The identity the users file fixes for this user, if it names any FHIR resource. */
export function fixedIdentity(user: DemoUser): Identity | undefined {
  if (!user.fhirUser && !user.organization && !user.patient) {
    return undefined;
  }
  const { username, name, role, fhirUser, organization, patient } = user;
  return { username, name, role, fhirUser, organization, patient };
}

export class Directory {
  private readonly repo: PostgresRepository;

  constructor(repo: PostgresRepository) {
    this.repo = repo;
  }

  async identify(user: DemoUser): Promise<Identity> {
    const fixed = fixedIdentity(user);
    if (fixed) {
      return fixed;
    }
    const base = { username: user.username, name: user.name, role: user.role };
    if (user.role === 'partner-worker') {
      const partner = await this.first<Organization>('Organization', { _profile: Profiles.TargetPartnerOrganization });
      const role =
        partner &&
        (await this.first<PractitionerRole>('PractitionerRole', { organization: `Organization/${partner.id}` }));
      return { ...base, organization: partner?.id, fhirUser: role?.practitioner?.reference };
    }
    const gp = await this.first<PractitionerRole>('PractitionerRole', {
      role: `${TargetPracticeRoleCodeSystem.url}|gp`,
    });
    const practice = idOf(gp?.organization?.reference, 'Organization');
    if (!practice) {
      return base;
    }
    if (user.role === 'patient') {
      const patient = await this.first<Patient>('Patient', { organization: `Organization/${practice}` });
      return patient ? { ...base, fhirUser: `Patient/${patient.id}`, patient: patient.id } : base;
    }
    const role =
      user.role === 'gp'
        ? gp
        : await this.first<PractitionerRole>('PractitionerRole', {
            organization: `Organization/${practice}`,
            role: `${TargetPracticeRoleCodeSystem.url}|${user.role}`,
          });
    return { ...base, organization: practice, fhirUser: role?.practitioner?.reference };
  }

  /**
   * Patients the user may choose in the standalone-launch picker: a patient only themselves; practice staff
   * their practice's patients; a partner worker the patients referred to their organization who consented
   * to sharing with it. Searched with the user's own access rules, as the FHIR API would.
   */
  async patientsFor(identity: Identity, nameFilter?: string): Promise<PatientChoice[]> {
    const filter = this.compartment(identity);
    if (!filter) {
      return [];
    }
    const query: Record<string, string> = { ...filter, _count: String(PICKER_PAGE), _sort: 'family,given,_id' };
    if (nameFilter?.trim()) {
      query.name = nameFilter.trim();
    }
    const patients = await this.asUser(identity).searchResources<Patient>(parseSearchRequest('Patient', query));
    return patients.map(patientChoice);
  }

  /**
   * One patient by name and birth date, read as this user would through the FHIR API (a consent page names
   * the launch's patient); undefined when the user may not see them or they do not exist.
   */
  async patientFor(identity: Identity, patientId: string): Promise<PatientChoice | undefined> {
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(patientId) || !this.compartment(identity)) {
      return undefined;
    }
    const [patient] = await this.asUser(identity).searchResources<Patient>(
      parseSearchRequest('Patient', { _id: patientId }),
    );
    return patient ? patientChoice(patient) : undefined;
  }

  /** Whether `patientId` is one of the patients `patientsFor` could list for this user. */
  async mayChoose(identity: Identity, patientId: string): Promise<boolean> {
    const filter = this.compartment(identity);
    if (!filter || !/^[A-Za-z0-9\-.]{1,64}$/.test(patientId)) {
      return false;
    }
    if (identity.role === 'patient') {
      return filter._id === patientId;
    }
    const found = await this.asUser(identity).searchResources(
      parseSearchRequest('Patient', { ...filter, _id: patientId }),
    );
    return found.length === 1;
  }

  /**
   * The repository as this user would see it through the FHIR API: the picker lists only patients the
   * user's token could then read (a partner only referred patients who consented to sharing with it).
   */
  private asUser(identity: Identity): PostgresRepository {
    const auth: AuthContext = {
      subject: identity.username,
      clientId: 'patient-picker',
      role: identity.role,
      organization: identity.organization,
      patient: identity.patient,
      fhirUser: identity.fhirUser,
      scopes: ScopeSet.parse('user/Patient.rs'),
      tokenId: 'patient-picker',
      issuer: 'patient-picker',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    };
    return this.repo.withOptions({ access: AccessPolicy.of(auth, this.repo.registry) });
  }

  /** Whether a Patient with this id exists (launch contexts must name real patients). */
  async patientExists(patientId: string): Promise<boolean> {
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(patientId)) {
      return false;
    }
    const found = await this.repo.searchResources(parseSearchRequest('Patient', { _id: patientId }));
    return found.length === 1;
  }

  private compartment(identity: Identity): Record<string, string> | undefined {
    if (identity.role === 'patient') {
      const own = identity.patient ?? idOf(identity.fhirUser, 'Patient');
      return own ? { _id: own } : undefined;
    }
    // Staff and partners: which patients is the access policy's to say (asUser), as for the FHIR API. A
    // practice lists patients through their GP's PractitionerRole too, not only managingOrganization.
    return identity.organization ? {} : undefined;
  }

  private async first<T extends Resource>(
    type: T['resourceType'],
    query: Record<string, string>,
  ): Promise<T | undefined> {
    const [found] = await this.repo.searchResources<T>(
      parseSearchRequest(type, { ...query, _sort: '_id', _count: '1' }),
    );
    return found;
  }
}
