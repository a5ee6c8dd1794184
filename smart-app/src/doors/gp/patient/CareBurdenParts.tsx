// The parts of the care-burden card: the contacts table (count × weight = points), the qualifying conditions,
// the new-patient / HNHC / subgroup flags with their reasons, and the trend over earlier selections.
import { BarChart } from '@mantine/charts';
import { Badge, List, Stack, Table, Text } from '@mantine/core';
import { type StoredCareBurden, TargetSubgroupCodeSystem } from '@target/profiles';
import type { Condition } from 'fhir/r4.js';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import type { CareBurdenSummary } from './care-burden.ts';
import { CATEGORY_WORD } from './category-words.ts';
import { conceptText, formatDay, formatNumber } from './format.ts';
import { messages, type PatientMessage } from './messages.ts';

export function ContactsTable(props: { readonly summary: CareBurdenSummary }) {
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

export function ConditionList(props: {
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

/** Badges keep the words' own case (Mantine writes them in capitals). */
export const PLAIN_LABEL = { label: { textTransform: 'none' } } as const;

export function Flags(props: { readonly summary: CareBurdenSummary }) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const number = (n: number) => formatNumber(n, language);
  const { summary } = props;
  const days = summary.settings.resolved?.newPatientDays;
  return (
    <Stack gap={4}>
      {summary.isNew ? (
        <Text size="sm" component="div">
          <Badge color="blue" mr="xs" styles={PLAIN_LABEL}>
            {t('newPatient')}
          </Badge>
          {days === undefined ? t('newPatientReasonNoDays') : t('newPatientReason', { days })}
        </Text>
      ) : null}
      {summary.hnhc === true ? (
        <Text size="sm" component="div" data-testid="care-burden-hnhc">
          <Badge color="red" mr="xs" styles={PLAIN_LABEL}>
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

export function History(props: { readonly history: readonly StoredCareBurden[] }) {
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
