// Positive Health by SDC observation-based extraction, the same code on the server ($extract) and in the
// browser (a foreign EHR): the marked dimension groups of the Questionnaire (observation-extract.ts) become
// TargetPositiveHealthDimensionObservations and a TargetPositiveHealthPanelObservation. A fuller
// questionnaire with several items per dimension (averaged in its expressions) needs no code change here.
//
// Browser-safe, but fhirpath.js and its R4 model weigh about 230 kB gzip: the app imports this module
// lazily (package export "./extract"); profiles is marked free of side effects so that the main entry's
// re-export does not pull it into the app's first chunk.
import type { Bundle, Observation, Questionnaire, QuestionnaireResponse, Reference } from 'fhir/r4.js';
import packagedQuestionnaire from '../../generated/package/Questionnaire-target-positive-health.json' with {
  type: 'json',
};
import {
  buildPositiveHealthDimensionObservation,
  buildPositiveHealthPanelObservation,
  type PositiveHealthDimensionInput,
  type PositiveHealthMethod,
} from '../builders/positive-health.ts';
import {
  TargetObservationCodeSystem,
  type TargetPositiveHealthDimensionCode,
  TargetPositiveHealthDimensionCodeSystem,
} from '../generated/canonical.ts';
import { derivedResourceId } from './derived-id.ts';
import { type ExtractedItem, extractObservationItems } from './observation-extract.ts';
import {
  checkResponseAgainstQuestionnaire,
  InvalidResponseError,
  type ResponseIssue,
  responseIssue,
} from './response-check.ts';

export { derivedResourceId } from './derived-id.ts';
export {
  type ExtractedItem,
  type ExtractedValue,
  extractObservationItems,
  OBSERVATION_EXTRACT_URL,
} from './observation-extract.ts';
export {
  checkResponseAgainstQuestionnaire,
  InvalidResponseError,
  questionnaireCanonical,
  type ResponseIssue,
} from './response-check.ts';

/**
 * TargetPositiveHealthQuestionnaire as the package holds it (a copy): what a client extracts with when the
 * FHIR server it writes to does not serve our Questionnaire (a foreign EHR).
 */
export function targetPositiveHealthQuestionnaire(): Questionnaire {
  return structuredClone(packagedQuestionnaire) as Questionnaire;
}

export interface ExtractedPositiveHealth {
  /** One per answered dimension, in the Questionnaire's order; none for a dimension left out. */
  observations: Observation[];
  /** The spider web; absent when no dimension was answered. */
  panel?: Observation;
}

const STATUS: Partial<Record<QuestionnaireResponse['status'], Observation['status']>> = {
  'in-progress': 'preliminary',
  completed: 'final',
  amended: 'amended',
};

const AUTHOR_TYPE =
  /(?:^|\/)(Patient|PractitionerRole|Practitioner|RelatedPerson)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[^/]+)?$/;

/** self-assessment when the patient wrote the answers, assessed-in-conversation when a practice worker did. */
function methodOf(author: Reference | undefined): PositiveHealthMethod | undefined {
  const type = author?.type ?? author?.reference?.match(AUTHOR_TYPE)?.[1];
  if (type === 'Patient') {
    return 'self-assessment';
  }
  return type === 'PractitionerRole' || type === 'Practitioner' ? 'assessed-in-conversation' : undefined;
}

function dimensionOf(item: ExtractedItem): TargetPositiveHealthDimensionCode | undefined {
  const coding = item.code.find((c) => c.system === TargetPositiveHealthDimensionCodeSystem.url);
  return coding?.code && Object.hasOwn(TargetPositiveHealthDimensionCodeSystem.codes, coding.code)
    ? (coding.code as TargetPositiveHealthDimensionCode)
    : undefined;
}

function scoreOf(item: ExtractedItem): number | undefined {
  if (item.value === undefined) {
    return undefined;
  }
  if (typeof item.value !== 'number' || !Number.isFinite(item.value) || item.value < 0 || item.value > 10) {
    throw new InvalidResponseError([
      responseIssue('value', item.path, `${item.linkId}: the score ${JSON.stringify(item.value)} is not 0 to 10`),
    ]);
  }
  // The profile's scores carry one decimal at most (the mean of a fuller questionnaire's items).
  return Math.round(item.value * 10) / 10;
}

