// Shown when the app is opened directly rather than launched: says how to start it.
import { Container, Text, Title } from '@mantine/core';
import { defineMessages, useTranslate } from './i18n/index.tsx';

const messages = defineMessages({
  nl: { title: 'TARGET', howToStart: 'Open TARGET vanuit het patiëntdossier in uw HIS (SMART-launch).' },
  en: { title: 'TARGET', howToStart: 'Open TARGET from the patient record in your EHR (SMART launch).' },
});

export function StartPage() {
  const t = useTranslate(messages);
  return (
    <Container size="sm" py="xl">
      <Title order={1}>{t('title')}</Title>
      <Text>{t('howToStart')}</Text>
    </Container>
  );
}
