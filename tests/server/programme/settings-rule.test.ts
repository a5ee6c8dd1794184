// A practice's settings (TargetPracticeSettings) over real HTTP on both databases: the server refuses settings
// the selection cannot run with on every write path — PUT, POST, conditional create, PATCH, batch and
// transaction entries, its own writes and the bulk import — with a 422 naming the setting and why, and writes
// nothing; a valid change is stored as a new version. The check is the package's (checkedPracticeSettings).
import type { Basic } from '@medplum/fhirtypes';
import {
  buildPracticeSettings,
  PRACTICE_SETTINGS_CODE,
  type StoredPracticeSettings,
  TargetConceptCodeSystem,
} from '@target/profiles';
import { beforeAll, describe, expect, test } from 'vitest';
import { importSources } from '../../../server/src/bulk-import/import.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, useTestServer } from '../../support/server.ts';
import { useTempFolder, writeSource } from '../bulk/import-fixtures.ts';
import { gpOf, OTHER_PRACTICE, PRACTICE, storeWorklistWorld } from './worklist-world.ts';

function settings(id: string | undefined, values: StoredPracticeSettings): Basic {
  return buildPracticeSettings({
    id,
    practice: { reference: `Organization/${PRACTICE}` },
    created: '2025-07-02',
    settings: values,
  }) as unknown as Basic;
}

/** Settings the rules cannot run with: the values, the setting at fault and the reason given. */
const INVALID: [string, StoredPracticeSettings, string, RegExp][] = [
  [
    'a negative contact weight',
    { contactWeights: { visit: -1 } },
    'contact-weight',
    /weight of visit must be zero or more/,
  ],
  [
    'method fixed without thresholds',
    { categoryMethod: 'fixed' },
    'category-method',
    /method fixed needs both thresholds/,
  ],
  [
    'a medium threshold above the high one',
    { categoryMethod: 'fixed', highThreshold: 5, mediumThreshold: 8 },
    'medium-threshold',
    /need 0 ≤ medium ≤ high/,
  ],
  ['a high percentile of 100', { highPercentile: 100 }, 'high-percentile', /between 0 and 100/],
  ['a counting period of zero days', { countingPeriodDays: 0 }, 'counting-period-days', /at least one day/],
];

type Outcome = {
  status: number;
  body: { issue?: { code: string; diagnostics?: string; details?: { text?: string }; expression?: string[] }[] };
};

function expectRefused(response: Outcome, setting: string, reason: RegExp): void {
  expect(response.status).toBe(422);
  const [issue] = response.body.issue ?? [];
  expect(issue).toMatchObject({ code: 'business-rule', expression: [setting] });
  expect(issue.details?.text).toMatch(new RegExp(`^Practice settings: ${setting}: `));
  expect(issue.details?.text).toMatch(reason);
  expect(issue.diagnostics).toMatch(reason);
}

