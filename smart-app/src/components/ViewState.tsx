// The three states every view shows besides its content: loading, error (with the server's
// OperationOutcome text, not a generic "something went wrong") and empty.
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { normalizeErrorString } from '@medplum/core';
import type { ReactNode } from 'react';
import { defineMessages, useTranslate } from '../i18n/index.tsx';

const messages = defineMessages({
  nl: { loading: 'Laden…', error: 'Er ging iets mis', retry: 'Opnieuw proberen' },
  en: { loading: 'Loading…', error: 'Something went wrong', retry: 'Try again' },
});

/** An error in words: an OperationOutcome's issue text (details.text / diagnostics), else the message. */
export function errorText(error: unknown): string {
  return normalizeErrorString(error);
}

export function LoadingState(props: { readonly label?: string }) {
  const t = useTranslate(messages);
  const label = props.label ?? t('loading');
  return (
    <Center py="lg" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" aria-hidden />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

export function ErrorState(props: {
  readonly error: unknown;
  readonly title?: string;
  readonly onRetry?: () => void;
  readonly children?: ReactNode;
}) {
  const t = useTranslate(messages);
  return (
    <Alert color="red" title={props.title ?? t('error')} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorText(props.error)}</Text>
        {props.children}
        {props.onRetry && (
          <Button size="xs" variant="light" color="red" onClick={props.onRetry}>
            {t('retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState(props: { readonly children: ReactNode }) {
  return (
    <Text c="dimmed" py="md" ta="center">
      {props.children}
    </Text>
  );
}
