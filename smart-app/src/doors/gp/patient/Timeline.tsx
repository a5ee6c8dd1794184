// The patient's contacts (Encounters) and other conversations, newest first, a page at a time: the contact
// type the care-burden rules give each Encounter, or "the other conversation" for a TARGET conversation.
import { Button, List, Stack, Text } from '@mantine/core';
import { contactTypeOf, TargetConceptCodeSystem } from '@target/profiles';
import type { Encounter } from 'fhir/r4.js';
import { useState } from 'react';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { conceptText, formatDay } from './format.ts';
import { messages, type PatientMessage } from './messages.ts';
import type { TimelinePage } from './record.ts';
import { errorText } from './Section.tsx';
import { statusInWords } from './statuses.ts';

function isConversation(encounter: Encounter): boolean {
  return (encounter.type ?? []).some((t) =>
    t.coding?.some((c) => c.system === TargetConceptCodeSystem.url && c.code === 'other-conversation'),
  );
}

export function Timeline(props: {
  readonly first: TimelinePage;
  readonly more: (next: string) => Promise<TimelinePage>;
}) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const [pages, setPages] = useState<TimelinePage[]>([props.first]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const encounters = pages.flatMap((p) => p.encounters);
  const next = pages.at(-1)?.next;
  if (encounters.length === 0 && !next) {
    return <Text size="sm">{t('noTimeline')}</Text>;
  }
  const loadMore = async (url: string) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await props.more(url);
      setPages((all) => [...all, page]);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  };
  const what = (encounter: Encounter) => {
    if (isConversation(encounter)) {
      return t('otherConversation');
    }
    const type = contactTypeOf(encounter);
    return type
      ? t(`contact.${type}` as PatientMessage)
      : conceptText(encounter.type?.[0]) || encounter.class?.display || t('contactOther');
  };
  return (
    <Stack gap="xs">
      <List size="sm" spacing={2} data-testid="timeline">
        {encounters.map((encounter) => (
          <List.Item key={encounter.id}>
            <Text size="sm" span fw={isConversation(encounter) ? 600 : undefined}>
              {formatDay(encounter.period?.start, language) || t('dateUnknown')} — {what(encounter)}
            </Text>
            {encounter.status !== 'finished' ? (
              <Text size="xs" c="dimmed" span>
                {' '}
                ({t('status', { status: statusInWords(encounter.status, language) })})
              </Text>
            ) : null}
          </List.Item>
        ))}
      </List>
      {error ? (
        <Text size="sm" c="red" role="alert">
          {t('failed', { message: error })}
        </Text>
      ) : null}
      {next ? (
        <Button size="xs" variant="light" loading={loading} onClick={() => loadMore(next)}>
          {t('showMore')}
        </Button>
      ) : null}
    </Stack>
  );
}
