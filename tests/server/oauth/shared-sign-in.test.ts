// The sign-in shared by the EHR simulator and the authorization server, over real HTTP on both databases: a
// GP signed in at /ehr launches the TARGET app (trusted: no consent) without a password; an untrusted app
// still asks consent and names the patient by name and birth date; the session of one user never completes
// an authorization as another; the token response names the practice in SMART 2.x fhirContext.
import { parseSearchRequest } from '@medplum/core';
import type { PractitionerRole } from '@medplum/fhirtypes';
import { TargetPracticeRoleCodeSystem } from '@target/profiles';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTestServer } from '../../support/server.ts';
import { type DemoPractice, seedDemoPractice } from '../ehr/demo-practice.ts';
import { authorizeUrl, Browser, formAction, pkce, signInAndConsent, tokenRequest } from './oauth-client.ts';

const PASSWORD = 'demo-password-for-tests';
const TARGET_APP = 'target-app';
const TEST_APP = 'target-test-app';
/** What the TARGET app asks at an EHR launch (the app contract). */
const APP_SCOPE = 'openid fhirUser launch launch/patient online_access offline_access user/*.cruds';

async function signInToEhr(browser: Browser, baseUrl: string, username: string): Promise<Response> {
  return browser.fetch(`${baseUrl}/ehr/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: PASSWORD }).toString(),
  });
}

describe.each(DATABASE_KINDS)('shared sign-in of the EHR simulator and the authorization server (%s)', (kind) => {
  const server = useTestServer(kind, { demoPassword: PASSWORD });
  let practice: DemoPractice;
  /** `Practitioner/…` of the demo POH (user poh). */
  let nurse: string;

  beforeAll(async () => {
    practice = await seedDemoPractice(server.repo);
    const [role] = await server.repo.searchResources<PractitionerRole>(
      parseSearchRequest('PractitionerRole', {
        organization: `Organization/${practice.practiceId}`,
        role: `${TargetPracticeRoleCodeSystem.url}|practice-nurse`,
        _sort: '_id',
        _count: '1',
      }),
    );
    nurse = role?.practitioner?.reference as string;
    expect(nurse).toMatch(/^Practitioner\//);
  }, 180_000);

  /** The simulator's launch form, as the signed-in user posts it: the redirect to the app's launch URL. */
  async function launchFromEhr(browser: Browser, clientId: string, patientId: string, practitioner: string) {
    const page = await (await browser.fetch(`${server.baseUrl}/ehr?patient=${patientId}`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] as string;
    const response = await browser.fetch(`${server.baseUrl}/ehr/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, patient: patientId, practitioner, client_id: clientId }).toString(),
    });
    expect(response.status).toBe(303);
    return new URL(response.headers.get('location') as string);
  }

  /** The app's authorization request for a launch: the URL, its redirect URI and PKCE verifier. */
  function authorization(clientId: string, launch: URL, scope: string) {
    const redirectUri =
      clientId === TARGET_APP ? `${server.baseUrl}/app/callback` : `${server.baseUrl}/ehr/test-app/index.html`;
    const { verifier, challenge } = pkce();
    const url = authorizeUrl(server.baseUrl, {
      clientId,
      redirectUri,
      scope,
      aud: launch.searchParams.get('iss') as string,
      launch: launch.searchParams.get('launch') as string,
      codeChallenge: challenge,
      state: 'state-shared',
    });
    return { url, redirectUri, verifier };
  }

  async function exchange(clientId: string, callback: URL, redirectUri: string, verifier: string) {
    return tokenRequest(server.baseUrl, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') as string,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
    });
  }

  test('signing in at /ehr sets the session for the simulator and the authorization server only, HttpOnly and SameSite', async () => {
    const response = await signInToEhr(new Browser(), server.baseUrl, 'huisarts');
    expect(response.status).toBe(303);
    const cookies = response.headers.getSetCookie().filter((c) => c.startsWith('target_ehr_session='));
    expect(cookies.map((c) => /Path=([^;]+)/i.exec(c)?.[1]).sort()).toEqual(['/ehr', '/oauth']);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
    }
  });

  test('a GP signed in to the simulator launches the TARGET app with no password and no consent screen; the token names the patient and the practice', async () => {
    const gp = new Browser();
    await signInToEhr(gp, server.baseUrl, 'huisarts');
    const patientId = practice.highPatient.id as string;
    const launch = await launchFromEhr(gp, TARGET_APP, patientId, practice.gp);
    expect(`${launch.origin}${launch.pathname}`).toBe(`${server.baseUrl}/app/launch`);

    const { url, redirectUri, verifier } = authorization(TARGET_APP, launch, APP_SCOPE);
    const { response, location } = await gp.follow(url, redirectUri);
    // Straight back to the app: no sign-in page, no consent page on the way.
    expect(location, `stopped at a page (${response.status})`).toBeDefined();
    expect(location?.searchParams.get('state')).toBe('state-shared');
    expect(location?.searchParams.get('error')).toBeNull();

    const token = await exchange(TARGET_APP, location as URL, redirectUri, verifier);
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({
      patient: patientId,
      fhirContext: [{ reference: `Organization/${practice.practiceId}` }],
    });
    expect(token.body.refresh_token).toEqual(expect.any(String));
    expect(token.body.scope.split(' ')).toEqual(expect.arrayContaining(['launch', 'user/*.cruds', 'offline_access']));
    expect(decodeJwt(token.body.access_token)).toMatchObject({
      sub: 'huisarts',
      client_id: TARGET_APP,
      target_role: 'gp',
      target_organization: practice.practiceId,
      patient: patientId,
      fhirUser: practice.gp,
    });
  });

  test('a launch from the simulator without a patient (the practice worklist) gives the TARGET app the practice and no patient', async () => {
    const gp = new Browser();
    await signInToEhr(gp, server.baseUrl, 'huisarts');
    const page = await (await gp.fetch(`${server.baseUrl}/ehr`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] as string;
    const response = await gp.fetch(`${server.baseUrl}/ehr/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, practitioner: practice.gp, client_id: TARGET_APP }).toString(),
    });
    expect(response.status).toBe(303);
    const launch = new URL(response.headers.get('location') as string);
    const { url, redirectUri, verifier } = authorization(TARGET_APP, launch, APP_SCOPE);
    const { location } = await gp.follow(url, redirectUri);
    expect(location?.searchParams.get('error')).toBeNull();
    const token = await exchange(TARGET_APP, location as URL, redirectUri, verifier);
    expect(token.status).toBe(200);
    expect(token.body.fhirContext).toEqual([{ reference: `Organization/${practice.practiceId}` }]);
    expect(token.body.patient).toBeUndefined();
    expect(decodeJwt(token.body.access_token).patient).toBeUndefined();
  });

  test('without the simulator session the TARGET app asks for the password, and still shows no consent screen', async () => {
    const gp = new Browser();
    await signInToEhr(gp, server.baseUrl, 'huisarts');
    const launch = await launchFromEhr(gp, TARGET_APP, practice.lowPatient.id as string, practice.gp);
    const { url, redirectUri, verifier } = authorization(TARGET_APP, launch, APP_SCOPE);

    const elsewhere = new Browser();
    const login = await elsewhere.follow(url, redirectUri);
    const loginHtml = await login.response.text();
    expect(login.response.status).toBe(200);
    expect(loginHtml).toContain('name="password"');
    const { callback, consentHtml } = await signInAndConsent(elsewhere, url, redirectUri, {
      username: 'huisarts',
      password: PASSWORD,
    });
    expect(consentHtml).toBe('');
    const token = await exchange(TARGET_APP, callback, redirectUri, verifier);
    expect(token.body).toMatchObject({
      patient: practice.lowPatient.id,
      fhirContext: [{ reference: `Organization/${practice.practiceId}` }],
    });
  });

  test('an app not registered as trusted still gets the consent screen, which names the patient by name and birth date', async () => {
    const gp = new Browser();
    await signInToEhr(gp, server.baseUrl, 'huisarts');
    const patient = practice.lowPatient;
    const launch = await launchFromEhr(gp, TEST_APP, patient.id as string, practice.gp);
    const { url, redirectUri, verifier } = authorization(TEST_APP, launch, 'launch openid fhirUser patient/*.rs');
    const consent = await gp.follow(url, redirectUri);
    const html = await consent.response.text();
    expect(consent.response.status).toBe(200);
    expect(html).toContain('Toestemming geven');
    expect(html).not.toContain('name="password"');

    const [year, month, day] = (patient.birthDate as string).split('-');
    const patientLine = /<p class="patient">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
    expect(patientLine).toContain(patient.name?.[0]?.family as string);
    expect(patientLine).toContain(patient.name?.[0]?.given?.[0] as string);
    expect(patientLine).toContain(`${day}-${month}-${year}`);
    expect(patientLine).not.toContain(patient.id as string);

    const done = await gp.postForm(formAction(html, 'consent'), url, { decision: 'allow' }, redirectUri);
    const token = await exchange(TEST_APP, done.location as URL, redirectUri, verifier);
    expect(token.body).toMatchObject({ patient: patient.id });
    expect(decodeJwt(token.body.access_token)).toMatchObject({ sub: 'huisarts', client_id: TEST_APP });
  });

  test('a launch the GP made for the POH is refused after the GP’s shared sign-in: nobody is signed in as the POH', async () => {
    const gp = new Browser();
    await signInToEhr(gp, server.baseUrl, 'huisarts');
    const launch = await launchFromEhr(gp, TARGET_APP, practice.lowPatient.id as string, nurse);
    const { url, redirectUri } = authorization(TARGET_APP, launch, APP_SCOPE);
    const { location } = await gp.follow(url, redirectUri);
    expect(location?.searchParams.get('error')).toBe('access_denied');
    expect(location?.searchParams.get('error_description')).toContain('another user');
    expect(location?.searchParams.get('code')).toBeNull();
  });

  test('a browser signed in at /oauth as the POH and then at /ehr as the GP is authorized as the GP, never as the POH', async () => {
    const browser = new Browser();
    // The POH signs in at the authorization server (a standalone launch of the test app).
    const standalone = authorizeUrl(server.baseUrl, {
      clientId: TEST_APP,
      redirectUri: `${server.baseUrl}/ehr/test-app/index.html`,
      scope: 'openid fhirUser user/Patient.rs',
      aud: server.fhirUrl,
      codeChallenge: pkce().challenge,
    });
    const first = await signInAndConsent(browser, standalone, `${server.baseUrl}/ehr/test-app/index.html`, {
      username: 'poh',
      password: PASSWORD,
    });
    expect(first.callback.searchParams.get('code')).toBeTruthy();

    // The same browser, now signed in at the simulator as the GP, launches the TARGET app.
    await signInToEhr(browser, server.baseUrl, 'huisarts');
    const launch = await launchFromEhr(browser, TARGET_APP, practice.highPatient.id as string, practice.gp);
    const { url, redirectUri, verifier } = authorization(TARGET_APP, launch, APP_SCOPE);
    const { response, location } = await browser.follow(url, redirectUri);
    expect(
      location,
      `stopped at ${response.status}: ${location ? '' : (await response.text()).replace(/<style[\s\S]*<\/style>/, '').slice(0, 900)}`,
    ).toBeDefined();
    expect(location?.searchParams.get('error')).toBeNull();
    const token = await exchange(TARGET_APP, location as URL, redirectUri, verifier);
    expect(decodeJwt(token.body.access_token)).toMatchObject({ sub: 'huisarts', fhirUser: practice.gp });
  });

  test('signing out of the simulator ends the sign-in it lent the authorization server: the next app asks the password', async () => {
    const gp = new Browser();
    await signInToEhr(gp, server.baseUrl, 'huisarts');
    const first = await launchFromEhr(gp, TARGET_APP, practice.lowPatient.id as string, practice.gp);
    const { url: firstUrl, redirectUri } = authorization(TARGET_APP, first, APP_SCOPE);
    expect((await gp.follow(firstUrl, redirectUri)).location?.searchParams.get('code')).toBeTruthy();

    const page = await (await gp.fetch(`${server.baseUrl}/ehr`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] as string;
    const out = await gp.fetch(`${server.baseUrl}/ehr/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }).toString(),
    });
    expect(out.status).toBe(303);
    expect(gp.cookie('target_ehr_session')).toBeUndefined();

    // A standalone launch in the same browser afterwards: whoever sits there now must sign in.
    const standalone = authorizeUrl(server.baseUrl, {
      clientId: TARGET_APP,
      redirectUri,
      scope: 'openid fhirUser user/Patient.rs',
      aud: server.fhirUrl,
      codeChallenge: pkce().challenge,
    });
    const next = await gp.follow(standalone, redirectUri);
    expect(next.location).toBeUndefined();
    expect(await next.response.text()).toContain('name="password"');
  });

  test('a forged session cookie naming another user completes no sign-in: the password is asked', async () => {
    const gp = new Browser();
    await signInToEhr(gp, server.baseUrl, 'huisarts');
    const launch = await launchFromEhr(gp, TARGET_APP, practice.lowPatient.id as string, nurse);
    const { url, redirectUri } = authorization(TARGET_APP, launch, APP_SCOPE);

    // Same header and claims as the real session, for the POH, signed with a key of the attacker's.
    const real = decodeJwt(gp.cookie('target_ehr_session') as string);
    const { privateKey } = await generateKeyPair('RS256');
    const kid = JSON.parse(
      Buffer.from((gp.cookie('target_ehr_session') as string).split('.')[0], 'base64url').toString(),
    ).kid;
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'sign-in-session+jwt' })
      .setIssuer(real.iss as string)
      .setAudience(real.aud as string)
      .setSubject('poh')
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const attacker = new Browser();
    attacker.setCookie('target_ehr_session', forged);
    const login = await attacker.follow(url, redirectUri);
    expect(login.location).toBeUndefined();
    expect(login.response.status).toBe(200);
    expect(await login.response.text()).toContain('name="password"');
  });

  test('an app that names another user (login_hint) or asks a fresh sign-in (prompt=login) gets the password form', async () => {
    const gp = new Browser();
    await signInToEhr(gp, server.baseUrl, 'huisarts');
    const extras: Record<string, string>[] = [{ login_hint: 'poh' }, { prompt: 'login' }];
    for (const extra of extras) {
      const launch = await launchFromEhr(gp, TARGET_APP, practice.lowPatient.id as string, practice.gp);
      const redirectUri = `${server.baseUrl}/app/callback`;
      const url = authorizeUrl(server.baseUrl, {
        clientId: TARGET_APP,
        redirectUri,
        scope: APP_SCOPE,
        aud: server.fhirUrl,
        launch: launch.searchParams.get('launch') as string,
        codeChallenge: pkce().challenge,
        extra,
      });
      const login = await gp.follow(url, redirectUri);
      expect(login.location, JSON.stringify(extra)).toBeUndefined();
      expect(await login.response.text()).toContain('name="password"');
    }
  });
});
