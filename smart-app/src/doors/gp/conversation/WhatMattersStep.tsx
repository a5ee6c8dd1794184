// Step 2: what matters to the patient and what a good day looks like, in the patient's own words.
import { Card, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import type { ConversationDraft } from '@target/profiles';
import { useTranslate } from '../../../i18n/index.tsx';
import type { DraftEdit } from './draft-edits.ts';
import { messages } from './messages.ts';

export function WhatMattersStep(props: {
  readonly draft: ConversationDraft;
  readonly edit: (edit: DraftEdit) => void;
}) {
  const t = useTranslate(messages);
  const { draft, edit } = props;
  return (
    <Card withBorder>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('whatMattersHelp')}
        </Text>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <Textarea
            label={t('whatMatters')}
            autosize
            minRows={4}
            value={draft.whatMatters}
            onChange={(event) => {
              const whatMatters = event.currentTarget.value;
              edit((d) => ({ ...d, whatMatters }));
            }}
          />
          <Textarea
            label={t('goodDay')}
            autosize
            minRows={4}
            value={draft.goodDay}
            onChange={(event) => {
              const goodDay = event.currentTarget.value;
              edit((d) => ({ ...d, goodDay }));
            }}
          />
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
