// What the conversation needs to know before it starts, read with plain R4 searches any SMART EHR answers:
// who holds it (the PractitionerRole), the care-burden result that selected the patient (referenced
// version-specifically), the earlier Positive Health measurements, and the answers the patient gave
// beforehand on their own.
import {
  type FhirReader,
  matchesOf,
  searchAll,
  TargetConceptCodeSystem,
  TargetObservationCodeSystem,
  type TargetPositiveHealthDimensionCode,
  TargetPositiveHealthQuestionnaire,
} from '@target/profiles';
import type {
  Encounter,
  Observation,
  PractitionerRole,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from 'fhir/r4.js';
import { DIMENSIONS } from '../patient/record.ts';

/** Answers the patient gave beforehand count as preparation for this long. */
export const OWN_ANSWERS_RECENT_DAYS = 90;

export interface WhoHoldsIt {
  /** `PractitionerRole/{id}` */
  readonly practitionerRole?: string;
  /** `Organization/{id}`: the practice. */
  readonly practice?: string;
}

/**
 * The signed-in user's PractitionerRole at the practice: fhirUser itself when it is one, else the role of the
 * Practitioner at the session's practice (or their only role when the session names no practice).
 */
export async function whoHoldsIt(
  reader: FhirReader,
  session: { readonly fhirUser?: string; readonly practiceId?: string },
): Promise<WhoHoldsIt> {
  const practice = session.practiceId ? `Organization/${session.practiceId}` : undefined;
  const [type, id] = session.fhirUser?.split('/').slice(-2) ?? [];
  if (type === 'PractitionerRole' && id) {
    const role = await reader.read<PractitionerRole>(`PractitionerRole/${id}`);
    return { practitionerRole: `PractitionerRole/${id}`, practice: practice ?? role?.organization?.reference };
  }
  if (type !== 'Practitioner' || !id) {
    return { ...(practice ? { practice } : {}) };
  }
  const bundle = await reader.search<PractitionerRole>('PractitionerRole', {
    practitioner: `Practitioner/${id}`,
    ...(practice ? { organization: practice } : {}),
  });
  const roles = matchesOf<PractitionerRole>(bundle, 'PractitionerRole').filter((r) => r.active !== false);
  const role = practice ? roles.find((r) => r.organization?.reference?.endsWith(practice)) : roles[0];
  if (!role?.id) {
    return { ...(practice ? { practice } : {}) };
  }
  return {
    practitionerRole: `PractitionerRole/${role.id}`,
    ...((practice ?? role.organization?.reference) ? { practice: practice ?? role.organization?.reference } : {}),
  };
}

/** Whether the patient already had a finished other conversation (a new one is then a follow-up). */
export async function hadConversation(reader: FhirReader, patientId: string): Promise<boolean> {
  const bundle = await reader.search<Encounter>('Encounter', {
    subject: `Patient/${patientId}`,
    type: `${TargetConceptCodeSystem.url}|other-conversation`,
    status: 'finished',
    _count: '1',
  });
  return matchesOf<Encounter>(bundle, 'Encounter').length > 0;
}

/** The latest care-burden result of the patient as `Observation/{id}/_history/{version}`, if there is one. */
export async function latestCareBurden(reader: FhirReader, patientId: string): Promise<string | undefined> {
  const bundle = await reader.search<Observation>('Observation', {
    subject: `Patient/${patientId}`,
    code: `${TargetObservationCodeSystem.url}|care-burden`,
    _sort: '-date',
    _count: '5',
  });
  const latest = matchesOf<Observation>(bundle, 'Observation')
    .filter((o) => ['final', 'amended'].includes(o.status) && o.id && o.meta?.versionId)
    // The newest counted window (a care-burden result covers a period), then the newest computed.
    .sort(
      (a, b) =>
        (b.effectivePeriod?.end ?? '').localeCompare(a.effectivePeriod?.end ?? '') ||
        (b.issued ?? '').localeCompare(a.issued ?? ''),
    )[0];
  return latest ? `Observation/${latest.id}/_history/${latest.meta?.versionId}` : undefined;
}

/** The Positive Health answers the patient gave on their own before the conversation. */
export interface OwnAnswers {
  /** `QuestionnaireResponse/{id}` */
  readonly reference: string;
  readonly authored: string;
  readonly scores: Partial<Record<TargetPositiveHealthDimensionCode, number>>;
  readonly wantToTalk: TargetPositiveHealthDimensionCode[];
  readonly whatMatters?: string;
  readonly goodDay?: string;
}

type Answer = NonNullable<QuestionnaireResponseItem['answer']>[number];

function answerOf(items: readonly QuestionnaireResponseItem[] | undefined, linkId: string): Answer | undefined {
  for (const item of items ?? []) {
    if (item.linkId === linkId) {
      return item.answer?.[0];
    }
    const nested = answerOf(item.item, linkId);
    if (nested) {
      return nested;
    }
  }
  return undefined;
}

/** Grades and wishes of a Positive Health response; a grade outside 0–10 or not whole is left out. */
export function ownAnswersOf(response: QuestionnaireResponse): OwnAnswers {
  const scores: OwnAnswers['scores'] = {};
  const wantToTalk: TargetPositiveHealthDimensionCode[] = [];
  for (const dimension of DIMENSIONS) {
    const grade = answerOf(response.item, `${dimension}.score`);
    const value = grade?.valueInteger ?? grade?.valueDecimal;
    if (value !== undefined && Number.isInteger(value) && value >= 0 && value <= 10) {
      scores[dimension] = value;
    }
    if (answerOf(response.item, `${dimension}.talk`)?.valueBoolean) {
      wantToTalk.push(dimension);
    }
  }
  const whatMatters = answerOf(response.item, 'what-matters')?.valueString;
  const goodDay = answerOf(response.item, 'good-day')?.valueString;
  return {
    reference: `QuestionnaireResponse/${response.id}`,
    authored: response.authored ?? '',
    scores,
    wantToTalk,
    ...(whatMatters ? { whatMatters } : {}),
    ...(goodDay ? { goodDay } : {}),
  };
}

/**
 * The patient's own recent Positive Health answers: a completed response to our questionnaire (any version),
 * authored by the patient, not yet part of a conversation, at most OWN_ANSWERS_RECENT_DAYS old; the newest.
 */
export async function ownAnswersBeforehand(
  reader: FhirReader,
  patientId: string,
  now = new Date(),
): Promise<OwnAnswers | undefined> {
  const responses = await searchAll<QuestionnaireResponse>(reader, 'QuestionnaireResponse', {
    subject: `Patient/${patientId}`,
    status: 'completed',
  });
  const since = now.getTime() - OWN_ANSWERS_RECENT_DAYS * 86_400_000;
  const url = TargetPositiveHealthQuestionnaire.url;
  const own = responses
    .filter(
      (r) =>
        (r.questionnaire === url || r.questionnaire?.startsWith(`${url}|`)) &&
        r.author?.reference?.replace(/^.*\/(Patient\/[^/]+)$/, '$1') === `Patient/${patientId}` &&
        !r.encounter &&
        r.id &&
        Date.parse(r.authored ?? '') >= since,
    )
    .sort((a, b) => Date.parse(b.authored ?? '') - Date.parse(a.authored ?? ''))[0];
  return own ? ownAnswersOf(own) : undefined;
}
