// oidc-provider configured as a SMART App Launch 2.x authorization server: authorization code with PKCE
// S256 (required for public clients), `launch` and `aud` request parameters, JWT access tokens for the FHIR
// API, refresh tokens with rotation, introspection (RFC 7662), revocation (RFC 7009), and client_credentials
// with private_key_jwt (RS384/ES384, SMART Backend Services). State in our database (adapter.ts), keys
// from the data folder, users, clients and pages our own.
import {
  errors,
  interactionPolicy,
  type KoaContextWithOIDC,
  type Middleware,
  Provider,
  type TokenInstance,
} from 'oidc-provider';
import type { SigningKeys } from '../access/keys.ts';
import { answerTemporarilyUnavailable, type OAuthAudit } from '../audit/oauth.ts';
import type { Logger } from '../platform/logger.ts';
import { RETRY_AFTER_SECONDS } from '../platform/outcomes.ts';
import type { Database } from '../store/database/database.ts';
import { isTransientDatabaseError } from '../store/database/errors.ts';
import { PostgresAdapter } from './adapter.ts';
import { appOrigins, type RegisteredClient, toProviderMetadata } from './clients.ts';
import type { Directory } from './directory.ts';
import type { LaunchStore } from './launch.ts';
import { errorPage } from './pages.ts';
import { cspNonce } from './security.ts';
import { SHARED_SIGN_IN_AMR, type SignInSessions } from './sign-in-session.ts';
import { OIDC_SCOPES } from './smart-scopes.ts';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  extraTokenClaims,
  resourceServerInfo,
  SYSTEM_TOKEN_TTL_SECONDS,
  smartTokenResponse,
} from './token-claims.ts';
import type { UserStore } from './users.ts';

export const CLIENT_ASSERTION_ALGORITHMS = ['RS384', 'ES384'];
/** How long a consented grant (and a refresh token of offline_access) lives. */
export const GRANT_TTL_SECONDS = 14 * 24 * 3600;
/** A sign-in lasts a working day. */
const SESSION_TTL_SECONDS = 8 * 3600;
/** SMART Backend Services: a client assertion's exp is at most five minutes ahead. */
const MAX_ASSERTION_LIFETIME_SECONDS = 300;

export interface ProviderOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: SigningKeys;
  readonly cookieKeys: string[];
  readonly db: Database;
  readonly clients: readonly RegisteredClient[];
  readonly users: UserStore;
  readonly directory: Directory;
  readonly launches: LaunchStore;
  readonly logger: Logger;
  readonly audit: OAuthAudit;
  /** The sign-in shared with the EHR simulator: it decides who is signed in (sessionPolicy). */
  readonly sessions: SignInSessions;
}

function originsOf(client: { redirectUris: string[]; launch_url?: unknown }): Set<string> {
  return appOrigins([{ redirect_uris: client.redirectUris, launch_url: client.launch_url as string | undefined }]);
}

/**
 * OpenID Connect (Core §11) grants offline_access only with `prompt=consent`; SMART apps ask for it as a
 * plain OAuth scope without that prompt. Every authorization here goes through the consent step anyway (a
 * fresh grant each time; for a trusted client it is granted without a page), so the prompt is made explicit
 * for GET authorization requests that ask offline_access.
 */
const offlineAccessConsent: Middleware = async (ctx, next) => {
  const { scope, prompt } = ctx.query;
  if (ctx.method === 'GET' && ctx.path.endsWith('/auth') && typeof scope === 'string' && prompt !== 'none') {
    if (scope.split(' ').includes('offline_access')) {
      const prompts = new Set(typeof prompt === 'string' ? prompt.split(' ').filter(Boolean) : []);
      prompts.add('consent');
      ctx.query = { ...ctx.query, prompt: [...prompts].join(' ') };
    }
  }
  await next();
};

