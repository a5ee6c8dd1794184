// One collapsible section of the overview: a heading whose button shows or hides the content (keyboard and
// screen-reader friendly: aria-expanded, aria-controls), and its loading / error / empty states.
import { Alert, Button, Card, Collapse, Group, Loader, Text, Title, UnstyledButton } from '@mantine/core';
import { outcomeText } from '@target/profiles';
import { type ReactNode, useId, useState } from 'react';
import { useTranslate } from '../../../i18n/index.tsx';
import { messages } from './messages.ts';
import type { Loaded } from './use-load.ts';

export function Section(props: { readonly title: string; readonly children: ReactNode; readonly testId?: string }) {
  const t = useTranslate(messages);
  const [open, setOpen] = useState(true);
  const contentId = useId();
  return (
    <Card withBorder padding="md" component="section" aria-label={props.title} data-testid={props.testId}>
      <UnstyledButton
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={contentId}
        title={t(open ? 'hideSection' : 'showSection', { title: props.title })}
      >
        <Group gap="xs">
          <Text aria-hidden>{open ? '▾' : '▸'}</Text>
          <Title order={2} size="h4">
            {props.title}
          </Title>
        </Group>
      </UnstyledButton>
      <Collapse in={open} id={contentId}>
        <div style={{ paddingTop: 'var(--mantine-spacing-sm)' }}>{props.children}</div>
      </Collapse>
    </Card>
  );
}

/** The words of a failure: a FHIR server's OperationOutcome text when there is one, else the error's message. */
export function errorText(error: unknown): string {
  const outcome = (error as { outcome?: Parameters<typeof outcomeText>[0] })?.outcome;
  return (outcome && outcomeText(outcome)) || (error as Error)?.message || String(error);
}

/** Renders the loading and failed states of a load, and the content once it is done. */
export function LoadedContent<T>(props: {
  readonly loaded: Loaded<T> & { readonly retry: () => void };
  readonly children: (value: T) => ReactNode;
}) {
  const t = useTranslate(messages);
  const { loaded } = props;
  if (loaded.state === 'loading') {
    return (
      <Group gap="xs" role="status">
        <Loader size="xs" />
        <Text size="sm">{t('loading')}</Text>
      </Group>
    );
  }
  if (loaded.state === 'failed') {
    return (
      <Alert color="red" role="alert">
        <Text size="sm">{t('failed', { message: errorText(loaded.error) })}</Text>
        <Button size="xs" variant="light" mt="xs" onClick={loaded.retry}>
          {t('retry')}
        </Button>
      </Alert>
    );
  }
  return <>{props.children(loaded.value)}</>;
}
