// What the EHR simulator shows of the signed-in user's practice, read over the FHIR API with that user's
// token: the practice's staff (PractitionerRoles with their Practitioners), its Patients by name, a page at
// a time, and the banner of one patient with the latest stored care-burden category.
import { formatHumanName } from '@medplum/core';
import {
  ExternalSystems,
  FhirReadError,
  type FhirReader,
  isTestData,
  latestCareBurden,
  matchesOf,
  resourcesOf,
  type StoredCareBurden,
  TargetPracticeRoleCodeSystem,
  UnreadableCareBurdenError,
} from '@target/profiles';
import type { Organization, Patient, Practitioner, PractitionerRole } from 'fhir/r4.js';
import { fromR4 } from '../programme/repository-reader.ts';

export const PATIENT_PAGE_SIZE = 20;
const STAFF_LIMIT = 200;

export interface PractitionerChoice {
  /** `Practitioner/{id}`: the launch's fhirUser. */
  readonly reference: string;
  readonly name: string;
  /** Dutch role names in this practice. */
  readonly roles: readonly string[];
}

export interface PatientRow {
  readonly id: string;
  readonly name: string;
  readonly birthDate?: string;
}

export interface PatientPage {
  readonly patients: readonly PatientRow[];
  readonly page: number;
  readonly hasNext: boolean;
}

export interface PatientBanner extends PatientRow {
  readonly gender?: string;
  readonly bsn?: string;
  /** The record carries the test-data security label (every demo resource does). */
  readonly testData: boolean;
  readonly careBurden?: StoredCareBurden;
  /** Set when a stored care-burden Observation exists but cannot be read. */
  readonly careBurdenProblem?: string;
}

function nameOf(resource: Patient | Practitioner): string {
  const name = fromR4(resource).name?.[0];
  return (name && (name.text ?? formatHumanName(name))) || `${resource.resourceType}/${resource.id}`;
}

export class PracticeView {
  private readonly reader: FhirReader;
  private readonly organization: string;

  constructor(reader: FhirReader, organization: string) {
    this.reader = reader;
    this.organization = organization;
  }

  async practiceName(): Promise<string> {
    const practice = await this.reader.read<Organization>(`Organization/${this.organization}`);
    return practice?.name ?? `Organization/${this.organization}`;
  }

  async practitioners(): Promise<PractitionerChoice[]> {
    const bundle = await this.reader.search<PractitionerRole>('PractitionerRole', {
      organization: `Organization/${this.organization}`,
      _include: 'PractitionerRole:practitioner',
      _count: String(STAFF_LIMIT),
    });
    const people = new Map(resourcesOf<Practitioner>(bundle, 'Practitioner').map((p) => [`Practitioner/${p.id}`, p]));
    const choices = new Map<string, { name: string; roles: string[] }>();
    for (const role of matchesOf<PractitionerRole>(bundle, 'PractitionerRole')) {
      const reference = role.practitioner?.reference;
      const person = reference ? people.get(reference) : undefined;
      if (!reference || !person) {
        continue;
      }
      const entry = choices.get(reference) ?? { name: nameOf(person), roles: [] };
      for (const coding of role.code?.flatMap((c) => c.coding ?? []) ?? []) {
        if (coding.system === TargetPracticeRoleCodeSystem.url && coding.display) {
          entry.roles.push(coding.display);
        }
      }
      choices.set(reference, entry);
    }
    return [...choices].map(([reference, c]) => ({ reference, ...c })).sort((a, b) => a.name.localeCompare(b.name));
  }

  async patients(query: string, page: number): Promise<PatientPage> {
    const params: Record<string, string> = {
      organization: `Organization/${this.organization}`,
      _sort: 'family,given,_id',
      _count: String(PATIENT_PAGE_SIZE),
      _offset: String(page * PATIENT_PAGE_SIZE),
    };
    if (query.trim()) {
      params.name = query.trim();
    }
    const bundle = await this.reader.search<Patient>('Patient', params);
    return {
      patients: matchesOf<Patient>(bundle, 'Patient').map((p) => ({
        id: p.id as string,
        name: nameOf(p),
        birthDate: p.birthDate,
      })),
      page,
      hasNext: (bundle.link ?? []).some((link) => link.relation === 'next'),
    };
  }

  /** The banner of a patient of this practice; undefined for anyone else. */
  async banner(patientId: string): Promise<PatientBanner | undefined> {
    let patient: Patient | undefined;
    try {
      patient = await this.reader.read<Patient>(`Patient/${patientId}`);
    } catch (err) {
      // The resource server refuses patients outside the user's compartment: not one of this practice.
      if (err instanceof FhirReadError && err.status === 403) {
        return undefined;
      }
      throw err;
    }
    if (!patient || patient.managingOrganization?.reference !== `Organization/${this.organization}`) {
      return undefined;
    }
    let careBurden: StoredCareBurden | undefined;
    let careBurdenProblem: string | undefined;
    try {
      careBurden = await latestCareBurden(this.reader, `Patient/${patientId}`);
    } catch (err) {
      if (!(err instanceof UnreadableCareBurdenError)) {
        throw err;
      }
      careBurdenProblem = err.message;
    }
    return {
      id: patientId,
      name: nameOf(patient),
      birthDate: patient.birthDate,
      gender: patient.gender,
      bsn: patient.identifier?.find((i) => i.system === ExternalSystems.BSN)?.value,
      testData: isTestData(patient),
      careBurden,
      careBurdenProblem,
    };
  }

  /** Whether `reference` (`Practitioner/{id}`) works in this practice. */
  async employs(reference: string): Promise<boolean> {
    if (!/^Practitioner\/[A-Za-z0-9\-.]{1,64}$/.test(reference)) {
      return false;
    }
    const bundle = await this.reader.search<PractitionerRole>('PractitionerRole', {
      organization: `Organization/${this.organization}`,
      practitioner: reference,
      _count: '1',
    });
    return matchesOf<PractitionerRole>(bundle, 'PractitionerRole').length > 0;
  }
}
