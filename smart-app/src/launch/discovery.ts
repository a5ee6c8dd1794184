// SMART App Launch 2.x discovery (conformance-discovery.html): the app learns the authorization and token
// endpoints from `{iss}/.well-known/smart-configuration`, never from assumptions about the server.
import { LaunchError } from './launch-error.ts';

/** The fields of the smart-configuration document this app uses. */
export interface SmartConfiguration {
  /** REQUIRED (for the authorization code flow). */
  readonly authorization_endpoint: string;
  /** REQUIRED. */
  readonly token_endpoint: string;
  /** RECOMMENDED: the app refuses a server that names methods but not S256. */
  readonly code_challenge_methods_supported?: readonly string[];
  readonly capabilities?: readonly string[];
}

/** The FHIR base as the app keeps it: absolute, no trailing slash. */
export function normalizeIss(iss: string): string {
  return iss.trim().replace(/\/+$/, '');
}

export async function discoverSmartConfiguration(iss: string, fetchImpl = fetch): Promise<SmartConfiguration> {
  const url = `${normalizeIss(iss)}/.well-known/smart-configuration`;
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new LaunchError('discovery', `${url}: ${(error as Error).message}`);
  }
  if (!response.ok) {
    throw new LaunchError('discovery', `${url}: HTTP ${response.status}`);
  }
  const document = (await response.json().catch(() => undefined)) as Partial<SmartConfiguration> | undefined;
  if (typeof document?.authorization_endpoint !== 'string' || typeof document.token_endpoint !== 'string') {
    throw new LaunchError('discovery', `${url}: no authorization_endpoint or token_endpoint`);
  }
  const methods = document.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) {
    throw new LaunchError('no-pkce', `${url}: code_challenge_methods_supported ${methods.join(', ')}`);
  }
  return document as SmartConfiguration;
}
