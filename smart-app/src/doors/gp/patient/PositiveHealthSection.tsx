// The Positive Health spider web: the six dimensions (0–10) of the latest measurement, earlier measurements
// overlaid, and the same values as a table (readable without the chart). Never a total score: none exists.
import { Stack, Table, Text } from '@mantine/core';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { formatDay, formatNumber } from './format.ts';
import { messages, type PatientMessage } from './messages.ts';
import { DIMENSIONS, type Measurement } from './record.ts';
import { isComplete, SpiderWeb } from './SpiderWeb.tsx';

/** The latest measurement and at most this many earlier ones are drawn. */
const EARLIER_SHOWN = 3;

export function PositiveHealth(props: { readonly measurements: readonly Measurement[] }) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const shown = props.measurements.slice(0, EARLIER_SHOWN + 1);
  if (shown.length === 0) {
    return <Text size="sm">{t('noPositiveHealth')}</Text>;
  }
  const label = (m: Measurement) => t('measuredOn', { date: formatDay(m.answeredAt, language) });
  const dimension = (code: (typeof DIMENSIONS)[number]) => t(`dim.${code}` as PatientMessage);
  const drawn = shown.filter(isComplete);
  return (
    <Stack gap="sm" data-testid="positive-health">
      <Text size="sm">{t('latestMeasurement', { date: formatDay(shown[0].answeredAt, language) })}</Text>
      <SpiderWeb measurements={drawn} label={label} />
      <Table withTableBorder aria-label={t('positiveHealth')} data-testid="positive-health-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dimension')}</Table.Th>
            {shown.map((m) => (
              <Table.Th key={m.answeredAt} ta="right">
                {formatDay(m.answeredAt, language)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {DIMENSIONS.map((code) => (
            <Table.Tr key={code}>
              <Table.Td>{dimension(code)}</Table.Td>
              {shown.map((m) => (
                <Table.Td key={m.answeredAt} ta="right">
                  {m.scores[code] === undefined ? '–' : formatNumber(m.scores[code] as number, language)}
                  {m.wantToTalk.includes(code) ? ` (${t('wantsToTalk')})` : ''}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {t('noTotal')}
      </Text>
    </Stack>
  );
}
