// SMART Backend Services over real HTTP: client_credentials with private_key_jwt against a client registry
// file (TARGET_CLIENTS_FILE), the partner system's organization in its tokens, and every way a client
// assertion must be refused (wrong key, replayed jti, expired, too long-lived, wrong algorithm).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRemoteJWKSet, exportJWK, generateKeyPair, type JWK, jwtVerify } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTestServer } from '../../support/server.ts';
import { clientAssertion, systemToken, tokenRequest } from './oauth-client.ts';

const PARTNER = 'partner-q-system';
const APP_ORIGIN = 'http://app.example';

async function keyPair(alg: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg}-${Math.random().toString(36).slice(2)}`;
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg },
  };
}

const registered = await keyPair('ES384');
const stranger = await keyPair('ES384');
const registryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'target-clients-')), 'clients.json');
fs.writeFileSync(
  registryFile,
  JSON.stringify({
    clients: [
      {
        client_id: PARTNER,
        client_name: 'Welzijn Q',
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [registered.publicJwk] },
        scope: 'system/ServiceRequest.rs system/Task.cru',
        target_organization: 'partner-q',
      },
      {
        client_id: 'demo-app',
        client_name: 'Demo app',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${APP_ORIGIN}/callback`],
        scope: 'openid fhirUser launch/patient patient/*.rs',
      },
    ],
  }),
);

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe.each(DATABASE_KINDS)('backend services (%s)', (kind) => {
  const server = useTestServer(kind, { clientsFile: registryFile, demoPassword: 'demo-password-for-tests' });
  let tokenUrl: string;
  beforeAll(() => {
    tokenUrl = `${server.baseUrl}/oauth/token`;
  });

  const withAssertion = (assertion: string, scope = 'system/Task.ru') =>
    tokenRequest(server.baseUrl, {
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion,
    });

  test("a registered key's assertion buys a five-minute system token carrying the partner's organization", async () => {
    const response = await systemToken(server.baseUrl, registered.privateJwk, PARTNER, 'system/Task.ru');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'system/Task.ru' });
    expect(response.body.refresh_token).toBeUndefined();
    const jwks = createRemoteJWKSet(new URL(`${server.baseUrl}/oauth/jwks`));
    const { payload } = await jwtVerify(response.body.access_token, jwks, {
      issuer: server.config.authIssuer,
      audience: server.config.authAudience,
    });
    expect(payload).toMatchObject({
      sub: PARTNER,
      client_id: PARTNER,
      scope: 'system/Task.ru',
      target_role: 'system',
      target_organization: 'partner-q',
    });
    expect(payload.patient).toBeUndefined();
  });

  test('an assertion signed with an unregistered key is refused', async () => {
    const response = await withAssertion(await clientAssertion(stranger.privateJwk, PARTNER, tokenUrl));
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: 'invalid_client' });
  });

  test('a replayed assertion (same jti) is refused the second time', async () => {
    const assertion = await clientAssertion(registered.privateJwk, PARTNER, tokenUrl, { jti: 'once-only' });
    expect((await withAssertion(assertion)).status).toBe(200);
    const replay = await withAssertion(assertion);
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  test.each([
    ['expired', { expiresIn: -120 }],
    ['valid for more than five minutes', { expiresIn: 3600 }],
  ])('an assertion that is %s is refused', async (_name, options) => {
    const response = await withAssertion(await clientAssertion(registered.privateJwk, PARTNER, tokenUrl, options));
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: 'invalid_client' });
  });

  test('an assertion with an algorithm other than RS384/ES384 is refused', async () => {
    const rs256 = await keyPair('RS256');
    const response = await withAssertion(await clientAssertion(rs256.privateJwk, PARTNER, tokenUrl));
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: 'invalid_client' });
  });

  test.each([
    ['a type the client is not registered for', 'system/Patient.rs'],
    ['more permissions than registered', 'system/Task.d'],
    ['a user-level scope', 'user/Task.rs'],
  ])('asking %s is invalid_scope', async (_name, scope) => {
    const response = await withAssertion(await clientAssertion(registered.privateJwk, PARTNER, tokenUrl), scope);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_scope' });
  });

  test('a public client cannot use client_credentials', async () => {
    const response = await tokenRequest(server.baseUrl, {
      grant_type: 'client_credentials',
      client_id: 'demo-app',
      scope: 'system/Task.rs',
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'invalid_request',
      error_description: 'requested grant type is not allowed for this client',
    });
  });

  test("the token endpoint answers CORS for a registered app's origin only", async () => {
    const request = (origin: string) =>
      fetch(tokenUrl, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', client_id: 'demo-app' }).toString(),
      });
    expect((await request(APP_ORIGIN)).headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect((await request('http://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
