// SMART App Launch scopes: the grammar lives in the shared package (@target/profiles, smart/scopes.ts) so the
// authorization server, the resource server and the SMART app parse a scope alike. Its Interaction union is
// the store's ('c' | 'r' | 'u' | 'd' | 's', store/access-filter.ts).
export {
  INTERACTIONS,
  type Interaction,
  LAUNCH_SCOPES,
  NON_RESOURCE_SCOPES,
  OIDC_SCOPES,
  parseResourceScope,
  type ResourceScope,
  type ScopeContext,
  ScopeSet,
} from '@target/profiles';
