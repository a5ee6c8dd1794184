// Does a QuestionnaireResponse fit its Questionnaire? The checks extraction relies on (R4
// questionnaireresponse.html#invs and the SDC answer constraints): every linkId is one of the Questionnaire's
// at that place, answers have the item's type, a non-repeating item has one answer at most, numbers lie
// within minValue/maxValue, text within maxLength, and a completed response answers every required item.
// enableWhen is not evaluated (an answer to a disabled item is not refused). Pure and browser-safe.
import type {
  OperationOutcomeIssue,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from 'fhir/r4.js';
import { TargetReadError } from '../builders/read-error.ts';

/** One problem of the response: severity error, the FHIRPath of the offending part, the item's linkId in the text. */
export type ResponseIssue = OperationOutcomeIssue;

/**
 * A response that cannot be extracted: a TargetReadError (`invalid`, path of the first problem) that carries
 * every problem as an OperationOutcome issue, for a 422.
 */
export class InvalidResponseError extends TargetReadError {
  readonly issues: ResponseIssue[];

  constructor(issues: ResponseIssue[]) {
    const first = issues[0];
    super('invalid', first?.expression?.[0] ?? 'QuestionnaireResponse', issues.map(issueText).join('; '));
    this.name = 'InvalidResponseError';
    this.issues = issues;
  }
}

function issueText(issue: ResponseIssue): string {
  return issue.details?.text ?? issue.diagnostics ?? issue.code;
}

export function responseIssue(code: ResponseIssue['code'], path: string, text: string): ResponseIssue {
  return { severity: 'error', code, details: { text }, expression: [path] };
}

const MIN_VALUE = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX_VALUE = 'http://hl7.org/fhir/StructureDefinition/maxValue';

/** The answer value[x] each item type takes (R4 ValueSet item-type, constraint que-? / qrs-?). */
const ANSWER_TYPES: Record<string, readonly string[]> = {
  boolean: ['valueBoolean'],
  decimal: ['valueDecimal'],
  integer: ['valueInteger'],
  date: ['valueDate'],
  dateTime: ['valueDateTime'],
  time: ['valueTime'],
  string: ['valueString'],
  text: ['valueString'],
  url: ['valueUri'],
  choice: ['valueCoding'],
  'open-choice': ['valueCoding', 'valueString'],
  attachment: ['valueAttachment'],
  reference: ['valueReference'],
  quantity: ['valueQuantity'],
};

const valueKeys = (answer: QuestionnaireResponseItemAnswer): string[] =>
  Object.keys(answer).filter((key) => key.startsWith('value'));

function bound(item: QuestionnaireItem, url: string): number | undefined {
  const extension = item.extension?.find((e) => e.url === url);
  return extension?.valueInteger ?? extension?.valueDecimal;
}

/** R4 dateTime (datatypes.html#dateTime): a year, month or day, or a time with its zone. */
const FHIR_DATE_TIME =
  /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/;

class ResponseChecker {
  readonly issues: ResponseIssue[] = [];
  private readonly completed: boolean;

  constructor(response: QuestionnaireResponse) {
    this.completed = response.status === 'completed' || response.status === 'amended';
  }

  private add(code: ResponseIssue['code'], path: string, text: string): void {
    this.issues.push(responseIssue(code, path, text));
  }

  items(expected: readonly QuestionnaireItem[], given: readonly QuestionnaireResponseItem[], path: string): void {
    // The response comes from outside (a request body): its shape is checked before anything is read from it.
    if (!Array.isArray(given)) {
      this.add('structure', `${path}.item`, 'item must be a list of items');
      return;
    }
    given.forEach((item, index) => {
      const at = `${path}.item[${index}]`;
      if (typeof item !== 'object' || item === null || typeof item.linkId !== 'string') {
        this.add('structure', at, 'an item must be an object with a linkId');
        return;
      }
      if (item.answer !== undefined && !Array.isArray(item.answer)) {
        this.add('structure', `${at}.answer`, `${item.linkId}: answer must be a list`);
        return;
      }
      const definition = expected.find((q) => q.linkId === item.linkId);
      if (!definition) {
        this.add('structure', at, `${item.linkId}: no item with this linkId in the Questionnaire here`);
        return;
      }
      const first = given.findIndex((other) => other.linkId === item.linkId);
      if (first !== index && !definition.repeats) {
        this.add('structure', at, `${item.linkId}: appears more than once, but the item does not repeat`);
      }
      this.item(definition, item, at);
    });
    if (this.completed) {
      for (const definition of expected.filter((q) => q.required)) {
        const answered = given.some((item) => item.linkId === definition.linkId && hasContent(item));
        if (!answered) {
          this.add('required', `${path}.item`, `${definition.linkId}: required, but not answered`);
        }
      }
    }
  }

  private item(definition: QuestionnaireItem, item: QuestionnaireResponseItem, path: string): void {
    const answers = item.answer ?? [];
    if ((definition.type === 'group' || definition.type === 'display') && answers.length > 0) {
      this.add('structure', `${path}.answer`, `${item.linkId}: a ${definition.type} item has no answers`);
    }
    if (answers.length > 1 && !definition.repeats) {
      this.add('structure', `${path}.answer`, `${item.linkId}: ${answers.length} answers, but the item takes one`);
    }
    answers.forEach((answer, index) => {
      const at = `${path}.answer[${index}]`;
      if (typeof answer !== 'object' || answer === null) {
        this.add('structure', at, `${item.linkId}: an answer must be an object`);
        return;
      }
      this.answer(definition, item.linkId, answer, at);
      this.items(definition.item ?? [], answer.item ?? [], at);
    });
    this.items(definition.item ?? [], item.item ?? [], path);
  }

  private answer(definition: QuestionnaireItem, linkId: string, answer: QuestionnaireResponseItemAnswer, path: string) {
    const allowed = ANSWER_TYPES[definition.type];
    if (!allowed) {
      return; // group and display: refused above
    }
    const keys = valueKeys(answer);
    if (keys.length !== 1 || !allowed.includes(keys[0])) {
      this.add(
        'value',
        path,
        `${linkId}: expects ${allowed.join(' or ')}, got ${keys.length ? keys.join(', ') : 'no value'}`,
      );
      return;
    }
    const value = (answer as Record<string, unknown>)[keys[0]];
    const valuePath = `${path}.${keys[0]}`;
    if (definition.type === 'integer' && !Number.isInteger(value)) {
      this.add('value', valuePath, `${linkId}: ${JSON.stringify(value)} is not an integer`);
      return;
    }
    if (typeof value === 'number') {
      const min = bound(definition, MIN_VALUE);
      const max = bound(definition, MAX_VALUE);
      if (min !== undefined && value < min) {
        this.add('value', valuePath, `${linkId}: ${value} is below the minimum ${min}`);
      }
      if (max !== undefined && value > max) {
        this.add('value', valuePath, `${linkId}: ${value} is above the maximum ${max}`);
      }
    }
    if (typeof value === 'string' && definition.maxLength !== undefined && value.length > definition.maxLength) {
      this.add('value', valuePath, `${linkId}: longer than ${definition.maxLength} characters`);
    }
  }
}

function hasContent(item: QuestionnaireResponseItem): boolean {
  return (item.answer?.length ?? 0) > 0 || (item.item ?? []).some(hasContent);
}

/** The canonical a response should name: `url|version` (or `url` for a Questionnaire without version). */
export function questionnaireCanonical(questionnaire: Questionnaire): string {
  return questionnaire.version ? `${questionnaire.url}|${questionnaire.version}` : `${questionnaire.url}`;
}

/**
 * Every way `response` does not fit `questionnaire` (empty: it fits). The response must name the
 * Questionnaire as `url|version` (just the url when the Questionnaire has no version).
 */
export function checkResponseAgainstQuestionnaire(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
): ResponseIssue[] {
  if (response?.resourceType !== 'QuestionnaireResponse') {
    return [responseIssue('invalid', 'QuestionnaireResponse', 'not a QuestionnaireResponse')];
  }
  const checker = new ResponseChecker(response);
  const expected = questionnaireCanonical(questionnaire);
  if (response.questionnaire !== expected) {
    checker.issues.push(
      responseIssue(
        'invalid',
        'QuestionnaireResponse.questionnaire',
        `answers ${response.questionnaire ?? 'no Questionnaire'}, expected ${expected}`,
      ),
    );
  }
  if (response.authored !== undefined && !FHIR_DATE_TIME.test(String(response.authored))) {
    checker.issues.push(
      responseIssue('invalid', 'QuestionnaireResponse.authored', `${String(response.authored)} is not a FHIR dateTime`),
    );
  }
  checker.items(questionnaire.item ?? [], response.item ?? [], 'QuestionnaireResponse');
  return checker.issues;
}
