import { describe, expect, test } from 'vitest';
import type { StoredPracticeSettings } from '../../../profiles/src/builders/practice-settings.ts';
import {
  DEFAULT_SETTINGS,
  explicitSettings,
  type ResolvedPracticeSettings,
  resolveSettings,
  SettingsError,
} from '../../../profiles/src/selection/settings.ts';

/** The defaults of DOMAIN.md "Selection", written out by hand. */
const DOMAIN_DEFAULTS: ResolvedPracticeSettings = {
  contactWeights: {
    'consult-short': 0.5,
    consult: 1.0,
    'consult-long': 2.0,
    visit: 1.5,
    'visit-long': 2.5,
    phone: 0.5,
    'e-consult': 0.5,
  },
  countPracticeNurse: true,
  countingPeriodDays: 365,
  chronicDiseaseValueSet: 'https://target.drenthe.example/fhir/ValueSet/target-chronic-disease-icpc',
  categoryMethod: 'percentile',
  highPercentile: 90,
  newPatientDays: 365,
  olderAgeYears: 65,
};

describe('resolved settings', () => {
  test('without any choice are the defaults of DOMAIN.md', () => {
    expect(resolveSettings()).toEqual(DOMAIN_DEFAULTS);
    expect(resolveSettings({})).toEqual(DOMAIN_DEFAULTS);
    expect(DEFAULT_SETTINGS).toEqual(DOMAIN_DEFAULTS);
  });

  test('take the practice choices over the defaults, weight by weight', () => {
    const resolved = resolveSettings({
      contactWeights: { visit: 3, phone: 0 },
      countPracticeNurse: false,
      countingPeriodDays: 180,
      newPatientDays: 90,
      olderAgeYears: 70,
      highPercentile: 85,
    });
    expect(resolved).toEqual({
      ...DOMAIN_DEFAULTS,
      contactWeights: { ...DOMAIN_DEFAULTS.contactWeights, visit: 3, phone: 0 },
      countPracticeNurse: false,
      countingPeriodDays: 180,
      newPatientDays: 90,
      olderAgeYears: 70,
      highPercentile: 85,
    });
  });

  test('an undefined scalar value takes its default', () => {
    expect(resolveSettings({ countingPeriodDays: undefined, olderAgeYears: undefined })).toEqual(DOMAIN_DEFAULTS);
  });

  test('an undefined weight takes its default, as an undefined scalar does', () => {
    expect(resolveSettings({ contactWeights: { visit: undefined } })).toEqual(DOMAIN_DEFAULTS);
  });

  test('accept fixed thresholds with 0 ≤ medium ≤ high', () => {
    const resolved = resolveSettings({ categoryMethod: 'fixed', highThreshold: 8, mediumThreshold: 8 });
    expect(resolved).toMatchObject({ categoryMethod: 'fixed', highThreshold: 8, mediumThreshold: 8 });
    expect(resolveSettings({ categoryMethod: 'fixed', highThreshold: 0, mediumThreshold: 0 }).highThreshold).toBe(0);
  });

  test('accept zero new-patient days and zero as an older age', () => {
    expect(resolveSettings({ newPatientDays: 0, olderAgeYears: 0 })).toMatchObject({
      newPatientDays: 0,
      olderAgeYears: 0,
    });
  });

  test('stored explicitly and resolved again are the same settings', () => {
    const chosen = resolveSettings({
      contactWeights: { consult: 1.25 },
      categoryMethod: 'fixed',
      highThreshold: 9,
      mediumThreshold: 4,
    });
    expect(resolveSettings(explicitSettings(chosen))).toEqual(chosen);
  });

  test('stored explicitly, copy the weights instead of sharing them', () => {
    const stored = explicitSettings(DEFAULT_SETTINGS);
    expect(stored.contactWeights).not.toBe(DEFAULT_SETTINGS.contactWeights);
    expect(stored.contactWeights).toEqual(DOMAIN_DEFAULTS.contactWeights);
  });
});

describe('settings the rules cannot run with', () => {
  test.each<[string, string, StoredPracticeSettings]>([
    ['a negative weight', 'contact-weight', { contactWeights: { visit: -1 } }],
    ['a weight that is not a number', 'contact-weight', { contactWeights: { phone: Number.NaN } }],
    ['an infinite weight', 'contact-weight', { contactWeights: { consult: Number.POSITIVE_INFINITY } }],
    ['a counting period of zero days', 'counting-period-days', { countingPeriodDays: 0 }],
    ['a negative counting period', 'counting-period-days', { countingPeriodDays: -365 }],
    ['negative new-patient days', 'new-patient-days', { newPatientDays: -1 }],
    ['a negative older age', 'older-age-years', { olderAgeYears: -1 }],
    ['a high percentile of 0', 'high-percentile', { highPercentile: 0 }],
    ['a high percentile of 100', 'high-percentile', { highPercentile: 100 }],
    ['a high percentile above 100', 'high-percentile', { highPercentile: 150 }],
    ['method fixed without thresholds', 'category-method', { categoryMethod: 'fixed' }],
    ['method fixed without a medium threshold', 'category-method', { categoryMethod: 'fixed', highThreshold: 8 }],
    ['method fixed without a high threshold', 'category-method', { categoryMethod: 'fixed', mediumThreshold: 4 }],
    [
      'a medium threshold above the high one',
      'medium-threshold',
      { categoryMethod: 'fixed', highThreshold: 4, mediumThreshold: 8 },
    ],
    [
      'a negative medium threshold',
      'medium-threshold',
      { categoryMethod: 'fixed', highThreshold: 4, mediumThreshold: -1 },
    ],
  ])('%s is a SettingsError for setting %s', (_name, setting, values) => {
    let thrown: unknown;
    try {
      resolveSettings(values);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SettingsError);
    expect((thrown as SettingsError).setting).toBe(setting);
  });

  test('a threshold without method fixed is kept but not checked', () => {
    expect(resolveSettings({ mediumThreshold: 8, highThreshold: 4 })).toMatchObject({ categoryMethod: 'percentile' });
  });
});
