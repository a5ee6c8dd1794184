// The page of patients: a full table at full width, one card per patient in an 800 px side panel (the same
// content, fewer columns side by side). Category and subgroup in words; the subgroup always as an
// approximation ("benadering"); nothing shown that the server did not answer.
import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { formatDay } from '../patient/format.ts';
import { messages, WORKLIST_COLUMNS, type WorklistMessage } from './messages.ts';
import type { WorklistMember } from './worklist-api.ts';

const CATEGORY_COLOURS: Record<string, string> = { high: 'red', medium: 'orange', low: 'gray', new: 'blue' };

interface Props {
  readonly members: readonly WorklistMember[];
  /** The cut-offs that made the categories, to say in words what a category means. */
  readonly cutoffs: { readonly high?: number; readonly medium?: number };
  /** The invitation cell's actions for one member. */
  readonly actions: (member: WorklistMember) => ReactNode;
}

function useCells(cutoffs: Props['cutoffs']) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
  return {
    t,
    name: (m: WorklistMember) => (
      <Link to={`/gp/patient?patient=${encodeURIComponent(m.patientId)}`}>{m.name ?? t('unnamed')}</Link>
    ),
    birthDate: (m: WorklistMember) => (m.birthDate ? formatDay(m.birthDate, language) : t('none')),
    score: (m: WorklistMember) => m.score.toLocaleString(locale, { maximumFractionDigits: 2 }),
    category: (m: WorklistMember) => {
      const bound = m.category === 'high' ? cutoffs.high : cutoffs.medium;
      const meaning =
        m.category === 'new' || bound !== undefined
          ? t(`meaning-${m.category}` as WorklistMessage, {
              value: (bound ?? 0).toLocaleString(locale, { maximumFractionDigits: 2 }),
            })
          : undefined;
      return (
        <Badge
          color={CATEGORY_COLOURS[m.category] ?? 'gray'}
          variant="light"
          title={meaning}
          aria-description={meaning}
        >
          {t(`category-${m.category}` as WorklistMessage)}
        </Badge>
      );
    },
    hnhc: (m: WorklistMember) => (m.hnhc ? t('yes') : t('no')),
    subgroup: (m: WorklistMember) =>
      m.subgroup ? `${t(`subgroup-${m.subgroup}` as WorklistMessage)} (${t('approximation')})` : t('none'),
    conditions: (m: WorklistMember) =>
      m.conditions.length ? m.conditions.map((c) => c.display ?? c.code).join(', ') : t('none'),
    lastConversation: (m: WorklistMember) => (m.lastConversation ? formatDay(m.lastConversation, language) : t('none')),
    followUp: (m: WorklistMember) => (m.followUpDue ? formatDay(m.followUpDue, language) : t('none')),
    invitation: (m: WorklistMember) =>
      m.invitationStatus ? t(`invitation-${m.invitationStatus}` as WorklistMessage) : t('notInvited'),
  };
}

export function WorklistTable({ members, cutoffs, actions }: Props) {
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const cells = useCells(cutoffs);
  const { t } = cells;
  if (!wide) {
    return (
      <Stack gap="sm">
        {members.map((m) => (
          <Card key={m.patientId} withBorder padding="sm" component="article" aria-label={m.name ?? t('unnamed')}>
            <Group justify="space-between" wrap="nowrap">
              <Text fw={600}>{cells.name(m)}</Text>
              <Group gap="xs">
                <Text fw={600}>{cells.score(m)}</Text>
                {cells.category(m)}
              </Group>
            </Group>
            <Text size="sm">
              {t('colBirthDate')}: {cells.birthDate(m)} · {t('colHnhc')}: {cells.hnhc(m)} · {t('colSubgroup')}:{' '}
              {cells.subgroup(m)}
            </Text>
            <Text size="sm">
              {t('colConditions')}: {cells.conditions(m)}
            </Text>
            <Text size="sm">
              {t('colLastConversation')}: {cells.lastConversation(m)} · {t('colFollowUp')}: {cells.followUp(m)}
            </Text>
            <Text size="sm">
              {t('colInvitation')}: {cells.invitation(m)}
            </Text>
            <Group mt="xs">{actions(m)}</Group>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <Table striped highlightOnHover stickyHeader>
      <Table.Thead>
        <Table.Tr>
          {WORKLIST_COLUMNS.map((key) => (
            <Table.Th key={key}>{t(key)}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {members.map((m) => (
          <Table.Tr key={m.patientId}>
            <Table.Td>{cells.name(m)}</Table.Td>
            <Table.Td>{cells.birthDate(m)}</Table.Td>
            <Table.Td>{cells.score(m)}</Table.Td>
            <Table.Td>{cells.category(m)}</Table.Td>
            <Table.Td>{cells.hnhc(m)}</Table.Td>
            <Table.Td>{cells.subgroup(m)}</Table.Td>
            <Table.Td>{cells.conditions(m)}</Table.Td>
            <Table.Td>{cells.lastConversation(m)}</Table.Td>
            <Table.Td>{cells.followUp(m)}</Table.Td>
            <Table.Td>
              <Stack gap={4}>
                <Text size="sm">{cells.invitation(m)}</Text>
                {actions(m)}
              </Stack>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
