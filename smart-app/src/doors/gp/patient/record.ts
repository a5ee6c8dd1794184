// The rest of the overview's data, read with plain R4 searches any SMART EHR answers: the patient, their
// chronic conditions (for names and codes), earlier care-burden results, Positive Health measurements, goals,
// health plans, referrals and the contacts timeline. Practice-internal resources are dropped here for users
// who are not practice staff, so no part of the view can show one by mistake.
import {
  type FhirReader,
  isPracticeInternal,
  matchesOf,
  nextPageUrl,
  readCareBurdenObservation,
  readPositiveHealthDimensionObservation,
  resourcesOf,
  type StoredCareBurden,
  searchAll,
  TargetObservationCodeSystem,
  type TargetPositiveHealthDimensionCode,
  TargetPositiveHealthDimensionCodeSystem,
  tryRead,
  type UserKind,
  userKindOf,
} from '@target/profiles';
import type {
  Bundle,
  CarePlan,
  Condition,
  Encounter,
  Goal,
  Observation,
  Organization,
  PractitionerRole,
  Resource,
  ServiceRequest,
  Task,
} from 'fhir/r4.js';

/** What the user may see: practice-internal results only for practice staff. */
export function visibleTo<T extends Resource>(kind: UserKind, resources: readonly T[]): T[] {
  return kind === 'practice-staff' ? [...resources] : resources.filter((r) => !isPracticeInternal(r));
}

/** Whether a SMART scope string grants user-level access (`user/…`): a clinician's launch, not a patient's. */
export function grantsUserScopes(scope: string): boolean {
  return scope.split(/\s+/).some((s) => s.startsWith('user/'));
}

/**
 * Who the signed-in user is (SMART fhirUser), with their PractitionerRoles and those roles' Organizations.
 * A search the server refuses leaves them unknown: nothing practice-internal is shown then. A foreign GP EHR
 * that names no fhirUser (the app got no `openid fhirUser`) launched a clinician when it granted user/ scopes.
 */
export async function userKind(
  reader: FhirReader,
  session: { readonly fhirUser?: string; readonly scope: string },
  practiceRolesCoded: boolean,
): Promise<UserKind> {
  const { fhirUser } = session;
  if (!fhirUser && !practiceRolesCoded && grantsUserScopes(session.scope)) {
    return 'practice-staff';
  }
  const [type, id] = fhirUser?.split('/').slice(-2) ?? [];
  if (!id || (type !== 'Practitioner' && type !== 'PractitionerRole')) {
    return userKindOf(fhirUser, [], [], { practiceRolesCoded });
  }
  try {
    const bundle = await reader.search<PractitionerRole | Organization>('PractitionerRole', {
      [type === 'Practitioner' ? 'practitioner' : '_id']: type === 'Practitioner' ? `Practitioner/${id}` : id,
      _include: 'PractitionerRole:organization',
    });
    return userKindOf(
      fhirUser,
      matchesOf<PractitionerRole>(bundle, 'PractitionerRole'),
      resourcesOf<Organization>(bundle, 'Organization'),
      { practiceRolesCoded },
    );
  } catch {
    return practiceRolesCoded ? 'unknown' : userKindOf(fhirUser, [], [], { practiceRolesCoded });
  }
}

/** The patient's Conditions by `Condition/{id}`, to name the qualifying ones. */
export async function conditionsOf(reader: FhirReader, patientId: string): Promise<Map<string, Condition>> {
  const conditions = await searchAll<Condition>(reader, 'Condition', { subject: `Patient/${patientId}` });
  return new Map(conditions.map((c) => [`Condition/${c.id}`, c]));
}

/** Earlier care-burden results (practice-internal), newest reference date first; unreadable ones are left out. */
export async function careBurdenHistory(
  reader: FhirReader,
  patientId: string,
  limit = 12,
): Promise<StoredCareBurden[]> {
  const bundle = await reader.search<Observation>('Observation', {
    subject: `Patient/${patientId}`,
    code: `${TargetObservationCodeSystem.url}|care-burden`,
    _sort: '-date',
    _count: '50',
  });
  const read = matchesOf<Observation>(bundle, 'Observation').flatMap((o) => {
    const stored = ['final', 'amended'].includes(o.status) ? tryRead(readCareBurdenObservation, o) : undefined;
    return stored && o.id ? [{ ...stored, id: o.id }] : [];
  });
  // One result per counted window: the latest computed (a rerun of the same day updates, but be sure).
  const byWindow = new Map<string, StoredCareBurden>();
  for (const result of read) {
    const seen = byWindow.get(result.window.end);
    if (!seen || (result.issued ?? '') > (seen.issued ?? '')) {
      byWindow.set(result.window.end, result);
    }
  }
  return [...byWindow.values()].sort((a, b) => b.window.end.localeCompare(a.window.end)).slice(0, limit);
}

