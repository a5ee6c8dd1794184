// The answer first: the patient's care burden with its category in words, the contacts that made it (count ×
// weight = points), the chronic conditions that count, the new-patient and HNHC flags with their reasons, the
// reference date, window and settings used, and the trend over earlier selections. Practice-internal: the
// page renders it for practice staff only.
import { BarChart } from '@mantine/charts';
import { Alert, Badge, Group, List, Stack, Table, Text } from '@mantine/core';
import { type StoredCareBurden, type TargetCareBurdenCategoryCode, TargetSubgroupCodeSystem } from '@target/profiles';
import type { Condition } from 'fhir/r4.js';
import { type Translate, useLanguage, useTranslate } from '../../../i18n/index.tsx';
import type { CareBurdenSummary } from './care-burden.ts';
import { conceptText, formatDay, formatNumber } from './format.ts';
import { messages, type PatientMessage } from './messages.ts';

const CATEGORY_WORD: Readonly<Record<TargetCareBurdenCategoryCode, PatientMessage>> = {
  high: 'categoryHigh',
  medium: 'categoryMedium',
  low: 'categoryLow',
  new: 'categoryNew',
};
const CATEGORY_COLOR: Readonly<Record<TargetCareBurdenCategoryCode, string>> = {
  high: 'red',
  medium: 'orange',
  low: 'gray',
  new: 'blue',
};

/** "hoog — op of boven P90 van de praktijk (17)": the category with what it means for this practice. */
export function categoryInWords(
  summary: CareBurdenSummary,
  t: Translate<PatientMessage>,
  number: (n: number) => string,
): string | undefined {
  const { category, cutoffs, settings, score = 0 } = summary;
  if (!category) {
    return undefined;
  }
  const word = t(CATEGORY_WORD[category]);
  const fixed = settings.resolved?.categoryMethod === 'fixed';
  const meaning = (() => {
    switch (category) {
      case 'new': {
        const days = settings.resolved?.newPatientDays;
        return days === undefined ? t('meaningNewNoDays') : t('meaningNew', { days });
      }
      case 'high': {
        if (cutoffs?.high === undefined) {
          return undefined;
        }
        const value = number(cutoffs.high);
        const percentile = settings.resolved?.highPercentile;
        if (fixed) {
          return t('meaningHighFixed', { value });
        }
        return percentile === undefined
          ? t('meaningHighCutoff', { value })
          : t('meaningHighPercentile', { percentile, value });
      }
      case 'medium':
        return cutoffs?.medium === undefined || cutoffs.high === undefined
          ? undefined
          : t(fixed ? 'meaningMediumFixed' : 'meaningMedium', {
              medium: number(cutoffs.medium),
              high: number(cutoffs.high),
            });
      case 'low':
        if (score <= 0) {
          return t('meaningLowZero');
        }
        return cutoffs?.medium === undefined
          ? undefined
          : t(fixed ? 'meaningLowFixed' : 'meaningLow', { medium: number(cutoffs.medium) });
    }
  })();
  return meaning ? `${word} — ${meaning}` : word;
}

