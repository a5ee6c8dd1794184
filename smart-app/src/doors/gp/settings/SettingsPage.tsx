// Practice settings (/app/gp/settings): every setting of the practice's TargetPracticeSettings with value,
// unit, evidence and the CodeSystem's source text, grouped; users whose role may change the practice's
// records edit them. A bad value is refused in the browser by the package's own rules (naming the setting,
// nothing stored); a save is a new version with If-Match, and a refusal shows the server's OperationOutcome.
import { Alert, Button, Container, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { normalizeErrorString } from '@medplum/core';
import { changedPracticeSettings, type PracticeDiseaseCode, SettingsError } from '@target/profiles';
import type { Basic } from 'fhir/r4.js';
import { useEffect, useState } from 'react';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { useSmartSession } from '../../../launch/session.ts';
import { DiseaseCodes } from './DiseaseCodes.tsx';
import { rowLabel, settingName } from './labels.ts';
import { messages } from './messages.ts';
import { SettingsGroupTable } from './SettingsGroupTable.tsx';
import { changesFromDrafts, DraftError, draftsOf, SETTING_GROUPS } from './setting-rows.ts';
import {
  checkDiseaseList,
  editableSettings,
  type LoadedSettings,
  SettingsCreatedMeanwhileError,
  saveSettings,
} from './settings-api.ts';
import { usePracticeSettings } from './usePracticeSettings.ts';

type Feedback =
  | { readonly kind: 'saved'; readonly version: string; readonly id: string }
  | { readonly kind: 'error'; readonly text: string };

export function SettingsPage() {
  const session = useSmartSession();
  const t = useTranslate(messages);
  const practiceId = session.practiceId;
  // Nothing is read on a server without the TARGET selection: its settings would not exist there.
  const { state, reader, reload, replace } = usePracticeSettings(
    session,
    session.capabilities.targetSelection ? practiceId : undefined,
  );

  if (!session.capabilities.targetSelection) {
    return <Notice title={t('title')} text={t('needsTarget')} />;
  }
  if (!practiceId) {
    return <Notice title={t('title')} text={t('noPractice')} />;
  }
  if (state.status === 'loading') {
    return (
      <Container size="lg" py="md">
        <Group>
          <Loader size="sm" />
          <Text>{t('loading')}</Text>
        </Group>
      </Container>
    );
  }
  if (state.status === 'failed') {
    return (
      <Container size="lg" py="md">
        <Title order={2}>{t('title')}</Title>
        <Alert color="red" role="alert" mt="md">
          {t('loadFailed', { reason: state.reason })}
        </Alert>
        <Button mt="md" variant="default" onClick={reload}>
          {t('reload')}
        </Button>
      </Container>
    );
  }
  return (
    <SettingsForm
      settings={state.settings}
      practiceId={practiceId}
      author={session.fhirUser}
      onSaved={replace}
      onReload={reload}
      save={async (next) => {
        await checkDiseaseList(reader, next);
        return saveSettings(session, state.settings, practiceId, next);
      }}
    />
  );
}

function Notice(props: { readonly title: string; readonly text: string }) {
  return (
    <Container size="lg" py="md">
      <Title order={2}>{props.title}</Title>
      <Alert color="gray" mt="md">
        {props.text}
      </Alert>
    </Container>
  );
}

interface SettingsFormProps {
  readonly settings: LoadedSettings;
  readonly practiceId: string;
  /** The signed-in user (`Practitioner/…`), recorded as the new version's author. */
  readonly author?: string;
  readonly save: (next: Basic) => Promise<NonNullable<LoadedSettings['current']>>;
  readonly onSaved: (settings: LoadedSettings) => void;
  readonly onReload: () => void;
}

function SettingsForm(props: SettingsFormProps) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const { settings } = props;
  const [editing, setEditing] = useState(false);
  const [drafts, setDrafts] = useState(() => draftsOf(settings.resolved));
  const [codes, setCodes] = useState<PracticeDiseaseCode[]>(() => [...settings.resolved.chronicDiseaseCodes]);
  const [feedback, setFeedback] = useState<Feedback>();
  const [saving, setSaving] = useState(false);

  // Loaded or saved settings replace whatever the form held.
  useEffect(() => {
    setDrafts(draftsOf(settings.resolved));
    setCodes([...settings.resolved.chronicDiseaseCodes]);
  }, [settings]);

  function cancel() {
    setDrafts(draftsOf(settings.resolved));
    setCodes([...settings.resolved.chronicDiseaseCodes]);
    setEditing(false);
    setFeedback(undefined);
  }

  function refusal(err: unknown): string {
    if (err instanceof DraftError) {
      return t('invalid', { setting: rowLabel(err.row, language), reason: t(err.problem) });
    }
    if (err instanceof SettingsError) {
      const setting = err.setting ? settingName(err.setting as Parameters<typeof settingName>[0], language) : '';
      return t('invalid', { setting, reason: err.message });
    }
    if (err instanceof SettingsCreatedMeanwhileError) {
      return t('createdMeanwhile');
    }
    return t('saveRefused', { reason: normalizeErrorString(err) });
  }

  async function save() {
    setFeedback(undefined);
    setSaving(true);
    try {
      const changes = changesFromDrafts(drafts, codes);
      const changed = changedPracticeSettings(
        editableSettings(settings, props.practiceId),
        changes,
        new Date().toISOString().slice(0, 10),
      );
      // The version names who made it (the profile's author: a practice worker).
      const next = props.author?.startsWith('Practitioner/')
        ? { ...changed, author: { reference: props.author } }
        : changed;
      const saved = await props.save(next);
      props.onSaved({ ...settings, current: saved, resolved: saved.resolved });
      setEditing(false);
      setFeedback({ kind: 'saved', version: saved.version.version, id: saved.version.id });
    } catch (err) {
      setFeedback({ kind: 'error', text: refusal(err) });
    } finally {
      setSaving(false);
    }
  }

  const version = settings.current?.version;
  return (
    <Container size="xl" py="md">
      <Stack gap="md">
        <Group justify="space-between" align="start">
          <div>
            <Title order={2}>{t('title')}</Title>
            <Text size="sm" data-testid="settings-version">
              {version ? t('version', { version: version.version, id: `Basic/${version.id}` }) : t('defaultsOnly')}
            </Text>
          </div>
          {settings.mayEdit ? (
            editing ? (
              <Group>
                <Button variant="default" onClick={cancel} disabled={saving}>
                  {t('cancel')}
                </Button>
                <Button onClick={save} loading={saving}>
                  {t('save')}
                </Button>
              </Group>
            ) : (
              <Button
                onClick={() => {
                  setFeedback(undefined);
                  setEditing(true);
                }}
              >
                {t('edit')}
              </Button>
            )
          ) : null}
        </Group>
        <Text size="sm">{t('intro')}</Text>
        {settings.mayEdit ? null : (
          <Alert color="gray" data-testid="settings-read-only">
            {t('readOnly')}
          </Alert>
        )}
        {settings.definitions.size === 0 ? <Text size="sm">{t('noSource')}</Text> : null}
        {feedback?.kind === 'saved' ? (
          <Alert color="green" role="status">
            <Text fw={500}>{t('saved')}</Text>
            <Text size="sm">{t('savedVersion', { version: feedback.version, id: `Basic/${feedback.id}` })}</Text>
          </Alert>
        ) : null}
        {feedback?.kind === 'error' ? (
          <Alert color="red" role="alert">
            <Text>{feedback.text}</Text>
            <Button mt="xs" size="xs" variant="default" onClick={props.onReload}>
              {t('reload')}
            </Button>
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
          {SETTING_GROUPS.map((group) => (
            <Paper key={group.group} withBorder p="sm" component="section" aria-labelledby={`group-${group.group}`}>
              <Title order={3} size="h4" id={`group-${group.group}`} mb="xs">
                {t(`group.${group.group}`)}
              </Title>
              <SettingsGroupTable
                rows={group.rows}
                drafts={drafts}
                definitions={settings.definitions}
                editing={editing}
                onChange={(id, value) => setDrafts((current) => ({ ...current, [id]: value }))}
              />
              {group.diseaseCodes ? (
                <DiseaseCodes
                  codes={codes}
                  source={settings.definitions.get('chronic-disease-code')}
                  editing={editing}
                  onChange={setCodes}
                />
              ) : null}
            </Paper>
          ))}
        </SimpleGrid>
      </Stack>
    </Container>
  );
}
