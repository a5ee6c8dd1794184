// The official SMART client (fhirclient, via /ehr/test-app) against our server in headless Chromium
// (Playwright with the Debian chromium): an EHR launch from the EHR simulator and a standalone launch with
// the patient picker, each ending with the app showing the launch context and the Patient it read over FHIR.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DemoPractice, seedDemoPractice } from '../server/ehr/demo-practice.ts';
import { DATABASE_KINDS } from '../support/database.ts';
import { launchChromium, newRecordedPage, openEhrPatient, signInToEhr } from '../support/gp-browser.ts';
import { useTestServer } from '../support/server.ts';

const PASSWORD = 'demo-password-for-tests';

describe.each(DATABASE_KINDS)('SMART launches in headless Chromium (%s)', (kind) => {
  const server = useTestServer(kind, { demoPassword: PASSWORD });
  let practice: DemoPractice;
  let browser: Browser;

  beforeAll(async () => {
    [practice, browser] = await Promise.all([seedDemoPractice(server.repo), launchChromium()]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function signInAtAuthorizationServer(page: Page): Promise<void> {
    await page.waitForURL(/\/oauth\/interaction\//);
    await page.fill('#username', 'huisarts');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('form#consent');
  }

  async function expectAppShows(page: Page, patientId: string, name: string): Promise<void> {
    await page.waitForURL(/\/ehr\/test-app\/index\.html/);
    await page.waitForSelector('#patient:not([hidden])');
    expect(await page.textContent('#patient-id')).toBe(patientId);
    expect(await page.textContent('#patient-name')).toBe(name);
    expect(await page.textContent('#fhir-user')).toBe(practice.gp);
    expect(await page.textContent('#scopes')).toContain('patient/*.rs');
    expect(await page.isHidden('#error')).toBe(true);
  }

  test('EHR launch: simulator → test app → consent (no second sign-in) → the app reads the same patient', async () => {
    const { page, problems } = await newRecordedPage(browser);
    const patient = practice.highPatient;
    const family = patient.name?.[0]?.family as string;
    await signInToEhr(page, server.baseUrl, PASSWORD);
    await openEhrPatient(page, { id: patient.id as string, family });
    expect(await page.textContent('[data-testid=banner-name]')).toBe(patient.name?.[0]?.text);
    await page.selectOption('#practitioner', practice.gp);
    await page.click('button[name=client_id][value=target-test-app]');

    // Signed in at the simulator: the authorization server asks no password, only consent (the test app is
    // not trusted), and names the patient.
    await page.waitForSelector('form#consent');
    expect(await page.locator('input[type=password]').count()).toBe(0);
    expect(await page.textContent('form#consent')).not.toContain('Kies een patiënt');
    expect(await page.textContent('p.patient')).toContain(family);
    await page.click('button[name=decision][value=allow]');
    await expectAppShows(page, patient.id as string, patient.name?.[0]?.text as string);
    expect(await page.textContent('#need-patient-banner')).toBe('true');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  test('standalone launch: launch.html?iss → sign-in → pick a patient → consent → the app reads that patient', async () => {
    const { page, problems } = await newRecordedPage(browser);
    const patient = practice.lowPatient;
    await page.goto(`${server.baseUrl}/ehr/test-app/launch.html?iss=${encodeURIComponent(server.fhirUrl)}`);
    await signInAtAuthorizationServer(page);
    await page.fill('#q', patient.name?.[0]?.family as string);
    await page.click('form[method=get] button[type=submit]');
    await page.check(`input[name=patient][value="${patient.id}"]`);
    await page.click('button[name=decision][value=allow]');
    await expectAppShows(page, patient.id as string, patient.name?.[0]?.text as string);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);
});
