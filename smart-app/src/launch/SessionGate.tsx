// Wraps a door: builds the SmartSession from this tab's tokens (after the callback, or again after a reload),
// keeps the token fresh, and gives the views the session and @medplum/react's MedplumProvider. Until then
// it shows a loading state; without tokens, or when the session runs out, the error in words.
import { MedplumProvider } from '@medplum/react-hooks';
import { type ReactNode, useEffect, useState } from 'react';
import { LoadingState } from '../components/ViewState.tsx';
import { useTranslate } from '../i18n/index.tsx';
import { buildSession } from './build-session.ts';
import { loadBuiltFhirSchemas } from './fhir-schemas.ts';
import { LaunchErrorView } from './LaunchErrorView.tsx';
import { LaunchError } from './launch-error.ts';
import { clearTokens, loadTokens, type StoredTokens, saveTokens } from './launch-storage.ts';
import { launchMessages } from './messages.ts';
import { type SmartSession, SmartSessionContext } from './session.ts';
import { refreshTokens } from './token.ts';
import { keepTokensFresh } from './token-refresh.ts';

/** A stored token closer than this to its expiry is renewed before the session uses it. */
const EXPIRY_MARGIN_MS = 5_000;

/** After a reload the stored token may have run out while the tab was away: renew it before using it. */
async function withFreshToken(tokens: StoredTokens): Promise<StoredTokens> {
  if (tokens.expiresAt === undefined || tokens.expiresAt - Date.now() > EXPIRY_MARGIN_MS) {
    return tokens;
  }
  const renewed = await refreshTokens(tokens);
  saveTokens(renewed);
  return renewed;
}

export function SessionGate(props: {
  readonly children: ReactNode;
  /** Indexes the FHIR type schemas; the built app fetches its asset, tests pass their own. */
  readonly loadSchemas?: () => Promise<void>;
}) {
  const t = useTranslate(launchMessages);
  const [session, setSession] = useState<SmartSession>();
  const [error, setError] = useState<unknown>();
  const loadSchemas = props.loadSchemas ?? loadBuiltFhirSchemas;

  useEffect(() => {
    const tokens = loadTokens();
    if (!tokens) {
      setError(new LaunchError('no-session'));
      return;
    }
    let active = true;
    let stopRefresh = () => {};
    const end = (reason: LaunchError) => {
      clearTokens();
      if (active) {
        setError(reason);
      }
    };
    const onUnauthenticated = () => end(new LaunchError('expired', 'the FHIR server no longer accepts the token'));
    withFreshToken(tokens)
      .then(async (fresh) => {
        const built = await buildSession(fresh, { loadSchemas, onUnauthenticated });
        if (active) {
          stopRefresh = keepTokensFresh(fresh, built.medplum, { onExpired: end });
          setSession(built);
        }
      })
      .catch((reason: unknown) => active && setError(reason));
    return () => {
      active = false;
      stopRefresh();
    };
  }, [loadSchemas]);

  if (error) {
    return <LaunchErrorView error={error} />;
  }
  if (!session) {
    return <LoadingState label={t('opening')} />;
  }
  return (
    <MedplumProvider medplum={session.medplum}>
      <SmartSessionContext.Provider value={session}>{props.children}</SmartSessionContext.Provider>
    </MedplumProvider>
  );
}
