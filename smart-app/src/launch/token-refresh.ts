// Keeps the tab's access token fresh (app-launch.html#refresh-access-token): shortly before it expires the
// refresh token buys a new one, which goes to the MedplumClient and sessionStorage. Without a refresh token,
// or when renewal fails, the session ends when the token does and the app says so (onExpired).
import type { MedplumClient } from '@medplum/core';
import { LaunchError } from './launch-error.ts';
import { type StoredTokens, saveTokens } from './launch-storage.ts';
import { refreshTokens } from './token.ts';

/** Renew this long before expiry, or at half the lifetime for short-lived tokens. */
const REFRESH_LEAD_MS = 60_000;

export interface RefreshOptions {
  readonly fetch?: typeof fetch;
  readonly onRefreshed?: (tokens: StoredTokens) => void;
  readonly onExpired: (error: LaunchError) => void;
}

/** Starts the renewal loop; returns the function that stops it. */
export function keepTokensFresh(tokens: StoredTokens, medplum: MedplumClient, options: RefreshOptions): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const schedule = (current: StoredTokens) => {
    if (current.expiresAt === undefined || stopped) {
      return;
    }
    const remaining = current.expiresAt - Date.now();
    if (!current.refreshToken) {
      timer = setTimeout(() => options.onExpired(expired(current)), Math.max(remaining, 0));
      return;
    }
    const lead = Math.min(REFRESH_LEAD_MS, remaining / 2);
    timer = setTimeout(() => void renew(current), Math.max(remaining - lead, 0));
  };

  const renew = async (current: StoredTokens) => {
    try {
      const renewed = await refreshTokens(current, options.fetch);
      if (stopped) {
        return;
      }
      saveTokens(renewed);
      medplum.setAccessToken(renewed.accessToken);
      options.onRefreshed?.(renewed);
      schedule(renewed);
    } catch (error) {
      if (!stopped) {
        options.onExpired(error instanceof LaunchError ? error : new LaunchError('token', String(error)));
      }
    }
  };

  schedule(tokens);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function expired(tokens: StoredTokens): LaunchError {
  return new LaunchError('expired', `the access token expired at ${new Date(tokens.expiresAt ?? 0).toISOString()}`);
}
