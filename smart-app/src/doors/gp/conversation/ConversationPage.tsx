// The other conversation (/app/gp/conversation): resumes the patient's conversation that is still a draft, or
// starts a new one held by the signed-in practice worker (their PractitionerRole), about the care-burden
// result that selected the patient. The patient is the launch's (or ?patient=…).
import '@mantine/charts/styles.css';
import './conversation.css';
import { Alert, Container, Stack, Title } from '@mantine/core';
import { formatHumanName } from '@medplum/core';
import type { HumanName } from '@medplum/fhirtypes';
import { type ConversationRecord, newConversationDraft } from '@target/profiles';
import type { Patient, Questionnaire } from 'fhir/r4.js';
import { useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { MedplumReader } from '../../../fhir/medplum-reader.ts';
import { useTranslate } from '../../../i18n/index.tsx';
import { type SmartSession, useSmartSession } from '../../../launch/session.ts';
import { positiveHealthOf } from '../patient/record.ts';
import { LoadedContent } from '../patient/Section.tsx';
import { useLoad } from '../patient/use-load.ts';
import { ConversationFlow } from './ConversationFlow.tsx';
import { loadOpenConversation, positiveHealthQuestionnaire, saveConversation } from './conversation-api.ts';
import { hadConversation, latestCareBurden, ownAnswersBeforehand, whoHoldsIt } from './conversation-context.ts';
import { messages } from './messages.ts';

export function ConversationPage() {
  const session = useSmartSession();
  const t = useTranslate(messages);
  const [params] = useSearchParams();
  const patientId = params.get('patient') ?? session.patientId;
  if (!patientId) {
    return (
      <Container size="sm" py="md">
        <Alert color="yellow">{t('noPatient')}</Alert>
      </Container>
    );
  }
  return <Conversation session={session} patientId={patientId} />;
}

/** Everything the conversation starts from, read in parallel. */
async function loadStart(session: SmartSession, reader: MedplumReader, patientId: string) {
  const [patient, open, who, careBurden, earlier, ownAnswers, questionnaire, followUp] = await Promise.all([
    reader.read<Patient>(`Patient/${patientId}`),
    loadOpenConversation(session, patientId),
    whoHoldsIt(reader, session),
    // Not every EHR holds care-burden results: the conversation then names none.
    latestCareBurden(reader, patientId).catch(() => undefined),
    positiveHealthOf(reader, patientId),
    ownAnswersBeforehand(reader, patientId).catch(() => undefined),
    positiveHealthQuestionnaire(session),
    hadConversation(reader, patientId),
  ]);
  return { patient, open, who, careBurden, earlier, ownAnswers, questionnaire, followUp };
}

function Conversation(props: { readonly session: SmartSession; readonly patientId: string }) {
  const { session, patientId } = props;
  const t = useTranslate(messages);
  const reader = useMemo(() => new MedplumReader(session.medplum), [session.medplum]);
  const loaded = useLoad(() => loadStart(session, reader, patientId), [session, reader, patientId]);
  return (
    <Container fluid py="md" maw={1200}>
      <LoadedContent loaded={loaded}>
        {(start) => {
          const name = start.patient?.name?.[0] ? formatHumanName(start.patient.name[0] as HumanName) : undefined;
          const role = start.open?.draft.practitionerRole ?? start.who.practitionerRole;
          const practice = start.open?.draft.practice ?? start.who.practice;
          return (
            <Stack gap="md">
              <Title order={1} size="h3" data-app-chrome>
                {name ? t('titleWith', { name }) : t('title')}
              </Title>
              {role && practice ? (
                <Started
                  session={session}
                  start={start}
                  practitionerRole={role}
                  practice={practice}
                  patientId={patientId}
                  patientName={name}
                />
              ) : (
                <Alert color="yellow">{t('noRole')}</Alert>
              )}
            </Stack>
          );
        }}
      </LoadedContent>
    </Container>
  );
}

function Started(props: {
  readonly session: SmartSession;
  readonly start: Awaited<ReturnType<typeof loadStart>>;
  readonly practitionerRole: string;
  readonly practice: string;
  readonly patientId: string;
  readonly patientName?: string;
}) {
  const { session, start } = props;
  // The draft is made once; later renders keep it (the flow owns it from here).
  const initial = useMemo(
    () =>
      start.open?.draft ??
      newConversationDraft({
        patient: `Patient/${props.patientId}`,
        practitionerRole: props.practitionerRole,
        practice: props.practice,
        // After an earlier conversation this one is a follow-up (the GP can still change it).
        sequence: start.followUp ? 'follow-up' : 'first',
        ...(start.careBurden ? { careBurden: start.careBurden } : {}),
        startedAt: new Date().toISOString(),
      }),
    [start, props.patientId, props.practitionerRole, props.practice],
  );
  // What the last save wrote: the next save deletes what the draft no longer has.
  const previous = useRef<ConversationRecord | undefined>(start.open?.record);
  const questionnaire: Questionnaire = start.questionnaire;
  return (
    <ConversationFlow
      initial={initial}
      resumed={Boolean(start.open)}
      patientName={props.patientName}
      earlier={start.earlier}
      ownAnswers={start.ownAnswers}
      save={async (draft, { finish }) => {
        previous.current = await saveConversation(session, draft, {
          finish,
          questionnaire,
          previous: previous.current,
        });
      }}
    />
  );
}
