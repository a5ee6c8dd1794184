// OperationOutcomes we need beyond @medplum/core's, the one mapping from outcome to HTTP status, and the
// one way an Express route answers with an outcome.
import { getStatus } from '@medplum/core';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { Response } from 'express';

export const FHIR_JSON = 'application/fhir+json';

// @medplum/core's getStatus maps 'business-rule' to 422; fhir-router uses getStatus for batch entries.
const UNPROCESSABLE_ID = 'business-rule';
const METHOD_NOT_ALLOWED_ID = 'method-not-allowed';
/** Serialization conflicts that outlived every retry (store/database/errors.ts databaseBusy): 503. */
export const UNAVAILABLE_ID = 'database-busy';
/** No database connection within TARGET_DATABASE_WAIT_MS (store/database/errors.ts databaseUnavailable): 503. */
export const DATABASE_UNAVAILABLE_ID = 'database-unavailable';
/** A statement cancelled by the request's statement_timeout (store/database/errors.ts): 503. */
export const STATEMENT_TIMEOUT_ID = 'statement-timeout';

/** 422: the resource is well-formed JSON but breaks FHIR rules (R4 http.html#create: 422 Unprocessable Entity). */
export function unprocessable(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', id: UNPROCESSABLE_ID, issue: issues };
}

/** 422 for one broken rule, e.g. a TARGET operation that cannot run on the data it was given. */
export function businessRule(message: string, expression?: string): OperationOutcome {
  return unprocessable([
    {
      severity: 'error',
      code: 'business-rule',
      details: { text: message },
      ...(expression ? { expression: [expression] } : {}),
    },
  ]);
}

export function methodNotAllowed(method: string, path: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    id: METHOD_NOT_ALLOWED_ID,
    issue: [{ severity: 'error', code: 'not-supported', details: { text: `${method} is not allowed on ${path}` } }],
  };
}

export function httpStatusOf(outcome: OperationOutcome): number {
  switch (outcome.id) {
    case UNPROCESSABLE_ID:
      return 422;
    case METHOD_NOT_ALLOWED_ID:
      return 405;
    case UNAVAILABLE_ID:
    case DATABASE_UNAVAILABLE_ID:
    case STATEMENT_TIMEOUT_ID:
      return 503;
    default:
      return getStatus(outcome);
  }
}

/**
 * Seconds a client should wait before retrying a transient 503 (a busy pool or conflicting changes). Not sent
 * for a statement timeout: the same request would run into the same limit.
 */
export const RETRY_AFTER_SECONDS = 2;

/** Whether the outcome is a 503 that passes by itself, so the answer carries Retry-After. */
export function isTransientUnavailable(outcome: OperationOutcome): boolean {
  return outcome.id === UNAVAILABLE_ID || outcome.id === DATABASE_UNAVAILABLE_ID;
}

export function sendOutcome(res: Response, outcome: OperationOutcome, status = httpStatusOf(outcome)): void {
  if (isTransientUnavailable(outcome)) {
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  }
  res.status(status).type(FHIR_JSON).send(JSON.stringify(outcome));
}
