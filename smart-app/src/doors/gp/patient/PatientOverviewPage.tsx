// The patient overview (/app/gp/patient): what a GP sees when TARGET opens from a patient's banner. The
// answer first — the care burden (practice staff only) and the Positive Health spider web — then goals,
// health plan, referrals and the contacts timeline. One column with collapsible sections at 800 px, two
// columns full width. The patient is the launch's (or ?patient=…); ?date=YYYY-MM-DD sets the reference date.
import '@mantine/charts/styles.css';
import { Alert, Button, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatHumanName } from '@medplum/core';
import type { HumanName } from '@medplum/fhirtypes';
import { ageOn, type FhirReader, findOpenConversation, practiceToday } from '@target/profiles';
import type { Patient } from 'fhir/r4.js';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { MedplumReader } from '../../../fhir/medplum-reader.ts';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { type SmartSession, useSmartSession } from '../../../launch/session.ts';
import { CareBurdenCard } from './CareBurdenCard.tsx';
import { CareRecordSections } from './CareRecordSections.tsx';
import { careBurdenFromServer, careBurdenInBrowser, NoCareBurdenError } from './care-burden.ts';
import { formatDay } from './format.ts';
import { messages } from './messages.ts';
import { PositiveHealth } from './PositiveHealthSection.tsx';
import {
  careBurdenHistory,
  conditionsOf,
  grantsUserScopes,
  positiveHealthOf,
  timelinePage,
  userKind,
} from './record.ts';
import { LoadedContent, Section } from './Section.tsx';
import { Timeline } from './Timeline.tsx';
import { useLoad } from './use-load.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether the launch's server is a TARGET server (it offers our operations, and codes practice roles). */
function isTargetServer(session: SmartSession): boolean {
  return session.capabilities.careBurden || session.capabilities.targetSelection;
}

export function PatientOverviewPage() {
  const session = useSmartSession();
  const t = useTranslate(messages);
  const [params] = useSearchParams();
  const patientId = params.get('patient') ?? session.patientId;
  const asked = params.get('date');
  const referenceDate = asked && DATE.test(asked) ? asked : practiceToday();
  const reader = useMemo(() => new MedplumReader(session.medplum), [session.medplum]);
  if (!patientId) {
    return (
      <Container size="sm" py="md">
        <Alert color="yellow">{t('noPatient')}</Alert>
      </Container>
    );
  }
  return <Overview session={session} reader={reader} patientId={patientId} referenceDate={referenceDate} />;
}

function Overview(props: {
  readonly session: SmartSession;
  readonly reader: MedplumReader;
  readonly patientId: string;
  readonly referenceDate: string;
}) {
  const { session, reader, patientId, referenceDate } = props;
  const t = useTranslate(messages);
  const target = isTargetServer(session);
  // Who is looking decides what is shown: nothing renders before that is known.
  const viewer = useLoad(() => userKind(reader, session, target), [reader, session.fhirUser, session.scope, target]);
  // The care burden is the slowest read: it starts beside the question who is looking when the token could be
  // practice staff's (user/ scopes; a patient's token never asks), and is shown only once that is answered.
  const mayBeStaff = grantsUserScopes(session.scope);
  const careBurden = useLoad(
    () => (mayBeStaff ? loadCareBurden(session, reader, patientId, referenceDate) : Promise.resolve(undefined)),
    [mayBeStaff, reader, patientId, referenceDate, session.capabilities.careBurden, session.practiceId],
  );
  const patient = useLoad(() => reader.read<Patient>(`Patient/${patientId}`), [reader, patientId]);
  return (
    <Container fluid py="md" maw={1600}>
      <Stack gap="md">
        <LoadedContent loaded={patient}>{(p) => <PatientHeading patient={p} />}</LoadedContent>
        <LoadedContent loaded={viewer}>
          {(kind) => (
            <>
              {kind === 'practice-staff' ? (
                <ConversationButton reader={reader} patientId={patientId} inContext={patientId === session.patientId} />
              ) : null}
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                {kind === 'practice-staff' ? (
                  <Section title={t('careBurden')} testId="section-care-burden">
                    <CareBurden loaded={careBurden} patientId={patientId} />
                  </Section>
                ) : null}
                <Section title={t('positiveHealth')} testId="section-positive-health">
                  <PositiveHealthLoader reader={reader} patientId={patientId} />
                </Section>
                <CareRecordSections reader={reader} patientId={patientId} kind={kind} />
                <Section title={t('timeline')} testId="section-timeline">
                  <TimelineLoader reader={reader} patientId={patientId} kind={kind} />
                </Section>
              </SimpleGrid>
            </>
          )}
        </LoadedContent>
      </Stack>
    </Container>
  );
}

