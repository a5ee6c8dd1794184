// The guided conversation: the six steps, one at a time, with "Opslaan en verder" saving the draft after each
// step (and going on only when the step has nothing wrong), "Terug" to go back without losing anything, and
// "Gesprek afronden" once draftProblems has nothing left. Saving is passed in, so the flow works against any
// store (the FHIR server through conversation-api.ts in the app).
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { getStatus } from '@medplum/core';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { CONVERSATION_STEPS, type ConversationDraft, type ConversationStep, draftProblems } from '@target/profiles';
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorText } from '../../../components/ViewState.tsx';

/** A save refused because the stored conversation changed since this page read it (412 on If-Match). */
function savedElsewhere(error: unknown): boolean {
  const outcome = (error as { outcome?: OperationOutcome } | undefined)?.outcome;
  return outcome !== undefined && getStatus(outcome) === 412;
}

import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { formatDay } from '../patient/format.ts';
import type { Measurement } from '../patient/record.ts';
import type { OwnAnswers } from './conversation-context.ts';
import type { DraftEdit } from './draft-edits.ts';
import { GoalsStep } from './GoalsStep.tsx';
import { messages } from './messages.ts';
import { OutcomeStep } from './OutcomeStep.tsx';
import { PlanStep } from './PlanStep.tsx';
import { PreparationStep } from './PreparationStep.tsx';
import { ProblemList } from './ProblemList.tsx';
import { StepNav } from './StepNav.tsx';
import { SummaryStep } from './SummaryStep.tsx';
import { WhatMattersStep } from './WhatMattersStep.tsx';

export type SaveDraft = (draft: ConversationDraft, options: { finish: boolean }) => Promise<void>;

export interface ConversationFlowProps {
  readonly initial: ConversationDraft;
  /** The conversation was resumed from a saved draft. */
  readonly resumed?: boolean;
  readonly save: SaveDraft;
  readonly patientName?: string;
  readonly earlier: readonly Measurement[];
  readonly ownAnswers?: OwnAnswers;
}

type SaveState =
  | { readonly state: 'idle' }
  | { readonly state: 'saving' }
  | { readonly state: 'saved'; readonly at: Date }
  | { readonly state: 'failed'; readonly error: unknown };

const index = (step: ConversationStep) => CONVERSATION_STEPS.indexOf(step);

