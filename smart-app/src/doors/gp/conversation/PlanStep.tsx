// Step 4, the health plan: actions (what, who — one kind of performer each —, name, where, barriers from the
// small list plus words, when we look back, which goals it serves) and one follow-up appointment.
import {
  Button,
  Card,
  Checkbox,
  Group,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import {
  BARRIER_CODES,
  type BarrierCode,
  type ConversationDraft,
  type DraftAction,
  type DraftBarrier,
  type TargetActivityPerformerCode,
  TargetActivityPerformerCodeSystem,
} from '@target/profiles';
import { useRef, useState } from 'react';
import { useTranslate } from '../../../i18n/index.tsx';
import { addAction, changeAction, type DraftEdit, removeAction, setFollowUp } from './draft-edits.ts';
import { itemNumbers } from './item-names.ts';
import { messages } from './messages.ts';
import { RemoveButton } from './RemoveButton.tsx';
import { type StepProps, useItemError } from './step-props.ts';

const PERFORMERS = Object.keys(TargetActivityPerformerCodeSystem.codes) as TargetActivityPerformerCode[];

export function PlanStep(props: StepProps) {
  const t = useTranslate(messages);
  const { draft, edit } = props;
  const [focusId, setFocusId] = useState<string>();
  const addButton = useRef<HTMLButtonElement>(null);
  const errorOf = useItemError(props, 'plan');
  const followUpProblem = props.showErrors && props.problems.some((p) => p.problem === 'follow-up-without-date');
  return (
    <Stack gap="md">
      <Title order={3} size="h5">
        {t('actions')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('actionsHelp')}
      </Text>
      {draft.actions.length === 0 ? <Text size="sm">{t('noActions')}</Text> : null}
      {draft.actions.map((action, index) => (
        <ActionCard
          key={action.id}
          draft={draft}
          action={action}
          number={String(index + 1)}
          edit={edit}
          autoFocus={focusId === action.id}
          error={errorOf(action.id)}
          onRemoved={() => addButton.current?.focus()}
        />
      ))}
      <Group>
        <Button
          ref={addButton}
          variant="light"
          onClick={() => {
            const id = crypto.randomUUID();
            setFocusId(id);
            edit(addAction(id));
          }}
        >
          {t('addAction')}
        </Button>
      </Group>
      <Card withBorder component="section" aria-labelledby="follow-up" data-testid="follow-up">
        <Title order={3} size="h5" id="follow-up">
          {t('followUp')}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t('followUpHelp')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            type="date"
            label={t('followUpDate')}
            value={draft.followUp?.dueDate ?? ''}
            error={followUpProblem ? t('problem.follow-up-without-date') : undefined}
            onChange={(event) => edit(setFollowUp({ dueDate: event.currentTarget.value }))}
          />
          <TextInput
            label={t('followUpDescription')}
            value={draft.followUp?.description ?? ''}
            onChange={(event) => edit(setFollowUp({ description: event.currentTarget.value }))}
          />
        </SimpleGrid>
      </Card>
    </Stack>
  );
}

/** The goals an action or referral can serve, each named as on the goals step. */
export function GoalChoices(props: {
  readonly draft: ConversationDraft;
  readonly value: readonly string[];
  readonly onChange: (goalIds: string[]) => void;
}) {
  const t = useTranslate(messages);
  const { draft } = props;
  const numbers = itemNumbers(draft);
  const goals = draft.lifeGoals.flatMap((life) => [
    {
      id: life.id,
      care: false,
      label: `${t('lifeGoal', { number: numbers.byId.get(life.id) ?? '' })}: ${life.description}`,
    },
    ...draft.careGoals
      .filter((care) => care.lifeGoalId === life.id)
      .map((care) => ({
        id: care.id,
        care: true,
        label: `${t('careGoal', { number: numbers.byId.get(care.id) ?? '' })}: ${care.description}`,
      })),
  ]);
  return (
    <Checkbox.Group label={t('servesGoals')} value={[...props.value]} onChange={props.onChange}>
      {goals.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('noGoalsYet')}
        </Text>
      ) : (
        <Stack gap={4} mt={4}>
          {goals.map((goal) => (
            <Checkbox key={goal.id} value={goal.id} label={goal.label} pl={goal.care ? 'md' : 0} />
          ))}
        </Stack>
      )}
    </Checkbox.Group>
  );
}

