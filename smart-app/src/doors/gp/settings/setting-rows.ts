// What the settings view shows and edits: every key of the settings CodeSystem (a weight per contact type)
// in groups a GP recognises, each with its unit and evidence, and the turn of the edited form texts into the
// package's stored shape. Whether the result may be used is the package's rule (changedPracticeSettings →
// resolveSettings), the same one the server's selection applies; this file only reads the typed values.
import {
  CONTACT_TYPES,
  type PracticeDiseaseCode,
  type ResolvedPracticeSettings,
  SETTING_FIELDS,
  type StoredPracticeSettings,
  type TargetContactTypeCode,
  type TargetSettingCode,
  TargetSettingCodeSystem,
} from '@target/profiles';

export type ScalarSettingCode = keyof typeof SETTING_FIELDS;
export type SettingUnit = 'weight' | 'days' | 'years' | 'percentile' | 'careBurden' | 'none';
/** The CodeSystem's `evidence` property: how a setting's default is supported. */
export type Evidence = 'sourced' | 'default' | 'assumption';
export type GroupKey = 'weights' | 'counting' | 'window' | 'cutoffs' | 'diseases' | 'patients';

/** One editable value: a scalar setting, or the weight of one contact type. */
export interface SettingRow {
  /** Form field id: the setting key, or `contact-weight.<type>`. */
  readonly id: string;
  readonly key: Exclude<TargetSettingCode, 'chronic-disease-code'>;
  readonly contactType?: TargetContactTypeCode;
  readonly unit: SettingUnit;
}

export interface SettingGroup {
  readonly group: GroupKey;
  readonly rows: readonly SettingRow[];
  /** The group also shows the practice's extra chronic-disease codes (a list, edited as one). */
  readonly diseaseCodes?: boolean;
}

const scalar = (key: ScalarSettingCode, unit: SettingUnit): SettingRow => ({ id: key, key, unit });

export const SETTING_GROUPS: readonly SettingGroup[] = [
  {
    group: 'weights',
    rows: CONTACT_TYPES.map((type) => ({
      id: `contact-weight.${type}`,
      key: 'contact-weight',
      contactType: type,
      unit: 'weight',
    })),
  },
  {
    group: 'counting',
    rows: [scalar('count-practice-nurse', 'none'), scalar('count-unattributed-encounters', 'none')],
  },
  { group: 'window', rows: [scalar('counting-period-days', 'days')] },
  {
    group: 'cutoffs',
    rows: [
      scalar('category-method', 'none'),
      scalar('high-percentile', 'percentile'),
      scalar('high-threshold', 'careBurden'),
      scalar('medium-threshold', 'careBurden'),
    ],
  },
  { group: 'diseases', rows: [scalar('chronic-disease-valueset', 'none')], diseaseCodes: true },
  { group: 'patients', rows: [scalar('new-patient-days', 'days'), scalar('older-age-years', 'years')] },
];

export const ALL_ROWS: readonly SettingRow[] = SETTING_GROUPS.flatMap((g) => g.rows);

export function evidenceOf(key: TargetSettingCode): Evidence {
  return TargetSettingCodeSystem.properties.evidence[key];
}

/** A row's value as the form holds it: text for numbers and URLs, 'true'/'false', the method code; '' = not set. */
export function draftOf(row: SettingRow, settings: ResolvedPracticeSettings): string {
  const value = row.contactType
    ? settings.contactWeights[row.contactType]
    : settings[SETTING_FIELDS[row.key as ScalarSettingCode].field];
  return value === undefined ? '' : String(value);
}

export function draftsOf(settings: ResolvedPracticeSettings): Record<string, string> {
  return Object.fromEntries(ALL_ROWS.map((row) => [row.id, draftOf(row, settings)]));
}

/** Why a form text is not a value of its type (before any rule of the package is asked). */
export type DraftProblem = 'notANumber' | 'notAnInteger' | 'required';

export class DraftError extends Error {
  readonly row: SettingRow;
  readonly problem: DraftProblem;
  constructor(row: SettingRow, problem: DraftProblem) {
    super(`${row.id}: ${problem}`);
    this.row = row;
    this.problem = problem;
  }
}

function numberOf(row: SettingRow, text: string, integer: boolean): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') {
    return undefined;
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    throw new DraftError(row, 'notANumber');
  }
  if (integer && !Number.isInteger(value)) {
    throw new DraftError(row, 'notAnInteger');
  }
  return value;
}

/**
 * The form's texts as the settings to store (every value written out; an emptied optional value is removed).
 * @throws DraftError for a text that is not a value of its setting's type, or a required value left empty.
 */
export function changesFromDrafts(
  drafts: Readonly<Record<string, string>>,
  diseaseCodes: readonly PracticeDiseaseCode[],
): StoredPracticeSettings {
  const changes: Record<string, unknown> = { contactWeights: {}, chronicDiseaseCodes: diseaseCodes };
  for (const row of ALL_ROWS) {
    const text = drafts[row.id] ?? '';
    if (row.contactType) {
      const weight = numberOf(row, text, false);
      if (weight === undefined) {
        throw new DraftError(row, 'required');
      }
      (changes.contactWeights as Record<string, number>)[row.contactType] = weight;
      continue;
    }
    const { field, type } = SETTING_FIELDS[row.key as ScalarSettingCode];
    const value =
      type === 'Boolean'
        ? text === 'true'
        : type === 'Integer' || type === 'Decimal'
          ? numberOf(row, text, type === 'Integer')
          : text.trim() || undefined;
    // Only the fixed thresholds may be absent (they have no default); anything else needs a value.
    if (value === undefined && row.key !== 'high-threshold' && row.key !== 'medium-threshold') {
      throw new DraftError(row, 'required');
    }
    changes[field] = value;
  }
  return changes as StoredPracticeSettings;
}
