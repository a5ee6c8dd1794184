// The shared sign-in session of the EHR simulator and the authorization server, as a real EHR's session is
// shared with its identity provider: after a demo user's password checks out at /ehr (the authorization
// server's sign-in: same scrypt hashes, same failed-sign-in limit, same audit record), the browser holds a JWT
// in an HttpOnly, SameSite=Lax cookie, signed with the server's key, sent to the simulator's pages and to the
// authorization server (/oauth) only. There it completes the sign-in step of an authorization for that user,
// so a GP who launches an app from the simulator is not asked for a password again (interactions.ts). Its
// `typ` and audience keep it from ever passing as an access token; its `jti` doubles as the CSRF token every
// simulator form posts back.
import type { Request, Response } from 'express';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { SIGNING_ALGORITHM, type SigningKeys } from '../access/keys.ts';

export const SESSION_COOKIE = 'target_ehr_session';
/**
 * The authentication method (`amr`) of an authorization server session the shared sign-in started: such a
 * session lasts only as long as the shared sign-in does (provider.ts).
 */
export const SHARED_SIGN_IN_AMR = 'target-ehr-session';
const SESSION_TYPE = 'sign-in-session+jwt';
const SESSION_SECONDS = 8 * 3600;

export interface SignInSession {
  readonly username: string;
  /** Must come back in every form the simulator posts (double submit, bound to the session). */
  readonly csrf: string;
}

export class SignInSessions {
  private readonly keys: SigningKeys;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly secure: boolean;
  private readonly paths: readonly string[];
  private readonly jwks: ReturnType<typeof createLocalJWKSet>;

  /**
   * @param options.issuer - The authorization server's issuer URL (the session's issuer; audience `…/sign-in`).
   * @param options.paths - Where the browser sends the cookie: the simulator's and the authorization server's
   *   mount paths. One cookie per path, so no other route of the server ever receives it.
   */
  constructor(options: { keys: SigningKeys; issuer: string; paths: readonly string[] }) {
    this.keys = options.keys;
    this.issuer = options.issuer;
    this.audience = `${options.issuer}/sign-in`;
    this.secure = options.issuer.startsWith('https:');
    this.paths = options.paths;
    this.jwks = createLocalJWKSet(options.keys.publicJwks);
  }

  async start(res: Response, username: string): Promise<void> {
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: this.keys.kid, typ: SESSION_TYPE })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(username)
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${SESSION_SECONDS}s`)
      .sign(this.keys.signingKey);
    for (const path of this.paths) {
      res.cookie(SESSION_COOKIE, jwt, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.secure,
        path,
        maxAge: SESSION_SECONDS * 1000,
      });
    }
  }

  end(res: Response): void {
    for (const path of this.paths) {
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: this.secure, path });
    }
  }

  async read(req: Request): Promise<SignInSession | undefined> {
    return this.fromCookieHeader(req.get('cookie'));
  }

  /** The session in a Cookie header (also for oidc-provider's Koa requests); undefined when absent or invalid. */
  async fromCookieHeader(header: string | undefined): Promise<SignInSession | undefined> {
    const jwt = cookieValue(header, SESSION_COOKIE);
    if (!jwt) {
      return undefined;
    }
    try {
      const { payload } = await jwtVerify(jwt, this.jwks, {
        issuer: this.issuer,
        audience: this.audience,
        typ: SESSION_TYPE,
        requiredClaims: ['sub', 'jti', 'exp'],
      });
      return { username: payload.sub as string, csrf: payload.jti as string };
    } catch {
      return undefined;
    }
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
