// Step 1, preparation: where and which conversation, then Positive Health — the patient's own answers when
// they gave them beforehand (taken over on request), else the grades given together, 0–10 per dimension with
// "wants to talk about this". The spider web shows this measurement over the earlier ones; never a total.
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { ConversationDraft, TargetPositiveHealthDimensionCode } from '@target/profiles';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { formatDay } from '../patient/format.ts';
import { type PatientMessage, messages as patientMessages } from '../patient/messages.ts';
import { DIMENSIONS, type Measurement } from '../patient/record.ts';
import { isComplete, SpiderWeb } from '../patient/SpiderWeb.tsx';
import type { OwnAnswers } from './conversation-context.ts';
import { type DraftEdit, setGrade, setWantToTalk } from './draft-edits.ts';
import { messages } from './messages.ts';

export interface PreparationProps {
  readonly draft: ConversationDraft;
  readonly edit: (edit: DraftEdit) => void;
  /** Earlier measurements, newest first (this conversation's own is not among them). */
  readonly earlier: readonly Measurement[];
  readonly ownAnswers?: OwnAnswers;
}

export function PreparationStep(props: PreparationProps) {
  return (
    <Stack gap="md">
      <SettingCard {...props} />
      {props.ownAnswers ? <OwnAnswersCard {...props} ownAnswers={props.ownAnswers} /> : null}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <GradesCard {...props} />
        <SpiderWebCard {...props} />
      </SimpleGrid>
    </Stack>
  );
}

