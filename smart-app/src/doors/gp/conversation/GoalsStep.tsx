// Step 3: life goals in the patient's words (optionally about a dimension) and, under each, the care goals
// that serve it, with a target date and optional GRROW notes. Removing a life goal removes its care goals and
// every link to them (withoutGoal of the package).
import {
  Button,
  Card,
  Collapse,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { type DraftCareGoal, type DraftGrrow, withoutGoal } from '@target/profiles';
import { useId, useRef, useState } from 'react';
import { useTranslate } from '../../../i18n/index.tsx';
import { type PatientMessage, messages as patientMessages } from '../patient/messages.ts';
import { DIMENSIONS } from '../patient/record.ts';
import { addCareGoal, addLifeGoal, changeCareGoal, changeLifeGoal, type DraftEdit } from './draft-edits.ts';
import { careGoalsOf } from './item-names.ts';
import { messages } from './messages.ts';
import { RemoveButton } from './RemoveButton.tsx';
import { type StepProps, useItemError } from './step-props.ts';

export function GoalsStep(props: StepProps) {
  const t = useTranslate(messages);
  const { draft, edit } = props;
  const [focusId, setFocusId] = useState<string>();
  const addButton = useRef<HTMLButtonElement>(null);
  const errorOf = useItemError(props, 'goals');
  const add = () => {
    const id = crypto.randomUUID();
    setFocusId(id);
    edit(addLifeGoal(id));
  };
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('lifeGoalsHelp')}
      </Text>
      {draft.lifeGoals.length === 0 ? <Text size="sm">{t('noLifeGoals')}</Text> : null}
      {draft.lifeGoals.map((goal, index) => {
        const number = String(index + 1);
        const careGoals = careGoalsOf(draft, goal.id);
        return (
          <Card
            withBorder
            key={goal.id}
            component="section"
            aria-label={t('lifeGoal', { number })}
            data-life-goal={goal.id}
          >
            <Stack gap="sm">
              <Group justify="space-between" align="flex-start" wrap="wrap">
                <Title order={3} size="h5">
                  {t('lifeGoal', { number })}
                </Title>
                <RemoveButton
                  label={
                    careGoals.length > 1
                      ? t('removeLifeGoalWithCare', { number, count: careGoals.length })
                      : careGoals.length === 1
                        ? t('removeLifeGoalWithOneCare', { number })
                        : t('removeLifeGoal', { number })
                  }
                  onRemove={() => {
                    edit((d) => withoutGoal(d, goal.id));
                    addButton.current?.focus();
                  }}
                />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Textarea
                  label={t('lifeGoalWords', { number })}
                  autosize
                  minRows={2}
                  autoFocus={focusId === goal.id}
                  value={goal.description}
                  error={errorOf(goal.id)}
                  onChange={(event) => edit(changeLifeGoal(goal.id, { description: event.currentTarget.value }))}
                />
                <DimensionSelect
                  value={goal.dimension}
                  onChange={(dimension) =>
                    edit((d) => ({
                      ...d,
                      lifeGoals: d.lifeGoals.map((g) => {
                        if (g.id !== goal.id) {
                          return g;
                        }
                        const { dimension: _old, ...rest } = g;
                        return dimension ? { ...rest, dimension } : rest;
                      }),
                    }))
                  }
                />
              </SimpleGrid>
              <Stack gap="xs" component="section" aria-label={t('careGoals', { number })} pl={{ base: 0, sm: 'md' }}>
                {careGoals.map((care, j) => (
                  <CareGoalFields
                    key={care.id}
                    care={care}
                    number={`${number}.${j + 1}`}
                    edit={edit}
                    autoFocus={focusId === care.id}
                    error={errorOf(care.id)}
                  />
                ))}
                <Group>
                  <Button
                    variant="light"
                    size="compact-sm"
                    onClick={() => {
                      const id = crypto.randomUUID();
                      setFocusId(id);
                      edit(addCareGoal(goal.id, id));
                    }}
                  >
                    {t('addCareGoal', { number })}
                  </Button>
                </Group>
              </Stack>
            </Stack>
          </Card>
        );
      })}
      <Group>
        <Button ref={addButton} variant="light" onClick={add}>
          {t('addLifeGoal')}
        </Button>
      </Group>
    </Stack>
  );
}

