// QuestionnaireResponse/$extract over real HTTP on both databases: the transaction Bundle at type level (not
// stored), the Observations written at instance level, re-extraction of an amended response as new versions
// of the same Observations, and a response that does not fit its Questionnaire refused with 422, nothing written.
import { readTargetExamples, TargetPositiveHealthQuestionnaire } from '@target/profiles/node';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../../support/database.ts';
import { fhirFetch, useTestServer } from '../../../support/server.ts';

type Json = Record<string, unknown>;
const example = (id: string) => structuredClone(readTargetExamples().find((r) => r.id === id) as Json);

const CANONICAL = `${TargetPositiveHealthQuestionnaire.url}|${TargetPositiveHealthQuestionnaire.version}`;
const DIMENSIONS = [
  'bodily-functions',
  'mental-wellbeing',
  'meaningfulness',
  'quality-of-life',
  'participation',
  'daily-functioning',
];

/** A response of the test patient with these grades (and want-to-talk false), authored by the patient. */
function response(id: string, scores: Partial<Record<string, number>>, status = 'completed'): Json {
  return {
    resourceType: 'QuestionnaireResponse',
    id,
    questionnaire: CANONICAL,
    status,
    subject: { reference: 'Patient/target-patient-example' },
    authored: '2025-03-04T10:00:00+01:00',
    author: { reference: 'Patient/target-patient-example' },
    source: { reference: 'Patient/target-patient-example' },
    item: Object.entries(scores).map(([dimension, score]) => ({
      linkId: dimension,
      item: [
        { linkId: `${dimension}.score`, answer: [{ valueInteger: score }] },
        { linkId: `${dimension}.talk`, answer: [{ valueBoolean: false }] },
      ],
    })),
  };
}

const allSix = Object.fromEntries(DIMENSIONS.map((d, i) => [d, i + 3]));

/** Valid FHIR, but the meaningfulness grade is a text. */
function textGrade(): Json {
  const body = response('qr-bad', allSix) as { item: { linkId: string; item: { answer: Json[] }[] }[] };
  body.item.find((i) => i.linkId === 'meaningfulness')?.item[0].answer.splice(0, 1, { valueString: 'zeven' });
  return body as unknown as Json;
}

