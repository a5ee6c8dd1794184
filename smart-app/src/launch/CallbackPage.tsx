// /app/callback?code=…&state=…: the authorization server's redirect back. The code is exchanged once (the
// pending launch is consumed), the tokens kept for this tab, and the GP door opened on the patient in
// context, or on the practice worklist when the launch named no patient.
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { LoadingState } from '../components/ViewState.tsx';
import { preloadFirstView } from '../doors/gp/views.ts';
import { useTranslate } from '../i18n/index.tsx';
import { LaunchErrorView } from './LaunchErrorView.tsx';
import { saveTokens } from './launch-storage.ts';
import { launchMessages } from './messages.ts';
import { exchangeCallback } from './token.ts';

export function CallbackPage() {
  const t = useTranslate(launchMessages);
  const [query] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const exchanged = useRef(false);

  useEffect(() => {
    if (exchanged.current) {
      return;
    }
    exchanged.current = true;
    preloadFirstView();
    exchangeCallback(query)
      .then((tokens) => {
        saveTokens(tokens);
        navigate(tokens.patient ? '/gp/patient' : '/gp/worklist', { replace: true });
      })
      .catch(setError);
  }, [query, navigate]);

  return error ? <LaunchErrorView error={error} /> : <LoadingState label={t('signingIn')} />;
}
