// SDC observation-based extraction (hl7.org/fhir/uv/sdc/extraction.html#observation-based-extraction), the
// generic part: an item marked with sdc-questionnaire-observationExtract gives one Observation coded with the
// item's code; TargetObservationExtractValue and TargetObservationExtractComponent say how its value and
// components follow from the item's answers, as FHIRPath (HL7's fhirpath.js with its R4 model, for choice
// types such as answer.value) evaluated with the item's QuestionnaireResponse item as context and the whole
// response as %resource. Without our value expression an item gives its own answer, as SDC does.
import type {
  Coding,
  Extension,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from 'fhir/r4.js';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import { Extensions } from '../generated/canonical.ts';
import { InvalidResponseError, responseIssue } from './response-check.ts';

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
