// The built app in headless Chromium (Debian chromium via playwright-core), served by the real TARGET server at
// /app under its own CSP (connect-src admits the EHR through appFhirOrigins) and launched standalone against
// the foreign EHR stand-in (tests/support/foreign-ehr.ts) on its own port: discovery, the authorization
// redirect, the PKCE code exchange and the plain-FHIR session all cross origins as they would in a real
// deployment.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FOREIGN_DEMO, type RunningForeignEhr, startForeignEhr } from '../../support/foreign-ehr.ts';
import { launchChromium, newRecordedPage, type RecordedPage } from '../../support/gp-browser.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { buildSmartApp } from '../../support/smart-app-build.ts';

/** Issue 15: the JS a launch loads before the first view, gzip. */
const INITIAL_JS_BUDGET = 400 * 1024;

/** The JS files index.html loads at once (entry script and module preloads). */
function initialScripts(dir: string): string[] {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const sources = [
    ...html.matchAll(/<script[^>]+src="\/app\/([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="\/app\/([^"]+)"/g),
  ];
  return sources.map((m) => m[1] ?? m[2]);
}

describe('the built app launched standalone against a foreign SMART EHR', () => {
  let appDir: string;
  let ehr: RunningForeignEhr;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    appDir = await buildSmartApp();
    ehr = await startForeignEhr();
    [server, browser] = await Promise.all([
      startTestServer('pglite', { appDir, appFhirOrigins: [ehr.url] }),
      launchChromium(),
    ]);
    ehr.redirectUris.push(`${server.baseUrl}/app/callback`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.stop(), ehr?.close()]);
    if (appDir) {
      fs.rmSync(appDir, { recursive: true, force: true });
    }
  });

  /** A fresh context whose page records script errors and CSP violations, and every URL it asks for. */
  async function newPage(width = 1280): Promise<RecordedPage & { requested: string[] }> {
    const recorded = await newRecordedPage(browser, width);
    const requested: string[] = [];
    recorded.page.on('request', (request) => requested.push(request.url()));
    return { ...recorded, requested };
  }

  function launchUrl(): string {
    return `${server.baseUrl}/app/launch?iss=${encodeURIComponent(ehr.fhirUrl)}`;
  }

  async function expectGpLayoutWithPatient(page: Page): Promise<void> {
    await page.waitForURL(`${server.baseUrl}/app/gp/patient`);
    const banner = page.getByTestId('patient-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-patient-id')).toBe(FOREIGN_DEMO.patient.id);
    expect(await banner.textContent()).toContain(`${FOREIGN_DEMO.patient.given} ${FOREIGN_DEMO.patient.family}`);
    expect(await page.getByTestId('practice-name').textContent()).toBe(FOREIGN_DEMO.organization.name);
    expect(await page.getByRole('link', { name: 'Patiënt' }).getAttribute('aria-current')).toBe('page');
  }

  test('launch → EHR authorization → PKCE code exchange → the GP layout with the patient in context', async () => {
    const { page, problems, requested } = await newPage();
    const tokenRequests = () => ehr.requests.filter((r) => r.startsWith('POST /oauth/token')).length;
    await page.goto(launchUrl());
    await expectGpLayoutWithPatient(page);
    expect(tokenRequests()).toBe(1);
    // The type schemas came from the app's own origin, never from the EHR.
    const schemas = requested.filter((url) => /\/fhir-schemas-\w+\.json$/.test(url));
    expect(schemas.length).toBeGreaterThan(0);
    expect(schemas.filter((url) => !url.startsWith(`${server.baseUrl}/app/assets/`))).toEqual([]);

    // A reload keeps the tab's session: no new authorization, no new token.
    await page.reload();
    await expectGpLayoutWithPatient(page);
    expect(tokenRequests()).toBe(1);

    // The keyboard's first stop is the skip link.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#main');

    expect(ehr.unexpected).toEqual([]);
    expect(ehr.requests.filter((r) => /graphql|auth\/me|oauth2|expand-profile/.test(r))).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  test('the GP layout fits an 800 px EHR side panel without scrolling sideways', async () => {
    const { page, problems } = await newPage(800);
    await page.goto(launchUrl());
    await expectGpLayoutWithPatient(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    expect(await page.getByRole('navigation').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  test('refused consent says so in words, and “Opnieuw starten” launches again', async () => {
    const { page, problems } = await newPage();
    ehr.denyNext = true;
    await page.goto(launchUrl());
    const error = page.getByTestId('launch-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('denied');
    expect(await error.textContent()).toContain('geen toestemming gegeven');
    await page.getByRole('link', { name: 'Opnieuw starten' }).click();
    await expectGpLayoutWithPatient(page);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  test(`the initial JS stays within ${INITIAL_JS_BUDGET / 1024} kB gzip; the schemas are not part of it`, () => {
    const scripts = initialScripts(appDir);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, file) => sum + gzipSync(fs.readFileSync(path.join(appDir, file))).length, 0);
    console.info(`initial JS: ${scripts.join(', ')} = ${(gzipped / 1024).toFixed(1)} kB gzip`);
    expect(gzipped).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
    expect(scripts.some((file) => file.includes('fhir-schemas'))).toBe(false);
  });
});
