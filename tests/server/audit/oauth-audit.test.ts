// The audit trail of the authorization server over real HTTP, both databases: a sign-in with a wrong password
// (the user name typed, never the password), a successful sign-in, the authorization answer and the token
// exchange (who, which client, which patient), and a refused token request.
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTestServer } from '../../support/server.ts';
import { authorizeUrl, Browser, formAction, pkce, signInAndConsent, tokenRequest } from '../oauth/oauth-client.ts';
import { auditEventsOf, patientsOf } from './support.ts';

const PASSWORD = 'demo-password-for-tests';
const WRONG = 'not-the-password-1234';
const APP = 'target-test-app';

describe.each(DATABASE_KINDS)('audit trail of sign-ins and tokens on %s', (kind) => {
  const server = useTestServer(kind, { demoPassword: PASSWORD });
  const redirectUri = () => `${server.baseUrl}/ehr/test-app/index.html`;
  const request = (challenge: string) =>
    authorizeUrl(server.baseUrl, {
      clientId: APP,
      redirectUri: redirectUri(),
      scope: 'openid fhirUser patient/*.rs',
      aud: server.fhirUrl,
      codeChallenge: challenge,
    });

  test('a sign-in with a wrong password is audited with the user name, without the password', async () => {
    const browser = new Browser();
    const url = request(pkce().challenge);
    const login = await browser.follow(url, redirectUri());
    const attempt = await browser.postForm(
      formAction(await login.response.text()),
      url,
      { username: 'huisarts', password: WRONG },
      redirectUri(),
    );
    expect(attempt.response.status).toBe(401);
    const events = (await auditEventsOf(server, 'subtype=110122')).filter((e) => e.outcome !== '0');
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ action: 'E', outcome: '4', type: { code: '110114' } });
    expect(event.outcomeDesc).toMatch(/wrong user name or password/);
    expect(event.agent[0]).toMatchObject({ altId: 'huisarts', requestor: true });
    expect(event.agent[0].network?.address).toMatch(/127\.0\.0\.1/);
    expect(event.agent[1]).toMatchObject({ requestor: false, who: { identifier: { value: APP } } });
    expect(JSON.stringify(event)).not.toContain(WRONG);
  });

  test('a successful sign-in, the authorization and the token exchange are audited', async () => {
    const { verifier, challenge } = pkce();
    const { callback } = await signInAndConsent(new Browser(), request(challenge), redirectUri(), {
      username: 'patient',
      password: PASSWORD,
    });
    const token = await tokenRequest(server.baseUrl, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') as string,
      redirect_uri: redirectUri(),
      client_id: APP,
      code_verifier: verifier,
    });
    expect(token.status).toBe(200);
    const logins = (await auditEventsOf(server, 'subtype=110122&outcome=0')).filter(
      (e) => e.agent[0].altId === 'patient',
    );
    expect(logins).toHaveLength(1);
    expect(logins[0].agent[0].role?.[0].coding?.[0].code).toBe('patient');

    const [authorization] = await auditEventsOf(server, 'subtype=authorization&altid=patient');
    expect(authorization).toMatchObject({ outcome: '0', agent: [{ altId: 'patient' }, { name: APP }] });

    const exchanges = await auditEventsOf(server, 'subtype=token&altid=patient');
    expect(exchanges).toHaveLength(1);
    const [exchange] = exchanges;
    expect(exchange).toMatchObject({ outcome: '0', action: 'E', type: { code: '110114' } });
    expect(exchange.agent[0]).toMatchObject({ altId: 'patient', role: [{ coding: [{ code: 'patient' }] }] });
    expect(exchange.agent[1]).toMatchObject({ requestor: false, who: { identifier: { value: APP } } });
    expect(exchange.entity?.some((e) => e.name === 'grant_type authorization_code')).toBe(true);
    // The token's patient context is the event's patient (none here: no demo practice links the user).
    expect(patientsOf(exchange)).toEqual(token.body.patient ? [`Patient/${token.body.patient}`] : []);
    expect(JSON.stringify(exchange)).not.toContain(token.body.access_token);
  });

  test('a refused token request is audited as a failure with its error', async () => {
    const response = await tokenRequest(server.baseUrl, {
      grant_type: 'authorization_code',
      code: 'no-such-code',
      redirect_uri: redirectUri(),
      client_id: APP,
      code_verifier: pkce().verifier,
    });
    expect(response.status).toBe(400);
    const failures = (await auditEventsOf(server, 'subtype=token&outcome=4')).filter((e) => e.agent[1]?.name === APP);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.at(-1)?.outcomeDesc).toMatch(/^HTTP 400: invalid_grant/);
  });
});
