// Bearer tokens on the FHIR API over real HTTP: every /fhir path but the CapabilityStatement needs a valid
// access token; anything else is a 401 with WWW-Authenticate (RFC 6750) and an OperationOutcome. Also the
// remote JWKS mode, against a small local HTTP server standing in for a foreign authorization server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadOrCreateSigningKeys } from '../../../server/src/access/keys.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { ADMIN_CLAIMS, fhirFetch, type TestServer, useTestServer } from '../../support/server.ts';

const NOW = () => Math.floor(Date.now() / 1000);

/** Signs `claims` with the server's own key (unless `key` is given), for issuer/audience checks. */
async function sign(
  server: TestServer,
  claims: Record<string, unknown>,
  options: { key?: CryptoKey; kid?: string; alg?: string } = {},
): Promise<string> {
  const keys = await loadOrCreateSigningKeys(server.config.dataDir);
  return new SignJWT({ ...ADMIN_CLAIMS, jti: crypto.randomUUID(), ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? keys.kid })
    .sign(options.key ?? keys.signingKey);
}

function validClaims(server: TestServer): Record<string, unknown> {
  return { iss: server.config.authIssuer, aud: server.config.authAudience, iat: NOW(), exp: NOW() + 600 };
}

async function expect401(server: TestServer, authorization: string | undefined, errorCode: boolean) {
  const response = await fhirFetch(server, 'Patient', {
    headers: authorization ? { authorization } : { authorization: '' },
  });
  expect(response.status).toBe(401);
  const challenge = response.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(new RegExp(`^Bearer realm="${server.fhirUrl}"`));
  expect(challenge.includes('error="invalid_token"')).toBe(errorCode);
  expect(response.body).toMatchObject({
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'login' }],
  });
}