export const DIMENSIONS = Object.keys(
  TargetPositiveHealthDimensionCodeSystem.codes,
) as TargetPositiveHealthDimensionCode[];

/** One Positive Health measurement: the dimension scores given at one moment. */
export interface Measurement {
  answeredAt: string;
  scores: Partial<Record<TargetPositiveHealthDimensionCode, number>>;
  wantToTalk: TargetPositiveHealthDimensionCode[];
}

/** The patient's Positive Health measurements, newest first (dimension Observations grouped by moment). */
export async function positiveHealthOf(reader: FhirReader, patientId: string): Promise<Measurement[]> {
  const observations = await searchAll<Observation>(reader, 'Observation', {
    subject: `Patient/${patientId}`,
    code: DIMENSIONS.map((code) => `${TargetPositiveHealthDimensionCodeSystem.url}|${code}`).join(','),
  });
  const byMoment = new Map<string, Measurement>();
  for (const observation of observations) {
    const read = ['final', 'amended'].includes(observation.status)
      ? tryRead(readPositiveHealthDimensionObservation, observation)
      : undefined;
    if (!read) {
      continue;
    }
    const measurement = byMoment.get(read.answeredAt) ?? { answeredAt: read.answeredAt, scores: {}, wantToTalk: [] };
    measurement.scores[read.dimension] = read.score;
    if (read.wantToTalk) {
      measurement.wantToTalk.push(read.dimension);
    }
    byMoment.set(read.answeredAt, measurement);
  }
  return [...byMoment.values()].sort((a, b) => b.answeredAt.localeCompare(a.answeredAt));
}

/** The newest referrals shown (one page). */
const REFERRALS_SHOWN = 50;

export interface CareRecord {
  goals: Goal[];
  plans: CarePlan[];
  /** Each referral with the Tasks carrying it out and the names of the partners it is addressed to. */
  referrals: { request: ServiceRequest; tasks: Task[]; partners: string[] }[];
}

/** Goals, health plans (CarePlan) and referrals (ServiceRequest with the Tasks that carry them out). */
export async function careRecordOf(reader: FhirReader, patientId: string, kind: UserKind): Promise<CareRecord> {
  const subject = `Patient/${patientId}`;
  const [goals, plans, referralPage, tasks] = await Promise.all([
    searchAll<Goal>(reader, 'Goal', { subject }),
    searchAll<CarePlan>(reader, 'CarePlan', { subject }),
    // The partners come along (_include) to be named; a server without _include just leaves them out.
    reader.search<ServiceRequest | Organization>('ServiceRequest', {
      subject,
      _include: 'ServiceRequest:performer',
      _count: String(REFERRALS_SHOWN),
    }),
    searchAll<Task>(reader, 'Task', { patient: subject }),
  ]);
  const requests = matchesOf<ServiceRequest>(referralPage, 'ServiceRequest');
  const partners = new Map(
    resourcesOf<Organization>(referralPage, 'Organization').map((o) => [`Organization/${o.id}`, o.name ?? '']),
  );
  const tasksOf = (request: ServiceRequest) =>
    tasks.filter((task) => task.focus?.reference === `ServiceRequest/${request.id}`);
  const newestFirst =
    <T>(date: (r: T) => string | undefined) =>
    (a: T, b: T) =>
      (date(b) ?? '').localeCompare(date(a) ?? '');
  return {
    goals: visibleTo(kind, goals).sort(newestFirst((g) => g.startDate)),
    plans: visibleTo(kind, plans).sort(newestFirst((p) => p.created ?? p.period?.start)),
    referrals: visibleTo(kind, requests)
      .sort(newestFirst((r) => r.authoredOn))
      .map((request) => ({
        request,
        tasks: visibleTo(kind, tasksOf(request)),
        partners: (request.performer ?? []).flatMap((p) => {
          const name = p.display ?? partners.get(p.reference ?? '');
          return name ? [name] : [];
        }),
      })),
  };
}

/** One page of the contacts timeline, newest first, and the link to the next. */
export interface TimelinePage {
  encounters: Encounter[];
  next?: string;
}

export const TIMELINE_PAGE_SIZE = 20;

export async function timelinePage(
  reader: FhirReader,
  patientId: string,
  kind: UserKind,
  next?: string,
): Promise<TimelinePage> {
  const bundle: Bundle<Encounter> = next
    ? await reader.page<Encounter>(next)
    : await reader.search<Encounter>('Encounter', {
        subject: `Patient/${patientId}`,
        _sort: '-date',
        _count: String(TIMELINE_PAGE_SIZE),
      });
  const following = nextPageUrl(bundle);
  return {
    encounters: visibleTo(kind, matchesOf<Encounter>(bundle, 'Encounter')),
    ...(following ? { next: following } : {}),
  };
}
