// The audit hook of the FHIR API, mounted at /fhir ahead of authentication: every answer under /fhir (but
// the CapabilityStatement) is held back until its AuditEvents are stored — 401s of the authentication,
// 403s of the access policy, the router's answers and the job routes alike. It wraps `res.end`, through
// which every Express answer leaves; a body streamed with `res.write` must call `auditResponse` first (the
// job files do), and writing before the audit is refused. When the trail cannot be written the answer is
// replaced by a 500 OperationOutcome: no data leaves without a trail. When the trail could not be written
// because no database connection was free in time, the replacement is a 503 with Retry-After instead: the
// refusal passes by itself, as the original answer's 503 for the same exhausted pool would have.
import { randomUUID } from 'node:crypto';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isOpenFhirPath } from '../access/authenticate.ts';
import { currentAuth } from '../access/context.ts';
import type { Logger } from '../platform/logger.ts';
import { RETRY_AFTER_SECONDS } from '../platform/outcomes.ts';
import { isTransientDatabaseError } from '../store/database/errors.ts';
import { fhirAuditEvents } from './fhir-events.ts';
import type { AuditSink } from './writer.ts';

/** What the FHIR router answered, recorded by fhir/http.ts for the hook. */
export interface FhirAnswer {
  readonly outcome: OperationOutcome;
  readonly resource?: Resource;
}

const ANSWER = 'targetAuditAnswer';
const AUDIT = 'targetAudit';
/** Headers that would point at data the refused answer no longer carries. */
const DATA_HEADERS = ['ETag', 'Location', 'Content-Location', 'Last-Modified', 'X-Progress', 'Retry-After'];

const AUDIT_FAILED: OperationOutcome = {
  resourceType: 'OperationOutcome',
  id: 'audit-failed',
  issue: [
    {
      severity: 'fatal',
      code: 'exception',
      details: { text: 'The audit trail could not be written; the request was not answered' },
    },
  ],
};

const AUDIT_UNAVAILABLE: OperationOutcome = {
  resourceType: 'OperationOutcome',
  id: 'audit-unavailable',
  issue: [
    {
      severity: 'error',
      code: 'transient',
      details: {
        text: 'The audit trail could not be written (the database is busy); the request was not answered, retry it',
      },
    },
  ],
};
/** A client's X-Request-Id we keep: printable ASCII without spaces, short enough for a log line and an index. */
const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * The X-Request-Id of the exchange (R4 http.html#custom): the client's when it sent a usable one, else a new
 * one. It is echoed in the answer and recorded in every AuditEvent of the request, so a client that lost the
 * answer (a dropped connection) can still find out from the trail whether its request was carried out.
 */
function requestIdOf(req: Request): string {
  const sent = req.get('X-Request-Id');
  return sent !== undefined && CLIENT_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/** Hands the router's answer to the audit hook (fhir/http.ts, before it sends). */
export function recordFhirAnswer(res: Response, answer: FhirAnswer): void {
  res.locals[ANSWER] = answer;
}

/**
 * Writes the AuditEvents of this response now (before a streamed body). False when that failed: the 500 has
 * then been sent and the caller must not write anything.
 */
export async function auditResponse(res: Response): Promise<boolean> {
  const audit = res.locals[AUDIT] as ((body?: unknown) => Promise<boolean>) | undefined;
  return audit ? audit() : true;
}

export interface AuditHttpOptions {
  readonly sink: AuditSink;
  /** The FHIR base URL: this server as the observer. */
  readonly observer: string;
  readonly logger: Logger;
}

type End = (chunk?: unknown, encoding?: unknown, cb?: unknown) => Response;
type Write = (chunk: unknown, encoding?: unknown, cb?: unknown) => boolean;

export function auditTrail(options: AuditHttpOptions): RequestHandler {
  const { sink, observer, logger } = options;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isOpenFhirPath(req)) {
      next();
      return;
    }
    const started = new Date();
    const requestId = requestIdOf(req);
    res.setHeader('X-Request-Id', requestId);
    // Relative to the FHIR base, as it arrived (routers further on rewrite req.url while they run).
    const url = req.url;
    const end = res.end.bind(res) as End;
    const write = res.write.bind(res) as Write;
    let state: 'pending' | 'written' | 'failed' = 'pending';
    let audited: Promise<boolean> | undefined;

    const refuse = (err: unknown): void => {
      state = 'failed';
      if (res.headersSent) {
        res.destroy(new Error('audit trail write failed'));
        return;
      }
      for (const header of [...DATA_HEADERS, 'Content-Length']) {
        res.removeHeader(header);
      }
      const transient = isTransientDatabaseError(err);
      res.statusCode = transient ? 503 : 500;
      if (transient) {
        res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      }
      res.setHeader('Content-Type', 'application/fhir+json; charset=utf-8');
      end(JSON.stringify(transient ? AUDIT_UNAVAILABLE : AUDIT_FAILED));
    };

    const audit = (body?: unknown): Promise<boolean> => {
      audited ??= (async () => {
        try {
          const events = fhirAuditEvents({
            req,
            url,
            status: res.statusCode,
            answer: res.locals[ANSWER] as FhirAnswer | undefined,
            body,
            auth: currentAuth(),
            origin: { address: req.ip ?? req.socket.remoteAddress, observer, started, requestId },
          });
          await sink.write(events);
          state = 'written';
          return true;
        } catch (err) {
          // The writer logged the database's reason; this names the request that was refused.
          logger.error({ err, method: req.method, url: req.originalUrl }, 'request refused: no audit trail');
          refuse(err);
          return false;
        }
      })();
      return audited;
    };
    res.locals[AUDIT] = audit;

    res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
      if (state !== 'pending') {
        return state === 'written' ? end(chunk, encoding, cb) : res;
      }
      void audit(chunk).then((ok) => {
        if (ok) {
          end(chunk, encoding, cb);
        }
      });
      return res;
    }) as Response['end'];
    res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
      if (state !== 'written') {
        throw new Error('response body written before its audit record (call auditResponse first)');
      }
      return write(chunk, encoding, cb);
    }) as Response['write'];
    next();
  };
}