function DimensionSelect(props: {
  readonly value: string | undefined;
  readonly onChange: (value: (typeof DIMENSIONS)[number] | undefined) => void;
}) {
  const t = useTranslate(messages);
  const tp = useTranslate(patientMessages);
  return (
    <NativeSelect
      label={t('dimension')}
      description={t('optional')}
      value={props.value ?? ''}
      onChange={(event) => props.onChange((event.currentTarget.value || undefined) as never)}
      data={[
        { value: '', label: t('noDimension') },
        ...DIMENSIONS.map((code) => ({ value: code, label: tp(`dim.${code}` as PatientMessage) })),
      ]}
    />
  );
}

const GRROW_PARTS = ['reality', 'resources', 'options', 'will'] as const;

function CareGoalFields(props: {
  readonly care: DraftCareGoal;
  readonly number: string;
  readonly edit: (edit: DraftEdit) => void;
  readonly autoFocus: boolean;
  readonly error?: string;
}) {
  const t = useTranslate(messages);
  const { care, number, edit } = props;
  const hasGrrow = GRROW_PARTS.some((part) => care.grrow?.[part]);
  const [grrowOpen, setGrrowOpen] = useState(hasGrrow);
  const grrowId = useId();
  const setGrrow = (part: keyof DraftGrrow, value: string) =>
    edit((d) => ({
      ...d,
      careGoals: d.careGoals.map((g) => (g.id === care.id ? { ...g, grrow: { ...g.grrow, [part]: value } } : g)),
    }));
  return (
    <Card withBorder padding="sm" bg="var(--mantine-color-gray-0)" data-care-goal={care.id}>
      <Stack gap="xs">
        <Group justify="flex-end">
          <RemoveButton
            nested
            label={t('removeCareGoal', { number })}
            onRemove={() => edit((d) => withoutGoal(d, care.id))}
          />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('careGoalWords', { number })}
            autoFocus={props.autoFocus}
            value={care.description}
            error={props.error}
            onChange={(event) => edit(changeCareGoal(care.id, { description: event.currentTarget.value }))}
          />
          <TextInput
            type="date"
            label={t('dueDate')}
            description={t('optional')}
            value={care.dueDate ?? ''}
            onChange={(event) => {
              const dueDate = event.currentTarget.value;
              edit((d) => ({
                ...d,
                careGoals: d.careGoals.map((g) => {
                  if (g.id !== care.id) {
                    return g;
                  }
                  const { dueDate: _old, ...rest } = g;
                  return dueDate ? { ...rest, dueDate } : rest;
                }),
              }));
            }}
          />
        </SimpleGrid>
        <UnstyledButton onClick={() => setGrrowOpen((open) => !open)} aria-expanded={grrowOpen} aria-controls={grrowId}>
          <Text size="sm" c="blue.7">
            <span aria-hidden>{grrowOpen ? '▾ ' : '▸ '}</span>
            {t('grrow')}
          </Text>
        </UnstyledButton>
        <Collapse in={grrowOpen} id={grrowId}>
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              {t('grrowHelp')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              {GRROW_PARTS.map((part) => (
                <Textarea
                  key={part}
                  label={t(`grrow.${part}`)}
                  autosize
                  minRows={1}
                  value={care.grrow?.[part] ?? ''}
                  onChange={(event) => setGrrow(part, event.currentTarget.value)}
                />
              ))}
            </SimpleGrid>
          </Stack>
        </Collapse>
      </Stack>
    </Card>
  );
}
