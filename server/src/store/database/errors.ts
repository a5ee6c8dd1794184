// Database errors never reach a client as themselves: the FhirRouter would turn any plain Error into a
// 400 carrying SQL text. Unexpected ones become a 500 OperationOutcome (logged by the HTTP layer); the
// few the store handles itself (unique violation, serialization failure) pass through unchanged.
import { badRequest, OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome } from '@medplum/fhirtypes';
import {
  DATABASE_UNAVAILABLE_ID,
  isTransientUnavailable,
  STATEMENT_TIMEOUT_ID,
  UNAVAILABLE_ID,
} from '../../platform/outcomes.ts';
import type { QueryOptions, SqlRunner } from './database.ts';
import { DatabaseUnavailable, isRetryableTransactionError } from './database.ts';

const HANDLED_BY_STORE = new Set(['23505', '40001', '40P01']);
/** query_canceled: on our connections only the statement_timeout cancels (or an administrator). */
const QUERY_CANCELED = '57014';
/**
 * Text PostgreSQL cannot hold: U+0000 in a text parameter (22021) or in JSON (22P05). Only client input
 * brings it in, so it is the client's 400, whichever check upstream missed it.
 */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

function isDatabaseError(err: unknown): err is Error & { code: string } {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string';
}

export function internalDatabaseError(err: Error & { code?: string }): OperationOutcomeError {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'exception',
        details: { text: 'Internal database error' },
        diagnostics: `SQLSTATE ${err.code ?? 'unknown'}`,
      },
    ],
  };
  // ErrorOptions: the database error stays reachable as `cause` for logs (never for the client).
  return new OperationOutcomeError(outcome, { cause: err });
}

/** A transaction that kept conflicting with concurrent ones after every retry: the client may retry. */
export function databaseBusy(): OperationOutcomeError {
  return new OperationOutcomeError({
    resourceType: 'OperationOutcome',
    id: UNAVAILABLE_ID,
    issue: [
      { severity: 'error', code: 'transient', details: { text: 'Too many concurrent changes; retry the request' } },
    ],
  });
}

/** No pooled connection within TARGET_DATABASE_WAIT_MS (or the server unreachable): 503, the client may retry. */
export function databaseUnavailable(err: Error): OperationOutcomeError {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    id: DATABASE_UNAVAILABLE_ID,
    issue: [
      {
        severity: 'error',
        code: 'transient',
        details: { text: 'The database is busy or unreachable: no connection was free in time; retry the request' },
      },
    ],
  };
  return new OperationOutcomeError(outcome, { cause: err });
}

/**
 * Whether `err` says the database cannot serve now but will soon (no connection free in time, conflicting
 * changes after every retry), raw or as its OperationOutcome: answers built on it are 503 with Retry-After.
 */
export function isTransientDatabaseError(err: unknown): boolean {
  return (
    err instanceof DatabaseUnavailable || (err instanceof OperationOutcomeError && isTransientUnavailable(err.outcome))
  );
}

export function statementTimeout(err: Error): OperationOutcomeError {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    id: STATEMENT_TIMEOUT_ID,
    issue: [
      {
        severity: 'error',
        code: 'too-costly',
        details: {
          text: 'The request was stopped: one of its database statements ran longer than the limit (TARGET_STATEMENT_TIMEOUT_MS); narrow it, or ask for it asynchronously (Prefer: respond-async) where the operation allows',
        },
      },
    ],
  };
  return new OperationOutcomeError(outcome, { cause: err });
}

function unstorableText(err: Error): OperationOutcomeError {
  const outcome = badRequest('The request holds text the database cannot store (a NUL character)');
  return new OperationOutcomeError(outcome, { cause: err });
}

/**
 * Wraps a runner so that unexpected database errors surface as 500 OperationOutcomes, a statement timeout
 * or a connection wait past its limit as a 503 and a NUL in a parameter as a 400.
 */
export function guarded(runner: SqlRunner): SqlRunner {
  return {
    query: async <Row>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Row[]> => {
      try {
        return await runner.query<Row>(sql, params, options);
      } catch (err) {
        if (err instanceof DatabaseUnavailable) {
          throw databaseUnavailable(err);
        }
        if (isDatabaseError(err) && err.code === QUERY_CANCELED) {
          throw statementTimeout(err);
        }
        if (isDatabaseError(err) && UNSTORABLE_TEXT.has(err.code)) {
          throw unstorableText(err);
        }
        if (isDatabaseError(err) && !HANDLED_BY_STORE.has(err.code)) {
          throw internalDatabaseError(err);
        }
        throw err;
      }
    },
  };
}

/** Converts what escaped a transaction: an exhausted serialization retry becomes 503-like "busy". */
export function afterTransaction(err: unknown): unknown {
  if (isRetryableTransactionError(err)) {
    return databaseBusy();
  }
  if (err instanceof DatabaseUnavailable) {
    return databaseUnavailable(err);
  }
  // Connection failures, BEGIN/COMMIT errors and the like: a 500, not the router's default 400 with the
  // raw message.
  if (err instanceof Error && !(err instanceof OperationOutcomeError)) {
    return internalDatabaseError(err);
  }
  return err;
}
