// Positive Health: one TargetPositiveHealthDimensionObservation per dimension (score 0–10 and whether the
// person wants to talk about it) and the TargetPositiveHealthPanelObservation (the spider web) that groups
// the answered ones (six, or fewer for a partial answer). There is no total score, so neither builder takes
// or writes one. conversation/extract.ts derives their inputs from a QuestionnaireResponse.
import type { CodeableConcept, Observation, Reference } from 'fhir/r4.js';
import { ExternalCodings, UcumUnits } from '../external.ts';
import {
  Profiles,
  type TargetObservationCode,
  TargetObservationCodeSystem,
  type TargetPositiveHealthDimensionCode,
  TargetPositiveHealthDimensionCodeSystem,
} from '../generated/canonical.ts';
import {
  codeIn,
  compact,
  concept,
  defined,
  expectCoding,
  expectMarker,
  hasCoding,
  readUcumValue,
  ucumQuantity,
} from './elements.ts';
import { atMostOne, expectResourceType, required, TargetReadError } from './read-error.ts';

/** How the scores were given: by the patient alone, or with a practice worker in the conversation. */
export type PositiveHealthMethod = Extract<TargetObservationCode, 'self-assessment' | 'assessed-in-conversation'>;
export const POSITIVE_HEALTH_METHODS: readonly PositiveHealthMethod[] = ['self-assessment', 'assessed-in-conversation'];

export interface PositiveHealthDimensionInput {
  id?: string;
  status: Observation['status'];
  patient: Reference;
  /** When the questionnaire was answered. */
  answeredAt: string;
  dimension: TargetPositiveHealthDimensionCode;
  /** 0–10: the grade given, or the mean of the dimension's items (one decimal). */
  score: number;
  /** Absent when the person was not asked. */
  wantToTalk?: boolean;
  /** The QuestionnaireResponse(s) the score is derived from (one or more). */
  derivedFrom: Reference[];
  /** The other conversation the answers were given for. */
  encounter?: Reference;
  /** Who gave the answers: the QuestionnaireResponse's author. */
  performer?: Reference;
  method?: PositiveHealthMethod;
  /** When the score was derived (Observation.issued), e.g. the time of extraction. */
  issued?: string;
}

export interface PositiveHealthPanelInput {
  id?: string;
  status: Observation['status'];
  patient: Reference;
  answeredAt: string;
  /** The dimension Observations: one to six (a dimension not answered has none). */
  dimensions: Reference[];
  derivedFrom: Reference[];
  /** The other conversation the answers were given for. */
  encounter?: Reference;
  /** When the panel was derived (Observation.issued). */
  issued?: string;
}

function survey(): CodeableConcept[] {
  return [{ coding: [{ ...ExternalCodings.survey }] }];
}

export function buildPositiveHealthDimensionObservation(input: PositiveHealthDimensionInput): Observation {
  const wantToTalk =
    input.wantToTalk === undefined
      ? []
      : [{ code: concept(TargetObservationCodeSystem, 'want-to-talk'), valueBoolean: input.wantToTalk }];
  return compact<Observation>({
    resourceType: 'Observation',
    id: input.id,
    meta: { profile: [Profiles.TargetPositiveHealthDimensionObservation] },
    status: input.status,
    category: survey(),
    code: concept(TargetPositiveHealthDimensionCodeSystem, input.dimension),
    subject: input.patient,
    encounter: input.encounter,
    effectiveDateTime: input.answeredAt,
    issued: input.issued,
    performer: input.performer && [input.performer],
    valueQuantity: ucumQuantity(input.score, UcumUnits.score),
    method: input.method && concept(TargetObservationCodeSystem, input.method),
    derivedFrom: input.derivedFrom,
    component: wantToTalk,
  });
}

function expectSurvey(resource: Observation): void {
  expectCoding(resource.category, ExternalCodings.survey, 'Observation.category:survey');
}

function readMethod(resource: Observation): PositiveHealthMethod | undefined {
  const method = codeIn(TargetObservationCodeSystem, resource.method?.coding, 'Observation.method');
  if (method !== undefined && !(POSITIVE_HEALTH_METHODS as readonly string[]).includes(method)) {
    throw new TargetReadError('invalid', 'Observation.method', `${method} is not a Positive Health method`);
  }
  return method as PositiveHealthMethod | undefined;
}

export function readPositiveHealthDimensionObservation(resource: Observation): PositiveHealthDimensionInput {
  expectResourceType(resource, 'Observation');
  expectSurvey(resource);
  const dimension = codeIn(TargetPositiveHealthDimensionCodeSystem, resource.code?.coding, 'Observation.code');
  if (!dimension) {
    throw new TargetReadError('wrong-resource', 'Observation.code', 'not a Positive Health dimension');
  }
  const talkPath = 'Observation.component:wantToTalk';
  const talk = atMostOne(
    (resource.component ?? []).filter((c) => hasCoding([c.code], TargetObservationCodeSystem.url, 'want-to-talk')),
    talkPath,
  );
  return defined<PositiveHealthDimensionInput>({
    id: resource.id,
    status: required(resource.status, 'Observation.status'),
    patient: required(resource.subject, 'Observation.subject'),
    answeredAt: required(resource.effectiveDateTime, 'Observation.effectiveDateTime'),
    dimension,
    score: readUcumValue(resource.valueQuantity, UcumUnits.score, 'Observation.valueQuantity'),
    wantToTalk: talk && required(talk.valueBoolean, `${talkPath}.valueBoolean`),
    derivedFrom: required(resource.derivedFrom, 'Observation.derivedFrom'),
    encounter: resource.encounter,
    performer: atMostOne(resource.performer ?? [], 'Observation.performer'),
    method: readMethod(resource),
    issued: resource.issued,
  });
}

export function buildPositiveHealthPanelObservation(input: PositiveHealthPanelInput): Observation {
  return compact<Observation>({
    resourceType: 'Observation',
    id: input.id,
    meta: { profile: [Profiles.TargetPositiveHealthPanelObservation] },
    status: input.status,
    category: survey(),
    code: concept(TargetObservationCodeSystem, 'positive-health'),
    subject: input.patient,
    encounter: input.encounter,
    effectiveDateTime: input.answeredAt,
    issued: input.issued,
    hasMember: input.dimensions,
    derivedFrom: input.derivedFrom,
  });
}

export function readPositiveHealthPanelObservation(resource: Observation): PositiveHealthPanelInput {
  expectResourceType(resource, 'Observation');
  expectMarker([resource.code], TargetObservationCodeSystem, 'positive-health', 'Observation.code');
  expectSurvey(resource);
  const dimensions = required(resource.hasMember, 'Observation.hasMember');
  if (dimensions.length > 6) {
    throw new TargetReadError(
      'invalid',
      'Observation.hasMember',
      `expected 1 to 6 dimensions, found ${dimensions.length}`,
    );
  }
  return defined<PositiveHealthPanelInput>({
    id: resource.id,
    status: required(resource.status, 'Observation.status'),
    patient: required(resource.subject, 'Observation.subject'),
    answeredAt: required(resource.effectiveDateTime, 'Observation.effectiveDateTime'),
    dimensions,
    derivedFrom: required(resource.derivedFrom, 'Observation.derivedFrom'),
    encounter: resource.encounter,
    issued: resource.issued,
  });
}
