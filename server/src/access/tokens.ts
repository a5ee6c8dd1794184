// Signed access tokens outside an OAuth flow: `npm run target -- token` for administrators and scripts, and
// tests. The claims are those the authorization server puts in its JWT access tokens (docs/security.md).
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { SIGNING_ALGORITHM, type SigningKeys } from './keys.ts';

export type TargetRole = 'gp' | 'practice-nurse' | 'partner-worker' | 'patient' | 'system';

export interface AccessTokenClaims {
  /** User id, or the client id for a system token. */
  sub: string;
  client_id: string;
  /** Space-separated SMART scopes. */
  scope: string;
  target_role: TargetRole;
  /** The practice or partner Organization id the user or client acts for. */
  target_organization?: string;
  /** SMART launch context. */
  patient?: string;
  encounter?: string;
  fhirUser?: string;
}

export interface TokenOptions {
  issuer: string;
  audience: string;
  /** Lifetime in seconds (default one hour). */
  expiresIn?: number;
}

export async function issueAccessToken(
  keys: SigningKeys,
  claims: AccessTokenClaims,
  options: TokenOptions,
): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: keys.kid, typ: 'at+jwt' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${options.expiresIn ?? 3600}s`)
    .sign(keys.signingKey);
}
