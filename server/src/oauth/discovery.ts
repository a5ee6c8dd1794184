// SMART App Launch 2.x discovery (conformance-discovery.html): `/.well-known/smart-configuration` at the
// server root and relative to the FHIR base (`/fhir/.well-known/smart-configuration`, where apps look it
// up from `iss`). Public and cacheable, readable from any origin (browser apps fetch it before they have a
// token). The OpenID Connect discovery document is oidc-provider's own, at
// `/oauth/.well-known/openid-configuration`.
import cors from 'cors';
import express, { type Router } from 'express';
import { NON_RESOURCE_SCOPES } from '../access/scopes.ts';
import type { AuthorizationServer } from './index.ts';
import { CLIENT_ASSERTION_ALGORITHMS } from './provider.ts';

/** SMART capabilities (conformance-discovery.html#capabilities) the embedded server really supports. */
export const SMART_CAPABILITIES = [
  'launch-ehr',
  'launch-standalone',
  'client-public',
  'client-confidential-asymmetric',
  'context-ehr-patient',
  'context-ehr-encounter',
  'context-standalone-patient',
  'permission-v2',
  'permission-v1',
  'permission-patient',
  'permission-user',
  'permission-offline',
  'permission-online',
  'sso-openid-connect',
  'context-passthrough-banner',
  'context-passthrough-style',
];

const SCOPES_SUPPORTED = [
  ...NON_RESOURCE_SCOPES,
  'patient/*.cruds',
  'patient/*.rs',
  'user/*.cruds',
  'user/*.rs',
  'system/*.cruds',
  'system/*.rs',
  'patient/*.read',
  'patient/*.write',
  'user/*.read',
  'user/*.write',
  'system/*.read',
  'system/*.write',
];

export function smartConfiguration(auth: Pick<AuthorizationServer, 'issuer' | 'provider'>): Record<string, unknown> {
  const url = (route: string): string => auth.provider.urlFor(route);
  return {
    // REQUIRED fields first (SMART App Launch 2.x), then the RECOMMENDED and OPTIONAL ones we support.
    issuer: auth.issuer,
    jwks_uri: url('jwks'),
    authorization_endpoint: url('authorization'),
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint: url('token'),
    capabilities: SMART_CAPABILITIES,
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
    scopes_supported: SCOPES_SUPPORTED,
    response_types_supported: ['code'],
    introspection_endpoint: url('introspection'),
    revocation_endpoint: url('revocation'),
  };
}

export function discoveryRouter(auth: Pick<AuthorizationServer, 'issuer' | 'provider'>): Router {
  const router = express.Router();
  const document = smartConfiguration(auth);
  const send: express.RequestHandler = (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').json(document);
  };
  const anyOrigin = cors({ origin: '*', methods: ['GET'] });
  router.get('/.well-known/smart-configuration', anyOrigin, send);
  router.get('/fhir/.well-known/smart-configuration', anyOrigin, send);
  return router;
}
