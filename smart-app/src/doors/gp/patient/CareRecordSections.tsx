// Goals (life and care goals), health plans (CarePlan) and referrals (ServiceRequest + Task): what exists, as
// plain R4 shows it, so records written by other systems show too; empty states otherwise.
import { Badge, Group, List, Stack, Text } from '@mantine/core';
import { type FhirReader, TargetConceptCodeSystem, type UserKind } from '@target/profiles';
import type { Goal } from 'fhir/r4.js';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { conceptText, formatDay } from './format.ts';
import { messages } from './messages.ts';
import { type CareRecord, careRecordOf } from './record.ts';
import { LoadedContent, Section } from './Section.tsx';
import { statusInWords } from './statuses.ts';
import { useLoad } from './use-load.ts';

/** The three sections, from one load of the patient's goals, plans and referrals. */
export function CareRecordSections(props: {
  readonly reader: FhirReader;
  readonly patientId: string;
  readonly kind: UserKind;
}) {
  const t = useTranslate(messages);
  const { reader, patientId, kind } = props;
  const loaded = useLoad(() => careRecordOf(reader, patientId, kind), [reader, patientId, kind]);
  return (
    <>
      <Section title={t('goals')} testId="section-goals">
        <LoadedContent loaded={loaded}>{(record) => <Goals record={record} />}</LoadedContent>
      </Section>
      <Section title={t('healthPlan')} testId="section-health-plan">
        <LoadedContent loaded={loaded}>{(record) => <HealthPlans record={record} />}</LoadedContent>
      </Section>
      <Section title={t('referrals')} testId="section-referrals">
        <LoadedContent loaded={loaded}>{(record) => <Referrals record={record} />}</LoadedContent>
      </Section>
    </>
  );
}

function goalKind(goal: Goal): 'lifeGoal' | 'careGoal' | 'goal' {
  const codes = (goal.category ?? []).flatMap((c) =>
    (c.coding ?? []).filter((cd) => cd.system === TargetConceptCodeSystem.url).map((cd) => cd.code),
  );
  return codes.includes('life-goal') ? 'lifeGoal' : codes.includes('care-goal') ? 'careGoal' : 'goal';
}

export function Goals(props: { readonly record: CareRecord }) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  if (props.record.goals.length === 0) {
    return <Text size="sm">{t('noGoals')}</Text>;
  }
  return (
    <List size="sm" spacing={4} data-testid="goals">
      {props.record.goals.map((goal) => (
        <List.Item key={goal.id}>
          <Group gap="xs">
            <Badge variant="light" size="sm">
              {t(goalKind(goal))}
            </Badge>
            <Text size="sm">{conceptText(goal.description)}</Text>
            <Text size="xs" c="dimmed">
              {[statusInWords(goal.lifecycleStatus, language), formatDay(goal.startDate, language)]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

export function HealthPlans(props: { readonly record: CareRecord }) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  if (props.record.plans.length === 0) {
    return <Text size="sm">{t('noHealthPlan')}</Text>;
  }
  return (
    <Stack gap="xs" data-testid="health-plans">
      {props.record.plans.map((plan) => (
        <div key={plan.id}>
          <Text size="sm" fw={600}>
            {plan.title ?? plan.description ?? conceptText(plan.category?.[0])}
          </Text>
          <Text size="xs" c="dimmed">
            {[
              t('status', { status: statusInWords(plan.status, language) }),
              formatDay(plan.created ?? plan.period?.start, language),
              t('activities', { count: plan.activity?.length ?? 0 }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </div>
      ))}
    </Stack>
  );
}

export function Referrals(props: { readonly record: CareRecord }) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  if (props.record.referrals.length === 0) {
    return <Text size="sm">{t('noReferrals')}</Text>;
  }
  return (
    <List size="sm" spacing={4} data-testid="referrals">
      {props.record.referrals.map(({ request, tasks, partners }) => {
        const what = conceptText(request.category?.[0]) || conceptText(request.code);
        const partner = partners.join(', ');
        return (
          <List.Item key={request.id}>
            <Text size="sm">
              {what}
              {partner ? ` ${t('referralTo', { partner })}` : ''}
            </Text>
            <Text size="xs" c="dimmed">
              {[
                formatDay(request.authoredOn, language),
                t('status', { status: statusInWords(request.status, language) }),
                ...tasks.map((task) =>
                  t('taskStatus', {
                    status: [statusInWords(task.status, language), conceptText(task.businessStatus)]
                      .filter(Boolean)
                      .join(', '),
                  }),
                ),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </List.Item>
        );
      })}
    </List>
  );
}
