// SDC observation-based extraction of Positive Health (profiles/src/conversation/extract.ts): our
// Questionnaire as generated, and a fuller questionnaire loaded as data (invented item texts) whose
// annotations average several items per dimension.
import type { Observation, Questionnaire, QuestionnaireResponse } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { readPositiveHealthDimensionObservation } from '../../../profiles/src/builders/positive-health.ts';
import { TargetReadError } from '../../../profiles/src/builders/read-error.ts';
import {
  checkResponseAgainstQuestionnaire,
  derivedResourceId,
  extractionTransaction,
  extractPositiveHealth,
  InvalidResponseError,
  targetPositiveHealthQuestionnaire,
} from '../../../profiles/src/conversation/extract.ts';
import { Questionnaires, TargetPositiveHealthDimensionCodeSystem } from '../../../profiles/src/generated/canonical.ts';
import { example, validationErrors } from '../builders/support.ts';
import { definitions } from '../support.ts';
import fuller from './fuller-positive-health-questionnaire.json' with { type: 'json' };

const questionnaire = structuredClone(
  definitions.find((d) => d.url === Questionnaires.TargetPositiveHealthQuestionnaire),
) as unknown as Questionnaire;
const DIMENSIONS = Object.keys(TargetPositiveHealthDimensionCodeSystem.codes);
const answered = () => example<QuestionnaireResponse>('target-positive-health-questionnaire-response-example');

/** The example response with only these dimension groups kept (what-matters and good-day stay). */
function only(dimensions: string[], response = answered()): QuestionnaireResponse {
  return {
    ...response,
    item: response.item?.filter((i) => dimensions.includes(i.linkId) || !DIMENSIONS.includes(i.linkId)),
  };
}

const dimensionOf = (o: Observation) => o.code.coding?.[0].code;
const scoreOf = (o: Observation) => o.valueQuantity?.value;

/** The issues an InvalidResponseError carries, as `expression: text`; 'extracted' when nothing was thrown. */
function refusal(run: () => unknown): string[] | 'extracted' {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(err).toBeInstanceOf(TargetReadError);
    return (err as InvalidResponseError).issues.map((i) => `${i.expression?.[0]}: ${i.details?.text}`);
  }
  return 'extracted';
}