/**
 * Koa builds oidc-provider's absolute URLs (the discovery document's endpoints, the resume redirect after
 * sign-in and consent, the audiences a client assertion may name) from the request's Host header, or
 * X-Forwarded-Host behind a proxy: headers any client can forge. Host and protocol come from the issuer URL
 * instead; its protocol also marks cookies Secure behind a TLS-terminating proxy. No X-Forwarded-* header is
 * trusted, so the client address in the audit trail is the socket's, as on the Express side (no trust proxy).
 */
function pinToIssuer(provider: Provider, issuer: string): void {
  const { host, protocol } = new URL(issuer);
  Object.defineProperties(provider.request, {
    host: { get: () => host },
    protocol: { get: () => protocol.slice(0, -1) },
  });
  provider.proxy = false;
}

/**
 * The default prompts (login, then consent), plus one reason to ask for the sign-in again: the browser's
 * shared sign-in (the EHR simulator's session, sign-in-session.ts) and the authorization server's own session
 * disagree. Either the shared sign-in names another user — a GP who signs in to the simulator as themselves
 * never gets an app authorized as whoever used this browser's /oauth session before; the sign-in step then
 * completes with the simulator's user (interactions.ts) — or the session was lent by a shared sign-in that has
 * ended (signed out, expired): whoever sits at the browser now signs in anew. A sign-in submitted in this very
 * interaction stands.
 */
function sessionPolicy(sessions: SignInSessions): interactionPolicy.Policy {
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(
    new interactionPolicy.Check(
      'shared_sign_in_user',
      'the shared sign-in is of another user, or has ended',
      async (ctx) => {
        const accountId = ctx.oidc.session?.accountId;
        if (!accountId || ctx.oidc.result?.login) {
          return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        }
        const shared = await sessions.fromCookieHeader(ctx.get('cookie'));
        if (!shared) {
          return ctx.oidc.session?.amr?.includes(SHARED_SIGN_IN_AMR) === true;
        }
        return shared.username !== accountId;
      },
    ),
  );
  return policy;
}

