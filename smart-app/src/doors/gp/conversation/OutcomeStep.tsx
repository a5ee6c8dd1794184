// Step 5, the outcome, recorded on the conversation itself: no referral needed, the patient's own action, or
// referral(s). A referral is drafted here (partner category, reason, goals) and stays a draft until the
// referral workflow sends it. What still blocks finishing is listed with a way to its step.
import { Badge, Button, Card, Group, NativeSelect, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import {
  type ConversationStep,
  type TargetConversationOutcomeCode,
  TargetConversationOutcomeCodeSystem,
  type TargetPartnerCategoryCode,
  TargetPartnerCategoryCodeSystem,
} from '@target/profiles';
import { useRef, useState } from 'react';
import { useTranslate } from '../../../i18n/index.tsx';
import { addReferral, changeReferral, removeReferral } from './draft-edits.ts';
import { messages } from './messages.ts';
import { GoalChoices } from './PlanStep.tsx';
import { ProblemList } from './ProblemList.tsx';
import { RemoveButton } from './RemoveButton.tsx';
import { type StepProps, useItemError } from './step-props.ts';

const OUTCOMES = Object.keys(TargetConversationOutcomeCodeSystem.codes) as TargetConversationOutcomeCode[];
const CATEGORIES = Object.entries(TargetPartnerCategoryCodeSystem.codes) as [TargetPartnerCategoryCode, string][];

export function OutcomeStep(props: StepProps & { readonly onGoToStep: (step: ConversationStep) => void }) {
  const t = useTranslate(messages);
  const { draft, edit } = props;
  const [focusId, setFocusId] = useState<string>();
  const addButton = useRef<HTMLButtonElement>(null);
  const errorOf = useItemError(props, 'outcome');
  const add = () => {
    const id = crypto.randomUUID();
    setFocusId(id);
    edit(addReferral(id));
  };
  return (
    <Stack gap="md">
      <Card withBorder>
        <Radio.Group
          label={t('outcome')}
          value={draft.outcome ?? null}
          onChange={(value) => {
            const outcome = value as TargetConversationOutcomeCode;
            // Choosing a referral with none drafted yet opens the first one.
            const id = crypto.randomUUID();
            if (outcome === 'referral' && draft.referrals.length === 0) {
              setFocusId(id);
            }
            edit((d) => {
              const chosen = { ...d, outcome };
              return outcome === 'referral' && d.referrals.length === 0 ? addReferral(id)(chosen) : chosen;
            });
          }}
        >
          <Stack gap={6} mt={6}>
            {OUTCOMES.map((code) => (
              <Radio key={code} value={code} label={t(`outcome.${code}`)} />
            ))}
          </Stack>
        </Radio.Group>
      </Card>
      {draft.outcome === 'referral' || draft.referrals.length > 0 ? (
        <Stack gap="sm" component="section" aria-labelledby="referrals">
          <Title order={3} size="h5" id="referrals">
            {t('referrals')}
          </Title>
          {draft.referrals.map((referral, index) => {
            const number = String(index + 1);
            return (
              <Card
                withBorder
                key={referral.id}
                component="section"
                data-referral={referral.id}
                aria-label={t('referral', { number })}
              >
                <Stack gap="sm">
                  <Group justify="space-between" wrap="wrap">
                    <Group gap="xs">
                      <Title order={4} size="h5">
                        {t('referral', { number })}
                      </Title>
                      <Badge variant="light" color="gray">
                        {t('referralDraft')}
                      </Badge>
                    </Group>
                    <RemoveButton
                      label={t('removeReferral', { number })}
                      onRemove={() => {
                        edit(removeReferral(referral.id));
                        addButton.current?.focus();
                      }}
                    />
                  </Group>
                  <NativeSelect
                    label={t('referralCategory')}
                    autoFocus={focusId === referral.id}
                    value={referral.category}
                    data={CATEGORIES.map(([value, label]) => ({ value, label }))}
                    onChange={(event) =>
                      edit(
                        changeReferral(referral.id, {
                          category: event.currentTarget.value as TargetPartnerCategoryCode,
                        }),
                      )
                    }
                  />
                  <Textarea
                    label={t('referralReason')}
                    autosize
                    minRows={2}
                    value={referral.reason}
                    error={errorOf(referral.id)}
                    onChange={(event) => edit(changeReferral(referral.id, { reason: event.currentTarget.value }))}
                  />
                  <GoalChoices
                    draft={draft}
                    value={referral.goalIds}
                    onChange={(goalIds) => edit(changeReferral(referral.id, { goalIds }))}
                  />
                </Stack>
              </Card>
            );
          })}
          <Group>
            <Button ref={addButton} variant="light" onClick={add}>
              {t('addReferral')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      {props.problems.length > 0 ? (
        <ProblemList
          draft={draft}
          problems={props.problems}
          title={t('finishBlocked')}
          onGoToStep={props.onGoToStep}
          currentStep="outcome"
        />
      ) : (
        <Text size="sm" c="green.8" role="status">
          {t('noProblems')}
        </Text>
      )}
    </Stack>
  );
}
