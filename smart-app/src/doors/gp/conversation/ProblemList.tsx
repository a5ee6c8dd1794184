// What still keeps the conversation from being finished (draftProblems of the package), in words, each with a
// way to the step where it is put right.
import { Alert, Anchor, List, Text } from '@mantine/core';
import type { ConversationDraft, ConversationStep, DraftProblem } from '@target/profiles';
import { type Translate, useTranslate } from '../../../i18n/index.tsx';
import { type PatientMessage, messages as patientMessages } from '../patient/messages.ts';
import { itemNumbers } from './item-names.ts';
import { type ConversationMessage, messages } from './messages.ts';

/** The problem as a sentence, naming the item as the screen numbers it. */
export function useProblemText(draft: ConversationDraft): (problem: DraftProblem) => string {
  const t = useTranslate(messages);
  const tp = useTranslate(patientMessages);
  const numbers = itemNumbers(draft);
  return (problem) => problemText(t, tp, numbers, problem);
}

function problemText(
  t: Translate<ConversationMessage>,
  tp: Translate<PatientMessage>,
  numbers: ReturnType<typeof itemNumbers>,
  problem: DraftProblem,
): string {
  const id = problem.itemId ?? '';
  const kind = numbers.kind.get(id);
  const item =
    problem.problem === 'grade-out-of-range'
      ? tp(`dim.${id}` as PatientMessage)
      : kind
        ? t(kind, { number: numbers.byId.get(id) ?? '?' })
        : id;
  const key = `problem.${problem.problem}` as ConversationMessage;
  return key in messages.nl ? t(key, { item }) : t('problem.other', { item, problem: problem.problem });
}

export function ProblemList(props: {
  readonly draft: ConversationDraft;
  readonly problems: readonly DraftProblem[];
  readonly title: string;
  readonly onGoToStep?: (step: ConversationStep) => void;
  /** The step shown: no link to where the user already is. */
  readonly currentStep?: ConversationStep;
}) {
  const t = useTranslate(messages);
  const text = useProblemText(props.draft);
  if (props.problems.length === 0) {
    return null;
  }
  return (
    <Alert color="orange" title={props.title} role="alert" data-testid="problems">
      <List size="sm" spacing={4}>
        {props.problems.map((problem) => (
          <List.Item key={`${problem.step}-${problem.problem}-${problem.itemId ?? ''}`}>
            <Text size="sm" span>
              {text(problem)}
            </Text>
            {props.onGoToStep && problem.step !== props.currentStep ? (
              <>
                {' '}
                <Anchor component="button" type="button" size="sm" onClick={() => props.onGoToStep?.(problem.step)}>
                  {t('goToStep', { step: t(`step.${problem.step}`) })}
                </Anchor>
              </>
            ) : null}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