export function createProvider(options: ProviderOptions): Provider {
  const { audience, launches, users, directory } = options;
  const mountPath = new URL(options.issuer).pathname.replace(/\/$/, '');
  const registry = new Map(options.clients.map((client) => [client.client_id, client]));
  const provider = new Provider(options.issuer, {
    adapter: (model: string) => new PostgresAdapter(options.db, model),
    clients: options.clients.map(toProviderMetadata),
    jwks: { keys: options.keys.privateJwks },
    cookies: {
      keys: options.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    scopes: [...OIDC_SCOPES],
    claims: { openid: ['sub'], fhirUser: ['fhirUser'], profile: ['name'] },
    // The code flow's id_token carries fhirUser itself (SMART sso-openid-connect), not only userinfo.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    clientAuthMethods: ['none', 'private_key_jwt'],
    enabledJWA: { clientAuthSigningAlgValues: CLIENT_ASSERTION_ALGORITHMS },
    allowOmittingSingleRegisteredRedirectUri: false,
    pkce: {
      required: (_ctx: KoaContextWithOIDC, client: { clientAuthMethod: string }) => client.clientAuthMethod === 'none',
    },
    extraParams: {
      async launch(_ctx: KoaContextWithOIDC, value: unknown) {
        if (value !== undefined && (typeof value !== 'string' || !(await launches.find(value)))) {
          throw new errors.InvalidRequest('launch is unknown, expired or already used');
        }
      },
      // SMART: aud names the FHIR server the app wants a token for; a mismatch may be a phishing server.
      async aud(_ctx: KoaContextWithOIDC, value: unknown) {
        if (value !== audience) {
          throw new errors.InvalidRequest(`aud must be the FHIR base URL ${audience}`);
        }
      },
    },
    extraClientMetadata: { properties: ['smart_scopes', 'launch_url', 'target_organization', 'ehr_launch'] },
    interactions: {
      policy: sessionPolicy(options.sessions),
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `${mountPath}/interaction/${interaction.uid}`,
    },
    // Every authorization gets its own consent and grant: that is where its launch context is bound.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    findAccount: async (ctx: KoaContextWithOIDC, sub: string) => {
      const user = users.get(sub);
      if (!user) {
        return undefined;
      }
      return {
        accountId: sub,
        claims: async () => {
          const grant = ctx.oidc.entities.Grant as { jti: string } | undefined;
          const context = await launches.forGrant(grant?.jti);
          const fhirUser = context ? context.fhirUser : (await directory.identify(user)).fhirUser;
          return { sub, name: user.name, ...(fhirUser ? { fhirUser } : {}) };
        },
      };
    },
    extraTokenClaims: extraTokenClaims(registry, launches),
    issueRefreshToken: async (
      _ctx: KoaContextWithOIDC,
      client: { grantTypeAllowed(type: string): boolean },
      code: TokenInstance,
    ) => {
      const scopes = new Set((code.scope ?? '').split(' '));
      return client.grantTypeAllowed('refresh_token') && (scopes.has('offline_access') || scopes.has('online_access'));
    },
    // Rotation always: a stolen, already used refresh token is worthless (and its reuse revokes the grant).
    rotateRefreshToken: () => true,
    assertJwtClientAuthClaimsAndHeader: async (_ctx: KoaContextWithOIDC, claims: { exp?: number }) => {
      if (typeof claims.exp === 'number' && claims.exp - Date.now() / 1000 > MAX_ASSERTION_LIFETIME_SECONDS + 15) {
        throw new errors.InvalidClientAuth('client assertion exp must be at most five minutes in the future');
      }
    },
    clientBasedCORS: (_ctx: KoaContextWithOIDC, origin: string, client: { redirectUris: string[] }) =>
      originsOf(client).has(origin),
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      ClientCredentials: SYSTEM_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
      RefreshToken: GRANT_TTL_SECONDS,
      Interaction: 3600,
      Session: SESSION_TTL_SECONDS,
      Grant: GRANT_TTL_SECONDS,
    },
    renderError: async (
      ctx: KoaContextWithOIDC & { type: string; res: { locals?: Record<string, unknown> } },
      out: { error: string; error_description?: string },
    ) => {
      ctx.type = 'html';
      ctx.body = errorPage(cspNonce(ctx.res), out);
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // A public app may introspect only its own tokens; confidential clients (resource servers) any.
        allowedPolicy: async (
          _ctx: KoaContextWithOIDC,
          client: { clientId: string; clientAuthMethod: string },
          token: TokenInstance,
        ) => client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: KoaContextWithOIDC, client: { clientId: string }, token: TokenInstance) =>
          token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => audience,
        useGrantedResource: async () => true,
        getResourceServerInfo: (
          ctx: KoaContextWithOIDC,
          indicator: string,
          client: Parameters<typeof resourceServerInfo>[2],
        ) => resourceServerInfo(ctx, indicator, client, audience),
      },
    },
  });
  pinToIssuer(provider, options.issuer);
  // Outermost: the audit record of an answer is written after everything else has shaped it, before it leaves.
  provider.use(options.audit.middleware());
  provider.use(offlineAccessConsent);
  provider.use(smartTokenResponse(launches, `${options.issuer}/smart-style.json`));
  provider.on('server_error', (context: unknown, err: unknown) => {
    const ctx = context as KoaContextWithOIDC;
    // oidc-provider built a 500 server_error; a database without a free connection passes by itself.
    if (isTransientDatabaseError(err)) {
      if (typeof ctx.body === 'string') {
        // An error page for the browser (renderError): it stays, with the status that says to come back.
        ctx.status = 503;
        ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
      } else {
        answerTemporarilyUnavailable(ctx, 'the authorization server is busy; retry the request');
      }
      return;
    }
    options.logger.error({ err }, 'authorization server error');
  });
  return provider;
}
