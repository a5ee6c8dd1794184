// Practice lists for records that name no practice (issue 14: records of another system have no
// Patient.generalPractitioner, so no practice's selection finds anybody). Sets each patient's practice by a
// rule and writes the Patients through the repository (validation, a new version in history, the caller's
// access rules), in batches; a patient whose list is already right is not written, so a re-run writes nothing.
//   all            every patient in scope is listed with the named practice
//   most-contacts  each patient with the organisation that provided most of their GP contacts (Encounters the
//                  selection counts as contacts: AMB, HH, VR — never emergency or inpatient), by serviceProvider;
//                  with a named practice only the patients whose organisation that is
// Listing a patient makes Patient.generalPractitioner the practice's Organization, keeping the practitioners it
// named who work at that practice (one of another practice would keep the patient on that list). Organizations a patient is listed with become TARGET practices
// (practiceFromOrganization: no AGB code is needed).
import { isNotFound, OperationOutcomeError, parseSearchRequest } from '@medplum/core';
import type { Organization, Patient, PractitionerRole, Reference } from '@medplum/fhirtypes';
import { isPracticeOrganization, practiceFromOrganization, TargetReadError } from '@target/profiles';
import type { Organization as R4Organization } from 'fhir/r4.js';
import type { PostgresRepository } from '../../store/repository.ts';
import { fromR4, toR4 } from '../repository-reader.ts';
import { mostContactedProviders } from './most-contacts.ts';

export const LIST_RULES = ['all', 'most-contacts'] as const;
export type ListRule = (typeof LIST_RULES)[number];

export interface ListRequest {
  /** Organization id; required for `all`. */
  practice?: string;
  rule: ListRule;
  /** Patient ids; every patient when absent. */
  patients?: readonly string[];
  /** Only patients whose generalPractitioner names nobody (the import option: it never moves a patient). */
  onlyUnlisted?: boolean;
}

export interface ListSummary {
  /** Patients looked at. */
  patients: number;
  /** Written with their (new) practice. */
  listed: number;
  /** Already listed as the rule says: not written. */
  unchanged: number;
  /**
   * Left as they were: no GP contact with any organisation or with the named one (most-contacts), listed
   * already (onlyUnlisted), or their organisation cannot be a practice (`unusable`).
   */
  skipped: number;
  /** Organizations made TARGET practices by this run. */
  practicesMade: string[];
  /** Organizations a patient's contacts named that cannot be a practice, with why (their patients skipped). */
  unusable: string[];
  /** Patients per practice after this run, of those looked at (practice id → count). */
  byPractice: Record<string, number>;
}

