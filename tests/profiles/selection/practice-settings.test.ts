import type { Basic, ValueSet } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import { buildPracticeSettings, readPracticeSettings } from '../../../profiles/src/builders/practice-settings.ts';
import { DEFAULT_CHRONIC_DISEASES } from '../../../profiles/src/selection/conditions.ts';
import {
  changedPracticeSettings,
  chronicDiseasesOf,
  defaultPracticeSettings,
  findPracticeSettings,
  type PracticeSettings,
  practiceSettingsOf,
} from '../../../profiles/src/selection/practice-settings.ts';
import { DEFAULT_SETTINGS, resolveSettings, SettingsError } from '../../../profiles/src/selection/settings.ts';
import { example, validationErrors } from '../builders/support.ts';
import { MemoryReader } from '../fhir-reader/memory-reader.ts';
import { ICPC } from './support.ts';

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

describe('a first settings resource', () => {
  const first = defaultPracticeSettings({ id: 'first', practice: { reference: PRACTICE }, created: '2025-01-01' });

  test('writes every default out and conforms to TargetPracticeSettings', () => {
    expect(validationErrors(first)).toEqual([]);
    expect(readPracticeSettings(first)).toEqual({
      id: 'first',
      practice: { reference: PRACTICE },
      created: '2025-01-01',
      settings: { ...DEFAULT_SETTINGS, contactWeights: { ...DEFAULT_SETTINGS.contactWeights } },
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
        ...DEFAULT_SETTINGS,
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
      ...DEFAULT_SETTINGS,
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
