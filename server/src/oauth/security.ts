// HTTP hardening of the authorization server: security headers with a strict Content-Security-Policy on
// every /oauth response (our pages use one nonce'd inline stylesheet and no script; oidc-provider adds the
// hash of its form_post script itself), the failed-sign-in limit and the token endpoint's rate limit.
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';

/** The per-response nonce of the inline stylesheet. */
export function cspNonce(res: { locals?: Record<string, unknown> }): string {
  return String(res.locals?.cspNonce ?? '');
}

/**
 * Security headers. `formOrigins`: where our forms and redirects after them may go — the browser applies
 * form-action to the redirect chain that ends at the app's redirect_uri.
 */
export function securityHeaders(formOrigins: readonly string[]): RequestHandler[] {
  const nonce = (_req: Request, res: Response, next: NextFunction): void => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: [(_req, res) => `'nonce-${cspNonce(res as Response)}'`],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'", ...formOrigins],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    // Sign-in pages must not be framed (clickjacking) nor leak the authorization URL to other sites.
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  return [nonce, headers];
}

/** Failed sign-ins per IP address and username in 15 minutes before every sign-in form answers 429. */
export const LOGIN_FAILURES_PER_WINDOW = 10;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Token requests per IP address per minute. */
export const TOKEN_REQUESTS_PER_MINUTE = 300;

export interface CountedSignIn {
  /** The limit was already reached: refuse without checking the password. */
  readonly limited: boolean;
  readonly retryAfterSeconds: number;
  /** Takes the attempt back: only failures count. */
  succeeded(): void;
}

/**
 * The one failed-sign-in counter of the server, shared by every form that checks a password (/oauth and
 * /ehr), so that neither gives a guesser more tries: fixed 15-minute windows per IP address (IPv6 by /56)
 * and user name, in memory. An attempt counts before its password is checked, so parallel guesses cannot
 * slip past the limit; a successful one is taken back.
 */
export class FailedSignInLimit {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [key, window] of this.windows) {
        if (window.resetAt <= now) {
          this.windows.delete(key);
        }
      }
    }, LOGIN_WINDOW_MS);
    this.sweeper.unref();
  }

  count(ip: string | undefined, username: string): CountedSignIn {
    const key = `${ipKeyGenerator(ip ?? '')}|${username.slice(0, 64)}`;
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + LOGIN_WINDOW_MS };
      this.windows.set(key, window);
    }
    window.count += 1;
    const counted = window;
    return {
      limited: counted.count > LOGIN_FAILURES_PER_WINDOW,
      retryAfterSeconds: Math.ceil((counted.resetAt - now) / 1000),
      succeeded: () => {
        counted.count = Math.max(0, counted.count - 1);
      },
    };
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}

export function tokenRateLimit(): RequestHandler {
  return rateLimit({
    windowMs: 60 * 1000,
    limit: TOKEN_REQUESTS_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({ error: 'temporarily_unavailable', error_description: 'too many token requests' });
    },
  });
}
