// HTTP hardening of the authorization server: security headers with a strict Content-Security-Policy on
// every /oauth response (our pages use one nonce'd inline stylesheet and no script; oidc-provider adds the
// hash of its form_post script itself), and rate limits on sign-in and the token endpoint.
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

/** Failed sign-ins per IP address and username in 15 minutes before the form answers 429. */
export const LOGIN_FAILURES_PER_WINDOW = 10;
/** Token requests per IP address per minute. */
export const TOKEN_REQUESTS_PER_MINUTE = 300;

export function loginRateLimit(onLimited: RequestHandler): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: LOGIN_FAILURES_PER_WINDOW,
    // Successful sign-ins redirect (303) and are not counted: only guessing is.
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const username = typeof req.body?.username === 'string' ? req.body.username.slice(0, 64) : '';
      return `${ipKeyGenerator(req.ip ?? '')}|${username}`;
    },
    handler: onLimited,
  });
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
