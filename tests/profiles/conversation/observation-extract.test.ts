// The generic part of observation-based extraction (profiles/src/conversation/observation-extract.ts): which
// items it extracts and what their FHIRPath expressions give, on a small invented Questionnaire.
import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  extractObservationItems,
  OBSERVATION_EXTRACT_URL,
} from '../../../profiles/src/conversation/observation-extract.ts';
import { InvalidResponseError } from '../../../profiles/src/conversation/response-check.ts';
import { Extensions } from '../../../profiles/src/generated/canonical.ts';

const marked = { url: OBSERVATION_EXTRACT_URL, valueBoolean: true };
const valueExpression = (expression: string) => ({
  url: Extensions.TargetObservationExtractValue,
  valueExpression: { language: 'text/fhirpath', expression },
});
const code = (value: string) => [{ system: 'http://example.org/test', code: value }];

function questionnaire(items: QuestionnaireItem[]): Questionnaire {
  return { resourceType: 'Questionnaire', status: 'draft', url: 'http://example.org/Questionnaire/q', item: items };
}

function response(items: QuestionnaireResponse['item']): QuestionnaireResponse {
  return { resourceType: 'QuestionnaireResponse', status: 'completed', item: items };
}

describe('extractObservationItems', () => {
  test('extracts only marked items, a question without our expression giving its own answer (SDC default)', () => {
    const q = questionnaire([
      { linkId: 'weight', type: 'decimal', code: code('weight'), extension: [marked] },
      { linkId: 'note', type: 'string', code: code('note') },
    ]);
    const found = extractObservationItems(
      q,
      response([
        { linkId: 'weight', answer: [{ valueDecimal: 71.5 }] },
        { linkId: 'note', answer: [{ valueString: 'niet gemarkeerd' }] },
      ]),
    );
    expect(found).toEqual([
      { linkId: 'weight', code: code('weight'), path: 'QuestionnaireResponse.item[0]', value: 71.5, components: [] },
    ]);
  });

  test('finds marked items nested in groups and under answers, with their paths', () => {
    const q = questionnaire([
      {
        linkId: 'outer',
        type: 'group',
        item: [
          {
            linkId: 'smokes',
            type: 'boolean',
            item: [{ linkId: 'packs', type: 'integer', code: code('packs'), extension: [marked] }],
          },
        ],
      },
    ]);
    const found = extractObservationItems(
      q,
      response([
        {
          linkId: 'outer',
          item: [
            {
              linkId: 'smokes',
              answer: [{ valueBoolean: true, item: [{ linkId: 'packs', answer: [{ valueInteger: 2 }] }] }],
            },
          ],
        },
      ]),
    );
    expect(found.map((f) => [f.linkId, f.path, f.value])).toEqual([
      ['packs', 'QuestionnaireResponse.item[0].item[0].answer[0].item[0]', 2],
    ]);
  });

  test('evaluates with the item as context and the whole response as %resource; no answer gives no value', () => {
    const q = questionnaire([
      {
        linkId: 'mood',
        type: 'group',
        code: code('mood'),
        extension: [marked, valueExpression("item.where(linkId = 'mood.level').answer.value.code")],
        item: [{ linkId: 'mood.level', type: 'choice' }],
      },
      {
        linkId: 'count',
        type: 'group',
        code: code('count'),
        extension: [marked, valueExpression('%resource.item.count()')],
      },
    ]);
    const [mood, count] = extractObservationItems(
      q,
      response([
        { linkId: 'mood', item: [{ linkId: 'mood.level', answer: [{ valueCoding: { code: 'good' } }] }] },
        { linkId: 'count' },
      ]),
    );
    expect(mood.value).toBe('good');
    expect(count.value).toBe(2);
    const [unanswered] = extractObservationItems(q, response([{ linkId: 'mood' }]));
    expect(unanswered.value).toBeUndefined();
  });

  test('refuses an expression that gives more than one value, naming the item', () => {
    const q = questionnaire([
      { linkId: 'g', type: 'group', code: code('g'), extension: [marked, valueExpression('item.answer.value')] },
    ]);
    const run = () =>
      extractObservationItems(
        q,
        response([
          {
            linkId: 'g',
            item: [
              { linkId: 'a', answer: [{ valueInteger: 1 }] },
              { linkId: 'b', answer: [{ valueInteger: 2 }] },
            ],
          },
        ]),
      );
    expect(run).toThrow(InvalidResponseError);
    expect(run).toThrow('g: item.answer.value gave 2 values, not one');
  });
});