describe('extractPositiveHealth with the TARGET Questionnaire', () => {
  test('a complete response gives six dimension Observations and a panel, each valid against its profile', () => {
    const { observations, panel } = extractPositiveHealth(questionnaire, answered(), { now: '2025-02-03T10:00:00Z' });
    expect(observations.map(dimensionOf)).toEqual(DIMENSIONS);
    for (const resource of [...observations, panel as Observation]) {
      expect(validationErrors(resource)).toEqual([]);
    }
    expect(panel?.hasMember?.map((m) => m.reference)).toEqual(observations.map((o) => `Observation/${o.id}`));
    expect(panel?.id).toBe('target-positive-health-questionnaire-response-example-panel');
  });

  test('gives what the hand-written examples hold: scores, want-to-talk, encounter, performer, method, time', () => {
    const { observations } = extractPositiveHealth(questionnaire, answered());
    for (const observation of observations) {
      const { id: _id, ...handWritten } = readPositiveHealthDimensionObservation(
        example<Observation>(`target-positive-health-${dimensionOf(observation)}-example`),
      );
      const { id: _extractedId, ...extracted } = readPositiveHealthDimensionObservation(observation);
      expect(extracted).toEqual(handWritten);
    }
  });

  test('a partial response gives only the answered dimensions, a panel of those, and never a zero', () => {
    const response = only(['meaningfulness', 'participation']);
    // A group with only the want-to-talk box ticked has no grade: no Observation, not a zero.
    response.item?.push({
      linkId: 'daily-functioning',
      item: [{ linkId: 'daily-functioning.talk', answer: [{ valueBoolean: true }] }],
    });
    const { observations, panel } = extractPositiveHealth(questionnaire, response);
    expect(observations.map(dimensionOf)).toEqual(['meaningfulness', 'participation']);
    expect(observations.map(scoreOf)).toEqual([7, 4]);
    expect(panel?.hasMember).toHaveLength(2);
    expect(validationErrors(panel as Observation)).toEqual([]);
  });

  test('a grade of 0 is a score; a response without any grade gives nothing to write', () => {
    const response = only(['bodily-functions']);
    const group = response.item?.find((i) => i.linkId === 'bodily-functions');
    group?.item?.splice(0, 1, { linkId: 'bodily-functions.score', answer: [{ valueInteger: 0 }] });
    expect(extractPositiveHealth(questionnaire, response).observations.map(scoreOf)).toEqual([0]);
    const none = extractPositiveHealth(questionnaire, only([]));
    expect(none).toEqual({ observations: [] });
    expect(extractionTransaction(none)).toEqual({ resourceType: 'Bundle', type: 'transaction' });
  });

  test('an amended response extracts to the same ids, status amended, with the new grades', () => {
    const first = extractPositiveHealth(questionnaire, answered());
    const amended = answered();
    amended.status = 'amended';
    const group = amended.item?.find((i) => i.linkId === 'meaningfulness');
    group?.item?.splice(0, 1, { linkId: 'meaningfulness.score', answer: [{ valueInteger: 9 }] });
    const again = extractPositiveHealth(questionnaire, amended);
    expect(again.observations.map((o) => o.id)).toEqual(first.observations.map((o) => o.id));
    expect(again.panel?.id).toBe(first.panel?.id);
    expect(again.observations.map((o) => o.status)).toEqual(Array(6).fill('amended'));
    expect(again.observations.find((o) => dimensionOf(o) === 'meaningfulness')?.valueQuantity?.value).toBe(9);
    expect(extractionTransaction(again).entry?.map((e) => e.request)).toEqual(
      [...again.observations, again.panel].map((o) => ({ method: 'PUT', url: `Observation/${o?.id}` })),
    );
  });

  test.each([
    ['Patient/p1', 'self-assessment'],
    ['PractitionerRole/poh-1', 'assessed-in-conversation'],
    ['https://ehr.example/fhir/Practitioner/gp-1', 'assessed-in-conversation'],
    ['RelatedPerson/daughter', undefined],
  ])('an author %s gives method %s and is the performer', (author, method) => {
    const response = { ...answered(), author: { reference: author } };
    const [first] = extractPositiveHealth(questionnaire, response).observations;
    expect(first.method?.coding?.[0].code).toBe(method);
    expect(first.performer).toEqual([{ reference: author }]);
  });

  test.each<[string, (r: QuestionnaireResponse) => void, string]>([
    [
      'a grade above 10',
      (r) => r.item?.[4].item?.splice(0, 1, { linkId: 'participation.score', answer: [{ valueInteger: 11 }] }),
      'QuestionnaireResponse.item[4].item[0].answer[0].valueInteger: participation.score: 11 is above the maximum 10',
    ],
    [
      'a negative grade',
      (r) => r.item?.[0].item?.splice(0, 1, { linkId: 'bodily-functions.score', answer: [{ valueInteger: -1 }] }),
      'QuestionnaireResponse.item[0].item[0].answer[0].valueInteger: bodily-functions.score: -1 is below the minimum 0',
    ],
    [
      'a decimal grade where the item takes an integer',
      (r) => r.item?.[1].item?.splice(0, 1, { linkId: 'mental-wellbeing.score', answer: [{ valueDecimal: 6.5 }] }),
      'QuestionnaireResponse.item[1].item[0].answer[0]: mental-wellbeing.score: expects valueInteger, got valueDecimal',
    ],
    [
      'an unknown item',
      (r) => r.item?.push({ linkId: 'total', answer: [{ valueInteger: 33 }] }),
      'QuestionnaireResponse.item[8]: total: no item with this linkId in the Questionnaire here',
    ],
    [
      'an item under the wrong group',
      (r) => r.item?.[0].item?.push({ linkId: 'participation.talk', answer: [{ valueBoolean: true }] }),
      'QuestionnaireResponse.item[0].item[2]: participation.talk: no item with this linkId in the Questionnaire here',
    ],
    [
      'two grades for one dimension',
      (r) => r.item?.[2].item?.[0].answer?.push({ valueInteger: 3 }),
      'QuestionnaireResponse.item[2].item[0].answer: meaningfulness.score: 2 answers, but the item takes one',
    ],
    [
      'an answer on a group',
      (r) => {
        if (r.item) r.item[3].answer = [{ valueInteger: 6 }];
      },
      'QuestionnaireResponse.item[3].answer: quality-of-life: a group item has no answers',
    ],
    [
      'another Questionnaire version',
      (r) => (r.questionnaire = `${Questionnaires.TargetPositiveHealthQuestionnaire}|0.9.0`),
      `QuestionnaireResponse.questionnaire: answers ${Questionnaires.TargetPositiveHealthQuestionnaire}|0.9.0, expected ${Questionnaires.TargetPositiveHealthQuestionnaire}|1.0.0`,
    ],
    ['no id', (r) => delete r.id, 'QuestionnaireResponse.id: id: required, the Observation ids are derived from it'],
    [
      'no subject',
      (r) => delete r.subject,
      'QuestionnaireResponse.subject: subject: required, the Observations are about this patient',
    ],
    [
      'an entered-in-error response',
      (r) => (r.status = 'entered-in-error'),
      'QuestionnaireResponse.status: status: a entered-in-error response is not extracted',
    ],
  ])('refuses %s, naming the item', (_name, breakIt, expected) => {
    const response = answered();
    breakIt(response);
    expect(refusal(() => extractPositiveHealth(questionnaire, response))).toEqual([expected]);
  });

  test('names every problem at once', () => {
    const response = answered();
    response.item?.[0].item?.splice(0, 1, { linkId: 'bodily-functions.score', answer: [{ valueInteger: 12 }] });
    response.item?.push({ linkId: 'total' });
    expect(refusal(() => extractPositiveHealth(questionnaire, response))).toHaveLength(2);
  });
});