function SettingCard({ draft, edit }: PreparationProps) {
  const t = useTranslate(messages);
  return (
    <Card withBorder component="section" aria-labelledby="conversation-setting">
      <Title order={3} size="h5" id="conversation-setting" mb="xs">
        {t('setting')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Radio.Group
          label={t('place')}
          value={draft.place}
          onChange={(v) => edit((d) => ({ ...d, place: v as never }))}
        >
          <Stack gap={4} mt={4}>
            {(['AMB', 'HH', 'VR'] as const).map((place) => (
              <Radio key={place} value={place} label={t(`place.${place}`)} />
            ))}
          </Stack>
        </Radio.Group>
        <Radio.Group
          label={t('sequence')}
          value={draft.sequence}
          onChange={(v) => edit((d) => ({ ...d, sequence: v as never }))}
        >
          <Stack gap={4} mt={4}>
            {(['first', 'follow-up'] as const).map((sequence) => (
              <Radio key={sequence} value={sequence} label={t(`sequence.${sequence}`)} />
            ))}
          </Stack>
        </Radio.Group>
        <Radio.Group label={t('tool')} value={draft.tool} onChange={(v) => edit((d) => ({ ...d, tool: v as never }))}>
          <Stack gap={4} mt={4}>
            {(['positive-health', 'none', 'other'] as const).map((tool) => (
              <Radio key={tool} value={tool} label={t(`tool.${tool}`)} />
            ))}
          </Stack>
        </Radio.Group>
      </SimpleGrid>
    </Card>
  );
}

function OwnAnswersCard({ draft, edit, ownAnswers }: PreparationProps & { readonly ownAnswers: OwnAnswers }) {
  const t = useTranslate(messages);
  const tp = useTranslate(patientMessages);
  const { language } = useLanguage();
  const taken = draft.positiveHealth.patientResponse === ownAnswers.reference;
  const takeOver = () =>
    edit((d) => ({
      ...d,
      positiveHealth: {
        scores: { ...ownAnswers.scores },
        wantToTalk: [...ownAnswers.wantToTalk],
        patientResponse: ownAnswers.reference,
      },
      // The patient's own words too, unless they were already written down in this conversation.
      whatMatters: d.whatMatters || ownAnswers.whatMatters || '',
      goodDay: d.goodDay || ownAnswers.goodDay || '',
    }));
  const gradeTogether = () => edit((d) => ({ ...d, positiveHealth: { scores: {}, wantToTalk: [] } }));
  return (
    <Card withBorder component="section" aria-labelledby="own-answers" data-testid="own-answers">
      <Title order={3} size="h5" id="own-answers" mb="xs">
        {t('ownAnswers', { date: formatDay(ownAnswers.authored, language) })}
      </Title>
      <Table withTableBorder mb="sm" maw={480}>
        <Table.Tbody>
          {DIMENSIONS.map((code) => (
            <Table.Tr key={code}>
              <Table.Td>{tp(`dim.${code}` as PatientMessage)}</Table.Td>
              <Table.Td ta="right">
                {ownAnswers.scores[code] ?? '–'}
                {ownAnswers.wantToTalk.includes(code) ? ` (${tp('wantsToTalk')})` : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {taken ? (
        <Group gap="sm">
          <Alert color="green" py={6} role="status">
            {t('ownAnswersTaken')}
          </Alert>
          <Button variant="subtle" onClick={gradeTogether}>
            {t('ownAnswersUndo')}
          </Button>
        </Group>
      ) : (
        <Button variant="light" onClick={takeOver}>
          {t('ownAnswersTakeOver')}
        </Button>
      )}
    </Card>
  );
}

function GradesCard({ draft, edit }: PreparationProps) {
  const t = useTranslate(messages);
  const tp = useTranslate(patientMessages);
  const { scores, wantToTalk } = draft.positiveHealth;
  const invalid = (grade: number | undefined) =>
    grade !== undefined && (!Number.isInteger(grade) || grade < 0 || grade > 10);
  return (
    <Card withBorder component="section" aria-labelledby="grades">
      <Title order={3} size="h5" id="grades">
        {t('grades')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('gradesHelp')}
      </Text>
      <Table verticalSpacing={4} horizontalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dimension.column')}</Table.Th>
            <Table.Th>{t('grade')}</Table.Th>
            <Table.Th>{t('wantsToTalk')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {DIMENSIONS.map((code: TargetPositiveHealthDimensionCode) => {
            const name = tp(`dim.${code}` as PatientMessage);
            return (
              <Table.Tr key={code} data-dimension={code}>
                <Table.Td>
                  <Text size="sm" component="label" htmlFor={`grade-${code}`}>
                    {name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    id={`grade-${code}`}
                    aria-label={t('gradeFor', { dimension: name })}
                    placeholder={t('notGraded')}
                    w={130}
                    min={0}
                    max={10}
                    step={1}
                    allowDecimal={false}
                    allowNegative={false}
                    clampBehavior="none"
                    value={scores[code] ?? ''}
                    onChange={(value) => edit(setGrade(code, value === '' ? undefined : Number(value)))}
                    error={invalid(scores[code]) ? t('gradeInvalid') : undefined}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={t('wantsToTalkAbout', { dimension: name })}
                    checked={wantToTalk.includes(code)}
                    onChange={(event) => edit(setWantToTalk(code, event.currentTarget.checked))}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function SpiderWebCard({ draft, earlier }: PreparationProps) {
  const t = useTranslate(messages);
  const tp = useTranslate(patientMessages);
  const { language } = useLanguage();
  const current = { answeredAt: draft.startedAt, scores: draft.positiveHealth.scores, wantToTalk: [] };
  const measurements: Measurement[] = [current, ...earlier];
  return (
    <Card withBorder component="section" aria-labelledby="spider-web" data-testid="conversation-spider-web">
      <Title order={3} size="h5" id="spider-web" mb="xs">
        {t('spiderWeb')}
      </Title>
      {isComplete(current) ? null : (
        <Text size="sm" c="dimmed" mb="xs">
          {t('spiderWebIncomplete')}
        </Text>
      )}
      <SpiderWeb
        measurements={measurements}
        height={300}
        label={(m) =>
          m === current ? t('spiderWebThis') : tp('measuredOn', { date: formatDay(m.answeredAt, language) })
        }
      />
      <Text size="xs" c="dimmed" mt="xs">
        {tp('noTotal')}
      </Text>
    </Card>
  );
}
