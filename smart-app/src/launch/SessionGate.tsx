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
import { clearTokens, loadTokens } from './launch-storage.ts';
import { launchMessages } from './messages.ts';
import { type SmartSession, SmartSessionContext } from './session.ts';
import { keepTokensFresh } from './token-refresh.ts';

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
    buildSession(tokens, {
      loadSchemas,
      onUnauthenticated: () => end(new LaunchError('expired', 'the FHIR server no longer accepts the token')),
    })
      .then((built) => {
        if (active) {
          stopRefresh = keepTokensFresh(tokens, built.medplum, { onExpired: end });
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
