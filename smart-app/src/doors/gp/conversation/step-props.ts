// What every editing step gets: the draft, a way to change it, and the problems to show beside the fields.
import type { ConversationDraft, ConversationStep, DraftProblem } from '@target/profiles';
import type { DraftEdit } from './draft-edits.ts';
import { useProblemText } from './ProblemList.tsx';

export interface StepProps {
  readonly draft: ConversationDraft;
  readonly edit: (edit: DraftEdit) => void;
  /** draftProblems of the whole draft. */
  readonly problems: readonly DraftProblem[];
  /** Show what is wrong beside the fields (once the user tried to go on). */
  readonly showErrors: boolean;
}

/** The first problem of an item on this step, as words, when errors are shown. */
export function useItemError(props: StepProps, step: ConversationStep): (itemId: string) => string | undefined {
  const text = useProblemText(props.draft);
  return (itemId) => {
    if (!props.showErrors) {
      return undefined;
    }
    const problem = props.problems.find((p) => p.step === step && p.itemId === itemId);
    return problem ? text(problem) : undefined;
  };
}
