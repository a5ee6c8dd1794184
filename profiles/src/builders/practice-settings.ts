// TargetPracticeSettings: the TARGET settings of one practice (a Basic resource, versioned; results refer to
// the version they were computed with). One TargetSetting extension per key of TargetSettingCodeSystem; a
// key that is absent takes its default, so every value here is optional and defaults are not filled in.
import type { Basic, Extension, Reference } from 'fhir/r4.js';
import {
  Extensions,
  Profiles,
  TargetConceptCodeSystem,
  type TargetContactTypeCode,
  TargetContactTypeCodeSystem,
  type TargetSettingCode,
  TargetSettingCodeSystem,
} from '../generated/canonical.ts';
import {
  coding,
  compact,
  concept,
  defined,
  expectMarker,
  extensionOf,
  extensionsOf,
  requiredCode,
} from './elements.ts';
import { expectResourceType, required, TargetReadError } from './read-error.ts';

/**
 * The practice's settings as its TargetPracticeSettings resource stores them: only what it chose, every value
 * optional (an absent one takes its default when resolved: selection/settings.ts resolveSettings).
 */
export interface StoredPracticeSettings {
  /** Weight of one contact, per contact type. */
  contactWeights?: Partial<Record<TargetContactTypeCode, number>>;
  countPracticeNurse?: boolean;
  countingPeriodDays?: number;
  /** Canonical URL of the ValueSet of qualifying chronic diseases. */
  chronicDiseaseValueSet?: string;
  categoryMethod?: 'percentile' | 'fixed';
  highPercentile?: number;
  highThreshold?: number;
  mediumThreshold?: number;
  newPatientDays?: number;
  olderAgeYears?: number;
}

export interface PracticeSettingsInput {
  id?: string;
  /** The practice (TargetPracticeOrganization). */
  practice: Reference;
  /** When this version was made. */
  created?: string;
  /** The practice worker or practice who made this version. */
  author?: Reference;
  settings: StoredPracticeSettings;
}

type SettingType = 'Boolean' | 'Integer' | 'Decimal' | 'Code' | 'Canonical';

/**
 * The value type of each key. The profile allows any of decimal | integer | boolean | code | canonical for
 * every key; the type per key is only stated in the words of the CodeSystem's definitions (checked against
 * them by tests/profiles/builders/practice-settings.test.ts).
 */
export const SETTING_FIELDS = {
  'count-practice-nurse': { field: 'countPracticeNurse', type: 'Boolean' },
  'counting-period-days': { field: 'countingPeriodDays', type: 'Integer' },
  'chronic-disease-valueset': { field: 'chronicDiseaseValueSet', type: 'Canonical' },
  'category-method': { field: 'categoryMethod', type: 'Code' },
  'high-percentile': { field: 'highPercentile', type: 'Decimal' },
  'high-threshold': { field: 'highThreshold', type: 'Decimal' },
  'medium-threshold': { field: 'mediumThreshold', type: 'Decimal' },
  'new-patient-days': { field: 'newPatientDays', type: 'Integer' },
  'older-age-years': { field: 'olderAgeYears', type: 'Integer' },
} as const satisfies Record<
  Exclude<TargetSettingCode, 'contact-weight'>,
  { field: Exclude<keyof StoredPracticeSettings, 'contactWeights'>; type: SettingType }
>;
type ScalarKey = keyof typeof SETTING_FIELDS;
const CATEGORY_METHODS: readonly string[] = ['percentile', 'fixed'];

function setting(key: TargetSettingCode, value: Extension, contactType?: TargetContactTypeCode): Extension {
  const parts: Extension[] = [{ url: 'key', valueCoding: coding(TargetSettingCodeSystem, key) }, value];
  if (contactType) {
    parts.push({ url: 'contactType', valueCoding: coding(TargetContactTypeCodeSystem, contactType) });
  }
  return { url: Extensions.TargetSetting, extension: parts };
}

export function buildPracticeSettings(input: PracticeSettingsInput): Basic {
  const { contactWeights = {}, ...scalars } = input.settings;
  const weights = Object.entries(contactWeights).map(([type, weight]) =>
    setting('contact-weight', { url: 'value', valueDecimal: weight }, type as TargetContactTypeCode),
  );
  const others = (Object.keys(SETTING_FIELDS) as ScalarKey[]).flatMap((key) => {
    const { field, type } = SETTING_FIELDS[key];
    const value = scalars[field];
    return value === undefined ? [] : [setting(key, { url: 'value', [`value${type}`]: value })];
  });
  return compact<Basic>({
    resourceType: 'Basic',
    id: input.id,
    meta: { profile: [Profiles.TargetPracticeSettings] },
    extension: [...weights, ...others],
    code: concept(TargetConceptCodeSystem, 'practice-settings'),
    subject: input.practice,
    created: input.created,
    author: input.author,
  });
}

function readValue(value: Extension, type: SettingType, path: string): unknown {
  const read = value[`value${type}`];
  // An integer is a decimal too.
  const found = read ?? (type === 'Decimal' ? value.valueInteger : undefined);
  if (found === undefined) {
    throw new TargetReadError('invalid', path, `expected value${type}`);
  }
  return found;
}

export function readPracticeSettings(resource: Basic): PracticeSettingsInput {
  expectResourceType(resource, 'Basic');
  expectMarker([resource.code], TargetConceptCodeSystem, 'practice-settings', 'Basic.code');
  const settings: Record<string, unknown> = {};
  const contactWeights: Partial<Record<TargetContactTypeCode, number>> = {};
  const seen = new Set<string>();
  extensionsOf(resource, Extensions.TargetSetting).forEach((extension, index) => {
    const path = `Basic.extension:setting[${index}]`;
    const part = (url: string) => extensionOf(extension, url, `${path}.extension:${url}`);
    const key = requiredCode(TargetSettingCodeSystem, [part('key')?.valueCoding ?? {}], `${path}.extension:key`);
    const value = required(part('value'), `${path}.extension:value`);
    const valuePath = `${path}.extension:value`;
    const contactCoding = part('contactType')?.valueCoding;
    const contactType =
      key === 'contact-weight'
        ? requiredCode(TargetContactTypeCodeSystem, [contactCoding ?? {}], `${path}.extension:contactType`)
        : undefined;
    const id = contactType ? `${key}|${contactType}` : key;
    if (seen.has(id)) {
      throw new TargetReadError('invalid', path, `setting ${id} repeats`);
    }
    seen.add(id);
    if (contactType) {
      contactWeights[contactType] = readValue(value, 'Decimal', valuePath) as number;
      return;
    }
    const { field, type } = SETTING_FIELDS[key as ScalarKey];
    const read = readValue(value, type, valuePath);
    if (key === 'category-method' && !CATEGORY_METHODS.includes(read as string)) {
      throw new TargetReadError('invalid', valuePath, `${read} is not percentile or fixed`);
    }
    settings[field] = read;
  });
  if (Object.keys(contactWeights).length) {
    settings.contactWeights = contactWeights;
  }
  return defined<PracticeSettingsInput>({
    id: resource.id,
    practice: required(resource.subject, 'Basic.subject'),
    created: resource.created,
    author: resource.author,
    settings: settings as StoredPracticeSettings,
  });
}