function wantToTalkOf(item: ExtractedItem): boolean | undefined {
  const component = item.components.find(
    (c) => c.code.system === TargetObservationCodeSystem.url && c.code.code === 'want-to-talk',
  );
  if (component && typeof component.value !== 'boolean') {
    throw new InvalidResponseError([
      responseIssue('value', item.path, `${item.linkId}: want-to-talk must be true or false`),
    ]);
  }
  return component?.value as boolean | undefined;
}

/** What extraction needs of the response itself, as issues. */
function responseIssues(response: QuestionnaireResponse): ResponseIssue[] {
  const issues: ResponseIssue[] = [];
  const need = (present: unknown, element: string, why: string) => {
    if (!present) {
      issues.push(responseIssue('required', `QuestionnaireResponse.${element}`, `${element}: required, ${why}`));
    }
  };
  need(response.id, 'id', 'the Observation ids are derived from it');
  need(response.subject?.reference, 'subject', 'the Observations are about this patient');
  need(response.authored, 'authored', 'it is the Observations’ effective time');
  if (!STATUS[response.status]) {
    issues.push(
      responseIssue(
        'invalid',
        'QuestionnaireResponse.status',
        `status: a ${response.status} response is not extracted`,
      ),
    );
  }
  return issues;
}

/**
 * The dimension Observations and the panel of one response to a Positive Health questionnaire (ours, or a
 * fuller one loaded as data with the same annotations). Ids are `{response id}-{dimension}` and
 * `{response id}-panel` (derivedResourceId), so extracting an amended response again updates the same
 * resources. `now` becomes Observation.issued. Throws InvalidResponseError (a TargetReadError) with every
 * problem when the response does not fit the Questionnaire or a score is not 0 to 10.
 */
export function extractPositiveHealth(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
  options: { now?: string } = {},
): ExtractedPositiveHealth {
  const issues = [...checkResponseAgainstQuestionnaire(questionnaire, response)];
  if (issues.length === 0) {
    issues.push(...responseIssues(response));
  }
  if (issues.length > 0) {
    throw new InvalidResponseError(issues);
  }
  const id = response.id as string;
  const self = { reference: `QuestionnaireResponse/${id}` };
  const status = STATUS[response.status] as Observation['status'];
  const seen = new Set<string>();
  const inputs: PositiveHealthDimensionInput[] = [];
  for (const item of extractObservationItems(questionnaire, response)) {
    const dimension = dimensionOf(item);
    const score = dimension && scoreOf(item);
    if (!dimension || score === undefined) {
      continue; // another kind of item, or a dimension not answered: never a zero
    }
    if (seen.has(dimension)) {
      throw new InvalidResponseError([responseIssue('structure', item.path, `${dimension}: answered twice`)]);
    }
    seen.add(dimension);
    inputs.push({
      id: derivedResourceId(id, dimension),
      status,
      patient: response.subject as Reference,
      answeredAt: response.authored as string,
      dimension,
      score,
      wantToTalk: wantToTalkOf(item),
      derivedFrom: [self],
      encounter: response.encounter,
      performer: response.author,
      method: methodOf(response.author),
      issued: options.now,
    });
  }
  const observations = inputs.map(buildPositiveHealthDimensionObservation);
  if (observations.length === 0) {
    return { observations };
  }
  const panel = buildPositiveHealthPanelObservation({
    id: derivedResourceId(id, 'panel'),
    status,
    patient: response.subject as Reference,
    answeredAt: response.authored as string,
    dimensions: observations.map((o) => ({ reference: `Observation/${o.id}` })),
    derivedFrom: [self],
    encounter: response.encounter,
    issued: options.now,
  });
  return { observations, panel };
}

/**
 * The extracted Observations as a transaction of PUTs (client-chosen ids: writing again makes new versions);
 * no entries when no dimension was answered.
 */
export function extractionTransaction(extracted: ExtractedPositiveHealth): Bundle {
  const resources = [...extracted.observations, ...(extracted.panel ? [extracted.panel] : [])];
  const entry = resources.map((resource) => ({
    resource,
    request: { method: 'PUT' as const, url: `Observation/${resource.id}` },
  }));
  return { resourceType: 'Bundle', type: 'transaction', ...(entry.length > 0 ? { entry } : {}) };
}
