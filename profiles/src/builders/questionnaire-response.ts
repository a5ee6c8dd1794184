// TargetPositiveHealthQuestionnaireResponse: the Positive Health answers to TargetPositiveHealthQuestionnaire,
// given by the patient beforehand or graded together in the other conversation. Per dimension a group
// (linkId = the dimension code) with the 0–10 grade (`{dimension}.score`) and the want-to-talk flag
// (`{dimension}.talk`); then what matters and what a good day is. A partial answer is allowed: a dimension
// not answered is left out, never given a zero. The questionnaire is named as `canonical|version`
// (target-qr-1). Extraction into Observations lives in ../conversation/extract.ts.
import type { QuestionnaireResponse, QuestionnaireResponseItem, Reference } from 'fhir/r4.js';
import {
  Profiles,
  type TargetPositiveHealthDimensionCode,
  TargetPositiveHealthDimensionCodeSystem,
} from '../generated/canonical.ts';
import { compact, defined } from './elements.ts';
import { atMostOne, expectResourceType, required, TargetReadError } from './read-error.ts';

/** The statuses of a Positive Health response: a draft, given, or changed after it was given. */
export const RESPONSE_STATUSES = ['in-progress', 'completed', 'amended'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/** The answers for one dimension: the grade (0–10, whole numbers) and/or whether to talk about it. */
export interface DimensionAnswer {
  dimension: TargetPositiveHealthDimensionCode;
  score?: number;
  wantToTalk?: boolean;
}

export interface PositiveHealthResponseInput {
  id?: string;
  status: ResponseStatus;
  /** The Questionnaire answered, as `url|version` (target-qr-1). */
  questionnaire: string;
  patient: Reference;
  /** The other conversation the answers were given for or in. */
  conversation?: Reference;
  /** When the answers were given; the extracted Observations take this as their effective time. */
  authored: string;
  /** Who wrote the answers down: the patient, or the practice worker (PractitionerRole) in the conversation. */
  author: Reference;
  /** Whose answers they are: usually the patient. */
  source: Reference;
  /** The dimensions answered, in the questionnaire's order; unanswered dimensions are left out. */
  dimensions: DimensionAnswer[];
  /** What matters to the patient, in their words. */
  whatMatters?: string;
  /** What a good day looks like, in their words. */
  goodDay?: string;
}

const DIMENSIONS = Object.keys(TargetPositiveHealthDimensionCodeSystem.codes) as TargetPositiveHealthDimensionCode[];
const WHAT_MATTERS = 'what-matters';
const GOOD_DAY = 'good-day';

function dimensionItem(answer: DimensionAnswer): QuestionnaireResponseItem | undefined {
  const children: QuestionnaireResponseItem[] = [
    ...(answer.score === undefined
      ? []
      : [{ linkId: `${answer.dimension}.score`, answer: [{ valueInteger: answer.score }] }]),
    ...(answer.wantToTalk === undefined
      ? []
      : [{ linkId: `${answer.dimension}.talk`, answer: [{ valueBoolean: answer.wantToTalk }] }]),
  ];
  return children.length
    ? {
        linkId: answer.dimension,
        text: TargetPositiveHealthDimensionCodeSystem.codes[answer.dimension],
        item: children,
      }
    : undefined;
}

function textItem(linkId: string, text: string | undefined): QuestionnaireResponseItem[] {
  return text === undefined ? [] : [{ linkId, answer: [{ valueString: text }] }];
}

export function buildPositiveHealthResponse(input: PositiveHealthResponseInput): QuestionnaireResponse {
  return compact<QuestionnaireResponse>({
    resourceType: 'QuestionnaireResponse',
    id: input.id,
    meta: { profile: [Profiles.TargetPositiveHealthQuestionnaireResponse] },
    questionnaire: input.questionnaire,
    status: input.status,
    subject: input.patient,
    encounter: input.conversation,
    authored: input.authored,
    author: input.author,
    source: input.source,
    item: [
      ...input.dimensions.flatMap((answer) => dimensionItem(answer) ?? []),
      ...textItem(WHAT_MATTERS, input.whatMatters),
      ...textItem(GOOD_DAY, input.goodDay),
    ],
  });
}

/** The one answer of an item, or undefined; more than one is an `invalid` error. */
function answerOf(item: QuestionnaireResponseItem, path: string) {
  return atMostOne(item.answer ?? [], `${path}.answer`);
}

function readDimension(item: QuestionnaireResponseItem, path: string): DimensionAnswer {
  const dimension = item.linkId as TargetPositiveHealthDimensionCode;
  const answer: DimensionAnswer = { dimension };
  for (const [i, child] of (item.item ?? []).entries()) {
    const childPath = `${path}.item[${i}]`;
    const value = answerOf(child, childPath);
    if (child.linkId === `${dimension}.score`) {
      const score = value?.valueInteger;
      if (value && (score === undefined || !Number.isInteger(score) || score < 0 || score > 10)) {
        throw new TargetReadError('invalid', `${childPath}.answer`, 'a grade is a whole number from 0 to 10');
      }
      answer.score = score;
    } else if (child.linkId === `${dimension}.talk`) {
      if (value && value.valueBoolean === undefined) {
        throw new TargetReadError('invalid', `${childPath}.answer`, 'want-to-talk is true or false');
      }
      answer.wantToTalk = value?.valueBoolean;
    } else {
      throw new TargetReadError('invalid', `${childPath}.linkId`, `${child.linkId} is not an item of ${dimension}`);
    }
  }
  return defined(answer);
}

function readText(item: QuestionnaireResponseItem, path: string): string | undefined {
  const value = answerOf(item, path);
  if (value && value.valueString === undefined) {
    throw new TargetReadError('invalid', `${path}.answer`, 'expected a text answer');
  }
  return value?.valueString;
}

export function readPositiveHealthResponse(resource: QuestionnaireResponse): PositiveHealthResponseInput {
  expectResourceType(resource, 'QuestionnaireResponse');
  const questionnaire = required(resource.questionnaire, 'QuestionnaireResponse.questionnaire');
  if (!/^[^|]+\|[^|]+$/.test(questionnaire)) {
    throw new TargetReadError(
      'invalid',
      'QuestionnaireResponse.questionnaire',
      `${questionnaire} has no |version (target-qr-1)`,
    );
  }
  const status = required(resource.status, 'QuestionnaireResponse.status');
  if (!(RESPONSE_STATUSES as readonly string[]).includes(status)) {
    throw new TargetReadError('invalid', 'QuestionnaireResponse.status', `"${status}" is not a response status`);
  }
  const dimensions: DimensionAnswer[] = [];
  let whatMatters: string | undefined;
  let goodDay: string | undefined;
  const seen = new Set<string>();
  for (const [i, item] of (resource.item ?? []).entries()) {
    const path = `QuestionnaireResponse.item[${i}]`;
    if (seen.has(item.linkId)) {
      throw new TargetReadError('invalid', `${path}.linkId`, `${item.linkId} repeats`);
    }
    seen.add(item.linkId);
    if ((DIMENSIONS as string[]).includes(item.linkId)) {
      dimensions.push(readDimension(item, path));
    } else if (item.linkId === WHAT_MATTERS) {
      whatMatters = readText(item, path);
    } else if (item.linkId === GOOD_DAY) {
      goodDay = readText(item, path);
    } else {
      throw new TargetReadError(
        'invalid',
        `${path}.linkId`,
        `${item.linkId} is not an item of the Positive Health questionnaire`,
      );
    }
  }
  return defined<PositiveHealthResponseInput>({
    id: resource.id,
    status: status as ResponseStatus,
    questionnaire,
    patient: required(resource.subject, 'QuestionnaireResponse.subject'),
    conversation: resource.encounter,
    authored: required(resource.authored, 'QuestionnaireResponse.authored'),
    author: required(resource.author, 'QuestionnaireResponse.author'),
    source: required(resource.source, 'QuestionnaireResponse.source'),
    dimensions: dimensions.filter((d) => d.score !== undefined || d.wantToTalk !== undefined),
    whatMatters,
    goodDay,
  });
}