function ContactsTable(props: { readonly summary: CareBurdenSummary }) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const number = (n: number) => formatNumber(n, language);
  const { contacts, score } = props.summary;
  if (contacts.length === 0) {
    return <Text size="sm">{t('noContacts')}</Text>;
  }
  return (
    <Table striped withTableBorder aria-label={t('contacts')} data-testid="care-burden-contacts">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('contactType')}</Table.Th>
          <Table.Th ta="right">{t('contactCount')}</Table.Th>
          <Table.Th ta="right">{t('contactWeight')}</Table.Th>
          <Table.Th ta="right">{t('contactPoints')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {contacts.map((contact) => (
          <Table.Tr key={contact.type} data-contact-type={contact.type}>
            <Table.Td>{t(`contact.${contact.type}` as PatientMessage)}</Table.Td>
            <Table.Td ta="right">{contact.count}</Table.Td>
            <Table.Td ta="right" title={contact.weightFrom === 'derived' ? t('weightDerived') : undefined}>
              × {number(contact.weight)}
              {contact.weightFrom === 'derived' ? '*' : ''}
            </Table.Td>
            <Table.Td ta="right">= {number(contact.points)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr>
          <Table.Th colSpan={3}>{t('contactsTotal')}</Table.Th>
          <Table.Th ta="right">{score === undefined ? '' : number(score)}</Table.Th>
        </Table.Tr>
      </Table.Tfoot>
    </Table>
  );
}

function ConditionList(props: {
  readonly references: readonly string[];
  readonly conditions: ReadonlyMap<string, Condition>;
}) {
  const t = useTranslate(messages);
  return (
    <List size="sm" data-testid="care-burden-conditions">
      {props.references.map((reference) => {
        const condition = props.conditions.get(reference);
        if (!condition) {
          return <List.Item key={reference}>{t('noConditionDetails', { reference })}</List.Item>;
        }
        const codes = (condition.code?.coding ?? []).flatMap((c) => (c.code ? [c.code] : [])).join(', ');
        return (
          <List.Item key={reference}>
            {conceptText(condition.code) || reference}
            {codes ? ` (${codes})` : ''}
          </List.Item>
        );
      })}
    </List>
  );
}

function Flags(props: { readonly summary: CareBurdenSummary }) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const number = (n: number) => formatNumber(n, language);
  const { summary } = props;
  const days = summary.settings.resolved?.newPatientDays;
  return (
    <Stack gap={4}>
      {summary.isNew ? (
        <Text size="sm">
          <Badge color="blue" mr="xs">
            {t('newPatient')}
          </Badge>
          {days === undefined ? t('newPatientReasonNoDays') : t('newPatientReason', { days })}
        </Text>
      ) : null}
      {summary.hnhc === true ? (
        <Text size="sm" data-testid="care-burden-hnhc">
          <Badge color="red" mr="xs">
            {t('hnhc')}
          </Badge>
          {summary.hnhcReasons.length === 0
            ? t('hnhcStored')
            : summary.hnhcReasons
                .map((reason) =>
                  reason === 'top-of-practice'
                    ? t('hnhcTop', { value: number(summary.cutoffs?.hnhcTop ?? 0) })
                    : t('hnhcMultimorbid', {
                        count: summary.diseaseCount ?? 0,
                        mean: number(summary.cutoffs?.mean ?? 0),
                      }),
                )
                .join('; ')}
        </Text>
      ) : null}
      {summary.hnhc === false ? <Text size="sm">{t('notHnhc')}</Text> : null}
      {summary.subgroup ? (
        <Text size="sm">
          {t('subgroup', { name: TargetSubgroupCodeSystem.codes[summary.subgroup.subgroup] })}
          {summary.subgroup.reason ? ` — ${summary.subgroup.reason}` : ''}
        </Text>
      ) : null}
    </Stack>
  );
}

function History(props: { readonly history: readonly StoredCareBurden[] }) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const number = (n: number) => formatNumber(n, language);
  if (props.history.length === 0) {
    return <Text size="sm">{t('noHistory')}</Text>;
  }
  const oldestFirst = [...props.history].reverse();
  return (
    <Stack gap="xs" data-testid="care-burden-history">
      <BarChart
        h={140}
        data={oldestFirst.map((r) => ({ date: formatDay(r.window.end, language), score: r.score }))}
        dataKey="date"
        series={[{ name: 'score', color: 'blue.6', label: t('careBurden') }]}
        withTooltip={false}
      />
      <List size="sm">
        {props.history.map((r) => (
          <List.Item key={r.id}>
            {t('historyItem', {
              date: formatDay(r.window.end, language),
              score: number(r.score),
              category: t(CATEGORY_WORD[r.category]),
            })}
            {r.hnhc ? `, ${t('historyHnhc')}` : ''}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

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
              styles={{ label: { textTransform: 'none' } }}
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
