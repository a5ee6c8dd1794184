// How a setting's default is supported, in words (the settings CodeSystem's `evidence` property, which asks
// that assumptions be shown as such): sourced, our default, or an assumption.
import { Badge } from '@mantine/core';
import type { TargetSettingCode } from '@target/profiles';
import { useTranslate } from '../../../i18n/index.tsx';
import { messages } from './messages.ts';
import { type Evidence, evidenceOf } from './setting-rows.ts';

const COLOURS: Readonly<Record<Evidence, string>> = { sourced: 'teal', default: 'gray', assumption: 'orange' };

export function EvidenceBadge(props: { readonly setting: TargetSettingCode }) {
  const t = useTranslate(messages);
  const evidence = evidenceOf(props.setting);
  return (
    // The whole word, never cut off ("standaardkeuze" is wider than Mantine's default badge).
    <Badge
      color={COLOURS[evidence]}
      variant="light"
      style={{ overflow: 'visible' }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {t(`evidence.${evidence}`)}
    </Badge>
  );
}
