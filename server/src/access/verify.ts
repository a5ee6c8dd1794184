// Access-token verification for the FHIR API: a JWT signed by the trusted authorization server, checked
// for signature (JWKS), issuer, audience and expiry with jose. The keys are either the embedded
// authorization server's, read locally, or a remote JWKS (TARGET_AUTH_JWKS_URL), so an external
// authorization server can replace ours without code changes.
import { createLocalJWKSet, createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { Config } from '../config.ts';
import type { AuthContext } from './context.ts';
import { loadOrCreateSigningKeys } from './keys.ts';
import { ScopeSet } from './scopes.ts';
import type { TargetRole } from './tokens.ts';

const ROLES: readonly TargetRole[] = ['gp', 'practice-nurse', 'partner-worker', 'patient', 'system'];
/** Asymmetric algorithms only: an HS256 token would be signed with a shared secret we do not have. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
/** Seconds of clock difference tolerated between the authorization server and us. */
const CLOCK_TOLERANCE = 30;

/** Why a token was refused; the message goes into WWW-Authenticate's error_description. */
export class InvalidTokenError extends Error {}

export interface TokenVerifier {
  verify(token: string): Promise<AuthContext>;
}

type KeySet = Parameters<typeof jwtVerify>[1];

function optionalString(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw new InvalidTokenError(`Claim ${name} must be a non-empty string`);
  }
  return value;
}

/** The AuthContext of a verified payload; TARGET claims are optional (tokens of an external server). */
export function authContextOf(payload: JWTPayload): AuthContext {
  const role = optionalString(payload, 'target_role');
  if (role !== undefined && !ROLES.includes(role as TargetRole)) {
    throw new InvalidTokenError(`Unknown target_role "${role}"`);
  }
  if (!payload.sub || !payload.jti || payload.exp === undefined) {
    throw new InvalidTokenError('The token lacks sub, jti or exp');
  }
  const scope = optionalString(payload, 'scope') ?? '';
  return {
    subject: payload.sub,
    clientId: optionalString(payload, 'client_id') ?? optionalString(payload, 'azp') ?? payload.sub,
    role: role as TargetRole | undefined,
    organization: optionalString(payload, 'target_organization'),
    patient: optionalString(payload, 'patient'),
    encounter: optionalString(payload, 'encounter'),
    fhirUser: optionalString(payload, 'fhirUser'),
    scopes: ScopeSet.parse(scope),
    tokenId: payload.jti,
    issuer: payload.iss as string,
    expiresAt: new Date(payload.exp * 1000).toISOString(),
  };
}

export function tokenVerifier(keys: KeySet, issuer: string, audience: string): TokenVerifier {
  return {
    async verify(token: string): Promise<AuthContext> {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer,
          audience,
          algorithms: ALGORITHMS,
          clockTolerance: CLOCK_TOLERANCE,
          requiredClaims: ['sub', 'exp', 'jti'],
        });
        return authContextOf(payload);
      } catch (err) {
        if (err instanceof InvalidTokenError) {
          throw err;
        }
        // jose's messages name the failed check ("\"exp\" claim timestamp check failed"), never key material.
        throw new InvalidTokenError((err as Error).message || 'The access token is invalid');
      }
    },
  };
}

/**
 * Remembers the tokens `inner` accepted lately, by their text, for at most a minute and never past their
 * `exp`. A client sends the same token with every request of its session, and checking its signature costs
 * more than the rest of a small read. The minute bounds how long a token stays accepted after its signing key
 * was withdrawn from a remote JWKS. Refusals are not remembered (a flood of bad tokens cannot push good ones
 * out), and the least recently used token goes first when `capacity` is reached.
 */
export function rememberingVerifier(
  inner: TokenVerifier,
  capacity = 1000,
  now = () => Date.now(),
  rememberMs = 60_000,
): TokenVerifier {
  const accepted = new Map<string, { auth: AuthContext; until: number }>();
  return {
    async verify(token: string): Promise<AuthContext> {
      const known = accepted.get(token);
      if (known) {
        accepted.delete(token);
        if (known.until > now()) {
          accepted.set(token, known);
          return known.auth;
        }
      }
      const auth = await inner.verify(token);
      const until = Math.min(Date.parse(auth.expiresAt), now() + rememberMs);
      if (until > now()) {
        if (accepted.size >= capacity) {
          accepted.delete(accepted.keys().next().value as string);
        }
        accepted.set(token, { auth, until });
      }
      return auth;
    },
  };
}

/** The verifier the configuration asks for: remote JWKS when TARGET_AUTH_JWKS_URL is set, else our own keys. */
export async function createTokenVerifier(config: Config): Promise<TokenVerifier> {
  const keys = config.authJwksUrl
    ? createRemoteJWKSet(new URL(config.authJwksUrl))
    : createLocalJWKSet((await loadOrCreateSigningKeys(config.dataDir)).publicJwks);
  return rememberingVerifier(tokenVerifier(keys, config.authIssuer, config.authAudience));
}
