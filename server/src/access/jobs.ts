// Asynchronous jobs belong to whoever started them: the kick-off stores the caller (as JSON in the job's
// input), and the status URL, cancellation and output files answer only a token of that same caller
// (same issuer, subject and client). The job's own work runs with that caller's access policy.
import type { AuthContext, AuthSnapshot } from './context.ts';
import { currentAuth, snapshotOf } from './context.ts';

/** The current caller, to store in a job's input as `requester`. */
export function jobRequester(): AuthSnapshot | undefined {
  const auth = currentAuth();
  return auth ? snapshotOf(auth) : undefined;
}

/** The caller stored in a job's input, if any. */
export function requesterOf(input: unknown): AuthSnapshot | undefined {
  const requester = (input as { requester?: AuthSnapshot } | null)?.requester;
  return requester && typeof requester.subject === 'string' ? requester : undefined;
}

/**
 * Whether `auth` may see the job with `input`. A job started by the server itself (no requester) is for
 * the administrator only: a system token without organization.
 */
export function mayAccessJob(input: unknown, auth: AuthContext | undefined): boolean {
  if (!auth) {
    return false;
  }
  const requester = requesterOf(input);
  if (!requester) {
    return auth.role === 'system' && !auth.organization;
  }
  return requester.issuer === auth.issuer && requester.subject === auth.subject && requester.clientId === auth.clientId;
}
