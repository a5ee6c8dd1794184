// Bearer-token authentication for everything under /fhir (RFC 6750), except the CapabilityStatement:
// clients read /fhir/metadata before they have a token (SMART discovery). A request without a valid token
// is answered 401 with WWW-Authenticate and an OperationOutcome; a valid one runs with its AuthContext.
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { NextFunction, Request, Response } from 'express';
import { sendOutcome } from '../platform/outcomes.ts';
import { runWithAuth } from './context.ts';
import { InvalidTokenError, type TokenVerifier } from './verify.ts';

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

function unauthorized(text: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    id: 'unauthorized',
    issue: [{ severity: 'error', code: 'login', details: { text } }],
  };
}

/** Quoted-string content for a header parameter (RFC 9110 §5.6.4): no quotes, backslashes or controls. */
function quoted(text: string): string {
  return text.replace(/[^\x20-\x7e]|["\\]/g, ' ');
}

export function isOpenFhirPath(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && /^\/metadata\/?$/.test(req.path);
}

/**
 * Express middleware for /fhir. `realm` names the protected resource (the FHIR base URL). A request without
 * credentials gets a challenge without error code, one with a bad token error="invalid_token" (RFC 6750 §3.1).
 */
export function authenticate(verifier: TokenVerifier, realm: string) {
  const deny = (res: Response, description?: string): void => {
    const challenge = description
      ? `Bearer realm="${realm}", error="invalid_token", error_description="${quoted(description)}"`
      : `Bearer realm="${realm}"`;
    res.setHeader('WWW-Authenticate', challenge);
    sendOutcome(res, unauthorized(description ?? 'An access token is required (Authorization: Bearer …)'), 401);
  };
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (isOpenFhirPath(req)) {
      next();
      return;
    }
    const header = req.headers.authorization;
    if (!header) {
      deny(res);
      return;
    }
    const match = BEARER.exec(header.trim());
    if (!match) {
      deny(res, 'The Authorization header must be "Bearer" followed by an access token');
      return;
    }
    let auth: Awaited<ReturnType<TokenVerifier['verify']>>;
    try {
      auth = await verifier.verify(match[1]);
    } catch (err) {
      if (err instanceof InvalidTokenError) {
        deny(res, err.message);
        return;
      }
      next(err);
      return;
    }
    runWithAuth(auth, () => next());
  };
}
