// Steps 2–3 of the SMART launch: the redirect back to /app/callback is checked (an OAuth error, an unknown
// `state`, an old launch), the code is exchanged at the token endpoint with the PKCE verifier
// (app-launch.html#obtain-access-token), and the token response is kept for this tab. Renewal with the
// refresh token uses the same endpoint (app-launch.html#refresh-access-token).

import { CLIENT_ID } from './authorize.ts';
import { LaunchError } from './launch-error.ts';
import { LAUNCH_TIMEOUT_MS, type StoredTokens, takePendingLaunch } from './launch-storage.ts';

/** The token response fields this app reads (RFC 6749 §5.1 plus SMART's launch context). */
interface TokenResponse {
  access_token?: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
  id_token?: string;
  patient?: string;
  encounter?: string;
  fhirContext?: { reference?: string }[];
  need_patient_banner?: boolean;
}

/** Reads the callback URL's query; resolves to the tab's tokens (not yet stored). */
export async function exchangeCallback(query: URLSearchParams, fetchImpl = fetch): Promise<StoredTokens> {
  const state = query.get('state');
  const pending = state ? takePendingLaunch(state) : undefined;
  const error = query.get('error');
  if (error) {
    // RFC 6749 §4.1.2.1: the server's refusal comes back on the redirect, with our state.
    throw new LaunchError(error === 'access_denied' ? 'denied' : 'authorization', describe(query));
  }
  if (!pending) {
    throw new LaunchError('state', state ? 'this tab did not start a launch with that state' : 'no state');
  }
  if (Date.now() - pending.startedAt > LAUNCH_TIMEOUT_MS) {
    throw new LaunchError('expired', `started ${new Date(pending.startedAt).toISOString()}`);
  }
  const code = query.get('code');
  if (!code) {
    throw new LaunchError('authorization', 'no code on the callback');
  }
  const response = await postToken(
    pending.tokenEndpoint,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      client_id: CLIENT_ID,
      code_verifier: pending.codeVerifier,
    },
    'token',
    fetchImpl,
  );
  return fromTokenResponse(response, pending.iss, pending.tokenEndpoint);
}

/** New tokens from the refresh token; the launch context stays (a refresh response may repeat or omit it). */
export async function refreshTokens(tokens: StoredTokens, fetchImpl = fetch): Promise<StoredTokens> {
  if (!tokens.refreshToken) {
    throw new LaunchError('expired', 'no refresh token was granted');
  }
  const response = await postToken(
    tokens.tokenEndpoint,
    { grant_type: 'refresh_token', refresh_token: tokens.refreshToken, client_id: CLIENT_ID },
    // A refresh token the server no longer accepts: the session is over, the launch must start again.
    'expired',
    fetchImpl,
  );
  const renewed = fromTokenResponse(response, tokens.iss, tokens.tokenEndpoint);
  return {
    ...tokens,
    accessToken: renewed.accessToken,
    // RFC 6749 §6: the server may rotate the refresh token; if it does not, the old one stays valid.
    refreshToken: renewed.refreshToken ?? tokens.refreshToken,
    expiresAt: renewed.expiresAt,
    scope: renewed.scope || tokens.scope,
  };
}

/** POSTs to the token endpoint; an invalid_grant answer becomes a LaunchError with `invalidGrant` as code. */
async function postToken(
  endpoint: string,
  form: Record<string, string>,
  invalidGrant: 'token' | 'expired',
  fetchImpl: typeof fetch,
) {
  let response: Response;
  try {
    response = await fetchImpl(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
  } catch (error) {
    throw new LaunchError('token', `${endpoint}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => ({}))) as TokenResponse & Record<string, string>;
  if (!response.ok) {
    const detail = [body.error, body.error_description].filter(Boolean).join(': ') || `HTTP ${response.status}`;
    throw new LaunchError(body.error === 'invalid_grant' ? invalidGrant : 'token', detail);
  }
  if (!body.access_token || body.token_type?.toLowerCase() !== 'bearer') {
    throw new LaunchError('token', 'the token response has no Bearer access_token');
  }
  return body;
}

function fromTokenResponse(body: TokenResponse, iss: string, tokenEndpoint: string): StoredTokens {
  return {
    iss,
    tokenEndpoint,
    accessToken: body.access_token as string,
    refreshToken: body.refresh_token,
    expiresAt: typeof body.expires_in === 'number' ? Date.now() + body.expires_in * 1000 : undefined,
    scope: body.scope ?? '',
    patient: body.patient,
    encounter: body.encounter,
    fhirContext: (body.fhirContext ?? []).flatMap((c) => (c.reference ? [c.reference] : [])),
    fhirUser: body.id_token ? fhirUserOf(body.id_token, iss) : undefined,
    // SMART: absent means the app should show a banner (the EHR is not showing one).
    needPatientBanner: body.need_patient_banner !== false,
  };
}

/**
 * The `fhirUser` claim of the id_token, relative to `iss` (`Practitioner/123`). Read, not verified: it only
 * names the user in the app; every FHIR call is authorized by the server on the access token.
 */
export function fhirUserOf(idToken: string, iss: string): string | undefined {
  try {
    const payload = idToken.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claim = (
      JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as {
        fhirUser?: unknown;
      }
    ).fhirUser;
    if (typeof claim !== 'string') {
      return undefined;
    }
    return claim.startsWith(`${iss}/`) ? claim.slice(iss.length + 1) : claim;
  } catch {
    return undefined;
  }
}

function describe(query: URLSearchParams): string {
  return [query.get('error'), query.get('error_description')].filter(Boolean).join(': ');
}
