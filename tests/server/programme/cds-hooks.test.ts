// The CDS Hooks service over real HTTP on both databases: discovery, the patient-view card for a patient
// whose stored care-burden result is high or HNHC, no card for a low patient or one without a result, the
// prefetched Patient used as sent, both ways of authorizing (fhirAuthorization, a trusted EHR's client JWT)
// and the rejections (400 for bad requests, 401 for unauthenticated callers).
import { randomUUID } from 'node:crypto';
import { parseSearchRequest } from '@medplum/core';
import type { Observation } from '@medplum/fhirtypes';
import { buildCareBurdenObservation, readCareBurdenObservation, TargetObservationCodeSystem } from '@target/profiles';
import type { Observation as R4Observation } from 'fhir/r4.js';
import { importJWK, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadOrCreateSigningKeys } from '../../../server/src/access/keys.ts';
import { issueAccessToken } from '../../../server/src/access/tokens.ts';
import { loadEhrSimulatorKey } from '../../../server/src/oauth/index.ts';
import { CARD_SUMMARY } from '../../../server/src/programme/cds-hooks/patient-view.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTestServer } from '../../support/server.ts';
import { type DemoPractice, seedDemoPractice } from '../ehr/demo-practice.ts';
import { registryWithTargetAppSecond, TARGET_APP_LAUNCH_URL } from '../ehr/registry-with-target-app.ts';

const SERVICE = 'target-patient-view';
const registry = await registryWithTargetAppSecond();

