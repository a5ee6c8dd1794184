// Loads the practice's settings for the view and keeps them after a save: loading, failed (the server's
// words) or loaded.
import { FhirHttpReader } from '@target/profiles';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SmartSession } from '../../../launch/session.ts';
import { type LoadedSettings, loadSettings } from './settings-api.ts';

export type SettingsState =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'loaded'; readonly settings: LoadedSettings };

export function usePracticeSettings(session: SmartSession, practiceId: string | undefined) {
  const reader = useMemo(
    () =>
      new FhirHttpReader({
        baseUrl: session.fhirBaseUrl,
        token: () => session.medplum.getAccessToken() ?? '',
        // Settings are read to be edited: never a version the browser's HTTP cache kept.
        fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }),
      }),
    [session],
  );
  const [state, setState] = useState<SettingsState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!practiceId || generation < 0) {
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    loadSettings(reader, session, practiceId).then(
      (settings) => current && setState({ status: 'loaded', settings }),
      (err: unknown) => current && setState({ status: 'failed', reason: (err as Error).message }),
    );
    return () => {
      current = false;
    };
  }, [reader, session, practiceId, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const replace = useCallback((settings: LoadedSettings) => setState({ status: 'loaded', settings }), []);
  return { state, reader, reload, replace };
}