describe('targetPositiveHealthQuestionnaire', () => {
  test('is the packaged Questionnaire, as a copy the caller may change', () => {
    const copy = targetPositiveHealthQuestionnaire();
    expect(copy).toEqual(questionnaire);
    copy.item = [];
    expect(targetPositiveHealthQuestionnaire().item).toHaveLength(questionnaire.item?.length ?? 0);
  });
});

describe('checkResponseAgainstQuestionnaire', () => {
  test('finds nothing wrong with the example response, nor with a partial one', () => {
    expect(checkResponseAgainstQuestionnaire(questionnaire, answered())).toEqual([]);
    expect(checkResponseAgainstQuestionnaire(questionnaire, only(['participation']))).toEqual([]);
  });

  test('a completed response must answer required items; a draft need not', () => {
    const strict = structuredClone(questionnaire);
    const whatMatters = strict.item?.find((i) => i.linkId === 'what-matters');
    if (whatMatters) whatMatters.required = true;
    const response = { ...answered(), item: answered().item?.filter((i) => i.linkId !== 'what-matters') };
    expect(checkResponseAgainstQuestionnaire(strict, response).map((i) => i.details?.text)).toEqual([
      'what-matters: required, but not answered',
    ]);
    expect(checkResponseAgainstQuestionnaire(strict, { ...response, status: 'in-progress' })).toEqual([]);
  });
});

