// EHR launch end to end over real HTTP: a trusted EHR client creates a launch context, the app authorizes
// with PKCE and the `launch` id, the GP signs in and consents, and the code buys a token response and a JWT
// access token that both carry the launch context and the TARGET claims.

import { parseSearchRequest } from '@medplum/core';
import type { Encounter, Patient, PractitionerRole } from '@medplum/fhirtypes';
import { TargetPracticeRoleCodeSystem } from '@target/profiles';
import { createRemoteJWKSet, decodeJwt, type JWK, jwtVerify } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { issueAccessToken } from '../../../server/src/access/tokens.ts';
import { seedDemo } from '../../../server/src/demo/seed.ts';
import { loadEhrSimulatorKey } from '../../../server/src/oauth/index.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { ADMIN_CLAIMS, useTestServer } from '../../support/server.ts';
import { authorizeUrl, Browser, pkce, signInAndConsent, systemToken, tokenRequest } from './oauth-client.ts';

const PASSWORD = 'demo-password-for-tests';
const APP = 'target-test-app';
const EHR = 'target-ehr-simulator';

describe.each(DATABASE_KINDS)('EHR launch (%s)', (kind) => {
  const server = useTestServer(kind, { demoPassword: PASSWORD });
  let patient: Patient;
  let encounter: Encounter;
  let gpRole: PractitionerRole;
  let ehrKey: JWK;

  beforeAll(async () => {
    await seedDemo(server.repo, { patients: 12, practices: 1, seed: 1, referenceDate: '2025-06-30' });
    [patient] = await server.repo.searchResources<Patient>(
      parseSearchRequest('Patient', { _sort: '_id', _count: '1' }),
    );
    [encounter] = await server.repo.searchResources<Encounter>(
      parseSearchRequest('Encounter', { subject: `Patient/${patient.id}`, _count: '1' }),
    );
    [gpRole] = await server.repo.searchResources<PractitionerRole>(
      parseSearchRequest('PractitionerRole', {
        role: `${TargetPracticeRoleCodeSystem.url}|gp`,
        _sort: '_id',
        _count: '1',
      }),
    );
    ehrKey = (await loadEhrSimulatorKey(server.config.dataDir)) as JWK;
  }, 120_000);

  async function createLaunch(body: unknown, token?: string) {
    const bearer = token ?? (await systemToken(server.baseUrl, ehrKey, EHR, 'system/Patient.rs')).body.access_token;
    const response = await fetch(`${server.baseUrl}/oauth/launch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  test('a launch from the EHR reaches the app as token-response context and as access-token claims', async () => {
    const created = await createLaunch({ patient: patient.id, encounter: encounter.id, need_patient_banner: false });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ launch: expect.any(String), expires_in: 300 });

    const redirectUri = `${server.baseUrl}/ehr/test-app/index.html`;
    const { verifier, challenge } = pkce();
    const url = authorizeUrl(server.baseUrl, {
      clientId: APP,
      redirectUri,
      scope: 'launch openid fhirUser patient/*.rs user/Practitioner.rs',
      aud: server.fhirUrl,
      state: 'state-ehr-1',
      launch: created.body.launch,
      codeChallenge: challenge,
    });
    const browser = new Browser();
    const { callback, consentHtml } = await signInAndConsent(browser, url, redirectUri, {
      username: 'huisarts',
      password: PASSWORD,
    });
    expect(consentHtml).toContain('Toestemming geven');
    expect(consentHtml).toContain('Give consent');
    expect(callback.searchParams.get('state')).toBe('state-ehr-1');
    expect(callback.searchParams.get('iss')).toBe(`${server.baseUrl}/oauth`);

    const token = await tokenRequest(server.baseUrl, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') as string,
      redirect_uri: redirectUri,
      client_id: APP,
      code_verifier: verifier,
    });
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('no-store');
    expect(token.body).toMatchObject({
      token_type: 'Bearer',
      patient: patient.id,
      encounter: encounter.id,
      need_patient_banner: false,
      smart_style_url: `${server.baseUrl}/oauth/smart-style.json`,
    });
    expect(token.body.scope.split(' ').sort()).toEqual(
      ['fhirUser', 'launch', 'openid', 'patient/*.rs', 'user/Practitioner.rs'].sort(),
    );
    const practitioner = gpRole.practitioner?.reference;
    expect(decodeJwt(token.body.id_token)).toMatchObject({ fhirUser: practitioner, sub: 'huisarts', aud: APP });

    const jwks = createRemoteJWKSet(new URL(`${server.baseUrl}/oauth/jwks`));
    const { payload, protectedHeader } = await jwtVerify(token.body.access_token, jwks, {
      issuer: server.config.authIssuer,
      audience: server.config.authAudience,
    });
    expect(protectedHeader.typ).toBe('at+jwt');
    expect(payload).toMatchObject({
      sub: 'huisarts',
      client_id: APP,
      target_role: 'gp',
      target_organization: gpRole.organization?.reference?.replace('Organization/', ''),
      fhirUser: practitioner,
      patient: patient.id,
      encounter: encounter.id,
    });
    expect(String(payload.scope).split(' ')).toEqual(expect.arrayContaining(['launch', 'patient/*.rs']));
  }, 60_000);

  test('a launch id works once: a second authorization with it is refused back to the app', async () => {
    const created = await createLaunch({ patient: patient.id });
    const redirectUri = `${server.baseUrl}/ehr/test-app/index.html`;
    const first = pkce();
    const request = { clientId: APP, redirectUri, scope: 'launch patient/*.rs', aud: server.fhirUrl };
    const url = authorizeUrl(server.baseUrl, {
      ...request,
      launch: created.body.launch,
      codeChallenge: first.challenge,
    });
    await signInAndConsent(new Browser(), url, redirectUri, { username: 'huisarts', password: PASSWORD });

    const again = authorizeUrl(server.baseUrl, {
      ...request,
      state: 'again',
      launch: created.body.launch,
      codeChallenge: pkce().challenge,
    });
    const { location } = await new Browser().follow(again, redirectUri);
    expect(location?.searchParams.get('error')).toBe('invalid_request');
    expect(location?.searchParams.get('error_description')).toMatch(/launch is unknown, expired or already used/);
    expect(location?.searchParams.get('state')).toBe('again');
  }, 60_000);

  test('a launch made for another user is refused after sign-in', async () => {
    const created = await createLaunch({ patient: patient.id, fhirUser: 'Practitioner/someone-else' });
    const redirectUri = `${server.baseUrl}/ehr/test-app/index.html`;
    const url = authorizeUrl(server.baseUrl, {
      clientId: APP,
      redirectUri,
      scope: 'launch patient/*.rs',
      aud: server.fhirUrl,
      state: 's',
      launch: created.body.launch,
      codeChallenge: pkce().challenge,
    });
    const { callback } = await signInAndConsent(new Browser(), url, redirectUri, {
      username: 'huisarts',
      password: PASSWORD,
    });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
  }, 60_000);

  test('creating a launch needs a trusted EHR token and an existing patient', async () => {
    const missing = await fetch(`${server.baseUrl}/oauth/launch`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(await missing.json()).toMatchObject({ error: 'invalid_token' });

    const keys = server.config;
    const { loadOrCreateSigningKeys } = await import('../../../server/src/access/keys.ts');
    const signing = await loadOrCreateSigningKeys(keys.dataDir);
    const partner = await issueAccessToken(
      signing,
      { sub: 'welzijn', client_id: APP, scope: 'user/*.rs', target_role: 'partner-worker' },
      { issuer: keys.authIssuer, audience: keys.authAudience },
    );
    const refused = await createLaunch({ patient: patient.id }, partner);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'insufficient_scope' });

    const admin = await issueAccessToken(
      signing,
      { sub: 'target-cli', client_id: 'target-cli', scope: 'system/*.cruds', target_role: 'system' },
      { issuer: keys.authIssuer, audience: keys.authAudience },
    );
    expect((await createLaunch({ patient: patient.id }, admin)).status).toBe(201);
    const unknown = await createLaunch({ patient: 'no-such-patient' }, admin);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      error: 'invalid_request',
      error_description: expect.stringMatching(/existing Patient/),
    });
    const otherEncounter = await createLaunch({ patient: patient.id, encounter: 'no-such-encounter' }, admin);
    expect(otherEncounter.status).toBe(400);
    // A launch in the practice's context only (the practice worklist) names no patient, so no encounter either.
    expect((await createLaunch({}, admin)).status).toBe(201);
    const encounterAlone = await createLaunch({ encounter: encounter.id }, admin);
    expect(encounterAlone.status).toBe(400);
    expect(encounterAlone.body.error_description).toMatch(/encounter needs the patient/);
  }, 60_000);
});

// Before the demo practice exists the demo users stand for no FHIR resource: huisarts signs in without a fhirUser.
describe.each(DATABASE_KINDS)('EHR launch for a named practitioner (%s)', (kind) => {
  const server = useTestServer(kind, { demoPassword: PASSWORD });

  test('a launch that names a fhirUser is refused to a user who has none', async () => {
    const patient = await server.repo.createResource<Patient>({
      resourceType: 'Patient',
      name: [{ family: 'Jansen' }],
    });
    const admin = await server.tokenFor(ADMIN_CLAIMS);
    const response = await fetch(`${server.baseUrl}/oauth/launch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ patient: patient.id, fhirUser: 'Practitioner/someone-else' }),
    });
    expect(response.status).toBe(201);
    const { launch } = await response.json();

    const redirectUri = `${server.baseUrl}/ehr/test-app/index.html`;
    const url = authorizeUrl(server.baseUrl, {
      clientId: APP,
      redirectUri,
      scope: 'launch patient/*.rs',
      aud: server.fhirUrl,
      launch,
      codeChallenge: pkce().challenge,
    });
    const { callback } = await signInAndConsent(new Browser(), url, redirectUri, {
      username: 'huisarts',
      password: PASSWORD,
    });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toBe('the launch was made for another user');
    expect(callback.searchParams.get('code')).toBeNull();
  }, 60_000);
});
