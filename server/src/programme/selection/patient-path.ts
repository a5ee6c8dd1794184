// The per-patient path: one patient's record read through the FHIR repository (the searches an EHR-side
// app would make), turned into facts by the same pure functions the population path feeds.
import { badRequest, OperationOutcomeError, parseSearchRequest } from '@medplum/core';
import type { Patient, PractitionerRole, Resource } from '@medplum/fhirtypes';
import {
  addDays,
  type ChronicDiseaseList,
  countingWindow,
  type PatientFacts,
  PRACTICE_NURSE_ROLES,
  patientFacts,
  practiceNurseReferences,
  type ResolvedPracticeSettings,
  TargetObservationCodeSystem,
  TargetPracticeRoleCodeSystem,
} from '@target/profiles';
import type { Condition, Encounter, Observation, Patient as R4Patient, PractitionerRole as R4Role } from 'fhir/r4.js';
import { businessRule } from '../../platform/outcomes.ts';
import type { PostgresRepository } from '../../store/repository.ts';

const PAGE = 1000;

/** Every match of a search, page by page. */
export async function searchAll<T extends Resource>(
  repo: PostgresRepository,
  resourceType: T['resourceType'],
  query: Record<string, string | string[]>,
): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await repo.searchResources<T>(
      parseSearchRequest(resourceType, { ...query, _count: String(PAGE), _offset: String(offset), _sort: '_id' }),
    );
    all.push(...page);
    if (page.length < PAGE) {
      return all;
    }
  }
}

/** The practice nurses (POH) known to the server, as references an Encounter may use. */
export async function practiceNurses(repo: PostgresRepository): Promise<Set<string>> {
  const roles = await searchAll<PractitionerRole>(repo, 'PractitionerRole', {
    role: PRACTICE_NURSE_ROLES.map((code) => `${TargetPracticeRoleCodeSystem.url}|${code}`).join(','),
  });
  return practiceNurseReferences(roles as R4Role[]);
}

/** The practices a patient is listed with: named directly, or through their GP's PractitionerRoles. */
export async function practicesOf(repo: PostgresRepository, patient: Patient): Promise<string[]> {
  const practices = new Set<string>();
  for (const reference of [...(patient.generalPractitioner ?? []), patient.managingOrganization]) {
    const [type, id] = reference?.reference?.split('/') ?? [];
    if (type === 'Organization' && id) {
      practices.add(id);
    } else if (type === 'Practitioner' && id) {
      const roles = await searchAll<PractitionerRole>(repo, 'PractitionerRole', { practitioner: `Practitioner/${id}` });
      for (const role of roles) {
        const org = role.organization?.reference?.split('/');
        if (org?.[0] === 'Organization' && org[1]) {
          practices.add(org[1]);
        }
      }
    }
  }
  return [...practices].sort();
}

/** The practice a patient's care burden is computed in: the one asked for, or their only practice. */
export async function practiceFor(repo: PostgresRepository, patient: Patient, asked?: string): Promise<string> {
  const practices = await practicesOf(repo, patient);
  if (asked) {
    if (!practices.includes(asked)) {
      throw new OperationOutcomeError(
        businessRule(`Patient/${patient.id} is not listed with Organization/${asked}`, 'practice'),
      );
    }
    return asked;
  }
  if (practices.length === 0) {
    throw new OperationOutcomeError(
      businessRule(
        `Patient/${patient.id} is not listed with a practice (generalPractitioner)`,
        'Patient.generalPractitioner',
      ),
    );
  }
  if (practices.length > 1) {
    throw new OperationOutcomeError(
      badRequest(
        `Patient/${patient.id} is listed with ${practices.map((p) => `Organization/${p}`).join(', ')}: name one as practice`,
        'practice',
      ),
    );
  }
  return practices[0];
}

export interface PatientPathContext {
  referenceDate: string;
  settings: ResolvedPracticeSettings;
  diseases: ChronicDiseaseList;
  nurses: ReadonlySet<string>;
}

/** One patient's facts from their FHIR resources. */
export async function patientFactsFromRecord(
  repo: PostgresRepository,
  patient: Patient,
  context: PatientPathContext,
): Promise<PatientFacts> {
  const subject = `Patient/${patient.id}`;
  const window = countingWindow(context.referenceDate, context.settings.countingPeriodDays);
  const [encounters, conditions, observations] = await Promise.all([
    // A superset of the window (periods that end in it or later); the rules place each contact exactly.
    searchAll(repo, 'Encounter', { subject, date: `ge${addDays(window.start, -1)}` }),
    searchAll(repo, 'Condition', { subject }),
    searchAll(repo, 'Observation', {
      subject,
      code: ['household', 'income-source'].map((c) => `${TargetObservationCodeSystem.url}|${c}`).join(','),
    }),
  ]);
  return patientFacts(
    {
      patient: patient as R4Patient,
      encounters: encounters as unknown as Encounter[],
      conditions: conditions as unknown as Condition[],
      observations: observations as unknown as Observation[],
    },
    {
      referenceDate: context.referenceDate,
      settings: context.settings,
      diseases: context.diseases,
      practiceNurses: context.nurses,
    },
  );
}
