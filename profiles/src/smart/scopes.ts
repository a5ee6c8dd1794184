// SMART App Launch scopes (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html), v2 and
// v1, for both sides: the authorization server decides what to grant with it, the resource server what to
// allow, and the SMART app what it was granted. Lives in the package (browser-safe) so all three read a
// scope the same way.
//
//   v2  <context>/<type>.<permissions>   context patient | user | system, type a resource type or `*`,
//       permissions a non-empty subsequence of `cruds` in that order (`rs`, `cud`; not `sr`)
//   v1  <context>/<type>.read | .write | .*   read = rs, write = cud, * = cruds (the v2 equivalents)
// Anything else that is not one of the launch/identity scopes is ignored, as the spec asks of servers
// ("servers SHALL ignore scopes they do not understand"). Granular v2 scopes with a query
// (`patient/Observation.rs?category=laboratory`) are ignored too: this server cannot honour the filter,
// and granting the unfiltered scope instead would give more than was asked for.

/** SMART v2 permissions: create, read, update, delete, search (the server store's interactions). */
export type Interaction = 'c' | 'r' | 'u' | 'd' | 's';
export type ScopeContext = 'patient' | 'user' | 'system';

export const INTERACTIONS: readonly Interaction[] = ['c', 'r', 'u', 'd', 's'];

export interface ResourceScope {
  readonly context: ScopeContext;
  /** A resource type, or `*` for every type. */
  readonly resourceType: string;
  readonly interactions: ReadonlySet<Interaction>;
  /** The scope as written. */
  readonly text: string;
}

/** OpenID Connect and token-lifetime scopes (oidc-provider's "static" scopes). */
export const OIDC_SCOPES = ['openid', 'fhirUser', 'profile', 'offline_access', 'online_access'] as const;

/** Launch-context scopes; they travel in the access token with the resource scopes. */
export const LAUNCH_SCOPES = ['launch', 'launch/patient', 'launch/encounter'] as const;

/** Scopes that carry no resource access but are meaningful to the authorization server. */
export const NON_RESOURCE_SCOPES: ReadonlySet<string> = new Set([...OIDC_SCOPES, ...LAUNCH_SCOPES]);

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]{1,63})\.([a-z*]+)$/;
const V1_PERMISSIONS: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };
const V2_PERMISSIONS = /^c?r?u?d?s?$/;

/** One resource scope, or undefined when it is not a (supported) SMART resource scope. */
export function parseResourceScope(text: string): ResourceScope | undefined {
  const match = RESOURCE_SCOPE.exec(text);
  if (!match) {
    return undefined;
  }
  const [, context, resourceType, permissions] = match;
  const letters = V1_PERMISSIONS[permissions] ?? (V2_PERMISSIONS.test(permissions) ? permissions : '');
  if (!letters) {
    return undefined;
  }
  return {
    context: context as ScopeContext,
    resourceType,
    interactions: new Set(letters.split('') as Interaction[]),
    text,
  };
}

/** A parsed `scope` claim or parameter (space-separated). */
export class ScopeSet {
  readonly resourceScopes: readonly ResourceScope[];
  /** launch, openid, fhirUser, offline_access… */
  readonly otherScopes: ReadonlySet<string>;
  /** Scopes that were neither: ignored. */
  readonly ignored: readonly string[];

  private constructor(resourceScopes: ResourceScope[], other: Set<string>, ignored: string[]) {
    this.resourceScopes = resourceScopes;
    this.otherScopes = other;
    this.ignored = ignored;
  }

  static parse(scope: string | undefined): ScopeSet {
    const resourceScopes: ResourceScope[] = [];
    const other = new Set<string>();
    const ignored: string[] = [];
    for (const text of new Set((scope ?? '').split(/\s+/).filter(Boolean))) {
      const parsed = parseResourceScope(text);
      if (parsed) {
        resourceScopes.push(parsed);
      } else if (NON_RESOURCE_SCOPES.has(text)) {
        other.add(text);
      } else {
        ignored.push(text);
      }
    }
    return new ScopeSet(resourceScopes, other, ignored);
  }

  has(scope: string): boolean {
    return this.otherScopes.has(scope) || this.resourceScopes.some((s) => s.text === scope);
  }

  /** Whether some scope (of `context`, when given) allows `interaction` on `resourceType`. */
  permits(resourceType: string, interaction: Interaction, context?: ScopeContext): boolean {
    return this.resourceScopes.some(
      (s) =>
        (context === undefined || s.context === context) &&
        (s.resourceType === '*' || s.resourceType === resourceType) &&
        s.interactions.has(interaction),
    );
  }

  /** The contexts in which `interaction` on `resourceType` is granted. */
  contextsFor(resourceType: string, interaction: Interaction): Set<ScopeContext> {
    return new Set(
      this.resourceScopes
        .filter((s) => (s.resourceType === '*' || s.resourceType === resourceType) && s.interactions.has(interaction))
        .map((s) => s.context),
    );
  }

  /** The resource types granted for `interaction` in `context`: `*` for all, else a list (maybe empty). */
  typesFor(context: ScopeContext, interaction: Interaction): '*' | string[] {
    const scopes = this.resourceScopes.filter((s) => s.context === context && s.interactions.has(interaction));
    if (scopes.some((s) => s.resourceType === '*')) {
      return '*';
    }
    return [...new Set(scopes.map((s) => s.resourceType))].sort();
  }

  /** The scopes that were understood, space-separated (what a token response reports as granted). */
  toString(): string {
    return [...this.otherScopes, ...this.resourceScopes.map((s) => s.text)].join(' ');
  }
}
