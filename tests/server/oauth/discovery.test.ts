// SMART discovery over real HTTP: the same document at the server root and under the FHIR base, readable
// from any origin, and oidc-provider's OpenID configuration beside it.
import { describe, expect, test } from 'vitest';
import { useTestServer } from '../../support/server.ts';

describe('SMART discovery', () => {
  const server = useTestServer('pglite', { demoPassword: 'demo-password-for-tests' });

  test.each(['/.well-known/smart-configuration', '/fhir/.well-known/smart-configuration'])(
    '%s lists the endpoints, capabilities and methods of the embedded server',
    async (path) => {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: { origin: 'http://any-app.example' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const body = await response.json();
      const oauth = `${server.baseUrl}/oauth`;
      expect(body).toMatchObject({
        issuer: oauth,
        jwks_uri: `${oauth}/jwks`,
        authorization_endpoint: `${oauth}/auth`,
        token_endpoint: `${oauth}/token`,
        introspection_endpoint: `${oauth}/token/introspection`,
        revocation_endpoint: `${oauth}/token/revocation`,
        code_challenge_methods_supported: ['S256'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
        response_types_supported: ['code'],
      });
      expect(body.registration_endpoint).toBeUndefined();
      expect(body.capabilities).toEqual(
        expect.arrayContaining([
          'launch-ehr',
          'launch-standalone',
          'client-public',
          'client-confidential-asymmetric',
          'context-ehr-patient',
          'context-standalone-patient',
          'permission-v2',
          'permission-v1',
          'permission-patient',
          'permission-user',
          'sso-openid-connect',
          'permission-offline',
        ]),
      );
      expect(body.scopes_supported).toEqual(
        expect.arrayContaining(['openid', 'fhirUser', 'launch', 'launch/patient', 'offline_access', 'system/*.cruds']),
      );
    },
  );

  test('the OpenID configuration and the JWKS come from the authorization server', async () => {
    const config = await (await fetch(`${server.baseUrl}/oauth/.well-known/openid-configuration`)).json();
    expect(config).toMatchObject({
      issuer: `${server.baseUrl}/oauth`,
      code_challenge_methods_supported: ['S256'],
      scopes_supported: expect.arrayContaining(['openid', 'fhirUser']),
    });
    const jwks = await (await fetch(config.jwks_uri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  test('the style sheet named by smart_style_url is served', async () => {
    const style = await fetch(`${server.baseUrl}/oauth/smart-style.json`);
    expect(style.status).toBe(200);
    expect(await style.json()).toMatchObject({ color_background: expect.any(String) });
  });
});
