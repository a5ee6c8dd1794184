import type { Questionnaire, QuestionnaireResponse } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildPositiveHealthResponse,
  type PositiveHealthResponseInput,
  readPositiveHealthResponse,
} from '../../../profiles/src/builders/questionnaire-response.ts';
import { definitions } from '../support.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const QUESTIONNAIRE = 'https://target.drenthe.example/fhir/Questionnaire/target-positive-health|1.0.0';

/** Filled in by the patient before the conversation: every dimension. */
const beforehand: PositiveHealthResponseInput = {
  id: 'qr-1',
  status: 'completed',
  questionnaire: QUESTIONNAIRE,
  patient: { reference: 'Patient/p1' },
  conversation: { reference: 'Encounter/conv-1' },
  authored: '2025-03-04T09:15:00+01:00',
  author: { reference: 'Patient/p1' },
  source: { reference: 'Patient/p1' },
  dimensions: [
    { dimension: 'bodily-functions', score: 4, wantToTalk: true },
    { dimension: 'mental-wellbeing', score: 6, wantToTalk: false },
    { dimension: 'meaningfulness', score: 8, wantToTalk: false },
    { dimension: 'quality-of-life', score: 5, wantToTalk: false },
    { dimension: 'participation', score: 0, wantToTalk: true },
    { dimension: 'daily-functioning', score: 10, wantToTalk: false },
  ],
  whatMatters: 'Mijn vrouw en de volkstuin.',
  goodDay: 'Een dag in de tuin zonder pijn.',
};

/** Graded together in the conversation, not finished: two dimensions only, one without a grade. */
const partialDraft: PositiveHealthResponseInput = {
  status: 'in-progress',
  questionnaire: QUESTIONNAIRE,
  patient: { reference: 'Patient/p2' },
  authored: '2025-03-05T14:00:00+01:00',
  author: { reference: 'PractitionerRole/poh-1-role' },
  source: { reference: 'Patient/p2' },
  dimensions: [
    { dimension: 'mental-wellbeing', score: 3 },
    { dimension: 'participation', wantToTalk: true },
  ],
};

describe('Positive Health QuestionnaireResponse', () => {
  test.each([
    ['filled in by the patient beforehand', beforehand],
    ['graded in the conversation, partly (a draft)', partialDraft],
  ])('builds a response %s that conforms to the profile', (_name, input) => {
    expect(validationErrors(buildPositiveHealthResponse(input))).toEqual([]);
  });

  test('a questionnaire named without its version breaks target-qr-1', () => {
    const issues = validationErrors(
      buildPositiveHealthResponse({ ...beforehand, questionnaire: QUESTIONNAIRE.split('|')[0] }),
    );
    expect(issues.join('\n')).toContain('target-qr-1');
  });

  test('leaves an unanswered dimension out instead of scoring it zero', () => {
    const items = buildPositiveHealthResponse(partialDraft).item ?? [];
    expect(items.map((i) => i.linkId)).toEqual(['mental-wellbeing', 'participation']);
    expect(items[1].item).toEqual([{ linkId: 'participation.talk', answer: [{ valueBoolean: true }] }]);
  });

  test('uses the linkIds of TargetPositiveHealthQuestionnaire', () => {
    const questionnaire = definitions.find((d) => d.id === 'target-positive-health') as unknown as Questionnaire;
    const linkIds = (items: { linkId: string; item?: unknown[] }[] | undefined): string[] =>
      (items ?? []).flatMap((i) => [i.linkId, ...linkIds(i.item as typeof items)]);
    const asked = new Set(linkIds(questionnaire.item));
    expect(linkIds(buildPositiveHealthResponse(beforehand).item).filter((linkId) => !asked.has(linkId))).toEqual([]);
  });

  test.each([beforehand, partialDraft])('reads back exactly what it built (%#)', (input) => {
    expect(readPositiveHealthResponse(buildPositiveHealthResponse(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    const read = readPositiveHealthResponse(example('target-positive-health-questionnaire-response-example'));
    expect(read).toMatchObject({
      status: 'completed',
      questionnaire: QUESTIONNAIRE,
      author: { reference: 'Patient/target-patient-example' },
      source: { reference: 'Patient/target-patient-example' },
      whatMatters: 'Mijn kleinkinderen, en weer zingen in het koor.',
    });
    expect(read.dimensions).toHaveLength(6);
    expect(read.dimensions.find((d) => d.dimension === 'participation')).toEqual({
      dimension: 'participation',
      score: 4,
      wantToTalk: true,
    });
  });

  const built = buildPositiveHealthResponse(beforehand);
  test.each<[string, (r: QuestionnaireResponse) => void, string, string]>([
    [
      'another resource',
      (r) => Object.assign(r, { resourceType: 'Observation' }),
      'wrong-resource',
      'QuestionnaireResponse',
    ],
    [
      'a questionnaire without version',
      (r) => (r.questionnaire = QUESTIONNAIRE.split('|')[0]),
      'invalid',
      'QuestionnaireResponse.questionnaire',
    ],
    ['a stopped response', (r) => (r.status = 'stopped'), 'invalid', 'QuestionnaireResponse.status'],
    ['no author', (r) => delete r.author, 'missing', 'QuestionnaireResponse.author'],
    ['no source', (r) => delete r.source, 'missing', 'QuestionnaireResponse.source'],
    [
      'a grade of 11',
      (r) => r.item?.[0].item?.[0].answer?.splice(0, 1, { valueInteger: 11 }) ?? [],
      'invalid',
      'QuestionnaireResponse.item[0].item[0].answer',
    ],
    [
      'a grade given as text',
      (r) => r.item?.[0].item?.[0].answer?.splice(0, 1, { valueString: 'vier' }) ?? [],
      'invalid',
      'QuestionnaireResponse.item[0].item[0].answer',
    ],
    [
      'two grades for one dimension',
      (r) => r.item?.[0].item?.[0].answer?.push({ valueInteger: 5 }),
      'invalid',
      'QuestionnaireResponse.item[0].item[0].answer',
    ],
    [
      'an item the questionnaire does not ask',
      (r) => r.item?.push({ linkId: 'total', answer: [{ valueInteger: 39 }] }),
      'invalid',
      'QuestionnaireResponse.item[8].linkId',
    ],
    [
      'a dimension answered twice',
      (r) => r.item?.push(structuredClone(r.item[0])),
      'invalid',
      'QuestionnaireResponse.item[8].linkId',
    ],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readPositiveHealthResponse(broken(built, breakIt)))).toEqual({ code, path });
  });
});