describe('extractPositiveHealth with a fuller questionnaire loaded as data', () => {
  const fullerQuestionnaire = fuller as unknown as Questionnaire;
  /** Answers per dimension: the grades of its items in order (undefined: left open), and want-to-talk. */
  function fullerResponse(answers: Record<string, { grades: (number | undefined)[]; talk?: boolean }>) {
    return {
      resourceType: 'QuestionnaireResponse',
      id: 'fuller-1',
      questionnaire: `${fullerQuestionnaire.url}|${fullerQuestionnaire.version}`,
      status: 'completed',
      subject: { reference: 'Patient/p1' },
      authored: '2025-05-06T11:00:00+02:00',
      author: { reference: 'PractitionerRole/poh-1' },
      item: Object.entries(answers).map(([dimension, { grades, talk }]) => ({
        linkId: dimension,
        item: [
          ...grades.flatMap((grade, i) =>
            grade === undefined ? [] : [{ linkId: `${dimension}.q${i + 1}`, answer: [{ valueInteger: grade }] }],
          ),
          ...(talk === undefined ? [] : [{ linkId: `${dimension}.talk`, answer: [{ valueBoolean: talk }] }]),
        ],
      })),
    } as QuestionnaireResponse;
  }

  test('averages the items of each dimension to one decimal', () => {
    const response = fullerResponse({
      'bodily-functions': { grades: [7, 8, 8], talk: false }, // 7.67 → 7.7
      'mental-wellbeing': { grades: [5, 6] }, // 5.5
      meaningfulness: { grades: [10, 9, 9, 9], talk: true }, // 9.25 → 9.3
      'quality-of-life': { grades: [0, 0, 1] }, // 0.33 → 0.3
      participation: { grades: [4, 4] },
      'daily-functioning': { grades: [2, 3, 3] }, // 2.67 → 2.7
    });
    const { observations, panel } = extractPositiveHealth(fullerQuestionnaire, response);
    expect(observations.map(scoreOf)).toEqual([7.7, 5.5, 9.3, 0.3, 4, 2.7]);
    expect(observations.map((o) => o.component?.[0]?.valueBoolean)).toEqual([
      false,
      undefined,
      true,
      undefined,
      undefined,
      undefined,
    ]);
    expect(observations[0].method?.coding?.[0].code).toBe('assessed-in-conversation');
    for (const resource of [...observations, panel as Observation]) {
      expect(validationErrors(resource)).toEqual([]);
    }
  });

  test('averages the items answered; a dimension with no item answered gives no Observation', () => {
    const response = fullerResponse({
      meaningfulness: { grades: [6, undefined, 7, undefined] },
      participation: { grades: [undefined, undefined], talk: true },
    });
    const { observations, panel } = extractPositiveHealth(fullerQuestionnaire, response);
    expect(observations.map((o) => [dimensionOf(o), scoreOf(o)])).toEqual([['meaningfulness', 6.5]]);
    expect(panel?.hasMember).toEqual([{ reference: 'Observation/fuller-1-meaningfulness' }]);
  });

  test('refuses an item grade outside 0–10, naming the item', () => {
    const response = fullerResponse({ participation: { grades: [4, 12] } });
    expect(refusal(() => extractPositiveHealth(fullerQuestionnaire, response))).toEqual([
      'QuestionnaireResponse.item[0].item[1].answer[0].valueInteger: participation.q2: 12 is above the maximum 10',
    ]);
  });
});

describe('derivedResourceId', () => {
  test('is {base}-{suffix} when that fits in a FHIR id', () => {
    expect(derivedResourceId('qr-1', 'panel')).toBe('qr-1-panel');
  });

  test('keeps a long id within 64 characters, stable, and distinct for distinct bases', () => {
    const base = 'a'.repeat(60);
    const id = derivedResourceId(base, 'daily-functioning');
    expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(id.endsWith('-daily-functioning')).toBe(true);
    expect(derivedResourceId(base, 'daily-functioning')).toBe(id);
    expect(derivedResourceId(`${'a'.repeat(59)}b`, 'daily-functioning')).not.toBe(id);
    expect(derivedResourceId(base, 'panel')).not.toBe(id);
  });

  test.each([
    ['not/an-id', 'panel'],
    ['qr-1', 'with space'],
    ['', 'panel'],
  ])('refuses base %j with suffix %j', (base, suffix) => {
    expect(() => derivedResourceId(base, suffix)).toThrow();
  });
});

describe('a response of the wrong shape (a request body from outside) is named, never a crash', () => {
  const questionnaire = targetPositiveHealthQuestionnaire();
  const base = {
    resourceType: 'QuestionnaireResponse' as const,
    questionnaire: `${questionnaire.url}|${questionnaire.version}`,
    status: 'completed' as const,
    authored: '2026-12-06T10:00:00+01:00',
  };
  test.each([
    ['item is not a list', { item: { linkId: 'x' } }, 'QuestionnaireResponse.item'],
    ['an item is null', { item: [null] }, 'QuestionnaireResponse.item[0]'],
    ['an item has no linkId', { item: [{}] }, 'QuestionnaireResponse.item[0]'],
    [
      'answer is not a list',
      { item: [{ linkId: 'what-matters', answer: { valueString: 'x' } }] },
      'QuestionnaireResponse.item[0].answer',
    ],
    [
      'an answer is null',
      { item: [{ linkId: 'what-matters', answer: [null] }] },
      'QuestionnaireResponse.item[0].answer[0]',
    ],
    ['authored is not a dateTime', { authored: 'garbage', item: [] }, 'QuestionnaireResponse.authored'],
  ])('%s', (_what, shape, path) => {
    const issues = checkResponseAgainstQuestionnaire(questionnaire, { ...base, ...shape } as never);
    expect(issues.map((i) => i.expression?.[0])).toContain(path);
  });
});
