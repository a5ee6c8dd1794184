// What the authorization server refuses, over real HTTP: a wrong PKCE verifier, a reused code (which also
// revokes what the code bought), redirect_uri mismatches, missing PKCE, unknown clients, a wrong `aud`,
// scopes beyond the registration, a denied consent, wrong passwords and password guessing (429, audited).
import { decodeJwt } from 'jose';
import { describe, expect, test } from 'vitest';
import { LOGIN_FAILURES_PER_WINDOW } from '../../../server/src/oauth/security.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTestServer } from '../../support/server.ts';
import { auditEventsOf } from '../audit/support.ts';
import { authorizeUrl, Browser, formAction, pkce, signInAndConsent, tokenRequest } from './oauth-client.ts';

const PASSWORD = 'demo-password-for-tests';
const APP = 'target-test-app';

describe.each(DATABASE_KINDS)('authorization server rejections (%s)', (kind) => {
  const server = useTestServer(kind, { demoPassword: PASSWORD });
  const redirectUri = () => `${server.baseUrl}/ehr/test-app/index.html`;
  const request = (scope = 'openid fhirUser user/*.rs', extra: Record<string, string> = {}) => ({
    clientId: APP,
    redirectUri: redirectUri(),
    scope,
    aud: server.fhirUrl,
    state: 'st',
    extra,
  });

  async function codeFor(scope?: string) {
    const { verifier, challenge } = pkce();
    const url = authorizeUrl(server.baseUrl, { ...request(scope), codeChallenge: challenge });
    const { callback } = await signInAndConsent(new Browser(), url, redirectUri(), {
      username: 'huisarts',
      password: PASSWORD,
    });
    return { code: callback.searchParams.get('code') as string, verifier };
  }

  const exchange = (code: string, verifier: string, overrides: Record<string, string> = {}) =>
    tokenRequest(server.baseUrl, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: APP,
      code_verifier: verifier,
      ...overrides,
    });

  test('a wrong code_verifier is invalid_grant', async () => {
    const { code } = await codeFor();
    const response = await exchange(code, pkce().verifier);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_grant' });
  });

  test('a reused code is invalid_grant and revokes the refresh token the first use bought', async () => {
    const { code, verifier } = await codeFor('openid user/*.rs offline_access');
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toEqual(expect.any(String));
    const second = await exchange(code, verifier);
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ error: 'invalid_grant' });
    const refresh = await tokenRequest(server.baseUrl, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
      client_id: APP,
    });
    expect(refresh.body).toMatchObject({ error: 'invalid_grant' });
  });

  test('a redirect_uri at the token endpoint other than the authorization request is invalid_grant', async () => {
    const { code, verifier } = await codeFor();
    const response = await exchange(code, verifier, { redirect_uri: `${server.baseUrl}/ehr/test-app/` });
    expect(response.body).toMatchObject({ error: 'invalid_grant' });
  });

  test.each([
    ['an unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }],
    ['a redirect_uri differing by a trailing path', { redirect_uri: 'REDIRECT/extra' }],
    ['an unknown client', { client_id: 'no-such-app' }],
  ])('%s gets an error page, never a redirect', async (_name, override) => {
    const params = new URLSearchParams(
      authorizeUrl(server.baseUrl, { ...request(), codeChallenge: pkce().challenge }).split('?')[1],
    );
    for (const [key, value] of Object.entries(override)) {
      params.set(key, value.replace('REDIRECT', redirectUri()));
    }
    const response = await new Browser().fetch(`${server.baseUrl}/oauth/auth?${params}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('Er ging iets mis');
  });

  test.each([
    ['without PKCE', { code_challenge: '', code_challenge_method: '' }, 'invalid_request'],
    [
      'with the plain PKCE method',
      { code_challenge: 'abc'.repeat(15), code_challenge_method: 'plain' },
      'invalid_request',
    ],
    ['without aud', { aud: '' }, 'invalid_request'],
    ['with aud of another server', { aud: 'https://other.example/fhir' }, 'invalid_request'],
    ['asking a system scope', { scope: 'openid system/*.rs' }, 'invalid_scope'],
  ])('an authorization request %s is refused back to the app with state', async (_name, overrides, error) => {
    const params = new URLSearchParams(
      authorizeUrl(server.baseUrl, { ...request(), codeChallenge: pkce().challenge }).split('?')[1],
    );
    for (const [key, value] of Object.entries(overrides)) {
      if (value === '') {
        params.delete(key);
      } else {
        params.set(key, value);
      }
    }
    const { location } = await new Browser().follow(`${server.baseUrl}/oauth/auth?${params}`, redirectUri());
    expect(location?.searchParams.get('error')).toBe(error);
    expect(location?.searchParams.get('state')).toBe('st');
    expect(location?.searchParams.get('code')).toBeNull();
  });

  test('denying consent sends access_denied back with state', async () => {
    const browser = new Browser();
    const url = authorizeUrl(server.baseUrl, { ...request(), codeChallenge: pkce().challenge });
    const login = await browser.follow(url, redirectUri());
    const consent = await browser.postForm(
      formAction(await login.response.text()),
      url,
      { username: 'poh', password: PASSWORD },
      redirectUri(),
    );
    const denied = await browser.postForm(
      formAction(await consent.response.text(), 'consent'),
      url,
      { decision: 'deny' },
      redirectUri(),
    );
    expect(denied.location?.searchParams.get('error')).toBe('access_denied');
    expect(denied.location?.searchParams.get('state')).toBe('st');
  });

  test('the sign-in page sends security headers and answers a wrong password with 401', async () => {
    const browser = new Browser();
    const url = authorizeUrl(server.baseUrl, { ...request(), codeChallenge: pkce().challenge });
    const login = await browser.follow(url, redirectUri());
    const loginHtml = await login.response.text();
    expect(login.response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(login.response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(login.response.headers.get('x-frame-options')).toBe('DENY');
    const wrong = await browser.postForm(
      formAction(loginHtml),
      url,
      { username: 'huisarts', password: 'nope-nope' },
      redirectUri(),
    );
    expect(wrong.response.status).toBe(401);
    expect(await wrong.response.text()).toContain('Onjuiste gebruikersnaam of wachtwoord');
    const unknown = await browser.postForm(
      formAction(loginHtml),
      url,
      { username: 'nobody', password: PASSWORD },
      redirectUri(),
    );
    expect(unknown.response.status).toBe(401);
  });

  test('password guessing on one account is stopped with 429 while other accounts still sign in', async () => {
    const browser = new Browser();
    const url = authorizeUrl(server.baseUrl, { ...request(), codeChallenge: pkce().challenge });
    const login = await browser.follow(url, redirectUri());
    const action = formAction(await login.response.text());
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= LOGIN_FAILURES_PER_WINDOW; attempt++) {
      const guess = await browser.postForm(
        action,
        url,
        { username: 'welzijn', password: `guess-${attempt}` },
        redirectUri(),
      );
      statuses.push(guess.response.status);
    }
    expect(statuses.slice(0, LOGIN_FAILURES_PER_WINDOW).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Even the right password is refused while the window lasts.
    const right = await browser.postForm(action, url, { username: 'welzijn', password: PASSWORD }, redirectUri());
    expect(right.response.status).toBe(429);
    expect(Number(right.response.headers.get('retry-after'))).toBeGreaterThan(0);
    // Refusals at the limit are sign-in attempts too: audited, with the reason.
    const limited = (await auditEventsOf(server, 'subtype=110122&outcome=4')).filter(
      (event) => event.agent[0].altId === 'welzijn' && event.outcomeDesc?.startsWith('HTTP 429'),
    );
    expect(limited).toHaveLength(2);
    expect(limited[0].outcomeDesc).toContain(`limit of ${LOGIN_FAILURES_PER_WINDOW} in 15 minutes was reached`);

    const { code, verifier } = await codeFor();
    const token = await exchange(code, verifier);
    expect(decodeJwt(token.body.access_token).sub).toBe('huisarts');
  });

  test('the token endpoint answers RFC 6749 JSON errors for unknown clients and grant types', async () => {
    const unknown = await tokenRequest(server.baseUrl, {
      grant_type: 'authorization_code',
      code: 'x',
      client_id: 'nope',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    const grant = await tokenRequest(server.baseUrl, { grant_type: 'password', client_id: APP });
    expect(grant.status).toBe(400);
    expect(grant.body).toMatchObject({ error: 'unsupported_grant_type' });
  });
});
