import type { Basic, ValueSet } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { buildPracticeSettings, readPracticeSettings } from '../../../profiles/src/builders/practice-settings.ts';
import {
  type ChronicDiseaseList,
  DEFAULT_CHRONIC_DISEASES,
  icpcPrefixesOf,
} from '../../../profiles/src/selection/conditions.ts';
import { snomedRootsByIcpc } from '../../../profiles/src/selection/descendants.ts';
import {
  changedPracticeSettings,
  checkedPracticeSettings,
  chronicDiseasesOf,
  defaultPracticeSettings,
  findPracticeSettings,
  isPracticeSettingsResource,
  type PracticeSettings,
  practiceSettingsOf,
} from '../../../profiles/src/selection/practice-settings.ts';
import { DEFAULT_SETTINGS, resolveSettings, SettingsError } from '../../../profiles/src/selection/settings.ts';
import { example, validationErrors } from '../builders/support.ts';
import { MemoryReader } from '../fhir-reader/memory-reader.ts';
import { ICD10, ICPC, SCT } from './support.ts';

const PRACTICE = 'Organization/target-practice-organization-example';

/** The generated settings example as a server stores it: with a version. */
function stored(changes: Partial<Basic> = {}): Basic {
  return { ...example<Basic>('target-practice-settings-example'), meta: { versionId: '3' }, ...changes };
}

