// Who is calling: the verified access token of the current request, carried through the request's async
// work with AsyncLocalStorage (as Medplum's request context does), so that the audit trail and anything
// else deep in a request can ask currentAuth() instead of threading `req` through the domain.
import { AsyncLocalStorage } from 'node:async_hooks';
import { ScopeSet } from './scopes.ts';
import type { TargetRole } from './tokens.ts';

export interface AuthContext {
  /** `sub`: the user id, or the client id of a backend service. */
  readonly subject: string;
  /** `client_id`: the app or backend service that holds the token. */
  readonly clientId: string;
  /** `target_role`; absent on tokens of an external authorization server without TARGET claims. */
  readonly role?: TargetRole;
  /** `target_organization`: the practice or partner Organization id the caller acts for. */
  readonly organization?: string;
  /** SMART launch context `patient` (a Patient id). */
  readonly patient?: string;
  /** SMART launch context `encounter` (an Encounter id). */
  readonly encounter?: string;
  /** e.g. `Practitioner/gp-a`, `Patient/x`. */
  readonly fhirUser?: string;
  readonly scopes: ScopeSet;
  /** `jti`. */
  readonly tokenId: string;
  /** `iss`: which authorization server issued the token. */
  readonly issuer: string;
  /** `exp`, as an ISO instant. */
  readonly expiresAt: string;
}

/** An AuthContext as JSON (scopes as their text), for what outlives the request: jobs and their files. */
export interface AuthSnapshot extends Omit<AuthContext, 'scopes'> {
  readonly scope: string;
}

const storage = new AsyncLocalStorage<AuthContext>();

export function runWithAuth<T>(auth: AuthContext, fn: () => T): T {
  return storage.run(auth, fn);
}

/** The caller of the current request; undefined outside a request (start-up, jobs, commands). */
export function currentAuth(): AuthContext | undefined {
  return storage.getStore();
}

export function snapshotOf(auth: AuthContext): AuthSnapshot {
  const { scopes, ...rest } = auth;
  return { ...rest, scope: scopes.toString() };
}

export function authFromSnapshot(snapshot: AuthSnapshot): AuthContext {
  const { scope, ...rest } = snapshot;
  return { ...rest, scopes: ScopeSet.parse(scope) };
}