describe.each(DATABASE_KINDS)('access tokens on %s', (kind) => {
  const server = useTestServer(kind, { demoPassword: 'demo-password-for-tests' });

  test('GET /fhir/metadata needs no token', async () => {
    const response = await fetch(`${server.fhirUrl}/metadata`);
    expect(response.status).toBe(200);
    expect((await response.json()).resourceType).toBe('CapabilityStatement');
  });

  test('the sign-in session shared by /ehr and /oauth is no credential for the FHIR API, as cookie or as bearer token', async () => {
    const login = await fetch(`${server.baseUrl}/ehr/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'huisarts', password: 'demo-password-for-tests' }).toString(),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('target_ehr_session=')) ?? '';
    const session = cookie.slice('target_ehr_session='.length, cookie.indexOf(';'));
    expect(session.split('.')).toHaveLength(3);
    const withCookie = await fhirFetch(server, 'Patient', {
      headers: { authorization: '', cookie: `target_ehr_session=${session}` },
    });
    expect(withCookie.status).toBe(401);
    await expect401(server, `Bearer ${session}`, true);
  });

  test('the SMART app at /app is public and carries no data: its pages need no token, its data does', async () => {
    const page = await fetch(`${server.baseUrl}/app/gp/patient`);
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    await expect401(server, undefined, false);
  });

  test('a request without a token is a 401 with a challenge and no error code (RFC 6750 §3.1)', async () => {
    await expect401(server, undefined, false);
  });

  test.each([
    ['a malformed header', () => 'Basic dXNlcjpwYXNz'],
    ['a token that is not a JWT', () => 'Bearer not-a-jwt'],
  ])('%s is a 401 invalid_token', async (_name, header) => {
    await expect401(server, header(), true);
  });

  test.each([
    ['an expired token', (s: TestServer) => ({ ...validClaims(s), iat: NOW() - 7200, exp: NOW() - 3600 })],
    [
      'a token of another issuer',
      (s: TestServer) => ({ ...validClaims(s), iss: 'https://other-issuer.example/oauth' }),
    ],
    [
      'a token for another audience',
      (s: TestServer) => ({ ...validClaims(s), aud: 'https://other-server.example/fhir' }),
    ],
    ['a token without jti', (s: TestServer) => ({ ...validClaims(s), jti: undefined })],
    ['a token with an unknown target_role', (s: TestServer) => ({ ...validClaims(s), target_role: 'superuser' })],
  ])('%s is a 401 invalid_token', async (_name, claims) => {
    await expect401(server, `Bearer ${await sign(server, claims(server))}`, true);
  });

  test('a token whose signature was tampered with is a 401 invalid_token', async () => {
    const token = await sign(server, validClaims(server));
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, target_role: 'system', sub: 'mallory' })).toString(
      'base64url',
    );
    await expect401(server, `Bearer ${header}.${forged}.${signature}`, true);
    await expect401(server, `Bearer ${header}.${payload}.${signature.slice(0, -4)}AAAA`, true);
  });

  test('a token signed by an unknown key (unknown kid, or our kid on another key) is a 401', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await expect401(
      server,
      `Bearer ${await sign(server, validClaims(server), { key: privateKey, kid: 'unknown' })}`,
      true,
    );
    await expect401(server, `Bearer ${await sign(server, validClaims(server), { key: privateKey })}`, true);
  });

  test('a token with a symmetric algorithm is a 401', async () => {
    const secret = new TextEncoder().encode('a-shared-secret-that-nobody-should-trust-0123456789');
    const token = await new SignJWT({ ...ADMIN_CLAIMS, ...validClaims(server), jti: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret);
    await expect401(server, `Bearer ${token}`, true);
  });

  test('job status URLs and files need a token too', async () => {
    const response = await fetch(`${server.fhirUrl}/_async/some-job`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
  });

  test('a valid token is accepted, and so is one signed 20 s in the future (clock tolerance)', async () => {
    expect(
      (
        await fhirFetch(server, 'Patient', {
          headers: { authorization: `Bearer ${await sign(server, validClaims(server))}` },
        })
      ).status,
    ).toBe(200);
    const early = { ...validClaims(server), iat: NOW() + 20 };
    expect(
      (await fhirFetch(server, 'Patient', { headers: { authorization: `Bearer ${await sign(server, early)}` } }))
        .status,
    ).toBe(200);
  });
});

describe('an external authorization server (TARGET_AUTH_JWKS_URL)', () => {
  const issuer = 'https://foreign-as.example/realms/target';
  let jwks: http.Server;
  let jwksUrl = '';
  let foreignKey: CryptoKey;
  let jwksRequests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    foreignKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'foreign-1', alg: 'ES256', use: 'sig' };
    jwks = http.createServer((_req, res) => {
      jwksRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

  // The overrides are read when the server starts (beforeAll order: the JWKS server above starts first).
  const server = useTestServer('pglite', {
    get authJwksUrl() {
      return jwksUrl;
    },
    authIssuer: issuer,
  } as object);

  async function foreignToken(claims: Record<string, unknown> = {}): Promise<string> {
    return new SignJWT({
      scope: 'user/*.rs',
      target_role: 'system',
      client_id: 'foreign',
      jti: crypto.randomUUID(),
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'foreign-1' })
      .setIssuer(issuer)
      .setAudience(server.config.authAudience)
      .setSubject('foreign-client')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(foreignKey);
  }

  test('accepts a token signed by the foreign server, its keys fetched from its JWKS URL', async () => {
    const response = await fhirFetch(server, 'Patient', {
      headers: { authorization: `Bearer ${await foreignToken()}` },
    });
    expect(response.status).toBe(200);
    expect(jwksRequests).toBeGreaterThan(0);
  });

  test('rejects a token of the embedded server: its keys are no longer trusted', async () => {
    const response = await fhirFetch(server, 'Patient', { headers: { authorization: server.adminAuthorization } });
    expect(response.status).toBe(401);
  });

  test('a foreign token without TARGET claims gets no practice compartment: user/ data is denied', async () => {
    const created = await fhirFetch(server, 'Patient', {
      method: 'POST',
      headers: { authorization: `Bearer ${await foreignToken({ scope: 'system/*.cruds' })}` },
      body: { resourceType: 'Patient' },
    });
    expect(created.status).toBe(201);
    const token = await foreignToken({ target_role: undefined });
    const read = await fhirFetch(server, `Patient/${created.body.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.status).toBe(404); // outside every compartment it has: as if it did not exist
    const search = await fhirFetch(server, 'Patient?_summary=count', { headers: { authorization: `Bearer ${token}` } });
    expect(search.body.total).toBe(0);
  });
});
