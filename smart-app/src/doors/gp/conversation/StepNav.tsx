// The six steps as a numbered list of buttons: the current one marked (aria-current), the ones reached so far
// open to go back to, the ones ahead not yet. Wraps onto two lines in a narrow EHR side panel.
import { Button, Group } from '@mantine/core';
import { CONVERSATION_STEPS, type ConversationStep } from '@target/profiles';
import { useTranslate } from '../../../i18n/index.tsx';
import { messages } from './messages.ts';

export function StepNav(props: {
  readonly current: ConversationStep;
  /** The furthest step reached: every step up to it can be opened. */
  readonly reached: ConversationStep;
  readonly onSelect: (step: ConversationStep) => void;
}) {
  const t = useTranslate(messages);
  const reached = CONVERSATION_STEPS.indexOf(props.reached);
  return (
    <nav aria-label={t('steps')} data-app-chrome>
      <Group component="ol" gap={6} wrap="wrap" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {CONVERSATION_STEPS.map((step, index) => {
          const current = step === props.current;
          return (
            <li key={step}>
              <Button
                size="compact-sm"
                variant={current ? 'filled' : index <= reached ? 'light' : 'subtle'}
                disabled={index > reached}
                aria-current={current ? 'step' : undefined}
                onClick={() => props.onSelect(step)}
                data-step={step}
              >
                {`${index + 1}. ${t(`step.${step}`)}`}
              </Button>
            </li>
          );
        })}
      </Group>
    </nav>
  );
}