export function ConversationFlow(props: ConversationFlowProps) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const [draft, setDraft] = useState(props.initial);
  const [reached, setReached] = useState<ConversationStep>(props.initial.step);
  const [attempted, setAttempted] = useState<ReadonlySet<ConversationStep>>(new Set());
  const [saving, setSaving] = useState<SaveState>({ state: 'idle' });
  const [finished, setFinished] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // What the server holds (or the draft as started): leaving the page with more than that asks first.
  // Which step is shown is no content.
  const content = (d: ConversationDraft) => JSON.stringify({ ...d, step: undefined });
  const [stored, setStored] = useState(() => content(props.initial));
  const unsaved = !finished && content(draft) !== stored;
  useEffect(() => {
    if (!unsaved) {
      return;
    }
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
  const moved = useRef(false);
  const problems = useMemo(() => draftProblems(draft), [draft]);
  const step = draft.step;
  const stepProblems = problems.filter((p) => p.step === step);
  const edit = (change: DraftEdit) => setDraft((d) => change(d));

  // A new step takes the focus to its heading, so keyboard and screen-reader users start at its top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step changes
  useEffect(() => {
    if (moved.current) {
      heading.current?.focus();
    }
    moved.current = true;
  }, [step]);

  const goTo = (next: ConversationStep) => setDraft((d) => ({ ...d, step: next }));

  async function store(next: ConversationDraft, finish: boolean): Promise<boolean> {
    setSaving({ state: 'saving' });
    try {
      await props.save(next, { finish });
      setStored(content(next));
      setSaving({ state: 'saved', at: new Date() });
      return true;
    } catch (error) {
      setSaving({ state: 'failed', error });
      return false;
    }
  }

  async function saveAndNext() {
    setAttempted((a) => new Set(a).add(step));
    if (stepProblems.length > 0) {
      return;
    }
    const next = CONVERSATION_STEPS[index(step) + 1] ?? step;
    const saved = { ...draft, step: next };
    if (await store(saved, false)) {
      setDraft((d) => ({ ...d, step: next }));
      if (index(next) > index(reached)) {
        setReached(next);
      }
    }
  }

  async function finish() {
    if (problems.length > 0) {
      return;
    }
    const done = { ...draft, step: 'summary' as const };
    if (await store(done, true)) {
      setFinished(true);
      setReached('summary');
      setDraft((d) => ({ ...d, step: 'summary' }));
    }
  }

  const number = index(step) + 1;
  return (
    <Stack gap="md">
      {finished ? null : <StepNav current={step} reached={reached} onSelect={goTo} />}
      {props.resumed && !finished ? (
        <Text size="sm" c="dimmed" data-app-chrome>
          {t('resumed', { date: formatDay(draft.startedAt, language) })}
        </Text>
      ) : null}
      <div data-app-chrome>
        <Text size="xs" c="dimmed">
          {t('stepOf', { number, total: CONVERSATION_STEPS.length })}
        </Text>
        <Title order={2} size="h3" ref={heading} tabIndex={-1} data-testid="step-heading">
          {t(`step.${step}`)}
        </Title>
      </div>
      {finished ? (
        <Alert color="green" role="status" data-app-chrome>
          {t('finished')}
        </Alert>
      ) : null}
      <StepContent
        step={step}
        draft={draft}
        edit={edit}
        showErrors={attempted.has(step)}
        problems={problems}
        onGoToStep={goTo}
        finished={finished}
        {...props}
      />
      {attempted.has(step) && stepProblems.length > 0 && step !== 'outcome' ? (
        <ProblemList draft={draft} problems={stepProblems} title={t('fixFirst')} />
      ) : null}
      {finished ? null : (
        <Group justify="space-between" wrap="wrap" gap="sm" data-app-chrome>
          <Button
            variant="default"
            disabled={index(step) === 0}
            onClick={() => goTo(CONVERSATION_STEPS[index(step) - 1])}
          >
            {t('back')}
          </Button>
          <Group gap="sm" wrap="wrap">
            <SaveStatus saving={saving} />
            {step === 'summary' ? (
              <Button variant="default" loading={saving.state === 'saving'} onClick={() => store(draft, false)}>
                {t('saveDraft')}
              </Button>
            ) : (
              <Button
                variant={step === 'outcome' ? 'default' : 'filled'}
                loading={saving.state === 'saving'}
                onClick={saveAndNext}
              >
                {t('saveAndNext')}
              </Button>
            )}
            {step === 'outcome' || step === 'summary' ? (
              <Button disabled={problems.length > 0} loading={saving.state === 'saving'} onClick={finish}>
                {t('finish')}
              </Button>
            ) : null}
          </Group>
        </Group>
      )}
    </Stack>
  );
}

function StepContent(
  props: ConversationFlowProps & {
    readonly step: ConversationStep;
    readonly draft: ConversationDraft;
    readonly edit: (edit: DraftEdit) => void;
    readonly showErrors: boolean;
    readonly problems: ReturnType<typeof draftProblems>;
    readonly onGoToStep: (step: ConversationStep) => void;
    readonly finished: boolean;
  },
) {
  const t = useTranslate(messages);
  switch (props.step) {
    case 'preparation':
      return <PreparationStep {...props} />;
    case 'what-matters':
      return <WhatMattersStep {...props} />;
    case 'goals':
      return <GoalsStep {...props} />;
    case 'plan':
      return <PlanStep {...props} />;
    case 'outcome':
      return <OutcomeStep {...props} />;
    case 'summary':
      return (
        <Stack gap="md">
          {props.finished || props.problems.length === 0 ? null : (
            <div data-app-chrome>
              <ProblemList
                draft={props.draft}
                problems={props.problems}
                title={t('finishBlocked')}
                onGoToStep={props.onGoToStep}
              />
            </div>
          )}
          <SummaryStep draft={props.draft} patientName={props.patientName} finished={props.finished} />
        </Stack>
      );
  }
}

function SaveStatus(props: { readonly saving: SaveState }) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const { saving } = props;
  return (
    <div aria-live="polite" data-testid="save-status">
      {saving.state === 'saved' ? (
        <Text size="sm" c="dimmed">
          {t('saved', {
            time: saving.at.toLocaleTimeString(language === 'nl' ? 'nl-NL' : 'en-GB', {
              hour: '2-digit',
              minute: '2-digit',
            }),
          })}
        </Text>
      ) : saving.state === 'failed' ? (
        <Text size="sm" c="red.8" role="alert">
          {savedElsewhere(saving.error) ? t('savedElsewhere') : t('saveFailed', { message: errorText(saving.error) })}
        </Text>
      ) : null}
    </div>
  );
}
