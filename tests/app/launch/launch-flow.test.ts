// @vitest-environment happy-dom
// The SMART launch against a foreign (non-TARGET) EHR reached through msw: the stand-in of
// tests/support/foreign-ehr.ts answers every request msw lets through, and any request to another host
// fails the test (onUnhandledRequest: 'error'). The browser's redirect to the authorization endpoint is
// played by handing the authorization URL to the stand-in.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { authorizationUrl, STANDALONE_SCOPE } from '../../../smart-app/src/launch/authorize.ts';
import { buildSession, capabilitiesOf } from '../../../smart-app/src/launch/build-session.ts';
import { LaunchError } from '../../../smart-app/src/launch/launch-error.ts';
import { loadTokens, type StoredTokens, saveTokens } from '../../../smart-app/src/launch/launch-storage.ts';
import { exchangeCallback } from '../../../smart-app/src/launch/token.ts';
import { keepTokensFresh } from '../../../smart-app/src/launch/token-refresh.ts';
import { createForeignEhr, FOREIGN_DEMO, type ForeignEhr, foreignEhrMsw } from '../../support/foreign-ehr.ts';

const EHR_URL = 'http://foreign-ehr.test';
const REDIRECT_URI = 'http://app.test/app/callback';

let ehr: ForeignEhr;
const msw = foreignEhrMsw(EHR_URL, () => ehr);

beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => msw.close());
beforeEach(async () => {
  ehr = await createForeignEhr(EHR_URL, { accessTokenSeconds: 2 });
  ehr.redirectUris.push(REDIRECT_URI);
  sessionStorage.clear();
});
afterEach(() => {
  vi.useRealTimers();
  expect(ehr.unexpected).toEqual([]);
});

/** Starts a standalone launch and lets the EHR answer the authorization request: the callback's query. */
async function authorize(): Promise<URLSearchParams> {
  const url = await authorizationUrl({ iss: `${EHR_URL}/fhir/`, launch: null, redirectUri: REDIRECT_URI });
  const answer = await ehr.handle(new Request(url));
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location') as string).searchParams;
}

async function launch(): Promise<StoredTokens> {
  return exchangeCallback(await authorize());
}

async function rejection(promise: Promise<unknown>): Promise<LaunchError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(LaunchError);
  return error as LaunchError;
}

describe('authorization request', () => {
  test('asks with PKCE S256, a fresh state, aud = iss and the standalone scopes, after discovery', async () => {
    const first = new URL(await authorizationUrl({ iss: `${EHR_URL}/fhir`, launch: null, redirectUri: REDIRECT_URI }));
    const second = new URL(await authorizationUrl({ iss: `${EHR_URL}/fhir`, launch: null, redirectUri: REDIRECT_URI }));
    expect(`${first.origin}${first.pathname}`).toBe(`${EHR_URL}/oauth/authorize`);
    const q = first.searchParams;
    expect(q.get('client_id')).toBe('target-app');
    expect(q.get('response_type')).toBe('code');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('aud')).toBe(`${EHR_URL}/fhir`);
    expect(q.get('scope')).toBe(STANDALONE_SCOPE);
    expect(q.has('launch')).toBe(false);
    expect(q.get('state')).not.toBe(second.searchParams.get('state'));
    expect(q.get('code_challenge')).not.toBe(second.searchParams.get('code_challenge'));
    expect(ehr.requests.filter((r) => r.includes('smart-configuration'))).toHaveLength(2);
  });

  test('an EHR launch passes the EHR’s launch id and asks for the launch scope', async () => {
    const url = new URL(await authorizationUrl({ iss: `${EHR_URL}/fhir`, launch: 'abc', redirectUri: REDIRECT_URI }));
    expect(url.searchParams.get('launch')).toBe('abc');
    expect(url.searchParams.get('scope')?.split(' ')).toContain('launch');
  });

  test('without iss, or when the server has no SMART configuration, the launch says so', async () => {
    expect((await rejection(authorizationUrl({ iss: null, launch: null, redirectUri: REDIRECT_URI }))).code).toBe(
      'missing-iss',
    );
    const error = await rejection(
      authorizationUrl({ iss: `${EHR_URL}/other`, launch: null, redirectUri: REDIRECT_URI }),
    );
    expect(error.code).toBe('discovery');
    expect(error.detail).toContain('HTTP 404');
    ehr.unexpected.length = 0;
  });
});

describe('callback', () => {
  test('exchanges the code with the PKCE verifier and keeps the launch context and the user', async () => {
    const tokens = await launch();
    expect(tokens.iss).toBe(`${EHR_URL}/fhir`);
    expect(tokens.patient).toBe(FOREIGN_DEMO.patient.id);
    expect(tokens.fhirUser).toBe(`Practitioner/${FOREIGN_DEMO.practitioner.id}`);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.scope).toBe(STANDALONE_SCOPE);
    expect(tokens.needPatientBanner).toBe(true);
    expect(tokens.expiresAt).toBeGreaterThan(Date.now());
  });

  test('a state this tab did not start is refused and nothing is exchanged', async () => {
    const query = await authorize();
    query.set('state', 'forged');
    expect((await rejection(exchangeCallback(query))).code).toBe('state');
    expect(ehr.requests.some((r) => r.startsWith('POST /oauth/token'))).toBe(false);
  });

  test('the same callback a second time is refused: a state is redeemed once', async () => {
    const query = await authorize();
    await exchangeCallback(query);
    expect((await rejection(exchangeCallback(query))).code).toBe('state');
  });

  test('a wrong code verifier is refused by the EHR’s PKCE check', async () => {
    const query = await authorize();
    const key = `target.launch.${query.get('state')}`;
    const pending = JSON.parse(sessionStorage.getItem(key) as string);
    sessionStorage.setItem(key, JSON.stringify({ ...pending, codeVerifier: 'x'.repeat(43) }));
    const error = await rejection(exchangeCallback(query));
    expect(error.code).toBe('token');
    expect(error.detail).toBe('invalid_grant: PKCE verification failed');
  });

  test('refused consent comes back as access_denied and reads as denied', async () => {
    ehr.denyNext = true;
    const error = await rejection(exchangeCallback(await authorize()));
    expect(error.code).toBe('denied');
    expect(error.detail).toBe('access_denied: the user refused');
  });

  test('a launch finished more than ten minutes after it started is refused as expired', async () => {
    const query = await authorize();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11 * 60 * 1000 });
    expect((await rejection(exchangeCallback(query))).code).toBe('expired');
  });
});

