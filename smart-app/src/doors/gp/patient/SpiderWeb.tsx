// The Positive Health spider web: the six dimensions (0–10) of one or more measurements, the first drawn in
// the accent colour over the others. Only complete measurements can be drawn: a missing dimension is no zero.
// Shared by the patient overview and the conversation's preparation step.
import { RadarChart } from '@mantine/charts';
import { useTranslate } from '../../../i18n/index.tsx';
import { messages, type PatientMessage } from './messages.ts';
import { DIMENSIONS, type Measurement } from './record.ts';

/** The newest in the accent colour; earlier ones each their own, lighter. */
const COLORS = ['blue.6', 'orange.5', 'teal.5', 'grape.5'];

/** Whether every dimension has a grade (only then is the measurement drawn). */
export function isComplete(measurement: Pick<Measurement, 'scores'>): boolean {
  return DIMENSIONS.every((code) => measurement.scores[code] !== undefined);
}

export function SpiderWeb<M extends Pick<Measurement, 'scores'>>(props: {
  /** Newest first; at most four are drawn, incomplete ones are left out. */
  readonly measurements: readonly M[];
  readonly label: (measurement: M, index: number) => string;
  readonly height?: number;
}) {
  const t = useTranslate(messages);
  const drawn = props.measurements.filter(isComplete).slice(0, COLORS.length);
  if (drawn.length === 0) {
    return null;
  }
  const data = DIMENSIONS.map((code) => ({
    dimension: t(`dim.${code}` as PatientMessage),
    ...Object.fromEntries(drawn.map((m, i) => [`m${i}`, m.scores[code]])),
  }));
  return (
    <RadarChart
      h={props.height ?? 280}
      data={data}
      dataKey="dimension"
      withPolarRadiusAxis
      polarRadiusAxisProps={{ domain: [0, 10], tick: false, axisLine: false }}
      withLegend
      series={drawn
        .map((m, i) => ({
          name: `m${i}`,
          label: props.label(m, i),
          color: COLORS[i],
          opacity: i === 0 ? 0.35 : 0.12,
          strokeColor: COLORS[i],
        }))
        .reverse()}
    />
  );
}