describe.each(DATABASE_KINDS)('QuestionnaireResponse/$extract on %s', (kind) => {
  const server = useTestServer(kind);
  const observationsOf = async (qr: string) =>
    (await fhirFetch(server, `Observation?derived-from=QuestionnaireResponse/${qr}&_count=100`)).body.entry ?? [];

  beforeAll(async () => {
    for (const id of ['target-patient-example', 'target-other-conversation-encounter-example']) {
      const resource = example(id);
      expect(
        (await fhirFetch(server, `${resource.resourceType}/${id}`, { method: 'PUT', body: resource })).status,
      ).toBe(201);
    }
  });

  test('type level answers the transaction Bundle of PUTs and stores nothing', async () => {
    const qr = example('target-positive-health-questionnaire-response-example');
    const answer = await fhirFetch(server, 'QuestionnaireResponse/$extract', { method: 'POST', body: qr });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(answer.body.entry).toHaveLength(7);
    for (const entry of answer.body.entry) {
      expect(entry.request).toEqual({ method: 'PUT', url: `Observation/${entry.resource.id}` });
    }
    const participation = answer.body.entry[4].resource;
    expect(participation).toMatchObject({
      status: 'final',
      valueQuantity: { value: 4 },
      component: [{ valueBoolean: true }],
      method: { coding: [{ code: 'self-assessment' }] },
      encounter: { reference: 'Encounter/target-other-conversation-encounter-example' },
    });
    expect(await observationsOf(qr.id as string)).toEqual([]);
    // The same through the SDC parameter.
    const viaParameters = await fhirFetch(server, 'QuestionnaireResponse/$extract', {
      method: 'POST',
      body: { resourceType: 'Parameters', parameter: [{ name: 'questionnaire-response', resource: qr }] },
    });
    expect(viaParameters.body.entry.map((e: { fullUrl?: string; request: Json }) => e.request)).toEqual(
      answer.body.entry.map((e: { request: Json }) => e.request),
    );
  });

  test('instance level writes the six dimensions and the panel in one transaction', async () => {
    expect(
      (await fhirFetch(server, 'QuestionnaireResponse/qr-full', { method: 'PUT', body: response('qr-full', allSix) }))
        .status,
    ).toBe(201);
    const answer = await fhirFetch(server, 'QuestionnaireResponse/qr-full/$extract', { method: 'POST' });
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('transaction-response');
    // fhir-router answers a PUT entry 200 whether it created or updated; the version tells.
    expect(answer.body.entry.map((e: { resource: { meta: Json } }) => e.resource.meta.versionId)).toEqual(
      Array(7).fill('1'),
    );
    const stored = await observationsOf('qr-full');
    expect(stored.map((e: { resource: { id: string } }) => e.resource.id).sort()).toEqual(
      [...DIMENSIONS, 'panel'].map((suffix) => `qr-full-${suffix}`).sort(),
    );
    const panel = (await fhirFetch(server, 'Observation/qr-full-panel')).body;
    expect(panel.hasMember).toHaveLength(6);
    expect(panel.meta.versionId).toBe('1');
  });

  test('extracting an amended response again makes new versions of the same Observations, no duplicates', async () => {
    await fhirFetch(server, 'QuestionnaireResponse/qr-amend', { method: 'PUT', body: response('qr-amend', allSix) });
    expect((await fhirFetch(server, 'QuestionnaireResponse/qr-amend/$extract', { method: 'POST' })).status).toBe(200);
    const amended = response('qr-amend', { ...allSix, meaningfulness: 9 }, 'amended');
    await fhirFetch(server, 'QuestionnaireResponse/qr-amend', { method: 'PUT', body: amended });
    const again = await fhirFetch(server, 'QuestionnaireResponse/qr-amend/$extract', { method: 'POST' });
    expect(again.status).toBe(200);
    expect(again.body.entry.map((e: { resource: { meta: Json } }) => e.resource.meta.versionId)).toEqual(
      Array(7).fill('2'),
    );
    expect(await observationsOf('qr-amend')).toHaveLength(7);
    const meaningfulness = (await fhirFetch(server, 'Observation/qr-amend-meaningfulness')).body;
    expect(meaningfulness).toMatchObject({ status: 'amended', valueQuantity: { value: 9 }, meta: { versionId: '2' } });
    const history = await fhirFetch(server, 'Observation/qr-amend-meaningfulness/_history');
    expect(
      history.body.entry.map((e: { resource: { valueQuantity: { value: number } } }) => e.resource.valueQuantity.value),
    ).toEqual([9, 5]);
  });

  test('a partial response gives only the answered dimensions, and a panel of those', async () => {
    await fhirFetch(server, 'QuestionnaireResponse/qr-part', {
      method: 'PUT',
      body: response('qr-part', { meaningfulness: 0, participation: 6 }),
    });
    const answer = await fhirFetch(server, 'QuestionnaireResponse/qr-part/$extract', { method: 'POST' });
    expect(answer.status).toBe(200);
    const ids = (await observationsOf('qr-part')).map((e: { resource: { id: string } }) => e.resource.id).sort();
    expect(ids).toEqual(['qr-part-meaningfulness', 'qr-part-panel', 'qr-part-participation']);
    expect((await fhirFetch(server, 'Observation/qr-part-meaningfulness')).body.valueQuantity.value).toBe(0);
  });

  test('a response without any grade extracts to nothing: an empty transaction, nothing written', async () => {
    const body = { ...response('qr-none', {}), item: [{ linkId: 'what-matters', answer: [{ valueString: 'Rust' }] }] };
    await fhirFetch(server, 'QuestionnaireResponse/qr-none', { method: 'PUT', body });
    const typeLevel = await fhirFetch(server, 'QuestionnaireResponse/$extract', { method: 'POST', body });
    expect(typeLevel.body).toEqual({ resourceType: 'Bundle', type: 'transaction' });
    const instance = await fhirFetch(server, 'QuestionnaireResponse/qr-none/$extract', { method: 'POST' });
    expect(instance.status).toBe(200);
    expect(instance.body).toEqual({ resourceType: 'Bundle', type: 'transaction-response' });
    expect(await observationsOf('qr-none')).toEqual([]);
  });

  test.each([
    [
      'a grade above 10',
      response('qr-bad', { ...allSix, participation: 11 }),
      'participation.score: 11 is above the maximum 10',
    ],
    [
      'an unknown item',
      { ...response('qr-bad', allSix), item: [{ linkId: 'total', answer: [{ valueInteger: 40 }] }] },
      'total: no item with this linkId in the Questionnaire here',
    ],
    ['a text where a grade belongs', textGrade(), 'meaningfulness.score: expects valueInteger, got valueString'],
  ])('refuses %s with 422 naming the item, and writes nothing', async (_name, body, text) => {
    await fhirFetch(server, 'QuestionnaireResponse/qr-bad', { method: 'PUT', body });
    const before = (await fhirFetch(server, 'Observation?_summary=count')).body.total;
    const answer = await fhirFetch(server, 'QuestionnaireResponse/qr-bad/$extract', { method: 'POST' });
    expect(answer.status).toBe(422);
    expect(answer.body.resourceType).toBe('OperationOutcome');
    expect(answer.body.issue.map((i: { details: { text: string } }) => i.details.text).join('\n')).toContain(text);
    expect((await fhirFetch(server, 'Observation?_summary=count')).body.total).toBe(before);
    // At type level too.
    expect((await fhirFetch(server, 'QuestionnaireResponse/$extract', { method: 'POST', body })).status).toBe(422);
  });

  test('refuses a response to a Questionnaire version the server does not have with 422', async () => {
    const body = { ...response('qr-v2', allSix), questionnaire: `${TargetPositiveHealthQuestionnaire.url}|9.9.9` };
    const answer = await fhirFetch(server, 'QuestionnaireResponse/$extract', { method: 'POST', body });
    expect(answer.status).toBe(422);
    expect(answer.body.issue[0].details.text).toContain('no Questionnaire');
  });

  test('refuses a body without a QuestionnaireResponse with 400, and an unknown id with 404', async () => {
    const empty = await fhirFetch(server, 'QuestionnaireResponse/$extract', {
      method: 'POST',
      body: { resourceType: 'Parameters' },
    });
    expect(empty.status).toBe(400);
    expect((await fhirFetch(server, 'QuestionnaireResponse/no-such/$extract', { method: 'POST' })).status).toBe(404);
  });
});
