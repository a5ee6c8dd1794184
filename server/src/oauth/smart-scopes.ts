// What the authorization server may grant: the check that a requested scope lies within what a client is
// registered for. The scope grammar (v2 and v1, SMART App Launch scopes-and-launch-context.html) is the one
// the resource server uses (../scopes.ts), so nothing is granted that /fhir would read differently.
import { LAUNCH_SCOPES, parseResourceScope } from '../access/scopes.ts';

export { LAUNCH_SCOPES, OIDC_SCOPES, parseResourceScope } from '../access/scopes.ts';

/** True when `requested` asks for nothing beyond `allowed` (same context, type, subset of interactions). */
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
  return [...r.interactions].every((interaction) => a.interactions.has(interaction));
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
