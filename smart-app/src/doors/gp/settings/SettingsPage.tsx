// Placeholder so the shell builds on its own; the view's owner replaces this file at merge (app contract).
import { Title } from '@mantine/core';
import { defineMessages, useTranslate } from '../../../i18n/index.tsx';

const messages = defineMessages({ nl: { title: 'Instellingen' }, en: { title: 'Settings' } });

export function SettingsPage() {
  const t = useTranslate(messages);
  return <Title order={2}>{t('title')}</Title>;
}