describe('session', () => {
  test('is built from plain FHIR only: metadata and the user’s PractitionerRole, nothing Medplum-specific', async () => {
    const tokens = await launch();
    const before = ehr.requests.length;
    const session = await buildSession(tokens, { loadSchemas: async () => {} });
    expect(session.fhirBaseUrl).toBe(`${EHR_URL}/fhir`);
    expect(session.patientId).toBe(FOREIGN_DEMO.patient.id);
    expect(session.practiceId).toBe(FOREIGN_DEMO.organization.id);
    expect(session.capabilities).toEqual({ careBurden: false, targetSelection: false, extract: false });
    const patient = await session.medplum.readResource('Patient', FOREIGN_DEMO.patient.id);
    expect(patient.birthDate).toBe(FOREIGN_DEMO.patient.birthDate);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      ehr.requests
        .slice(before)
        .map((r) => r.replace(/\?.*/, ''))
        .sort(),
    ).toEqual(['GET /fhir/Patient/pat-de-vries', 'GET /fhir/PractitionerRole', 'GET /fhir/metadata']);
  });

  test('takes the practice from the token response’s fhirContext when the server names it', async () => {
    const tokens = await launch();
    const before = ehr.requests.length;
    const session = await buildSession(
      { ...tokens, fhirContext: ['Organization/named-by-token'] },
      { loadSchemas: async () => {} },
    );
    expect(session.practiceId).toBe('named-by-token');
    expect(ehr.requests.slice(before)).toEqual(['GET /fhir/metadata']);
  });

  test('finds TARGET’s operations by their canonical definitions in the CapabilityStatement', () => {
    const operation = (type: 'Patient' | 'Group' | 'QuestionnaireResponse', name: string, definition: string) => ({
      type,
      operation: [{ name, definition }],
    });
    const capabilitiesWith = (...resource: ReturnType<typeof operation>[]) =>
      capabilitiesOf({
        resourceType: 'CapabilityStatement',
        status: 'active',
        date: '2026-01-01',
        kind: 'instance',
        fhirVersion: '4.0.1',
        format: ['json'],
        rest: [{ mode: 'server', resource }],
      });
    const target = 'https://target.drenthe.example/fhir/OperationDefinition';
    expect(
      capabilitiesWith(
        operation('Patient', 'care-burden', `${target}/Patient-care-burden`),
        operation('Group', 'target-selection', `${target}/Group-target-selection`),
        operation('QuestionnaireResponse', 'extract', `${target}/QuestionnaireResponse-extract`),
      ),
    ).toEqual({ careBurden: true, targetSelection: true, extract: true });
    expect(capabilitiesWith(operation('Patient', 'care-burden', 'http://other.example/care-burden'))).toEqual({
      careBurden: false,
      targetSelection: false,
      extract: false,
    });
  });
});

describe('refresh', () => {
  test('renews the token before it expires, and the new token reads FHIR', async () => {
    const tokens = await launch();
    saveTokens(tokens);
    const session = await buildSession(tokens, { loadSchemas: async () => {} });
    const expired = vi.fn();
    const stop = keepTokensFresh(tokens, session.medplum, { onExpired: expired });
    try {
      await vi.waitFor(() => expect(ehr.refreshes).toBe(1), { timeout: 3000, interval: 50 });
      await vi.waitFor(() => expect(loadTokens()?.accessToken).not.toBe(tokens.accessToken));
      // The first token (2 s) is over; reading still works with the renewed one.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const patient = await session.medplum.readResource('Patient', FOREIGN_DEMO.patient.id, { cache: 'no-cache' });
      expect(patient.id).toBe(FOREIGN_DEMO.patient.id);
      expect(session.medplum.getAccessToken()).toBe(loadTokens()?.accessToken);
      expect(expired).not.toHaveBeenCalled();
    } finally {
      stop();
    }
  });

  test('without a refresh token the session ends when the token does, as expired', async () => {
    const tokens = { ...(await launch()), refreshToken: undefined };
    const session = await buildSession(tokens, { loadSchemas: async () => {} });
    const expired = vi.fn();
    const stop = keepTokensFresh(tokens, session.medplum, { onExpired: expired });
    try {
      await vi.waitFor(() => expect(expired).toHaveBeenCalledOnce(), { timeout: 3000, interval: 50 });
      expect((expired.mock.calls[0][0] as LaunchError).code).toBe('expired');
      expect(ehr.refreshes).toBe(0);
    } finally {
      stop();
    }
  });
});
