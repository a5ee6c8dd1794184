// What survives the OAuth redirects, in sessionStorage so it stays in this tab (another tab launches its own
// patient): the pending authorization keyed by its `state`, and after the callback the tab's tokens.

/** Written before the redirect to the authorization endpoint, read once at the callback. */
export interface PendingLaunch {
  readonly iss: string;
  readonly tokenEndpoint: string;
  readonly redirectUri: string;
  readonly codeVerifier: string;
  /** Date.now() when the launch started: an old one is refused (the user left the sign-in open too long). */
  readonly startedAt: number;
}

/** The token response as the tab keeps it (SMART App Launch 2.x app-launch.html#response-5). */
export interface StoredTokens {
  readonly iss: string;
  readonly tokenEndpoint: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Date.now() based; absent when the server did not say (expires_in is only RECOMMENDED). */
  readonly expiresAt?: number;
  readonly scope: string;
  readonly patient?: string;
  readonly encounter?: string;
  /** SMART 2.x fhirContext references, e.g. `Organization/…` for the practice. */
  readonly fhirContext: readonly string[];
  readonly fhirUser?: string;
  readonly needPatientBanner: boolean;
}

/** A pending launch older than this is refused as expired. */
export const LAUNCH_TIMEOUT_MS = 10 * 60 * 1000;

const PENDING_PREFIX = 'target.launch.';
const TOKENS_KEY = 'target.tokens';
const LAST_ISS_KEY = 'target.iss';

export function savePendingLaunch(state: string, launch: PendingLaunch): void {
  forgetAbandonedLaunches(launch.startedAt);
  sessionStorage.setItem(PENDING_PREFIX + state, JSON.stringify(launch));
  sessionStorage.setItem(LAST_ISS_KEY, launch.iss);
}

/** Launches started in this tab but never finished (the user went back to the EHR) would stay forever. */
function forgetAbandonedLaunches(now: number): void {
  const keys = Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i) ?? '');
  for (const key of keys.filter((k) => k.startsWith(PENDING_PREFIX))) {
    const startedAt = (JSON.parse(sessionStorage.getItem(key) ?? '{}') as Partial<PendingLaunch>).startedAt ?? 0;
    if (now - startedAt > LAUNCH_TIMEOUT_MS) {
      sessionStorage.removeItem(key);
    }
  }
}

/** The FHIR server this tab last launched against: where "start again" goes after a failure. */
export function lastIss(): string | undefined {
  return sessionStorage.getItem(LAST_ISS_KEY) ?? undefined;
}

/** The pending launch for `state`, removed so that a code can be redeemed only once per state. */
export function takePendingLaunch(state: string): PendingLaunch | undefined {
  const key = PENDING_PREFIX + state;
  const text = sessionStorage.getItem(key);
  sessionStorage.removeItem(key);
  return text ? (JSON.parse(text) as PendingLaunch) : undefined;
}

export function saveTokens(tokens: StoredTokens): void {
  sessionStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
}

export function loadTokens(): StoredTokens | undefined {
  const text = sessionStorage.getItem(TOKENS_KEY);
  return text ? (JSON.parse(text) as StoredTokens) : undefined;
}

export function clearTokens(): void {
  sessionStorage.removeItem(TOKENS_KEY);
}
