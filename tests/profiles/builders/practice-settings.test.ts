import type { Basic } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildPracticeSettings,
  type PracticeSettingsInput,
  readPracticeSettings,
  SETTING_FIELDS,
} from '../../../profiles/src/builders/practice-settings.ts';
import { CodeSystems, ValueSets } from '../../../profiles/src/generated/canonical.ts';
import { definitions } from '../support.ts';
import { broken, example, readFailure, validationErrors } from './support.ts';

const fixed: PracticeSettingsInput = {
  id: 'settings-1',
  practice: { reference: 'Organization/practice' },
  created: '2025-02-01',
  author: { reference: 'Practitioner/gp-1' },
  settings: {
    contactWeights: { consult: 1, 'visit-long': 3, phone: 0.25 },
    countPracticeNurse: false,
    countingPeriodDays: 730,
    chronicDiseaseValueSet: ValueSets.TargetChronicDiseaseIcpcValueSet,
    categoryMethod: 'fixed',
    highThreshold: 20,
    mediumThreshold: 8.5,
    newPatientDays: 180,
    olderAgeYears: 70,
    chronicDiseaseCodes: [
      { disease: 'heart-failure', system: 'http://snomed.info/sct', code: '88805009', display: 'Chronic CHF' },
      { disease: 'diabetes', system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11.65' },
    ],
  },
};

/** The disease coding of the setting at `index`. */
const codingOf = (resource: Basic, index: number) => resource.extension?.[index].extension?.[2].valueCoding;

const allDefaults: PracticeSettingsInput = { practice: { reference: 'Organization/practice' }, settings: {} };

describe('practice settings', () => {
  test.each([
    ['with every kind of setting', fixed],
    ['with all defaults', allDefaults],
  ])('builds settings %s that conform to TargetPracticeSettings', (_name, input) => {
    expect(validationErrors(buildPracticeSettings(input))).toEqual([]);
  });

  test.each([fixed, allDefaults])('reads back exactly what it built (%#)', (input) => {
    expect(readPracticeSettings(buildPracticeSettings(input))).toStrictEqual(input);
  });

  test('reads the generated example', () => {
    expect(readPracticeSettings(example('target-practice-settings-example'))).toStrictEqual({
      id: 'target-practice-settings-example',
      practice: { reference: 'Organization/target-practice-organization-example' },
      created: '2025-01-01',
      author: { reference: 'Practitioner/target-practitioner-example' },
      settings: {
        contactWeights: {
          'consult-short': 0.5,
          consult: 1,
          'consult-long': 2,
          visit: 1.5,
          'visit-long': 2.5,
          phone: 0.5,
          'e-consult': 0.5,
        },
        countPracticeNurse: true,
        countUnattributedEncounters: true,
        countingPeriodDays: 365,
        chronicDiseaseValueSet: ValueSets.TargetChronicDiseaseIcpcValueSet,
        categoryMethod: 'percentile',
        highPercentile: 90,
        newPatientDays: 365,
        olderAgeYears: 65,
      },
    });
  });

  // The profile lets every key take any value type; the CodeSystem's definitions name the type in words.
  const settingCodes = definitions.find((d) => d.url === CodeSystems.TargetSettingCodeSystem)?.concept as {
    code: string;
    definition: string;
  }[];
  test.each(Object.entries(SETTING_FIELDS))('writes %s with the value type its definition names', (key, { type }) => {
    const definition = settingCodes.find((c) => c.code === key)?.definition ?? '';
    expect(definition.toLowerCase()).toContain(type.toLowerCase());
  });

  const built = buildPracticeSettings(fixed);
  test.each<[string, (r: Basic) => void, string, string]>([
    ['another Basic', (r) => (r.code = { text: 'x' }), 'wrong-resource', 'Basic.code'],
    ['no practice', (r) => delete r.subject, 'missing', 'Basic.subject'],
    [
      'a contact weight without contact type',
      (r) => r.extension?.[0].extension?.pop(),
      'missing',
      'Basic.extension:setting[0].extension:contactType',
    ],
    [
      'a setting without value',
      (r) => r.extension?.[3].extension?.splice(1, 1),
      'missing',
      'Basic.extension:setting[3].extension:value',
    ],
    [
      'a boolean setting with a number',
      (r) => Object.assign(r.extension?.[3].extension?.[1] ?? {}, { valueBoolean: undefined, valueInteger: 1 }),
      'invalid',
      'Basic.extension:setting[3].extension:value',
    ],
    [
      'an unknown category method',
      (r) => Object.assign(r.extension?.[6].extension?.[1] ?? {}, { valueCode: 'quartile' }),
      'invalid',
      'Basic.extension:setting[6].extension:value',
    ],
    [
      'a repeated setting',
      (r) => r.extension?.push(structuredClone(r.extension[4])),
      'invalid',
      'Basic.extension:setting[13]',
    ],
    [
      'a chronic-disease code without disease',
      (r) => r.extension?.[11].extension?.pop(),
      'missing',
      'Basic.extension:setting[11].extension:disease',
    ],
    [
      'a chronic-disease code for an unknown disease',
      (r) =>
        Object.assign(r.extension?.[11].extension?.[2] ?? {}, { valueCoding: { ...codingOf(r, 11), code: 'gout' } }),
      'invalid',
      'Basic.extension:setting[11].extension:disease',
    ],
    [
      'a chronic-disease code without code',
      (r) => delete r.extension?.[12].extension?.[1].valueCoding?.code,
      'missing',
      'Basic.extension:setting[12].extension:value.valueCoding.code',
    ],
    [
      'a chronic-disease code given as a string',
      (r) => Object.assign(r.extension?.[12].extension?.[1] ?? {}, { valueCoding: undefined, valueCode: 'E11' }),
      'invalid',
      'Basic.extension:setting[12].extension:value',
    ],
    [
      'the same chronic-disease code twice',
      (r) => r.extension?.push(structuredClone(r.extension[12])),
      'invalid',
      'Basic.extension:setting[13]',
    ],
  ])('rejects %s', (_name, breakIt, code, path) => {
    expect(readFailure(() => readPracticeSettings(broken(built, breakIt)))).toEqual({ code, path });
  });
});
