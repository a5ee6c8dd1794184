// What goes into tokens beyond oidc-provider's own claims:
// - which SMART scopes a client may get for the FHIR API (the one resource server, `resourceServerInfo`),
// - the TARGET claims and launch context in the JWT access token (`extraTokenClaims`; the same claims as
//   access/tokens.ts AccessTokenClaims, so the resource server reads both kinds alike),
// - the SMART fields of the token response (`smartTokenResponse`, App Launch 2.x §"Response" of
//   app-launch.html#obtain-access-token): patient, encounter, fhirContext (the Organization the user works
//   for: the practice or partner they signed in for), need_patient_banner, smart_style_url, scope.
import {
  type ClientInstance,
  errors,
  type KoaContextWithOIDC,
  type Middleware,
  type TokenInstance,
} from 'oidc-provider';
import type { AccessTokenClaims } from '../access/tokens.ts';
import type { RegisteredClient } from './clients.ts';
import type { LaunchStore } from './launch.ts';
import { allowedByAny, parseResourceScope, resourceAndLaunchScopes } from './smart-scopes.ts';

/** Lifetime of access tokens from user authorizations; refresh tokens renew them. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
/** SMART Backend Services: a system access token should live no more than five minutes. */
export const SYSTEM_TOKEN_TTL_SECONDS = 300;

function words(value: unknown): string[] {
  return typeof value === 'string' ? value.split(' ').filter(Boolean) : [];
}

/**
 * The resource server description oidc-provider asks for: JWT access tokens for the FHIR API whose
 * scope may hold the SMART scopes of this request. At the authorization and client_credentials requests
 * every asked SMART scope must be within the client's registration (else invalid_scope); later token
 * requests are bounded by the grant the user consented to.
 */
export async function resourceServerInfo(
  ctx: KoaContextWithOIDC,
  indicator: string,
  client: ClientInstance,
  audience: string,
): Promise<Record<string, unknown>> {
  if (indicator !== audience) {
    throw new errors.InvalidTarget(`the only resource server is the FHIR API at ${audience}`);
  }
  const { entities, params, route } = ctx.oidc;
  const asked = resourceAndLaunchScopes(words(params?.scope));
  const source = (entities.AuthorizationCode ?? entities.RefreshToken) as TokenInstance | undefined;
  const candidates = [...new Set([...asked, ...resourceAndLaunchScopes(words(source?.scope))])];
  const system = route === 'token' && params?.grant_type === 'client_credentials';
  if (route === 'authorization' || route === 'pushed_authorization_request' || system) {
    const allowed = words(client.smart_scopes);
    for (const scope of asked) {
      const context = parseResourceScope(scope)?.context;
      if ((system ? context !== 'system' : context === 'system') || !allowedByAny(allowed, scope)) {
        throw new errors.InvalidScope('requested scope is not allowed for this client', scope);
      }
    }
    if (system && asked.length === 0) {
      throw new errors.InvalidScope('a system/ scope is required for client_credentials');
    }
  }
  return {
    scope: candidates.join(' '),
    audience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: system ? SYSTEM_TOKEN_TTL_SECONDS : ACCESS_TOKEN_TTL_SECONDS,
    jwt: { sign: { alg: 'RS256' } },
  };
}

type TargetClaims = Omit<AccessTokenClaims, 'sub' | 'client_id' | 'scope'>;

export function extraTokenClaims(clients: ReadonlyMap<string, RegisteredClient>, launches: LaunchStore) {
  return async (_ctx: KoaContextWithOIDC, token: TokenInstance): Promise<TargetClaims | undefined> => {
    if (token.kind === 'ClientCredentials') {
      const organization = clients.get(token.clientId)?.target_organization;
      return { target_role: 'system', ...(organization ? { target_organization: organization } : {}) };
    }
    const context = await launches.forGrant(token.grantId);
    if (!context) {
      return undefined;
    }
    return {
      target_role: context.role,
      ...(context.organization ? { target_organization: context.organization } : {}),
      ...(context.patient ? { patient: context.patient } : {}),
      ...(context.encounter ? { encounter: context.encounter } : {}),
      ...(context.fhirUser ? { fhirUser: context.fhirUser } : {}),
    };
  };
}

interface TokenResponseBody {
  access_token?: string;
  scope?: string;
  [field: string]: unknown;
}

/** Provider middleware adding the SMART launch context to successful authorization_code/refresh responses. */
export function smartTokenResponse(launches: LaunchStore, defaultStyleUrl: string): Middleware {
  return async (ctx, next) => {
    await next();
    const body = ctx.body as TokenResponseBody | undefined;
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200 || !body?.access_token) {
      return;
    }
    const grant = ctx.oidc.entities.Grant as { jti: string; getOIDCScope(): string } | undefined;
    const source = (ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken) as TokenInstance | undefined;
    const context = grant && (await launches.forGrant(grant.jti));
    if (!grant || !context) {
      return;
    }
    // oidc-provider reports the access token's (resource) scopes; SMART apps expect every granted scope.
    const granted = new Set([...words(body.scope), ...words(grant.getOIDCScope())]);
    const scope = words(source?.scope).filter((s) => granted.has(s));
    ctx.body = {
      ...body,
      scope: scope.join(' '),
      ...(context.patient ? { patient: context.patient } : {}),
      ...(context.encounter ? { encounter: context.encounter } : {}),
      // SMART 2.x fhirContext: the app learns its practice (or partner) without a lookup of its own.
      ...(context.organization ? { fhirContext: [{ reference: `Organization/${context.organization}` }] } : {}),
      need_patient_banner: context.need_patient_banner,
      smart_style_url: context.smart_style_url ?? defaultStyleUrl,
    };
  };
}
