// The practice worklist (/app/gp/worklist, launched without a patient): the practice's latest TARGET
// selection, paged, filtered and sorted on the server ($worklist), with the care burden histogram, invitations
// for the other conversation, CSV export and a new selection. On a FHIR server without TARGET's operations
// it says that it needs one.
import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { formatDate } from '@medplum/core';
import { useState } from 'react';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { type SmartSession, useSmartSession } from '../../../launch/session.ts';
import { CareBurdenHistogram } from './CareBurdenHistogram.tsx';
import { CsvExport } from './CsvExport.tsx';
import { type ActionResult, InvitationActions } from './InvitationActions.tsx';
import { messages } from './messages.ts';
import { RunSelection } from './RunSelection.tsx';
import { PAGE_SIZE, useWorklist } from './useWorklist.ts';
import { WorklistFilters } from './WorklistFilters.tsx';
import { WorklistTable } from './WorklistTable.tsx';
import { settingsVersionOf } from './worklist-api.ts';

export function WorklistPage() {
  const session = useSmartSession();
  const t = useTranslate(messages);
  if (!session.capabilities.targetSelection) {
    return (
      <Stack p="md">
        <Title order={2}>{t('title')}</Title>
        <Alert color="yellow" role="alert">
          {t('needsTarget')}
        </Alert>
      </Stack>
    );
  }
  if (!session.practiceId) {
    return (
      <Stack p="md">
        <Title order={2}>{t('title')}</Title>
        <Alert color="red" role="alert">
          {t('noPractice')}
        </Alert>
      </Stack>
    );
  }
  return <PracticeWorklist session={session} practiceId={session.practiceId} />;
}

function PracticeWorklist({ session, practiceId }: { session: SmartSession; practiceId: string }) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const worklist = useWorklist(session, practiceId);
  const [action, setAction] = useState<ActionResult | undefined>();
  const { selection, page } = worklist;

  const selectionDone = (confirmation: string) => {
    setAction({ ok: true, text: confirmation });
    worklist.reloadSelection();
  };
  const runSelection = <RunSelection session={session} practiceId={practiceId} onDone={selectionDone} />;
  if (selection.state === 'loading') {
    return (
      <Group p="md" gap="sm">
        <Loader size="sm" />
        <Text>{t('loading')}</Text>
      </Group>
    );
  }
  if (selection.state === 'error') {
    return (
      <Stack p="md">
        <Title order={2}>{t('title')}</Title>
        <Alert color="red" role="alert">
          {t('loadError', { error: selection.error })}
        </Alert>
      </Stack>
    );
  }
  const group = selection.value;
  if (!group) {
    return (
      <Stack p="md">
        <Title order={2}>{t('title')}</Title>
        <Text>{t('noSelection')}</Text>
        {runSelection}
      </Stack>
    );
  }
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
  const data = page.state === 'ready' ? page.value : undefined;
  const settingsUsed = data?.settingsUsed ?? group.settingsUsed;
  const version = settingsVersionOf(settingsUsed);
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const current = Math.floor(worklist.offset / PAGE_SIZE) + 1;
  const afterAction = (result: ActionResult) => {
    setAction(result);
    worklist.reloadPage();
  };

  return (
    <Stack p="md" gap="md">
      <Stack gap={2}>
        <Title order={2}>{t('title')}</Title>
        <Text>
          {t('selectionOf', {
            date: formatDate(data?.referenceDate ?? group.referenceDate, locale),
            count: group.quantity ?? '?',
          })}
        </Text>
        <Text size="sm" c="dimmed" title={settingsUsed}>
          {version ? t('settingsVersion', { version }) : t('settingsUnknown')}
        </Text>
      </Stack>
      <Group align="flex-start" gap="lg">
        {runSelection}
        <CsvExport
          session={session}
          groupId={group.id}
          referenceDate={group.referenceDate ?? ''}
          filter={worklist.filter}
          sort={worklist.sort}
        />
      </Group>
      {data && data.bins.length > 0 && <CareBurdenHistogram bins={data.bins} mean={data.mean} high={data.high} />}
      <WorklistFilters
        filter={worklist.filter}
        sort={worklist.sort}
        onFilter={worklist.setFilter}
        onSort={worklist.setSort}
      />
      {action && (
        <Alert
          color={action.ok ? 'green' : 'red'}
          role={action.ok ? 'status' : 'alert'}
          withCloseButton
          onClose={() => setAction(undefined)}
        >
          {action.text}
        </Alert>
      )}
      {page.state === 'loading' && (
        <Group gap="sm">
          <Loader size="sm" />
          <Text>{t('loading')}</Text>
        </Group>
      )}
      {page.state === 'error' && (
        <Alert color="red" role="alert">
          {t('loadError', { error: page.error })}
        </Alert>
      )}
      {data && (
        <>
          <Text size="sm" aria-live="polite">
            {t('total', { total: data.total })}
          </Text>
          {data.members.length === 0 ? (
            <Text>{t('emptyFilter')}</Text>
          ) : (
            <WorklistTable
              members={data.members}
              cutoffs={{ high: data.high, medium: data.medium }}
              actions={(member) => (
                <InvitationActions
                  session={session}
                  practiceId={practiceId}
                  groupId={group.id}
                  member={member}
                  onDone={afterAction}
                />
              )}
            />
          )}
          <Group gap="sm">
            <Button
              variant="default"
              size="xs"
              disabled={current <= 1}
              onClick={() => worklist.setOffset(Math.max(0, worklist.offset - PAGE_SIZE))}
            >
              {t('previous')}
            </Button>
            <Text size="sm">{t('pageOf', { page: current, pages })}</Text>
            <Button
              variant="default"
              size="xs"
              disabled={current >= pages}
              onClick={() => worklist.setOffset(worklist.offset + PAGE_SIZE)}
            >
              {t('next')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
