// Placeholder so the shell builds on its own; the view's owner replaces this file at merge (app contract).
import { Title } from '@mantine/core';
import { defineMessages, useTranslate } from '../../../i18n/index.tsx';

const messages = defineMessages({ nl: { title: 'Patiëntoverzicht' }, en: { title: 'Patient overview' } });

export function PatientOverviewPage() {
  const t = useTranslate(messages);
  return <Title order={2}>{t('title')}</Title>;
}