export interface ListOptions {
  /** Patients per write (default 500). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** A request that cannot run, in words (the command prints it, exit 2). */
export class ListError extends Error {}

const PAGE = 1000;

type GeneralPractitioners = NonNullable<Patient['generalPractitioner']>;

/**
 * Whether a practitioner reference of generalPractitioner works at the practice (a PractitionerRole there,
 * active or not, as the selection's list membership reads it); cached per reference and practice.
 */
function worksAtPractice(repo: PostgresRepository): (reference: string, practiceId: string) => Promise<boolean> {
  const known = new Map<string, Promise<boolean>>();
  const lookUp = async (reference: string, practiceId: string): Promise<boolean> => {
    const organization = `Organization/${practiceId}`;
    if (reference.startsWith('PractitionerRole/')) {
      const role = await repo
        .readResource<PractitionerRole>('PractitionerRole', reference.slice('PractitionerRole/'.length))
        .catch(() => undefined);
      return role?.organization?.reference === organization;
    }
    const roles = await repo.searchResources<PractitionerRole>(
      parseSearchRequest('PractitionerRole', { practitioner: reference, organization, _count: '1' }),
    );
    return roles.length > 0;
  };
  return (reference, practiceId) => {
    const key = `${reference} ${practiceId}`;
    let answer = known.get(key);
    if (!answer) {
      answer = lookUp(reference, practiceId);
      known.set(key, answer);
    }
    return answer;
  };
}

/**
 * The patient's generalPractitioner listing them with the practice only: the practice's Organization, and the
 * practitioners it had who work there (one of another practice would keep them on that practice's list).
 */
async function listedWith(
  patient: Patient,
  practiceId: string,
  worksAt: (reference: string, practiceId: string) => Promise<boolean>,
): Promise<GeneralPractitioners> {
  const kept: GeneralPractitioners = [];
  for (const reference of patient.generalPractitioner ?? []) {
    const ref = reference.reference ?? '';
    if (!ref.startsWith('Organization/') && (await worksAt(ref, practiceId))) {
      kept.push(reference);
    }
  }
  return [{ reference: `Organization/${practiceId}` }, ...kept];
}

function sameList(a: readonly Reference[] | undefined, b: readonly Reference[]): boolean {
  const refs = (list: readonly Reference[] | undefined) => (list ?? []).map((r) => r.reference ?? '').sort();
  return JSON.stringify(refs(a)) === JSON.stringify(refs(b));
}

/**
 * Makes the Organization a TARGET practice when it is not one yet.
 * @returns `made` when it was changed, `practice` when it was one, `unusable` (with the reason) when it is not
 *   there or cannot be one (no name, no identifier: target-org-1).
 */
async function ensurePractice(
  repo: PostgresRepository,
  organizationId: string,
): Promise<{ status: 'made' | 'practice' } | { status: 'unusable'; reason: string }> {
  let organization: R4Organization;
  try {
    organization = toR4(await repo.readResource<Organization>('Organization', organizationId)) as R4Organization;
  } catch (err) {
    if (err instanceof OperationOutcomeError && isNotFound(err.outcome)) {
      return { status: 'unusable', reason: `Organization/${organizationId} not found` };
    }
    throw err;
  }
  if (isPracticeOrganization(organization)) {
    return { status: 'practice' };
  }
  try {
    await repo.upsertResources([fromR4(practiceFromOrganization(organization))]);
    return { status: 'made' };
  } catch (err) {
    if (err instanceof TargetReadError) {
      return {
        status: 'unusable',
        reason: `Organization/${organizationId} cannot be a TARGET practice: ${err.message}`,
      };
    }
    throw err;
  }
}

/** Pages of the patients in scope: the named ones (all must exist) or every patient by id. */
async function* patientPages(repo: PostgresRepository, ids: readonly string[] | undefined): AsyncGenerator<Patient[]> {
  if (ids) {
    for (let first = 0; first < ids.length; first += PAGE) {
      const chunk = ids.slice(first, first + PAGE);
      yield await repo.searchResources<Patient>(
        parseSearchRequest('Patient', { _id: chunk.join(','), _count: String(PAGE) }),
      );
    }
    return;
  }
  for (let offset = 0; ; offset += PAGE) {
    const page = await repo.searchResources<Patient>(
      parseSearchRequest('Patient', { _count: String(PAGE), _offset: String(offset), _sort: '_id' }),
    );
    yield page;
    if (page.length < PAGE) {
      return;
    }
  }
}

/** Checks the named patients exist before anything is written (nothing half-done for a typo). */
async function assertPatientsExist(repo: PostgresRepository, ids: readonly string[]): Promise<void> {
  const found = new Set<string>();
  for await (const page of patientPages(repo, ids)) {
    for (const patient of page) {
      found.add(patient.id as string);
    }
  }
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new ListError(
      `${missing.length} patient(s) not found: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
    );
  }
}

/**
 * Lists the patients in scope by the rule.
 * @param repo - Writes with its access rules (the command: the server's rights, as the import).
 * @throws ListError for a request that cannot run (no practice for `all`, an unknown patient or practice).
 */
export async function assignPracticeLists(
  repo: PostgresRepository,
  request: ListRequest,
  options: ListOptions = {},
): Promise<ListSummary> {
  if (request.rule === 'all' && !request.practice) {
    throw new ListError('--rule all needs the practice: practice list <Organization id> --rule all');
  }
  const ids = request.patients ? [...new Set(request.patients)] : undefined;
  if (ids) {
    await assertPatientsExist(repo, ids);
  }
  // The named practice is made one first: a practice that cannot be one stops the run before any patient.
  const practices = new Map<string, Awaited<ReturnType<typeof ensurePractice>>>();
  const summary: ListSummary = {
    patients: 0,
    listed: 0,
    unchanged: 0,
    skipped: 0,
    practicesMade: [],
    unusable: [],
    byPractice: {},
  };
  if (request.practice) {
    const named = await ensurePractice(repo, request.practice);
    if (named.status === 'unusable') {
      throw new ListError(named.reason);
    }
    practices.set(request.practice, named);
    if (named.status === 'made') {
      summary.practicesMade.push(request.practice);
    }
  }
  // Which practice each patient gets: one for all, or per patient by their contacts.
  const byContacts = request.rule === 'most-contacts' ? await mostContactedProviders(repo, ids) : undefined;
  const practiceOf = (patientId: string): string | undefined => {
    if (!byContacts) {
      return request.practice;
    }
    const provider = byContacts.get(patientId);
    return request.practice === undefined || provider === request.practice ? provider : undefined;
  };
  const batchSize = options.batchSize ?? 500;
  const worksAt = worksAtPractice(repo);
  let batch: Patient[] = [];
  const flush = async () => {
    if (batch.length > 0) {
      await repo.upsertResources(batch);
      summary.listed += batch.length;
      batch = [];
    }
  };
  const total = ids?.length ?? (await repo.search({ resourceType: 'Patient', count: 0, total: 'accurate' })).total ?? 0;
  for await (const page of patientPages(repo, ids)) {
    for (const patient of page) {
      summary.patients += 1;
      const practiceId = practiceOf(patient.id as string);
      if (!practiceId || (request.onlyUnlisted && (patient.generalPractitioner?.length ?? 0) > 0)) {
        summary.skipped += 1;
        continue;
      }
      if (!practices.has(practiceId)) {
        // A practice is made before the first patient is written with it, so no list names a non-practice.
        const made = await ensurePractice(repo, practiceId);
        practices.set(practiceId, made);
        if (made.status === 'made') {
          summary.practicesMade.push(practiceId);
        } else if (made.status === 'unusable') {
          summary.unusable.push(made.reason);
        }
      }
      if (practices.get(practiceId)?.status === 'unusable') {
        summary.skipped += 1;
        continue;
      }
      summary.byPractice[practiceId] = (summary.byPractice[practiceId] ?? 0) + 1;
      const list = await listedWith(patient, practiceId, worksAt);
      if (sameList(patient.generalPractitioner, list)) {
        summary.unchanged += 1;
        continue;
      }
      batch.push({ ...patient, generalPractitioner: list });
      if (batch.length >= batchSize) {
        await flush();
      }
    }
    options.onProgress?.(summary.patients, total);
  }
  await flush();
  return summary;
}