describe.each(DATABASE_KINDS)('CDS Hooks (%s)', (kind) => {
  const server = useTestServer(kind, { demoPassword: 'demo-password-for-tests' });
  let practice: DemoPractice;
  let gpToken: string;
  let ehrKey: JWK;

  beforeAll(async () => {
    practice = await seedDemoPractice(server.repo);
    const keys = await loadOrCreateSigningKeys(server.config.dataDir);
    gpToken = await issueAccessToken(
      keys,
      {
        sub: 'huisarts',
        client_id: 'target-test-app',
        scope: 'user/Patient.rs user/Observation.rs',
        target_role: 'gp',
        target_organization: practice.practiceId,
        fhirUser: practice.gp,
      },
      { issuer: server.config.authIssuer, audience: server.config.authAudience },
    );
    ehrKey = (await loadEhrSimulatorKey(server.config.dataDir)) as JWK;
  }, 180_000);

  const serviceUrl = () => `${server.baseUrl}/cds-services/${SERVICE}`;

  function hookRequest(patientId: string, extra: Record<string, unknown> = {}) {
    return {
      hook: 'patient-view',
      hookInstance: randomUUID(),
      fhirServer: server.fhirUrl,
      fhirAuthorization: {
        access_token: gpToken,
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'user/*.rs',
        subject: 'huisarts',
      },
      context: { patientId, userId: practice.gp },
      ...extra,
    };
  }

  async function call(body: unknown, headers: Record<string, string> = {}, id = SERVICE) {
    const response = await fetch(`${server.baseUrl}/cds-services/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  async function clientJwt(overrides: { aud?: string; jti?: string; expiresIn?: number } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS384', kid: ehrKey.kid, typ: 'JWT' })
      .setIssuer('target-ehr-simulator')
      .setAudience(overrides.aud ?? serviceUrl())
      .setIssuedAt(now)
      .setExpirationTime(now + (overrides.expiresIn ?? 120))
      .setJti(overrides.jti ?? randomUUID())
      .sign(await importJWK(ehrKey, 'RS384'));
  }

  test('discovery lists the patient-view service with its Patient prefetch', async () => {
    const response = await fetch(`${server.baseUrl}/cds-services`, {
      headers: { origin: 'https://sandbox.cds-hooks.org' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = await response.json();
    expect(body).toEqual({
      services: [
        {
          hook: 'patient-view',
          id: SERVICE,
          title: expect.stringMatching(/zorgzwaarte.*care burden/),
          description: expect.stringMatching(/zorgzwaarte.*care burden/s),
          prefetch: { patient: 'Patient/{{context.patientId}}' },
          usageRequirements: expect.any(String),
        },
      ],
    });
  });

  test('a patient with a high or HNHC care burden gets one card linking to the TARGET app', async () => {
    const response = await call(hookRequest(practice.highPatient.id as string));
    expect(response.status).toBe(200);
    expect(response.body.cards).toHaveLength(1);
    const [card] = response.body.cards;
    expect(card).toMatchObject({
      uuid: expect.any(String),
      summary: CARD_SUMMARY,
      indicator: 'warning',
      source: { label: 'TARGET' },
      links: [
        {
          type: 'smart',
          url: `${server.baseUrl}/app/launch`,
          appContext: JSON.stringify({ patient: practice.highPatient.id }),
        },
      ],
    });
    expect(card.summary.length).toBeLessThan(140);
    expect(card.summary).toContain('Hoge zorgzwaarte — overweeg het andere gesprek');
    expect(card.summary).toContain('High care burden — consider the other conversation');
    expect(card.detail).toContain(practice.highPatient.name?.[0]?.text);
  });

  test('a patient whose latest care burden is low gets no card', async () => {
    const response = await call(hookRequest(practice.lowPatient.id as string));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ cards: [] });
  });

  test('a patient without a care-burden result gets no card', async () => {
    const response = await call(hookRequest(practice.patientWithoutResult.id as string));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ cards: [] });
  });

  test('only the latest result counts: a newer low result under an older high one gives no card', async () => {
    const [stored] = await server.repo.searchResources<Observation>(
      parseSearchRequest('Observation', {
        subject: `Patient/${practice.highPatient.id}`,
        code: `${TargetObservationCodeSystem.url}|care-burden`,
      }),
    );
    const template = readCareBurdenObservation(stored as R4Observation);
    const subject = practice.sparePatient.id as string;
    const result = (window: { start: string; end: string }, category: 'high' | 'low', hnhc: boolean) =>
      buildCareBurdenObservation({
        ...template,
        id: undefined,
        patient: { reference: `Patient/${subject}` },
        window,
        category,
        hnhc,
      });
    await server.repo.createResource(result({ start: '2023-07-01', end: '2024-06-30' }, 'high', true) as Observation);
    expect((await call(hookRequest(subject))).body.cards).toHaveLength(1);
    await server.repo.createResource(result({ start: '2024-07-01', end: '2025-06-30' }, 'low', false) as Observation);
    expect((await call(hookRequest(subject))).body).toEqual({ cards: [] });
  });

  test('a prefetched Patient is used as sent instead of being fetched', async () => {
    const prefetched = { ...practice.highPatient, name: [{ text: 'Naam Uit Prefetch' }] };
    const response = await call(hookRequest(practice.highPatient.id as string, { prefetch: { patient: prefetched } }));
    expect(response.status).toBe(200);
    expect(response.body.cards[0].detail).toContain('Naam Uit Prefetch');
  });

  test('a trusted EHR authenticated with a CDS client JWT is answered without fhirAuthorization', async () => {
    const body = { ...hookRequest(practice.highPatient.id as string), fhirAuthorization: undefined };
    const response = await call(body, { authorization: `Bearer ${await clientJwt()}` });
    expect(response.status).toBe(200);
    expect(response.body.cards).toHaveLength(1);
  });

  const JWT_CASES: [string, { aud?: string; expiresIn?: number } | undefined, RegExp][] = [
    ['no credentials at all', undefined, /CDS client JWT .* or fhirAuthorization is required/],
    ['a JWT for another service URL', { aud: 'https://elsewhere.example/cds-services/x' }, /invalid/],
    ['a JWT living longer than five minutes', { expiresIn: 3600 }, /at most five minutes/],
  ];
  test.each(JWT_CASES)('a call with %s is refused with 401', async (_name, jwtOptions, message) => {
    const headers: Record<string, string> = jwtOptions
      ? { authorization: `Bearer ${await clientJwt(jwtOptions)}` }
      : {};
    const body = { ...hookRequest(practice.lowPatient.id as string), fhirAuthorization: undefined };
    const response = await call(body, headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(response.body.resourceType).toBe('OperationOutcome');
    expect(response.body.issue[0].details.text).toMatch(message);
  });

  test('a CDS client JWT works once: its replay is refused with 401', async () => {
    const jwt = await clientJwt({ jti: randomUUID() });
    const body = { ...hookRequest(practice.lowPatient.id as string), fhirAuthorization: undefined };
    expect((await call(body, { authorization: `Bearer ${jwt}` })).status).toBe(200);
    const replay = await call(body, { authorization: `Bearer ${jwt}` });
    expect(replay.status).toBe(401);
    expect(replay.body.issue[0].details.text).toMatch(/used before/);
  });

  test.each([
    ['a body that is not JSON', () => '{not json', /not valid JSON/],
    ['another hook', (id: string) => ({ ...hookRequest(id), hook: 'order-select' }), /hook must be "patient-view"/],
    ['no hookInstance', (id: string) => ({ ...hookRequest(id), hookInstance: undefined }), /hookInstance/],
    ['no context', (id: string) => ({ ...hookRequest(id), context: undefined }), /context must be an object/],
    ['no patientId', (id: string) => ({ ...hookRequest(id), context: { userId: 'x' } }), /context.patientId/],
    ['a malformed patientId', () => hookRequest('../../etc'), /context.patientId/],
    [
      'fhirAuthorization without fhirServer',
      (id: string) => ({ ...hookRequest(id), fhirServer: undefined }),
      /fhirAuthorization needs fhirServer/,
    ],
    [
      'fhirAuthorization for another FHIR server',
      (id: string) => ({ ...hookRequest(id), fhirServer: 'https://elsewhere.example/fhir' }),
      /fhirServer must be/,
    ],
    [
      'a token type other than Bearer',
      (id: string) => ({ ...hookRequest(id), fhirAuthorization: { access_token: 'x', token_type: 'MAC' } }),
      /token_type/,
    ],
    [
      'a prefetched Patient of someone else',
      (id: string) => ({ ...hookRequest(id), prefetch: { patient: { resourceType: 'Patient', id: 'other' } } }),
      /prefetch.patient/,
    ],
    ['a patient that does not exist', () => hookRequest('no-such-patient'), /no Patient\/no-such-patient/],
  ] as const)('a request with %s is a 400 OperationOutcome naming the problem', async (_name, make, message) => {
    const response = await call(make(practice.lowPatient.id as string));
    expect(response.status).toBe(400);
    expect(response.body.resourceType).toBe('OperationOutcome');
    expect(response.body.issue[0].details.text).toMatch(message);
  });

  test('an unknown service is a 404', async () => {
    const response = await call(hookRequest(practice.lowPatient.id as string), {}, 'no-such-service');
    expect(response.status).toBe(404);
    expect(response.body.issue[0].details.text).toMatch(/no CDS service no-such-service/);
  });
});

describe.each(DATABASE_KINDS)('CDS Hooks card link with the TARGET app registered second (%s)', (kind) => {
  const server = useTestServer(kind, { clientsFile: registry.clientsFile });
  let practice: DemoPractice;

  beforeAll(async () => {
    practice = await seedDemoPractice(server.repo);
  }, 180_000);

  test("the card's smart link is the TARGET app's registered launch URL, naming the patient in appContext", async () => {
    const keys = await loadOrCreateSigningKeys(server.config.dataDir);
    const token = await issueAccessToken(
      keys,
      {
        sub: 'huisarts',
        client_id: 'target-ehr-simulator',
        scope: 'user/Patient.rs user/Observation.rs',
        target_role: 'gp',
        target_organization: practice.practiceId,
        fhirUser: practice.gp,
      },
      { issuer: server.config.authIssuer, audience: server.config.authAudience },
    );
    const response = await fetch(`${server.baseUrl}/cds-services/${SERVICE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        hook: 'patient-view',
        hookInstance: randomUUID(),
        fhirServer: server.fhirUrl,
        fhirAuthorization: {
          access_token: token,
          token_type: 'Bearer',
          expires_in: 300,
          scope: 'user/*.rs',
          subject: 'huisarts',
        },
        context: { patientId: practice.highPatient.id, userId: practice.gp },
      }),
    });
    expect(response.status).toBe(200);
    const { cards } = await response.json();
    expect(cards).toHaveLength(1);
    expect(cards[0].links).toEqual([
      {
        label: 'Open TARGET',
        url: TARGET_APP_LAUNCH_URL,
        type: 'smart',
        appContext: JSON.stringify({ patient: practice.highPatient.id }),
      },
    ]);
  });
});
