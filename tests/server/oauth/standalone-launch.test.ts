// Standalone launch over real HTTP: the patient picker for `launch/patient` (practice staff choose among
// their practice's patients; a patient gets only their own record), then refresh-token rotation,
// introspection (RFC 7662) and revocation (RFC 7009) of what the flow issued, and a session whose access
// token expires between two requests.

import { parseSearchRequest } from '@medplum/core';
import type { Patient, PractitionerRole } from '@medplum/fhirtypes';
import { TargetPracticeRoleCodeSystem } from '@target/profiles';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { seedDemo } from '../../../server/src/demo/seed.ts';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../../server/src/oauth/token-claims.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTestServer } from '../../support/server.ts';
import {
  authorizeUrl,
  Browser,
  formAction,
  pickerChoices,
  pkce,
  signInAndConsent,
  tokenRequest,
} from './oauth-client.ts';

const PASSWORD = 'demo-password-for-tests';
const APP = 'target-test-app';

describe.each(DATABASE_KINDS)('standalone launch (%s)', (kind) => {
  const server = useTestServer(kind, { demoPassword: PASSWORD });
  let patients: Patient[];
  const redirectUri = () => `${server.baseUrl}/ehr/test-app/index.html`;

  beforeAll(async () => {
    await seedDemo(server.repo, { patients: 12, practices: 1, seed: 2, referenceDate: '2025-06-30' });
    // A patient of no practice: never offered by the picker.
    await server.repo.createResource<Patient>({
      resourceType: 'Patient',
      id: 'outsider',
      name: [{ family: 'Buiten' }],
    });
    // The seeded practice's patients (not the profiles' example Patient, nor the outsider).
    const [gp] = await server.repo.searchResources<PractitionerRole>(
      parseSearchRequest('PractitionerRole', { role: `${TargetPracticeRoleCodeSystem.url}|gp`, _count: '1' }),
    );
    patients = await server.repo.searchResources<Patient>(
      parseSearchRequest('Patient', {
        organization: gp.organization?.reference as string,
        _sort: '_id',
        _count: '100',
      }),
    );
  }, 120_000);

  async function exchange(code: string, verifier: string) {
    return tokenRequest(server.baseUrl, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: APP,
      code_verifier: verifier,
    });
  }

  async function openConsent(username: string, scope: string, challenge: string) {
    const browser = new Browser();
    const url = authorizeUrl(server.baseUrl, {
      clientId: APP,
      redirectUri: redirectUri(),
      scope,
      aud: server.fhirUrl,
      codeChallenge: challenge,
    });
    const login = await browser.follow(url, redirectUri());
    const consent = await browser.postForm(
      formAction(await login.response.text()),
      url,
      { username, password: PASSWORD },
      redirectUri(),
    );
    return { browser, url, consent: consent.response, html: await consent.response.text() };
  }

  test("the GP picks a patient of the practice and the token is in that patient's context", async () => {
    const { verifier, challenge } = pkce();
    const { browser, url, html } = await openConsent(
      'huisarts',
      'launch/patient openid fhirUser patient/*.rs',
      challenge,
    );
    const offered = pickerChoices(html);
    const practicePatients = patients.map((p) => p.id);
    expect(offered.length).toBe(practicePatients.length);
    expect(new Set(offered)).toEqual(new Set(practicePatients));
    expect(html).toContain('Kies een patiënt');

    // The name search narrows the list.
    const family = patients.find((p) => p.id === offered[1])?.name?.[0]?.family as string;
    const searched = await browser.fetch(
      `${new URL(formAction(html, 'consent'), url).href.replace(/\/consent$/, '')}?q=${encodeURIComponent(family)}`,
    );
    const narrowed = pickerChoices(await searched.text());
    expect(narrowed).toContain(offered[1]);
    expect(narrowed.length).toBeLessThan(offered.length);

    // A patient outside the practice is not accepted: the picker comes back, nothing is granted.
    const refused = await browser.postForm(
      formAction(html, 'consent'),
      url,
      { decision: 'allow', patient: 'outsider' },
      redirectUri(),
    );
    expect(refused.response.status).toBe(400);
    expect(refused.location).toBeUndefined();

    const chosen = await browser.postForm(
      formAction(html, 'consent'),
      url,
      { decision: 'allow', patient: offered[1] },
      redirectUri(),
    );
    const token = await exchange(chosen.location?.searchParams.get('code') as string, verifier);
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ patient: offered[1], need_patient_banner: true });
    expect(decodeJwt(token.body.access_token)).toMatchObject({ patient: offered[1], target_role: 'gp' });
  }, 60_000);

  test('a patient gets no picker, only their own record, and no user-level scopes', async () => {
    const { verifier, challenge } = pkce();
    const { consent, html } = await openConsent(
      'patient',
      'launch/patient openid fhirUser patient/*.rs user/*.rs',
      challenge,
    );
    expect(consent.status).toBe(200);
    expect(pickerChoices(html)).toEqual([]);
    expect(html).not.toContain('user/*.rs');
    const own = patients[0].id;
    const url = authorizeUrl(server.baseUrl, {
      clientId: APP,
      redirectUri: redirectUri(),
      scope: 'launch/patient openid fhirUser patient/*.rs user/*.rs',
      aud: server.fhirUrl,
      codeChallenge: challenge,
    });
    const { callback } = await signInAndConsent(new Browser(), url, redirectUri(), {
      username: 'patient',
      password: PASSWORD,
    });
    const token = await exchange(callback.searchParams.get('code') as string, verifier);
    expect(token.body.patient).toBe(own);
    expect(token.body.scope.split(' ')).not.toContain('user/*.rs');
    const claims = decodeJwt(token.body.access_token);
    expect(claims).toMatchObject({ sub: 'patient', target_role: 'patient', patient: own, fhirUser: `Patient/${own}` });
    expect(claims.target_organization).toBeUndefined();
    expect(decodeJwt(token.body.id_token).fhirUser).toBe(`Patient/${own}`);
  }, 60_000);

  async function offlineTokens() {
    const { verifier, challenge } = pkce();
    const url = authorizeUrl(server.baseUrl, {
      clientId: APP,
      redirectUri: redirectUri(),
      scope: 'launch/patient patient/*.rs offline_access',
      aud: server.fhirUrl,
      codeChallenge: challenge,
    });
    const patient = patients[2].id;
    const { callback } = await signInAndConsent(new Browser(), url, redirectUri(), {
      username: 'poh',
      password: PASSWORD,
      patient,
    });
    const token = await exchange(callback.searchParams.get('code') as string, verifier);
    expect(token.body.refresh_token).toEqual(expect.any(String));
    return { token: token.body, patient };
  }

  const introspect = async (token: string) => {
    const response = await fetch(`${server.baseUrl}/oauth/token/introspection`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: APP }).toString(),
    });
    return response.json();
  };

  test('offline_access gives a refresh token that rotates; the old one is refused and its reuse ends the grant', async () => {
    const { token, patient } = await offlineTokens();
    expect(await introspect(token.refresh_token)).toMatchObject({ active: true, client_id: APP, sub: 'poh' });

    const refreshed = await tokenRequest(server.baseUrl, {
      grant_type: 'refresh_token',
      refresh_token: token.refresh_token,
      client_id: APP,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(token.refresh_token);
    expect(refreshed.body).toMatchObject({ patient, need_patient_banner: true });
    expect(decodeJwt(refreshed.body.access_token)).toMatchObject({ patient, target_role: 'practice-nurse' });

    const reused = await tokenRequest(server.baseUrl, {
      grant_type: 'refresh_token',
      refresh_token: token.refresh_token,
      client_id: APP,
    });
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ error: 'invalid_grant' });
    // Reuse of a rotated token means it leaked: the whole grant, the new token too, is gone.
    expect(await introspect(refreshed.body.refresh_token)).toEqual({ active: false });
  }, 60_000);

  test('a revoked refresh token introspects inactive and no longer refreshes', async () => {
    const { token } = await offlineTokens();
    const revoked = await fetch(`${server.baseUrl}/oauth/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: token.refresh_token, client_id: APP }).toString(),
    });
    expect(revoked.status).toBe(200);
    expect(await introspect(token.refresh_token)).toEqual({ active: false });
    const refused = await tokenRequest(server.baseUrl, {
      grant_type: 'refresh_token',
      refresh_token: token.refresh_token,
      client_id: APP,
    });
    expect(refused.body).toMatchObject({ error: 'invalid_grant' });
  }, 60_000);

  test('an access token expiring mid-session is a 401 invalid_token OperationOutcome; the refresh token continues the session', async () => {
    const { token, patient } = await offlineTokens();
    const read = (accessToken: string) =>
      fetch(`${server.fhirUrl}/Patient/${patient}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await read(token.access_token)).status).toBe(200);

    // The clock (Date only: the server's token checks read it) moves past the access token's lifetime,
    // well inside the refresh token's.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000);
      const expired = await read(token.access_token);
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
      expect(await expired.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] });

      const refreshed = await tokenRequest(server.baseUrl, {
        grant_type: 'refresh_token',
        refresh_token: token.refresh_token,
        client_id: APP,
      });
      expect(refreshed.status).toBe(200);
      expect((await read(refreshed.body.access_token)).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  }, 60_000);

  test('revoking a refresh token ends refreshing; an access token issued before stays valid until it expires', async () => {
    const { token, patient } = await offlineTokens();
    const revoked = await fetch(`${server.baseUrl}/oauth/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: token.refresh_token, client_id: APP }).toString(),
    });
    expect(revoked.status).toBe(200);
    const refused = await tokenRequest(server.baseUrl, {
      grant_type: 'refresh_token',
      refresh_token: token.refresh_token,
      client_id: APP,
    });
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // Self-contained JWTs, checked against the keys without a look-up (RFC 7009 2.1 leaves revoking them to
    // servers that can): at most ACCESS_TOKEN_TTL_SECONDS of access after a revocation.
    const read = await fetch(`${server.fhirUrl}/Patient/${patient}`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(read.status).toBe(200);
  }, 60_000);
});