/** The way into the other conversation: start one, or continue the one still in progress. */
function ConversationButton(props: {
  readonly reader: FhirReader;
  readonly patientId: string;
  readonly inContext: boolean;
}) {
  const t = useTranslate(messages);
  const { reader, patientId } = props;
  const open = useLoad(() => findOpenConversation(reader, patientId), [reader, patientId]);
  if (open.state === 'loading') {
    return null;
  }
  const to = props.inContext ? '/gp/conversation' : `/gp/conversation?patient=${encodeURIComponent(patientId)}`;
  return (
    <Group>
      <Button component={Link} to={to} data-testid="conversation-button">
        {open.state === 'done' && open.value ? t('continueConversation') : t('startConversation')}
      </Button>
    </Group>
  );
}

function PatientHeading(props: { readonly patient: Patient | undefined }) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const { patient } = props;
  const name = patient?.name?.[0] ? formatHumanName(patient.name[0] as HumanName) : '';
  return (
    <div>
      <Title order={1} size="h3">
        {name ? `${t('title')}: ${name}` : t('title')}
      </Title>
      {patient?.birthDate ? (
        <Text size="sm" c="dimmed">
          {t('born', {
            date: formatDay(patient.birthDate, language),
            age: t('age', { years: ageOn(patient.birthDate, practiceToday()) ?? '?' }),
          })}
        </Text>
      ) : null}
    </div>
  );
}

type CareBurdenLoaded = Awaited<ReturnType<typeof loadCareBurden>>;

/** The care burden (our operation, or the package's rules in the browser), its conditions and history. */
async function loadCareBurden(session: SmartSession, reader: MedplumReader, patientId: string, referenceDate: string) {
  const onServer = session.capabilities.careBurden;
  const summary = onServer
    ? careBurdenFromServer(
        reader,
        reader.operationUrl('Patient', patientId, '$care-burden'),
        referenceDate,
        session.practiceId,
      )
    : careBurdenInBrowser(reader, patientId, referenceDate);
  const [result, conditions, history] = await Promise.all([
    summary.then(
      (s) => ({ summary: s }),
      (error: unknown) => {
        if (error instanceof NoCareBurdenError) {
          return { refused: error.code };
        }
        throw error;
      },
    ),
    conditionsOf(reader, patientId),
    onServer ? careBurdenHistory(reader, patientId) : Promise.resolve([]),
  ]);
  return { ...result, conditions, history };
}

function CareBurden(props: {
  readonly loaded: ReturnType<typeof useLoad<CareBurdenLoaded | undefined>>;
  readonly patientId: string;
}) {
  const { patientId } = props;
  const t = useTranslate(messages);
  const loaded = props.loaded;
  return (
    <LoadedContent loaded={loaded}>
      {(value) =>
        value && 'summary' in value && value.summary ? (
          <CareBurdenCard summary={value.summary} conditions={value.conditions} history={value.history} />
        ) : (
          <Text size="sm">
            {value && 'refused' in value && value.refused === 'patient-not-found'
              ? t('patientNotFound', { id: patientId })
              : t('notListed')}
          </Text>
        )
      }
    </LoadedContent>
  );
}

function PositiveHealthLoader(props: { readonly reader: FhirReader; readonly patientId: string }) {
  const loaded = useLoad(() => positiveHealthOf(props.reader, props.patientId), [props.reader, props.patientId]);
  return (
    <LoadedContent loaded={loaded}>{(measurements) => <PositiveHealth measurements={measurements} />}</LoadedContent>
  );
}

function TimelineLoader(props: {
  readonly reader: FhirReader;
  readonly patientId: string;
  readonly kind: Parameters<typeof timelinePage>[2];
}) {
  const { reader, patientId, kind } = props;
  const loaded = useLoad(() => timelinePage(reader, patientId, kind), [reader, patientId, kind]);
  return (
    <LoadedContent loaded={loaded}>
      {(first) => <Timeline first={first} more={(next) => timelinePage(reader, patientId, kind, next)} />}
    </LoadedContent>
  );
}
