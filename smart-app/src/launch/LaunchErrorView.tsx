// A failed launch in words, with the way back: a new standalone launch at the same FHIR server when the tab
// knows it, else the advice to start again from the EHR (an EHR launch needs a fresh `launch` from it).
import { Alert, Anchor, Container, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { errorText } from '../components/ViewState.tsx';
import { useTranslate } from '../i18n/index.tsx';
import { LaunchError } from './launch-error.ts';
import { lastIss } from './launch-storage.ts';
import { launchMessages } from './messages.ts';

export function LaunchErrorView(props: { readonly error: unknown }) {
  const t = useTranslate(launchMessages);
  // A LaunchError in our words; anything else (the FHIR server refusing metadata…) in the server's words.
  const error = props.error instanceof LaunchError ? props.error : undefined;
  const iss = lastIss();
  return (
    <Container size="sm" py="xl">
      <Alert color="red" title={t('failedTitle')} role="alert">
        <Stack gap="xs" align="flex-start">
          <Text data-testid="launch-error" data-code={error?.code ?? 'fhir'}>
            {error ? t(error.code) : errorText(props.error)}
          </Text>
          {error?.detail && (
            <Text size="sm" c="dimmed">
              {t('detail', { detail: error.detail })}
            </Text>
          )}
          {iss ? (
            <Anchor component={Link} to={`/launch?iss=${encodeURIComponent(iss)}`} reloadDocument>
              {t('restart')}
            </Anchor>
          ) : (
            <Text size="sm">{t('restartFromEhr')}</Text>
          )}
        </Stack>
      </Alert>
    </Container>
  );
}
