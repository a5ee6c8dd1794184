// What the authorization server may grant: SMART App Launch 2.x scope syntax (scopes-and-launch-context.html)
// and the check that a requested scope lies within what a client is registered for. Only the grammar and
// containment are needed here; what a granted scope allows at /fhir is the resource server's business.

/** OpenID Connect and launch scopes, handled by oidc-provider as "static" scopes. */
export const OIDC_SCOPES = ['openid', 'fhirUser', 'profile', 'offline_access', 'online_access'] as const;

/** Launch-context scopes; they travel in the access token with the resource scopes. */
export const LAUNCH_SCOPES = ['launch', 'launch/patient', 'launch/encounter'] as const;

export type ScopeContext = 'patient' | 'user' | 'system';

export interface ResourceScope {
  readonly context: ScopeContext;
  /** A resource type or `*`. */
  readonly resourceType: string;
  /** v2 letters in canonical order (`cruds`); v1 `read` = rs, `write` = cud, `*` = cruds. */
  readonly permissions: string;
  /** The v2 `?param=value` restriction, kept verbatim. */
  readonly query?: string;
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|c?r?u?d?s?)(\?[^\s]+)?$/;
const V1_PERMISSIONS: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };

/** Parses `patient/Observation.rs`, `user/*.read`, `system/Task.u?status=requested`; undefined otherwise. */
export function parseResourceScope(scope: string): ResourceScope | undefined {
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match || match[3] === '') {
    return undefined;
  }
  const [, context, resourceType, permissions, query] = match;
  // v1 permissions take no query (the `?` form is v2 only).
  if (query && V1_PERMISSIONS[permissions]) {
    return undefined;
  }
  return {
    context: context as ScopeContext,
    resourceType,
    permissions: V1_PERMISSIONS[permissions] ?? permissions,
    ...(query ? { query: query.slice(1) } : {}),
  };
}

/** True when `requested` asks for nothing beyond `allowed` (same context, type, subset of permissions). */
export function scopeCovers(allowed: string, requested: string): boolean {
  if (allowed === requested) {
    return true;
  }
  const a = parseResourceScope(allowed);
  const r = parseResourceScope(requested);
  if (!a || !r || a.context !== r.context) {
    return false;
  }
  if (a.resourceType !== '*' && a.resourceType !== r.resourceType) {
    return false;
  }
  // An allowed scope with a query restriction covers only the same restriction.
  if (a.query !== undefined && a.query !== r.query) {
    return false;
  }
  return [...r.permissions].every((letter) => a.permissions.includes(letter));
}

/** Resource and launch scopes among `requested`, in request order (OIDC scopes are left out). */
export function resourceAndLaunchScopes(requested: Iterable<string>): string[] {
  const launch = new Set<string>(LAUNCH_SCOPES);
  return [...requested].filter((scope) => launch.has(scope) || parseResourceScope(scope) !== undefined);
}

/** Whether any scope in `allowedList` covers `requested`. */
export function allowedByAny(allowedList: readonly string[], requested: string): boolean {
  return allowedList.some((allowed) => scopeCovers(allowed, requested));
}