/** The error `work` throws. */
function failure(work: () => unknown): unknown {
  try {
    work();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('a practice settings resource in its two shapes', () => {
  test('is read as stored and resolved, with the version results name', () => {
    const settings = practiceSettingsOf(stored());
    expect(settings.version).toEqual({ id: 'target-practice-settings-example', version: '3' });
    expect(settings.stored).toEqual(readPracticeSettings(stored()).settings);
    expect(settings.resolved).toEqual(DEFAULT_SETTINGS);
    expect(settings.resource).toEqual(stored());
  });

  test('stores only the choices; resolved, the defaults fill in the rest', () => {
    const chosen = buildPracticeSettings({
      id: 's',
      practice: { reference: PRACTICE },
      settings: { highPercentile: 85 },
    });
    const settings = practiceSettingsOf({ ...chosen, meta: { ...chosen.meta, versionId: '1' } });
    expect(settings.stored).toEqual({ highPercentile: 85 });
    expect(settings.resolved).toEqual({ ...DEFAULT_SETTINGS, highPercentile: 85 });
  });

  test('with a value the rules cannot use is a SettingsError naming the setting', () => {
    const bad = buildPracticeSettings({
      id: 's',
      practice: { reference: PRACTICE },
      settings: { countingPeriodDays: 0 },
    });
    const err = failure(() => practiceSettingsOf({ ...bad, meta: { versionId: '1' } }));
    expect(err).toBeInstanceOf(SettingsError);
    expect(err).toMatchObject({ setting: 'counting-period-days', reason: 'invalid-value' });
  });

  test('that is not a readable TargetPracticeSettings is a SettingsError unreadable', () => {
    const err = failure(() => practiceSettingsOf(stored({ code: { text: 'something else' } })));
    expect(err).toMatchObject({
      setting: undefined,
      reason: 'unreadable',
      message: expect.stringContaining('Basic.code'),
    });
  });

  test('without a version cannot be named by results: a SettingsError unreadable', () => {
    const err = failure(() => practiceSettingsOf(stored({ meta: {} })));
    expect(err).toMatchObject({
      reason: 'unreadable',
      message: 'a stored settings resource has an id and meta.versionId',
    });
  });
});

describe('checking a settings resource before it is stored (the server’s write rule)', () => {
  test('needs no id or version: a new resource is checked as a stored one', () => {
    const chosen = buildPracticeSettings({ practice: { reference: PRACTICE }, settings: { highPercentile: 85 } });
    expect(checkedPracticeSettings(chosen)).toEqual({
      stored: { highPercentile: 85 },
      resolved: { ...DEFAULT_SETTINGS, highPercentile: 85 },
    });
  });

  test('refuses what the selection refuses, naming the setting', () => {
    const bad = buildPracticeSettings({
      practice: { reference: PRACTICE },
      settings: { contactWeights: { phone: -1 } },
    });
    const err = failure(() => checkedPracticeSettings(bad));
    expect(err).toBeInstanceOf(SettingsError);
    expect(err).toMatchObject({ setting: 'contact-weight', message: 'weight of phone must be zero or more' });
    expect(failure(() => practiceSettingsOf({ ...bad, id: 's', meta: { versionId: '1' } }))).toEqual(err);
  });

  test('concerns a Basic that claims the profile or carries the settings code, and nothing else', () => {
    const settings = buildPracticeSettings({ practice: { reference: PRACTICE }, settings: {} });
    expect(isPracticeSettingsResource(settings)).toBe(true);
    expect(isPracticeSettingsResource({ ...settings, meta: undefined })).toBe(true);
    expect(isPracticeSettingsResource({ ...settings, code: { text: 'other' } })).toBe(true);
    expect(isPracticeSettingsResource({ ...settings, meta: undefined, code: { text: 'other' } })).toBe(false);
    expect(isPracticeSettingsResource({ resourceType: 'Patient', meta: settings.meta })).toBe(false);
  });
});

describe('finding a practice’s settings through a reader', () => {
  test('gives its one settings resource, resolved, by a search on subject and code', async () => {
    const reader = new MemoryReader([example('target-practice-settings-example')]);
    const found = (await findPracticeSettings(reader, PRACTICE)) as PracticeSettings;
    expect(found.version).toEqual({ id: 'target-practice-settings-example', version: '1' });
    expect(found.resolved).toEqual(DEFAULT_SETTINGS);
    expect(reader.searches()).toEqual([
      `Basic?subject=${encodeURIComponent(PRACTICE)}&code=${encodeURIComponent('https://target.drenthe.example/fhir/CodeSystem/target-concept|practice-settings')}`,
    ]);
  });

  test('gives nothing for a practice without settings (its results use the defaults)', async () => {
    const reader = new MemoryReader([example('target-practice-settings-example')]);
    expect(await findPracticeSettings(reader, 'Organization/other')).toBeUndefined();
  });

  test('with two settings resources for the practice is a SettingsError duplicate', async () => {
    const reader = new MemoryReader([
      example('target-practice-settings-example'),
      { ...example<Basic>('target-practice-settings-example'), id: 'second' },
    ]);
    await expect(findPracticeSettings(reader, PRACTICE)).rejects.toMatchObject({
      reason: 'duplicate',
      message: `${PRACTICE} has 2 settings resources; keep one`,
    });
  });
});

/** The defaults as a settings resource stores them: a list without entries is not written. */
const { chronicDiseaseCodes: _none, ...STORED_DEFAULTS } = DEFAULT_SETTINGS;

describe('a first settings resource', () => {
  const first = defaultPracticeSettings({ id: 'first', practice: { reference: PRACTICE }, created: '2025-01-01' });

  test('writes every default out and conforms to TargetPracticeSettings', () => {
    expect(validationErrors(first)).toEqual([]);
    expect(readPracticeSettings(first)).toEqual({
      id: 'first',
      practice: { reference: PRACTICE },
      created: '2025-01-01',
      settings: { ...STORED_DEFAULTS, contactWeights: { ...DEFAULT_SETTINGS.contactWeights } },
    });
  });

  test('holds the same values as the generated settings example', () => {
    expect(readPracticeSettings(first).settings).toEqual(readPracticeSettings(stored()).settings);
  });
});

describe('changing a practice’s settings', () => {
  const current = () => practiceSettingsOf(stored());

  test('gives the next version of the same resource, every value written out, the change applied', () => {
    const next = changedPracticeSettings(current(), { highPercentile: 85, contactWeights: { visit: 2 } }, '2025-03-01');
    expect(validationErrors(next)).toEqual([]);
    expect(readPracticeSettings(next)).toEqual({
      id: 'target-practice-settings-example',
      practice: { reference: PRACTICE },
      created: '2025-03-01',
      author: { reference: 'Practitioner/target-practitioner-example' },
      settings: {
        ...STORED_DEFAULTS,
        highPercentile: 85,
        contactWeights: { ...DEFAULT_SETTINGS.contactWeights, visit: 2 },
      },
    });
  });

  test('writes out the defaults of a resource that stored only some choices', () => {
    const sparse = buildPracticeSettings({
      id: 's',
      practice: { reference: PRACTICE },
      settings: { olderAgeYears: 70 },
    });
    const next = changedPracticeSettings(practiceSettingsOf({ ...sparse, meta: { versionId: '1' } }), {}, '2025-03-01');
    expect(readPracticeSettings(next).settings).toEqual({
      ...STORED_DEFAULTS,
      olderAgeYears: 70,
      contactWeights: { ...DEFAULT_SETTINGS.contactWeights },
    });
  });

  test('to values the rules cannot use is a SettingsError naming the setting, and builds nothing', () => {
    const err = failure(() => changedPracticeSettings(current(), { categoryMethod: 'fixed' }, '2025-03-01'));
    expect(err).toBeInstanceOf(SettingsError);
    expect(err).toMatchObject({ setting: 'category-method', message: 'method fixed needs both thresholds' });
  });
});

describe('the chronic-disease list the settings name', () => {
  const url = 'https://practice.example/fhir/ValueSet/chronic';
  const valueSet = (changes: Partial<ValueSet>): ValueSet => ({
    resourceType: 'ValueSet',
    id: 'chronic',
    url,
    status: 'active',
    ...changes,
  });
  const settings = resolveSettings({ chronicDiseaseValueSet: url });

  test('is the default list for the default ValueSet, without a search', async () => {
    const reader = new MemoryReader();
    expect(await chronicDiseasesOf(reader, resolveSettings())).toBe(DEFAULT_CHRONIC_DISEASES);
    expect(reader.requests).toEqual([]);
  });

  test('is the ICPC-1-NL codes of the practice’s ValueSet, in compose and expansion', async () => {
    const reader = new MemoryReader([
      valueSet({
        compose: {
          include: [
            { system: ICPC, concept: [{ code: 'T90' }] },
            { system: 'other', concept: [{ code: 'X' }] },
          ],
        },
        expansion: { timestamp: '2025-01-01', contains: [{ system: ICPC, code: 'R95' }] },
      }),
    ]);
    const list = await chronicDiseasesOf(reader, settings);
    expect([...list.byIcpc.keys()].sort()).toEqual(['R95', 'T90']);
  });

  test.each([
    ['is not there', [], `Chronic-disease ValueSet ${url} is not on this server`],
    [
      'lists no ICPC-1-NL code',
      [valueSet({ compose: { include: [{ system: 'other', concept: [{ code: 'X' }] }] } })],
      `Chronic-disease ValueSet ${url} lists no ICPC-1-NL codes`,
    ],
  ])('that %s is a SettingsError naming chronic-disease-valueset', async (_name, resources, message) => {
    await expect(chronicDiseasesOf(new MemoryReader(resources), settings)).rejects.toMatchObject({
      setting: 'chronic-disease-valueset',
      reason: 'unknown-value-set',
      message,
    });
  });
});

describe('a practice’s own chronic-disease codes', () => {
  /** Made-up SNOMED CT identifier a practice's system uses for heart failure. */
  const LOCAL_HEART_FAILURE = '9990021000146106';
  const withCodes = (url?: string) =>
    resolveSettings({
      ...(url ? { chronicDiseaseValueSet: url } : {}),
      chronicDiseaseCodes: [
        { disease: 'heart-failure', system: SCT, code: LOCAL_HEART_FAILURE },
        { disease: 'diabetes', system: ICD10, code: 'R73.03' },
      ],
    });

  test('count for their disease in the list, ICD-10 codes below them too', async () => {
    const list = await chronicDiseasesOf(new MemoryReader(), withCodes());
    expect(icpcPrefixesOf({ system: SCT, code: LOCAL_HEART_FAILURE }, list)).toEqual(['K77']);
    expect(icpcPrefixesOf({ system: ICD10, code: 'R73.03' }, list)).toEqual(['T90']);
    expect(icpcPrefixesOf({ system: SCT, code: '44054006' }, list)).toEqual(['T90']);
  });

  test('for a disease not on the practice’s list are a SettingsError naming chronic-disease-code', async () => {
    const url = 'https://practice.example/fhir/ValueSet/diabetes-only';
    const diabetesOnly: ValueSet = {
      resourceType: 'ValueSet',
      id: 'd',
      url,
      status: 'active',
      compose: { include: [{ system: ICPC, concept: [{ code: 'T90' }] }] },
    };
    const reader = new MemoryReader([diabetesOnly]);
    await expect(chronicDiseasesOf(reader, withCodes(url))).rejects.toMatchObject({
      name: 'SettingsError',
      setting: 'chronic-disease-code',
      message: `${SCT}|${LOCAL_HEART_FAILURE} is added to heart-failure, which is not on the chronic-disease list ${url}`,
    });
  });

  test('are expanded with the map’s codes when a terminology adds descendants', async () => {
    const expanded: string[][] = [];
    const terminology = {
      withDescendants: async (list: ChronicDiseaseList) => {
        expanded.push(snomedRootsByIcpc(list).get('K77') ?? []);
        return list;
      },
    };
    await chronicDiseasesOf(new MemoryReader(), withCodes(), terminology);
    expect(expanded[0]).toContain(LOCAL_HEART_FAILURE);
    expect(expanded[0]).toContain('84114007');
  });
});
