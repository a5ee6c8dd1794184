// Step 1 of the SMART launch (app-launch.html#obtain-authorization-code): from `/app/launch?iss=…[&launch=…]`
// discover the server, remember a fresh PKCE verifier under a fresh `state`, and build the URL of the
// authorization request. EHR launch carries the EHR's `launch`; standalone launch asks for a patient instead.
import { discoverSmartConfiguration, normalizeIss } from './discovery.ts';
import { LaunchError } from './launch-error.ts';
import { savePendingLaunch } from './launch-storage.ts';
import { codeChallengeS256, randomToken } from './pkce.ts';

/** Registered in the server's client registry as a public client (no secret). */
export const CLIENT_ID = 'target-app';

/** The scopes of the app contract. `launch` only with an EHR's launch parameter: without one there is no
 * EHR context to bind, and `launch/patient` alone asks the server for a patient picker. */
export const EHR_LAUNCH_SCOPE = 'openid fhirUser launch launch/patient online_access offline_access user/*.cruds';
export const STANDALONE_SCOPE = 'openid fhirUser launch/patient online_access offline_access user/*.cruds';

export interface LaunchRequest {
  readonly iss: string | null;
  /** The EHR's opaque launch id; absent for a standalone launch. */
  readonly launch: string | null;
  /** Where the server sends the user back: `{origin}/app/callback`. */
  readonly redirectUri: string;
}

/** The authorization URL to send the browser to. */
export async function authorizationUrl(request: LaunchRequest, fetchImpl = fetch): Promise<string> {
  if (!request.iss) {
    throw new LaunchError('missing-iss');
  }
  const iss = normalizeIss(request.iss);
  const configuration = await discoverSmartConfiguration(iss, fetchImpl);
  const state = randomToken();
  const codeVerifier = randomToken();
  savePendingLaunch(state, {
    iss,
    tokenEndpoint: configuration.token_endpoint,
    redirectUri: request.redirectUri,
    codeVerifier,
    startedAt: Date.now(),
  });
  const url = new URL(configuration.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: request.redirectUri,
    scope: request.launch ? EHR_LAUNCH_SCOPE : STANDALONE_SCOPE,
    state,
    // SMART: the FHIR server the token is for; the server refuses a mismatch (a phishing `iss`).
    aud: iss,
    code_challenge: await codeChallengeS256(codeVerifier),
    code_challenge_method: 'S256',
    ...(request.launch ? { launch: request.launch } : {}),
  };
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, value);
  }
  return url.toString();
}
