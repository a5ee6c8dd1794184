// The practice's care burden as a histogram (Mantine charts), with the mean and the high cut-off drawn as
// reference lines at the bar that holds them. Bars and cut-offs come from the server ($worklist): nothing
// here is computed from a partial list.
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Stack, Text, Title } from '@mantine/core';
import { useLanguage, useTranslate } from '../../../i18n/index.tsx';
import { messages } from './messages.ts';
import type { HistogramBin } from './worklist-api.ts';

interface Props {
  readonly bins: readonly HistogramBin[];
  readonly mean?: number;
  readonly high?: number;
}

function label(bin: HistogramBin, format: (n: number) => string): string {
  return `${format(bin.from)}–${format(bin.to)}`;
}

export function CareBurdenHistogram({ bins, mean, high }: Props) {
  const t = useTranslate(messages);
  const { language } = useLanguage();
  const format = (n: number) => n.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 2 });
  const data = bins.map((bin) => ({ range: label(bin, format), [t('patients')]: bin.count }));
  const binOf = (value: number) => {
    const bin = bins.find((b, i) => value >= b.from && (value < b.to || i === bins.length - 1));
    return bin ? label(bin, format) : undefined;
  };
  const lines = [
    ...(mean === undefined ? [] : [{ x: binOf(mean), label: t('mean', { value: format(mean) }), color: 'blue.7' }]),
    ...(high === undefined ? [] : [{ x: binOf(high), label: t('high', { value: format(high) }), color: 'red.7' }]),
  ].filter((line) => line.x !== undefined);
  return (
    <Stack gap="xs" component="section" aria-label={t('histogramTitle')}>
      <Title order={3}>{t('histogramTitle')}</Title>
      <BarChart
        h={220}
        data={data}
        dataKey="range"
        series={[{ name: t('patients'), color: 'teal.6' }]}
        referenceLines={lines}
        tickLine="y"
      />
      <Text size="sm" c="dimmed">
        {t('histogramCaption')}{' '}
        {mean === undefined
          ? t('noCutoffs')
          : [t('mean', { value: format(mean) }), high === undefined ? '' : t('high', { value: format(high) })]
              .filter(Boolean)
              .join(' · ')}
      </Text>
    </Stack>
  );
}