describe.each(DATABASE_KINDS)('practice settings write rule on %s', (kind) => {
  const server = useTestServer(kind);
  const tempFolder = useTempFolder();
  let gp = '';
  let id = '';
  const as = (path: string, init: Parameters<typeof fhirFetch>[2] = {}) =>
    fhirFetch(server, path, { ...init, headers: { authorization: gp, ...init.headers } });
  const current = async () => (await fhirFetch(server, `Basic/${id}`)).body as Basic;
  /** How many settings resources the practice has: a refused create adds none. */
  const settingsCount = async () =>
    (await fhirFetch(server, `Basic?code=${encodeURIComponent(PRACTICE_SETTINGS_CODE)}&_count=100`)).body.entry
      ?.length ?? 0;

  beforeAll(async () => {
    // The world's selection writes the practice's default settings: the resource its GP then edits.
    await storeWorklistWorld((path, init) => fhirFetch(server, path, init));
    gp = `Bearer ${await server.tokenFor({ ...gpOf(PRACTICE), fhirUser: 'Practitioner/wl-gp' })}`;
    const found = await fhirFetch(
      server,
      `Basic?subject=Organization/${PRACTICE}&code=${encodeURIComponent(PRACTICE_SETTINGS_CODE)}`,
    );
    id = found.body.entry[0].resource.id;
  });

  test('a valid change is stored as the next version', async () => {
    const before = await current();
    const updated = await as(`Basic/${id}`, { method: 'PUT', body: settings(id, { highPercentile: 85 }) });
    expect(updated.status).toBe(200);
    expect(Number(updated.body.meta.versionId)).toBe(Number(before.meta?.versionId) + 1);
    expect(JSON.stringify(updated.body)).toContain('"valueDecimal":85');
  });

  test.each(INVALID)(
    '%s over PUT is 422 naming the setting, and the version stays',
    async (_name, values, setting, reason) => {
      const before = await current();
      expectRefused(await as(`Basic/${id}`, { method: 'PUT', body: settings(id, values) }), setting, reason);
      expect(await current()).toEqual(before);
    },
  );

  test.each(INVALID)(
    '%s over POST and conditional create is 422, and nothing is created',
    async (_name, values, setting, reason) => {
      const count = await settingsCount();
      expectRefused(await as('Basic', { method: 'POST', body: settings(undefined, values) }), setting, reason);
      const conditional = await as('Basic', {
        method: 'POST',
        headers: { 'if-none-exist': 'identifier=urn:x|none' },
        body: settings(undefined, values),
      });
      expectRefused(conditional, setting, reason);
      expect(await settingsCount()).toBe(count);
    },
  );

  test('a negative weight over PATCH is 422 naming the contact type, and the version stays', async () => {
    await as(`Basic/${id}`, { method: 'PUT', body: settings(id, { contactWeights: { visit: 1.5 } }) });
    const before = await current();
    // The weight's setting is the first extension; its parts are key, value, contactType.
    expect(before.extension?.[0].extension?.[2].valueCoding?.code).toBe('visit');
    const patched = await as(`Basic/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: [{ op: 'replace', path: '/extension/0/extension/1/valueDecimal', value: -2 }],
    });
    expectRefused(patched, 'contact-weight', /weight of visit must be zero or more/);
    expect(await current()).toEqual(before);
  });

  test('a Basic with the settings code but no profile claim is checked too (the selection finds it by code)', async () => {
    const count = await settingsCount();
    const { meta: _meta, ...unclaimed } = settings(undefined, { contactWeights: { phone: -0.5 } });
    expect(unclaimed.code?.coding?.[0]).toMatchObject({
      system: TargetConceptCodeSystem.url,
      code: 'practice-settings',
    });
    expectRefused(await as('Basic', { method: 'POST', body: unclaimed }), 'contact-weight', /weight of phone/);
    expect(await settingsCount()).toBe(count);
  });

  test('a transaction with invalid settings writes none of its entries; a batch refuses only that entry', async () => {
    const before = await current();
    const bundle = (type: string) => ({
      resourceType: 'Bundle',
      type,
      entry: [
        { resource: settings(id, { olderAgeYears: 70 }), request: { method: 'PUT', url: `Basic/${id}` } },
        { resource: settings(undefined, { categoryMethod: 'fixed' }), request: { method: 'POST', url: 'Basic' } },
      ],
    });
    const transaction = await as('', { method: 'POST', body: bundle('transaction') });
    expectRefused(transaction, 'category-method', /method fixed needs both thresholds/);
    expect(await current()).toEqual(before);

    const count = await settingsCount();
    const batch = await as('', { method: 'POST', body: bundle('batch') });
    expect(batch.status).toBe(200);
    const responses = batch.body.entry.map(
      (e: { response: { status: string; outcome?: Outcome['body'] } }) => e.response,
    );
    expect(responses.map((r: { status: string }) => r.status.slice(0, 3))).toEqual(['200', '422']);
    expect(responses[1].outcome.issue[0]).toMatchObject({ code: 'business-rule', expression: ['category-method'] });
    expect(await settingsCount()).toBe(count);
  });

  test('settings the package cannot read (a method it does not know) are 422 invalid, and the version stays', async () => {
    const before = await current();
    const unknownMethod = settings(id, { categoryMethod: 'median' as 'fixed' });
    const response = await as(`Basic/${id}`, { method: 'PUT', body: unknownMethod });
    expect(response.status).toBe(422);
    expect(response.body.issue[0]).toMatchObject({ code: 'invalid' });
    expect(response.body.issue[0].details.text).toMatch(/^Practice settings: .*median is not percentile or fixed/);
    expect(await current()).toEqual(before);
  });

  test("another practice's GP is refused by access before any rule: 403/404, never a 422 about the values", async () => {
    const otherGp = `Bearer ${await server.tokenFor(gpOf(OTHER_PRACTICE))}`;
    const before = await current();
    const response = await fhirFetch(server, `Basic/${id}`, {
      method: 'PUT',
      headers: { authorization: otherGp },
      body: settings(id, { contactWeights: { visit: -1 } }),
    });
    expect([403, 404]).toContain(response.status);
    expect(await current()).toEqual(before);
  });

  test("the server's own writes are refused the same way", async () => {
    const before = await current();
    await expect(
      server.repo.updateResource(settings(id, { newPatientDays: -1 }) as Basic & { id: string }),
    ).rejects.toThrow(/new-patient-days must be zero or more/);
    expect(await current()).toEqual(before);
  });

  test('the bulk import rejects invalid settings with the reason and imports the rest', async () => {
    const folder = tempFolder();
    await writeSource(folder, 'Basic.ndjson', [
      settings('imported-bad-settings', { contactWeights: { consult: -3 } }),
      settings('imported-good-settings', { highPercentile: 80 }),
    ]);
    const summary = await importSources([folder], { repo: server.repo });
    expect(summary.imported).toEqual({ Basic: 1 });
    expect(summary.errors).toHaveLength(1);
    expect(JSON.stringify(summary.errors[0])).toMatch(/weight of consult must be zero or more/);
    expect((await fhirFetch(server, 'Basic/imported-bad-settings')).status).toBe(404);
    expect((await fhirFetch(server, 'Basic/imported-good-settings')).status).toBe(200);
  });
});
