// SDC observation-based extraction (hl7.org/fhir/uv/sdc/extraction.html#observation-based-extraction) of
// Positive Health, the same code on the server ($extract) and in the browser (a foreign EHR). The
// Questionnaire says what to extract: an item marked with sdc-questionnaire-observationExtract gives one
// Observation coded with the item's code; TargetObservationExtractValue and TargetObservationExtractComponent
// say how its value and components follow from the item's answers, as FHIRPath (HL7's fhirpath.js, R4 model)
// evaluated with the item's QuestionnaireResponse item as context. So a fuller questionnaire with several
// items per dimension (averaged in its expression) needs no code change here.
//
// Browser-safe, but fhirpath.js and its R4 model weigh about 230 kB gzip: the app imports this module
// lazily (package export "./extract"); profiles is marked free of side effects so that the main entry's
// re-export does not pull it into the app's first chunk.

import type {
  Bundle,
  Coding,
  Extension,
  Observation,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Reference,
} from 'fhir/r4.js';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
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
  Extensions,
  TargetObservationCodeSystem,
  type TargetPositiveHealthDimensionCode,
  TargetPositiveHealthDimensionCodeSystem,
} from '../generated/canonical.ts';
import { derivedResourceId } from './derived-id.ts';
import {
  checkResponseAgainstQuestionnaire,
  InvalidResponseError,
  type ResponseIssue,
  responseIssue,
} from './response-check.ts';

export { derivedResourceId } from './derived-id.ts';
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

export const OBSERVATION_EXTRACT_URL =
  'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract';

/** A value an expression gave: FHIRPath results of the answer types extraction uses. */
export type ExtractedValue = number | boolean | string | Coding;

/** What one marked item of one response gives: its code, value and components (before any profile). */
export interface ExtractedItem {
  linkId: string;
  code: Coding[];
  /** FHIRPath of the QuestionnaireResponse item, for messages. */
  path: string;
  /** Absent when the expression gave nothing: the item was not answered. */
  value?: ExtractedValue;
  components: { code: Coding; value: ExtractedValue }[];
}

type Evaluator = (item: QuestionnaireResponseItem, env: Record<string, unknown>) => unknown[];
// Keyed by expression text: the Questionnaires are the package's or the server's definitions (callers of
// $extract cannot send one), so the set stays small.
const compiled = new Map<string, Evaluator>();

/** The expression compiled once per process, against the QuestionnaireResponse.item type of the R4 model. */
function evaluator(expression: string): Evaluator {
  let found = compiled.get(expression);
  if (!found) {
    found = fhirpath.compile({ base: 'QuestionnaireResponse.item', expression }, r4Model) as Evaluator;
    compiled.set(expression, found);
  }
  return found;
}

function expressionOf(extension: Extension | undefined, where: string): string | undefined {
  if (!extension) {
    return undefined;
  }
  const expression = extension.valueExpression;
  if (!expression?.expression || expression.language !== 'text/fhirpath') {
    throw new Error(`${where}: the extraction needs a text/fhirpath expression`);
  }
  return expression.expression;
}

function evaluate(
  expression: string,
  item: QuestionnaireResponseItem,
  response: QuestionnaireResponse,
  path: string,
): ExtractedValue | undefined {
  let result: unknown[];
  try {
    result = evaluator(expression)(item, { resource: response });
  } catch (err) {
    throw new InvalidResponseError([
      responseIssue('processing', path, `${item.linkId}: ${expression} failed: ${(err as Error).message}`),
    ]);
  }
  if (result.length > 1) {
    throw new InvalidResponseError([
      responseIssue('processing', path, `${item.linkId}: ${expression} gave ${result.length} values, not one`),
    ]);
  }
  const [value] = result;
  if (value === undefined || ['number', 'boolean', 'string'].includes(typeof value)) {
    return value as ExtractedValue | undefined;
  }
  if (typeof value === 'object' && value !== null && 'code' in value) {
    return value as Coding;
  }
  throw new InvalidResponseError([
    responseIssue('processing', path, `${item.linkId}: ${expression} gave a value extraction cannot use`),
  ]);
}

function extractItem(
  definition: QuestionnaireItem,
  item: QuestionnaireResponseItem,
  response: QuestionnaireResponse,
  path: string,
): ExtractedItem {
  const where = `Questionnaire item ${definition.linkId}`;
  const valueExpression = expressionOf(
    definition.extension?.find((e) => e.url === Extensions.TargetObservationExtractValue),
    where,
  );
  // Without our expression, SDC's default: the item's own (single) answer.
  const value = evaluate(valueExpression ?? 'answer.value', item, response, path);
  const components = (definition.extension ?? [])
    .filter((e) => e.url === Extensions.TargetObservationExtractComponent)
    .flatMap((component) => {
      const code = component.extension?.find((e) => e.url === 'code')?.valueCoding;
      const expression = expressionOf(
        component.extension?.find((e) => e.url === 'value'),
        where,
      );
      if (!code || !expression) {
        throw new Error(`${where}: a component needs a code and a value expression`);
      }
      const componentValue = evaluate(expression, item, response, path);
      return componentValue === undefined ? [] : [{ code, value: componentValue }];
    });
  return { linkId: item.linkId, code: definition.code ?? [], path, value, components };
}

function marked(item: QuestionnaireItem): boolean {
  return item.extension?.some((e) => e.url === OBSERVATION_EXTRACT_URL && e.valueBoolean === true) ?? false;
}

/**
 * Every marked item the response contains, in response order, with what its expressions give. Does not check
 * the response against the Questionnaire (checkResponseAgainstQuestionnaire does); items it does not know
 * are skipped.
 */
export function extractObservationItems(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
): ExtractedItem[] {
  const found: ExtractedItem[] = [];
  const walk = (
    definitions: readonly QuestionnaireItem[],
    items: readonly QuestionnaireResponseItem[],
    path: string,
  ) => {
    items.forEach((item, index) => {
      const at = `${path}.item[${index}]`;
      const definition = definitions.find((d) => d.linkId === item.linkId);
      if (!definition) {
        return;
      }
      if (marked(definition)) {
        found.push(extractItem(definition, item, response, at));
      }
      walk(definition.item ?? [], item.item ?? [], at);
      (item.answer ?? []).forEach((answer, a) => {
        walk(definition.item ?? [], answer.item ?? [], `${at}.answer[${a}]`);
      });
    });
  };
  walk(questionnaire.item ?? [], response.item ?? [], 'QuestionnaireResponse');
  return found;
}

// ------------------------------------------------------------------------------------ Positive Health

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
