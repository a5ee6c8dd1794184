// A practice's settings come in two shapes: as stored (StoredPracticeSettings, builders/practice-settings.ts:
// what its TargetPracticeSettings resource holds, only what it chose) and as resolved (ResolvedPracticeSettings,
// here: every default of DOMAIN.md filled in and checked for sense) — the values the rules run with.
import type { StoredPracticeSettings } from '../builders/practice-settings.ts';
import { type TargetContactTypeCode, TargetContactTypeCodeSystem, ValueSets } from '../generated/canonical.ts';

export const CONTACT_TYPES = Object.keys(TargetContactTypeCodeSystem.codes) as TargetContactTypeCode[];

/** The practice's settings as the rules run with them: its choices over the defaults, every value present. */
export interface ResolvedPracticeSettings {
  contactWeights: Readonly<Record<TargetContactTypeCode, number>>;
  countPracticeNurse: boolean;
  countingPeriodDays: number;
  chronicDiseaseValueSet: string;
  categoryMethod: 'percentile' | 'fixed';
  highPercentile: number;
  highThreshold?: number;
  mediumThreshold?: number;
  newPatientDays: number;
  olderAgeYears: number;
}

/** DOMAIN.md "Weights" (assumption: relative NZa tariff ratios). */
export const DEFAULT_CONTACT_WEIGHTS: Readonly<Record<TargetContactTypeCode, number>> = {
  'consult-short': 0.5,
  consult: 1.0,
  'consult-long': 2.0,
  visit: 1.5,
  'visit-long': 2.5,
  phone: 0.5,
  'e-consult': 0.5,
};

export const DEFAULT_SETTINGS: ResolvedPracticeSettings = {
  contactWeights: DEFAULT_CONTACT_WEIGHTS,
  countPracticeNurse: true,
  countingPeriodDays: 365,
  chronicDiseaseValueSet: ValueSets.TargetChronicDiseaseIcpcValueSet,
  categoryMethod: 'percentile',
  highPercentile: 90,
  newPatientDays: 365,
  olderAgeYears: 65,
};

/**
 * Why a practice's settings cannot be used:
 * - `invalid-value`: a value the rules cannot run with (negative weight, method fixed without thresholds…);
 * - `unreadable`: the resource is not a readable TargetPracticeSettings (a TargetReadError's message);
 * - `duplicate`: the practice has more than one settings resource, so which one counts is unknown;
 * - `unknown-value-set`: the chronic-disease ValueSet it names is not there, or lists no ICPC-1-NL code.
 */
export type SettingsErrorReason = 'invalid-value' | 'unreadable' | 'duplicate' | 'unknown-value-set';

/** Practice settings the rules cannot run with; `setting` is the TargetSettingCodeSystem key at fault, if one. */
export class SettingsError extends Error {
  readonly setting: string | undefined;
  readonly reason: SettingsErrorReason;
  constructor(setting: string | undefined, message: string, reason: SettingsErrorReason = 'invalid-value') {
    super(message);
    this.name = 'SettingsError';
    this.setting = setting;
    this.reason = reason;
  }
}

function check(ok: boolean, setting: string, message: string): void {
  if (!ok) {
    throw new SettingsError(setting, message);
  }
}

/**
 * The settings the rules run with: the practice's choices over the defaults, checked for sense.
 * @param values - What the practice's settings resource holds (absent keys take their default).
 * @returns Complete settings.
 * @throws SettingsError for a value the rules cannot use (negative weight, fixed method without thresholds…).
 */
export function resolveSettings(values: StoredPracticeSettings = {}): ResolvedPracticeSettings {
  const { contactWeights = {}, ...scalars } = values;
  const definedOnly = <T extends object>(values: T) =>
    Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const settings: ResolvedPracticeSettings = {
    ...DEFAULT_SETTINGS,
    ...definedOnly(scalars),
    contactWeights: { ...DEFAULT_CONTACT_WEIGHTS, ...definedOnly(contactWeights) },
  };
  for (const [type, weight] of Object.entries(settings.contactWeights)) {
    check(Number.isFinite(weight) && weight >= 0, 'contact-weight', `weight of ${type} must be zero or more`);
  }
  check(settings.countingPeriodDays >= 1, 'counting-period-days', 'the counting period must be at least one day');
  check(settings.newPatientDays >= 0, 'new-patient-days', 'new-patient-days must be zero or more');
  check(settings.olderAgeYears >= 0, 'older-age-years', 'older-age-years must be zero or more');
  check(
    settings.highPercentile > 0 && settings.highPercentile < 100,
    'high-percentile',
    'the high percentile must lie between 0 and 100',
  );
  if (settings.categoryMethod === 'fixed') {
    const { highThreshold: high, mediumThreshold: medium } = settings;
    check(high !== undefined && medium !== undefined, 'category-method', 'method fixed needs both thresholds');
    check((medium ?? 0) >= 0 && (medium ?? 0) <= (high ?? 0), 'medium-threshold', 'need 0 ≤ medium ≤ high');
  }
  return settings;
}

/** Every value of resolved settings, for storing a practice's settings explicitly (defaults included). */
export function explicitSettings(settings: ResolvedPracticeSettings): StoredPracticeSettings {
  return { ...settings, contactWeights: { ...settings.contactWeights } };
}
