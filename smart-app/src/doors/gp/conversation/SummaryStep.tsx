// Step 6: the summary for the patient, in plain language (B1): what matters to them, their goals, what will be
// done by whom and when, and the next appointment. "Afdrukken" prints this page alone (conversation.css hides
// the app around it).
import { Alert, Button, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { type ConversationDraft, TargetPartnerCategoryCodeSystem } from '@target/profiles';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { formatDay } from '../patient/format.ts';
import { careGoalsOf } from './item-names.ts';
import { messages } from './messages.ts';

export function SummaryStep(props: {
  readonly draft: ConversationDraft;
  readonly patientName?: string;
  readonly finished: boolean;
}) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const { draft } = props;
  const day = (date: string | undefined) => formatDay(date, language);
  // A column nobody filled in is left out: the patient reads no empty boxes.
  const withWhen = draft.actions.some((a) => a.followUp);
  const withWhere = draft.actions.some((a) => a.location?.trim());
  return (
    <Stack gap="md">
      <Group data-app-chrome>
        <Button onClick={() => window.print()}>{t('print')}</Button>
      </Group>
      <article className="conversation-summary" data-testid="summary" aria-labelledby="summary-title">
        <Stack gap="md" maw={760}>
          <div>
            <Title order={2} id="summary-title">
              {t('summaryTitle')}
            </Title>
            {props.patientName ? <Text>{t('summaryFor', { name: props.patientName })}</Text> : null}
            <Text c="dimmed">{t('summaryDate', { date: day(draft.startedAt) })}</Text>
          </div>
          {props.finished ? null : (
            <Alert color="yellow" py={6}>
              {t('summaryDraft')}
            </Alert>
          )}
          {draft.whatMatters.trim() || draft.goodDay.trim() ? (
            <section>
              <Title order={3} size="h4">
                {t('summaryImportant')}
              </Title>
              {draft.whatMatters.trim() ? <Text style={{ whiteSpace: 'pre-wrap' }}>{draft.whatMatters}</Text> : null}
              {draft.goodDay.trim() ? (
                <Text mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
                  {t('summaryGoodDay')}: {draft.goodDay}
                </Text>
              ) : null}
            </section>
          ) : null}
          <section data-testid="summary-goals">
            <Title order={3} size="h4">
              {t('summaryGoals')}
            </Title>
            {draft.lifeGoals.length === 0 ? (
              <Text>{t('summaryNoGoals')}</Text>
            ) : (
              <List spacing="xs">
                {draft.lifeGoals.map((goal) => (
                  <List.Item key={goal.id}>
                    <Text fw={600}>{goal.description}</Text>
                    <List withPadding listStyleType="circle">
                      {careGoalsOf(draft, goal.id).map((care) => (
                        <List.Item key={care.id}>
                          {t('summaryCareGoal', { goal: care.description })}
                          {care.dueDate ? ` (${t('summaryBefore', { date: day(care.dueDate) })})` : ''}
                        </List.Item>
                      ))}
                    </List>
                  </List.Item>
                ))}
              </List>
            )}
          </section>
          <section data-testid="summary-actions">
            <Title order={3} size="h4">
              {t('summaryActions')}
            </Title>
            {draft.actions.length === 0 ? (
              <Text>{t('summaryNoActions')}</Text>
            ) : (
              <Table withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('summaryWhat')}</Table.Th>
                    <Table.Th>{t('summaryWho')}</Table.Th>
                    {withWhen ? <Table.Th>{t('summaryWhen')}</Table.Th> : null}
                    {withWhere ? <Table.Th>{t('summaryWhere')}</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {draft.actions.map((action) => (
                    <Table.Tr key={action.id}>
                      <Table.Td>{action.description}</Table.Td>
                      <Table.Td>
                        {t(`summaryWho.${action.performerType}`)}
                        {action.performerName ? `: ${action.performerName}` : ''}
                      </Table.Td>
                      {withWhen ? <Table.Td>{day(action.followUp)}</Table.Td> : null}
                      {withWhere ? <Table.Td>{action.location ?? ''}</Table.Td> : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </section>
          {draft.referrals.length > 0 ? (
            <section>
              <Title order={3} size="h4">
                {t('summaryReferrals')}
              </Title>
              <List>
                {draft.referrals.map((referral) => (
                  <List.Item key={referral.id}>
                    {t('summaryReferral', { category: TargetPartnerCategoryCodeSystem.codes[referral.category] })}
                  </List.Item>
                ))}
              </List>
            </section>
          ) : null}
          <section data-testid="summary-next">
            <Title order={3} size="h4">
              {t('summaryNext')}
            </Title>
            <Text>
              {draft.followUp?.dueDate
                ? t('summaryNextText', {
                    date: day(draft.followUp.dueDate),
                    description: draft.followUp.description,
                  }).trim()
                : t('summaryNoNext')}
            </Text>
          </section>
          <Text size="sm">{t('summaryQuestions')}</Text>
        </Stack>
      </article>
    </Stack>
  );
}
