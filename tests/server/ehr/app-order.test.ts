// The EHR simulator with a registry that lists the TARGET app second: it still offers the TARGET app first,
// on the patient page and on the practice page (no patient: a practice-level launch the authorization server
// accepts, whose token names no patient); and it shows the opened patient's CDS cards, whose `smart` link
// launches the TARGET app for that patient like the simulator's own buttons.
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTestServer } from '../../support/server.ts';
import { authorizeUrl, Browser, pkce, signInAndConsent, tokenRequest } from '../oauth/oauth-client.ts';
import { type DemoPractice, seedDemoPractice } from './demo-practice.ts';
import { registryWithTargetAppSecond, TARGET_APP_LAUNCH_URL } from './registry-with-target-app.ts';

const PASSWORD = 'demo-password-for-tests';
const registry = await registryWithTargetAppSecond();

function csrfOf(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match) {
    throw new Error('no csrf field on the page');
  }
  return match[1];
}

/** The client ids of the launch form's app buttons, in page order. */
function appButtons(html: string): string[] {
  const form = html.slice(html.indexOf('id="ehr-launch"'));
  return [...form.matchAll(/<button type="submit" name="client_id" value="([^"]+)"/g)].map((m) => m[1]);
}

describe.each(DATABASE_KINDS)('EHR simulator: the TARGET app first, CDS cards (%s)', (kind) => {
  const server = useTestServer(kind, { demoPassword: PASSWORD, clientsFile: registry.clientsFile });
  let practice: DemoPractice;
  const gp = new Browser();

  beforeAll(async () => {
    practice = await seedDemoPractice(server.repo);
    const login = await gp.fetch(`${server.baseUrl}/ehr/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'huisarts', password: PASSWORD }).toString(),
    });
    expect(login.status).toBe(303);
  }, 180_000);

  const page = async (query = '') => (await gp.fetch(`${server.baseUrl}/ehr${query}`)).text();
  const launch = (fields: Record<string, string>) =>
    gp.fetch(`${server.baseUrl}/ehr/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  test('the patient page offers the TARGET app first, then the other registered apps', async () => {
    const html = await page(`?patient=${practice.lowPatient.id}`);
    expect(appButtons(html)).toEqual(['target-app', 'target-test-app']);
  });

  test('the practice page (no patient) offers the apps too, the TARGET app first', async () => {
    const html = await page();
    expect(html).toContain('Zonder patiënt');
    expect(appButtons(html)).toEqual(['target-app', 'target-test-app']);
  });

  test('a launch without a patient opens the TARGET app in the practice context: its token names no patient', async () => {
    const response = await launch({
      csrf: csrfOf(await page()),
      practitioner: practice.gp,
      client_id: 'target-app',
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(TARGET_APP_LAUNCH_URL);
    expect(location.searchParams.get('iss')).toBe(server.fhirUrl);

    const redirectUri = 'https://target-app.example/app/callback';
    const { verifier, challenge } = pkce();
    const url = authorizeUrl(server.baseUrl, {
      clientId: 'target-app',
      redirectUri,
      scope: 'launch openid fhirUser user/*.rs',
      aud: server.fhirUrl,
      launch: location.searchParams.get('launch') as string,
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
      client_id: 'target-app',
      code_verifier: verifier,
    });
    expect(token.status).toBe(200);
    expect(token.body.patient).toBeUndefined();
    const claims = decodeJwt(token.body.access_token);
    expect(claims.patient).toBeUndefined();
    expect(claims.fhirUser).toBe(practice.gp);
  }, 60_000);

  test('a patient with a high care burden shows the CDS card, whose smart link launches the TARGET app for them', async () => {
    const patientId = practice.highPatient.id as string;
    const html = await page(`?patient=${patientId}`);
    const cards = [...html.matchAll(/data-testid="cds-card"/g)];
    expect(cards).toHaveLength(1);
    expect(html).toContain('Hoge zorgzwaarte — overweeg het andere gesprek');
    // The card's smart link submits the simulator's launch form (this patient, the chosen practitioner).
    const link =
      /<button type="submit" form="ehr-launch" name="client_id" value="([^"]+)" data-card-link="smart">/.exec(html);
    expect(link?.[1]).toBe('target-app');
    expect(html).toContain(`name="patient" value="${patientId}"`);

    const response = await launch({
      csrf: csrfOf(html),
      patient: patientId,
      practitioner: practice.gp,
      client_id: link?.[1] ?? '',
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(TARGET_APP_LAUNCH_URL);
    expect(location.searchParams.get('launch')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  test('patients without a high result show no card', async () => {
    for (const patient of [practice.lowPatient, practice.patientWithoutResult]) {
      const html = await page(`?patient=${patient.id}`);
      expect(html).not.toContain('data-testid="cds-card"');
      expect(html).not.toContain('De CDS-kaarten zijn niet beschikbaar');
    }
  });
});
