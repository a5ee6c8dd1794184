// /app/launch?iss=…[&launch=…]: where the EHR (or a bookmark, for a standalone launch) opens the app. It
// sends the browser on to the authorization server; nothing is shown unless that fails.
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { LoadingState } from '../components/ViewState.tsx';
import { useTranslate } from '../i18n/index.tsx';
import { authorizationUrl } from './authorize.ts';
import { LaunchErrorView } from './LaunchErrorView.tsx';
import { launchMessages } from './messages.ts';

/** `{origin}/app/callback`, as registered for the client. */
export function redirectUri(): string {
  return new URL(`${import.meta.env.BASE_URL}callback`, window.location.origin).toString();
}

export function LaunchPage() {
  const t = useTranslate(launchMessages);
  const [query] = useSearchParams();
  const [error, setError] = useState<unknown>();
  const started = useRef(false);

  useEffect(() => {
    // Once per page: StrictMode runs effects twice, and each run would store another pending launch.
    if (started.current) {
      return;
    }
    started.current = true;
    authorizationUrl({ iss: query.get('iss'), launch: query.get('launch'), redirectUri: redirectUri() })
      .then((url) => window.location.assign(url))
      .catch(setError);
  }, [query]);

  return error ? <LaunchErrorView error={error} /> : <LoadingState label={t('starting')} />;
}
