// The access matrix for QuestionnaireResponse/$extract, both databases: patient X's Positive Health answers
// (practice A) extracted by every role of the matrix. Instance level reads the response and writes the
// Observations with the caller's rights: practice A's GP 200; another practice 404, as for a read of the
// response; a role that may never record Observations (patient, partner) 403 before anything is read;
// nothing written by a refused call.
// Type level computes from the body only: every role whose scopes reach QuestionnaireResponse.
import { TargetPositiveHealthQuestionnaire } from '@target/profiles';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';
import { type Role, requestAs, storeFixtures, tokens, versionCount, wideTokens } from './fixtures.ts';

const RESPONSE = {
  resourceType: 'QuestionnaireResponse',
  id: 'm-qr-x-ph',
  questionnaire: `${TargetPositiveHealthQuestionnaire.url}|${TargetPositiveHealthQuestionnaire.version}`,
  status: 'completed',
  subject: { reference: 'Patient/m-pat-x' },
  authored: '2025-07-02T10:00:00+02:00',
  author: { reference: 'Patient/m-pat-x' },
  source: { reference: 'Patient/m-pat-x' },
  item: [
    {
      linkId: 'participation',
      item: [
        { linkId: 'participation.score', answer: [{ valueInteger: 4 }] },
        { linkId: 'participation.talk', answer: [{ valueBoolean: true }] },
      ],
    },
  ],
};

describe.each(DATABASE_KINDS)('access-control matrix, $extract, on %s', (kind) => {
  const server = useTestServer(kind);
  let auth: Record<Role, string>;
  let wide: Record<Role, string>;
  const as = requestAs(server, () => auth);

  beforeAll(async () => {
    await storeFixtures(server);
    const stored = await fhirFetch(server, `QuestionnaireResponse/${RESPONSE.id}`, { method: 'PUT', body: RESPONSE });
    expect(stored.status).toBe(201);
    auth = await tokens(server);
    wide = await wideTokens(server);
  });

  test.each([
    ['gpB', 404], // another practice's patient: as if the response did not exist
    // A patient never records Observations: refused before the response is read, so X and Y alike.
    ['patientX', 403],
    ['patientY', 403],
    ['partnerP', 403], // no QuestionnaireResponse in the partner's scopes
    ['partnerQ', 403],
    ['partnerSystem', 403],
  ] as [Role, number][])(
    'QuestionnaireResponse/{id}/$extract of patient X by %s: %s, nothing written',
    async (role, status) => {
      const before = await versionCount(server);
      const response = await as(role, `QuestionnaireResponse/${RESPONSE.id}/$extract`, { method: 'POST' });
      expect(response.status).toBe(status);
      expect(response.body.resourceType).toBe('OperationOutcome');
      expect(await versionCount(server)).toBe(before);
    },
  );

  test('a partner with the widest scopes is refused by its role: 403, nothing written', async () => {
    const before = await versionCount(server);
    const response = await fhirFetch(server, `QuestionnaireResponse/${RESPONSE.id}/$extract`, {
      method: 'POST',
      headers: { authorization: wide.partnerP },
    });
    expect(response.status).toBe(403);
    expect(response.body.issue[0].details.text).toContain('may not create Observation');
    expect(await versionCount(server)).toBe(before);
  });

  test("practice A's GP extracts and stores the Observations of its patient", async () => {
    const response = await as('gpA', `QuestionnaireResponse/${RESPONSE.id}/$extract`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(response.body.type).toBe('transaction-response');
    const stored = await as('gpA', 'Observation/m-qr-x-ph-participation');
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ subject: { reference: 'Patient/m-pat-x' }, valueQuantity: { value: 4 } });
    // Another practice does not see what was written either.
    expect((await as('gpB', 'Observation/m-qr-x-ph-participation')).status).toBe(404);
  });

  test.each([
    ['gpA', 200],
    ['gpB', 200], // computed from the body alone: nothing of practice A is read or written
    ['patientX', 200],
    ['partnerP', 403],
    ['partnerSystem', 403],
  ] as [Role, number][])('QuestionnaireResponse/$extract (type level, body) by %s: %s', async (role, status) => {
    const before = await versionCount(server);
    const response = await as(role, 'QuestionnaireResponse/$extract', { method: 'POST', body: RESPONSE });
    expect(response.status).toBe(status);
    expect(response.body.resourceType).toBe(status === 200 ? 'Bundle' : 'OperationOutcome');
    expect(await versionCount(server)).toBe(before);
  });
});
