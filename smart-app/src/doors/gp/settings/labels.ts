// The name a row shows: in Dutch the display of the settings CodeSystem (for a weight: of the contact-type
// CodeSystem), in English the view's own names; so the Dutch screen says exactly what the package says.
import { TargetContactTypeCodeSystem, type TargetSettingCode, TargetSettingCodeSystem } from '@target/profiles';
import type { Language } from '../../../i18n/index.tsx';
import { ENGLISH_SETTING_NAMES } from './messages.ts';
import type { SettingRow } from './setting-rows.ts';

export function settingName(key: TargetSettingCode, language: Language): string {
  return language === 'nl' ? TargetSettingCodeSystem.codes[key] : (ENGLISH_SETTING_NAMES[key] ?? key);
}

/** `Gewicht per contactsoort: Visite` for a weight; the setting's name otherwise. */
export function rowLabel(row: SettingRow, language: Language): string {
  return row.contactType
    ? `${settingName(row.key, language)}: ${shortRowLabel(row, language)}`
    : settingName(row.key, language);
}

/** The name in its group's table: the contact type alone under "Contact weights". */
export function shortRowLabel(row: SettingRow, language: Language): string {
  if (!row.contactType) {
    return settingName(row.key, language);
  }
  return language === 'nl'
    ? TargetContactTypeCodeSystem.codes[row.contactType]
    : (ENGLISH_SETTING_NAMES[row.contactType] ?? row.contactType);
}