function barriersWith(barriers: readonly DraftBarrier[], codes: readonly string[], text: string): DraftBarrier[] {
  const coded = codes.map((code) => barriers.find((b) => b.code === code) ?? { code: code as BarrierCode });
  return [...coded, ...(text.trim() ? [{ text }] : [])];
}

function ActionCard(props: {
  readonly draft: ConversationDraft;
  readonly action: DraftAction;
  readonly number: string;
  readonly edit: (edit: DraftEdit) => void;
  readonly autoFocus: boolean;
  readonly error?: string;
  readonly onRemoved: () => void;
}) {
  const t = useTranslate(messages);
  const { action, number, edit } = props;
  const codes = action.barriers.flatMap((b) => (b.code ? [b.code] : []));
  const barrierText = action.barriers.find((b) => !b.code)?.text ?? '';
  const optional = (key: 'performerName' | 'location' | 'followUp', value: string) =>
    edit((d) => ({
      ...d,
      actions: d.actions.map((a) => {
        if (a.id !== action.id) {
          return a;
        }
        const { [key]: _old, ...rest } = a;
        return value ? { ...rest, [key]: value } : rest;
      }),
    }));
  return (
    <Card withBorder component="section" aria-label={t('action', { number })} data-action={action.id}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Title order={4} size="h5">
            {t('action', { number })}
          </Title>
          <RemoveButton
            label={t('removeAction', { number })}
            onRemove={() => {
              edit(removeAction(action.id));
              props.onRemoved();
            }}
          />
        </Group>
        {/* Full width puts what / who beside the barriers and goals; at 800 px they stack. */}
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Stack gap="sm">
            <Textarea
              label={t('actionWhat')}
              autosize
              minRows={2}
              autoFocus={props.autoFocus}
              value={action.description}
              error={props.error}
              onChange={(event) => edit(changeAction(action.id, { description: event.currentTarget.value }))}
            />
            <Radio.Group
              label={t('performer')}
              value={action.performerType}
              onChange={(value) =>
                edit(changeAction(action.id, { performerType: value as TargetActivityPerformerCode }))
              }
            >
              <Group gap="md" mt={4}>
                {PERFORMERS.map((code) => (
                  <Radio key={code} value={code} label={t(`performer.${code}`)} />
                ))}
              </Group>
            </Radio.Group>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput
                label={t('performerName')}
                description={t('optional')}
                placeholder={t('performerNameExample')}
                value={action.performerName ?? ''}
                onChange={(event) => optional('performerName', event.currentTarget.value)}
              />
              <TextInput
                label={t('location')}
                description={t('optional')}
                value={action.location ?? ''}
                onChange={(event) => optional('location', event.currentTarget.value)}
              />
              <TextInput
                type="date"
                label={t('actionFollowUp')}
                description={t('optional')}
                value={action.followUp ?? ''}
                onChange={(event) => optional('followUp', event.currentTarget.value)}
              />
            </SimpleGrid>
          </Stack>
          <Stack gap="sm">
            <Checkbox.Group
              label={t('barriers')}
              value={codes}
              onChange={(chosen) =>
                edit(changeAction(action.id, { barriers: barriersWith(action.barriers, chosen, barrierText) }))
              }
            >
              <SimpleGrid cols={{ base: 2, sm: 3, lg: 2 }} spacing={4} mt={4}>
                {BARRIER_CODES.map((code) => (
                  <Checkbox key={code} value={code} label={t(`barrier.${code}`)} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <TextInput
              label={t('barrierText')}
              description={t('optional')}
              value={barrierText}
              onChange={(event) =>
                edit(
                  changeAction(action.id, {
                    barriers: barriersWith(action.barriers, codes, event.currentTarget.value),
                  }),
                )
              }
            />
            <GoalChoices
              draft={props.draft}
              value={action.goalIds}
              onChange={(goalIds) => edit(changeAction(action.id, { goalIds }))}
            />
          </Stack>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
