// The EHR simulator over real HTTP on both databases: sign-in as practice staff, the practice's
// practitioners and patients (name search, pages), the patient banner, and a launch that redirects to the
// app's registered launch URL with an `iss` and a `launch` the authorization server accepts end to end.
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTestServer } from '../../support/server.ts';
import { authorizeUrl, Browser, pkce, signInAndConsent, tokenRequest } from '../oauth/oauth-client.ts';
import { type DemoPractice, seedDemoPractice } from './demo-practice.ts';

const PASSWORD = 'demo-password-for-tests';
const APP = 'target-test-app';

async function signIn(browser: Browser, baseUrl: string, username: string, password = PASSWORD) {
  return browser.fetch(`${baseUrl}/ehr/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
}

function csrfOf(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match) {
    throw new Error('no csrf field on the page');
  }
  return match[1];
}

describe.each(DATABASE_KINDS)('EHR simulator (%s)', (kind) => {
  const server = useTestServer(kind, { demoPassword: PASSWORD });
  let practice: DemoPractice;
  const gp = new Browser();

  beforeAll(async () => {
    practice = await seedDemoPractice(server.repo);
    const login = await signIn(gp, server.baseUrl, 'huisarts');
    expect(login.status).toBe(303);
  }, 180_000);

  async function page(browser: Browser, query = '') {
    const response = await browser.fetch(`${server.baseUrl}/ehr${query}`);
    return { status: response.status, headers: response.headers, html: await response.text() };
  }

  async function launch(browser: Browser, fields: Record<string, string>) {
    return browser.fetch(`${server.baseUrl}/ehr/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  test('without a session the simulator shows its sign-in page, with a strict CSP', async () => {
    const response = await page(new Browser());
    expect(response.status).toBe(401);
    expect(response.html).toContain('Inloggen als praktijkmedewerker');
    expect(response.html).toContain('Sign in as practice staff');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('a wrong password is refused and sets no session', async () => {
    const browser = new Browser();
    const response = await signIn(browser, server.baseUrl, 'huisarts', 'wrong-password');
    expect(response.status).toBe(401);
    expect((await page(browser)).status).toBe(401);
  });

  test.each(['welzijn', 'patient'])(
    'the demo user %s is not practice staff and is refused at sign-in like a wrong password',
    async (username) => {
      const browser = new Browser();
      expect((await signIn(browser, server.baseUrl, username)).status).toBe(401);
      expect((await page(browser)).status).toBe(401);
    },
  );

  test("the page lists the practice's practitioners and a first page of its patients", async () => {
    const response = await page(gp);
    expect(response.status).toBe(200);
    expect(response.html).toContain('EPD-simulator');
    const practitioners = [...response.html.matchAll(/<option value="(Practitioner\/[^"]+)"( selected)?>/g)];
    expect(practitioners.length).toBeGreaterThan(1);
    // The signed-in GP is preselected as the practitioner to launch as.
    expect(practitioners.find((m) => m[2])?.[1]).toBe(practice.gp);
    expect(response.html).toContain('(Huisarts');
    const patients = [...response.html.matchAll(/data-patient-id="([^"]+)"/g)].map((m) => m[1]);
    expect(patients).toHaveLength(20);
    expect(response.html).toContain('rel="next"');
    const next = await page(gp, '?page=1');
    const more = [...next.html.matchAll(/data-patient-id="([^"]+)"/g)].map((m) => m[1]);
    expect(more.length).toBeGreaterThan(0);
    expect(more.filter((id) => patients.includes(id))).toEqual([]);
    expect(20 + more.length).toBeLessThanOrEqual(practice.patients);
  });

  test('the name search finds a patient by family name', async () => {
    const family = practice.lowPatient.name?.[0]?.family as string;
    const response = await page(gp, `?q=${encodeURIComponent(family)}`);
    const ids = [...response.html.matchAll(/data-patient-id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toContain(practice.lowPatient.id);
    expect(response.html).toContain(`value="${family}"`);
  });

  test('the banner shows name, birth date, BSN marked as test data and the latest care-burden category', async () => {
    const high = practice.highPatient;
    const response = await page(gp, `?patient=${high.id}`);
    expect(response.status).toBe(200);
    expect(response.html).toContain(`data-testid="banner-name">${high.name?.[0]?.text}<`);
    expect(response.html).toContain(`data-testid="banner-birth-date">${high.birthDate}<`);
    const bsn = high.identifier?.find((i) => i.system === 'http://fhir.nl/fhir/NamingSystem/bsn')?.value;
    expect(response.html).toContain(`data-testid="banner-bsn">${bsn}<`);
    expect(response.html).toContain('testgegevens');
    expect(response.html).toMatch(/Zorgzwaarte: (Hoog|Midden)/);
    const none = await page(gp, `?patient=${practice.patientWithoutResult.id}`);
    expect(none.html).toContain('Geen zorgzwaarte bekend');
  });

  test('a patient outside the practice has no banner', async () => {
    const response = await page(gp, '?patient=no-such-patient');
    expect(response.status).toBe(404);
  });

  test('launching redirects to the app with an iss and a launch the authorization server accepts', async () => {
    const patientId = practice.lowPatient.id as string;
    const html = (await page(gp, `?patient=${patientId}`)).html;
    expect(html).toContain(`value="${APP}"`);
    const response = await launch(gp, {
      csrf: csrfOf(html),
      patient: patientId,
      practitioner: practice.gp,
      client_id: APP,
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(`${server.baseUrl}/ehr/test-app/launch.html`);
    expect(location.searchParams.get('iss')).toBe(server.fhirUrl);
    const launchId = location.searchParams.get('launch') as string;
    expect(launchId).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    // The app's part: authorize with the launch, the GP signs in and consents, the code buys the context.
    const redirectUri = `${server.baseUrl}/ehr/test-app/index.html`;
    const { verifier, challenge } = pkce();
    const url = authorizeUrl(server.baseUrl, {
      clientId: APP,
      redirectUri,
      scope: 'launch openid fhirUser patient/*.rs',
      aud: location.searchParams.get('iss') as string,
      launch: launchId,
      codeChallenge: challenge,
    });
    const { callback } = await signInAndConsent(new Browser(), url, redirectUri, {
      username: 'huisarts',
      password: PASSWORD,
    });
    const token = await tokenRequest(server.baseUrl, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') as string,
      redirect_uri: redirectUri,
      client_id: APP,
      code_verifier: verifier,
    });
    expect(token.status).toBe(200);
    expect(token.body.patient).toBe(patientId);
    expect(decodeJwt(token.body.access_token)).toMatchObject({ patient: patientId, fhirUser: practice.gp });
  }, 60_000);

  test.each([
    ['without the form token', (f: Record<string, string>) => ({ ...f, csrf: 'forged' }), 403],
    ['for an unregistered app', (f: Record<string, string>) => ({ ...f, client_id: 'no-such-app' }), 400],
    ['for a patient outside the practice', (f: Record<string, string>) => ({ ...f, patient: 'no-such-patient' }), 400],
    [
      'as a practitioner outside the practice',
      (f: Record<string, string>) => ({ ...f, practitioner: 'Practitioner/no-such-practitioner' }),
      400,
    ],
  ])('a launch %s is refused and creates nothing', async (_name, change, status) => {
    const html = (await page(gp, `?patient=${practice.lowPatient.id}`)).html;
    const fields = {
      csrf: csrfOf(html),
      patient: practice.lowPatient.id as string,
      practitioner: practice.gp,
      client_id: APP,
    };
    const response = await launch(gp, change(fields));
    expect(response.status).toBe(status);
    expect(response.headers.get('location')).toBeNull();
  });

  test('a launch or sign-out posted from another site is refused with 403, even with the form token', async () => {
    const html = (await page(gp, `?patient=${practice.lowPatient.id}`)).html;
    const crossSite = {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'cross-site',
      origin: 'http://evil.example',
    };
    const fields = { csrf: csrfOf(html), patient: practice.lowPatient.id as string, practitioner: practice.gp };
    const launched = await gp.fetch(`${server.baseUrl}/ehr/launch`, {
      method: 'POST',
      headers: crossSite,
      body: new URLSearchParams({ ...fields, client_id: APP }).toString(),
    });
    expect(launched.status).toBe(403);
    expect(launched.headers.get('location')).toBeNull();
    const out = await gp.fetch(`${server.baseUrl}/ehr/logout`, {
      method: 'POST',
      headers: crossSite,
      body: new URLSearchParams({ csrf: fields.csrf }).toString(),
    });
    expect(out.status).toBe(403);
    expect((await page(gp)).status).toBe(200);
  });

  test('a launch without a session shows the sign-in page', async () => {
    const response = await launch(new Browser(), { patient: 'x', practitioner: 'y', client_id: APP, csrf: 'z' });
    expect(response.status).toBe(401);
  });

  test('signing out ends the session', async () => {
    const browser = new Browser();
    await signIn(browser, server.baseUrl, 'poh');
    const html = (await page(browser)).html;
    const out = await browser.fetch(`${server.baseUrl}/ehr/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: csrfOf(html) }).toString(),
    });
    expect(out.status).toBe(303);
    expect((await page(browser)).status).toBe(401);
  });

  test('the test app and the fhirclient bundle are served with a CSP that allows only this origin', async () => {
    const launchPage = await fetch(`${server.baseUrl}/ehr/test-app/launch.html`);
    expect(launchPage.status).toBe(200);
    expect(await launchPage.text()).toContain('<script src="fhir-client.min.js"></script>');
    const csp = launchPage.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const bundle = await fetch(`${server.baseUrl}/ehr/test-app/fhir-client.min.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    expect((await fetch(`${server.baseUrl}/ehr/test-app/`)).status).toBe(200);
  });
});

describe('EHR simulator switched off (TARGET_EHR_SIMULATOR=off)', () => {
  const server = useTestServer('pglite', { demoPassword: PASSWORD, ehrSimulator: false });

  test('/ehr is not served, the test app still is', async () => {
    expect((await fetch(`${server.baseUrl}/ehr`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/ehr/login`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/ehr/test-app/index.html`)).status).toBe(200);
  });
});
