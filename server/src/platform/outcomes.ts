// OperationOutcomes we need beyond @medplum/core's, and the one mapping from outcome to HTTP status.
import { getStatus } from '@medplum/core';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { STATEMENT_TIMEOUT_ID, UNAVAILABLE_ID } from '../store/database/errors.ts';

// @medplum/core's getStatus maps 'business-rule' to 422; fhir-router uses getStatus for batch entries.
const UNPROCESSABLE_ID = 'business-rule';
const METHOD_NOT_ALLOWED_ID = 'method-not-allowed';

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
    case STATEMENT_TIMEOUT_ID:
      return 503;
    default:
      return getStatus(outcome);
  }
}
