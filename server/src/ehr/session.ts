// The EHR simulator's sign-in session: after the demo user's password checks out (the authorization
// server's sign-in: same scrypt hashes, same failed-sign-in limit, same audit record), the browser holds a
// JWT in an HttpOnly, SameSite=Lax cookie scoped to /ehr, signed with the server's key. Its `typ` and
// audience (`…/ehr`) keep it from ever passing as an access token. Its `jti` doubles as the CSRF token every
// simulator form posts back.
import type { Request, Response } from 'express';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { SIGNING_ALGORITHM, type SigningKeys } from '../access/keys.ts';

export const SESSION_COOKIE = 'target_ehr_session';
const SESSION_TYPE = 'ehr-session+jwt';
const SESSION_SECONDS = 8 * 3600;

export interface EhrSession {
  readonly username: string;
  /** Must come back in every form the simulator posts (double submit, bound to the session). */
  readonly csrf: string;
}

export class SessionCookies {
  private readonly keys: SigningKeys;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly secure: boolean;
  private readonly path: string;
  private readonly jwks: ReturnType<typeof createLocalJWKSet>;

  constructor(options: { keys: SigningKeys; issuer: string; baseUrl: string; mountPath: string }) {
    this.keys = options.keys;
    this.issuer = options.issuer;
    this.audience = `${options.baseUrl}${options.mountPath}`;
    this.secure = options.baseUrl.startsWith('https:');
    this.path = options.mountPath;
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
    res.cookie(SESSION_COOKIE, jwt, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      path: this.path,
      maxAge: SESSION_SECONDS * 1000,
    });
  }

  end(res: Response): void {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: this.path });
  }

  async read(req: Request): Promise<EhrSession | undefined> {
    const jwt = cookieValue(req.get('cookie'), SESSION_COOKIE);
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
      return decodeURIComponent(part.slice(index + 1).trim());
    }
  }
  return undefined;
}
