// The answer first: the patient's care burden with its category in words, the contacts that made it (count ×
// weight = points), the chronic conditions that count, the new-patient and HNHC flags with their reasons, the
// reference date, window and settings used, and the trend over earlier selections. Practice-internal: the
// page renders it for practice staff only.
import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import type { StoredCareBurden } from '@target/profiles';
import type { Condition } from 'fhir/r4.js';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { ConditionList, ContactsTable, Flags, History, PLAIN_LABEL } from './CareBurdenParts.tsx';
import type { CareBurdenSummary } from './care-burden.ts';
import { CATEGORY_COLOR, categoryInWords } from './category-words.ts';
import { formatDay, formatNumber } from './format.ts';
import { messages } from './messages.ts';

export function CareBurdenCard(props: {
  readonly summary: CareBurdenSummary;
  readonly conditions: ReadonlyMap<string, Condition>;
  readonly history: readonly StoredCareBurden[];
}) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const number = (n: number) => formatNumber(n, language);
  const { summary } = props;
  const category = categoryInWords(summary, t, number);
  const day = (d: string) => formatDay(d, language);
  return (
    <Stack gap="sm" data-testid="care-burden-card">
      {summary.chronicallyIll && summary.score !== undefined ? (
        <>
          <Group gap="sm" align="baseline">
            <Text size="xl" fw={700} data-testid="care-burden-score">
              {t('careBurdenScore', { score: number(summary.score) })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('scoreUnit')}
            </Text>
          </Group>
          {category && summary.category ? (
            <Badge
              size="lg"
              variant="light"
              color={CATEGORY_COLOR[summary.category]}
              styles={PLAIN_LABEL}
              data-testid="care-burden-category"
            >
              {category}
            </Badge>
          ) : (
            <Text size="sm">{t('noCategory')}</Text>
          )}
          {summary.cutoffs?.population !== undefined ? (
            <Text size="xs" c="dimmed">
              {t('population', { population: summary.cutoffs.population })}
            </Text>
          ) : null}
          <Flags summary={summary} />
          <Text fw={600} size="sm">
            {t('contacts')}
          </Text>
          <ContactsTable summary={summary} />
          <Text fw={600} size="sm">
            {t('conditions')}
          </Text>
          <ConditionList references={summary.conditions} conditions={props.conditions} />
        </>
      ) : (
        <Text size="sm">{t('notChronic')}</Text>
      )}
      <Text size="xs" c="dimmed" data-testid="care-burden-window">
        {summary.window
          ? t('referenceDate', {
              date: day(summary.referenceDate),
              start: day(summary.window.start),
              end: day(summary.window.end),
            })
          : t('referenceDateOnly', { date: day(summary.referenceDate) })}
      </Text>
      <Text size="xs" c="dimmed" data-testid="care-burden-settings">
        {summary.settings.version
          ? t('settingsVersion', { version: summary.settings.version.version, id: summary.settings.version.id })
          : summary.source === 'browser'
            ? t('settingsDefault')
            : ''}
      </Text>
      <Text size="xs" c="dimmed" data-testid="care-burden-source">
        {t(summary.source === 'browser' ? 'sourceBrowser' : 'sourceServer')}
      </Text>
      {summary.warning ? (
        <Alert color="yellow">
          <Text size="sm">{t('warning', { message: summary.warning })}</Text>
        </Alert>
      ) : null}
      {summary.source === 'target-server' ? (
        <>
          <Text fw={600} size="sm">
            {t('history')}
          </Text>
          <History history={props.history} />
        </>
      ) : null}
    </Stack>
  );
}
