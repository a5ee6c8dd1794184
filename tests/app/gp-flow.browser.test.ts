// The GP's whole round in real Chromium against the real server (PostgreSQL, the app's production build served
// at /app): sign in to the EHR simulator, open a patient, start TARGET without a second password, see the care
// burden the server computes; the practice worklist (filter, invite, CSV export); change a weight in settings
// and run a new selection that names the new settings version; and the same app launched standalone against
// a second, non-TARGET FHIR server. Screenshots of each view at 800 px and full width go to docs/screenshots/.
import fs from 'node:fs/promises';
import { ExternalSystems, practiceToday } from '@target/profiles';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemoOnFirstStart } from '../../server/src/demo/first-start.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import { FOREIGN_DEMO, type RunningForeignEhr, startForeignEhr } from '../support/foreign-ehr.ts';
import {
  launchChromium,
  launchTargetApp,
  newRecordedPage,
  openEhrPatient,
  type RecordedPage,
  screenshots,
  signInToEhr,
} from '../support/gp-browser.ts';
import { fhirFetch, startTestServer, type TestServer } from '../support/server.ts';
import { buildSmartApp } from '../support/smart-app-build.ts';

const PASSWORD = 'demo-password-for-tests';
/** The displayed Dutch number ("10,8") as a number. */
function dutchNumber(text: string | null): number {
  const match = text?.match(/-?\d+(?:[.,]\d+)?/);
  if (!match) {
    throw new Error(`no number in ${JSON.stringify(text)}`);
  }
  return Number(match[0].replace(',', '.'));
}

/** The foreign EHR's patient: type 2 diabetes and three ten-minute consults at the practice in the last months. */
async function recordInForeignEhr(ehr: RunningForeignEhr): Promise<void> {
  const patient = { reference: `Patient/${FOREIGN_DEMO.patient.id}` };
  await ehr.repo.createResource({
    resourceType: 'Condition',
    subject: patient,
    code: { coding: [{ system: ExternalSystems.ICPC, code: 'T90', display: 'Diabetes mellitus' }] },
    clinicalStatus: { coding: [{ system: ExternalSystems.ConditionClinical, code: 'active' }] },
    verificationStatus: { coding: [{ system: ExternalSystems.ConditionVerification, code: 'confirmed' }] },
  });
  for (const daysAgo of [20, 50, 80]) {
    const start = new Date(Date.now() - daysAgo * 86_400_000);
    await ehr.repo.createResource({
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: ExternalSystems.ActCode, code: 'AMB' },
      subject: patient,
      serviceProvider: { reference: `Organization/${FOREIGN_DEMO.organization.id}` },
      period: { start: start.toISOString(), end: new Date(start.getTime() + 10 * 60_000).toISOString() },
    });
  }
}

describe('The GP in Chromium: EHR simulator → TARGET app (PostgreSQL)', () => {
  let server: TestServer;
  let foreign: RunningForeignEhr;
  let browser: Browser;
  /** One GP's browser through the round (signed in once, as in a day at the practice). */
  let gp: RecordedPage;
  let practiceId: string;
  let highPatient: { id: string; family: string };

  beforeAll(async () => {
    const appDir = await buildSmartApp();
    foreign = await startForeignEhr();
    [server, browser] = await Promise.all([
      startTestServer('postgres', { demoPassword: PASSWORD, appDir, appFhirOrigins: [foreign.url] }),
      launchChromium(),
    ]);
    foreign.redirectUris.push(`${server.baseUrl}/app/callback`);
    await recordInForeignEhr(foreign);
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
    await Promise.all([server?.stop(), foreign?.close()]);
  });

  test('EHR launch: no second password, the care-burden card equals the server’s $care-burden', async () => {
    gp = await newRecordedPage(browser);
    const { page, problems } = gp;
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
  }, 120_000);

  test('worklist: filter to high, invite a patient (a valid invitation Task is stored), export the list as CSV', async () => {
    const { page, problems } = gp;
    await page.getByRole('link', { name: 'Werklijst' }).click();
    await page.waitForURL(/\/app\/gp\/worklist/);
    // The filter is applied when the server's page for it has come back.
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('$worklist') && r.url().includes('category=high')),
      page.getByText('hoog', { exact: true }).first().click(),
    ]);
    const invite = page.getByRole('button', { name: /^Nodig .+ uit voor het andere gesprek$/ }).first();
    await invite.waitFor();
    const invitedName = (await invite.getAttribute('aria-label'))?.replace(
      /^Nodig (.+) uit voor het andere gesprek$/,
      '$1',
    );
    // The demo practice's history already holds invitations: this one is the newest, and the only new one.
    const invitations = (query = '') =>
      fhirFetch(
        server,
        `Task?_profile=https://target.drenthe.example/fhir/StructureDefinition/target-invitation-task&_total=accurate${query}`,
      );
    const before = (await invitations('&_count=0')).body.total;
    await invite.click();
    await page.getByText(`Uitnodiging verstuurd aan ${invitedName}.`).waitFor();

    const tasks = await invitations('&_sort=-_lastUpdated&_count=1');
    expect(tasks.body.total).toBe(before + 1);
    const task = tasks.body.entry[0].resource;
    expect(task.status).toBe('requested');
    expect(task.meta.profile).toContain(
      'https://target.drenthe.example/fhir/StructureDefinition/target-invitation-task',
    );
    expect(task.owner.reference).toBe(`Organization/${practiceId}`);
    const validation = await fhirFetch(server, 'Task/$validate', { method: 'POST', body: task });
    expect(validation.body.issue.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);

    const highTotal = await fhirFetch(
      server,
      `Group/$worklist?practice=Organization/${practiceId}&category=high&_count=0`,
    );
    const total = highTotal.body.parameter.find((p: { name: string }) => p.name === 'total').valueInteger;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporteer CSV' }).click(),
    ]);
    const csv = await fs.readFile((await download.path()) as string, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain(';');
    expect(lines).toHaveLength(total + 1);
    await screenshots(page, 'worklist');
    expect(problems).toEqual([]);
  }, 120_000);

  test('settings: change a weight; a new selection names the new settings version', async () => {
    const { page, problems } = gp;
    await page.getByRole('link', { name: 'Instellingen' }).click();
    await page.waitForURL(/\/app\/gp\/settings/);
    await page.getByRole('button', { name: 'Wijzigen' }).first().click();
    await page.getByLabel('Gewicht per contactsoort: Visite', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Opgeslagen — geldt vanaf de volgende selectie').waitFor();
    await screenshots(page, 'settings');

    await page.getByRole('link', { name: 'Werklijst' }).click();
    await page.getByRole('button', { name: 'Nieuwe selectie maken' }).click();
    await page.getByText('Gemaakt met praktijkinstellingen versie 2').waitFor({ timeout: 60_000 });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  test('standalone launch against a non-TARGET FHIR server: the patient overview computes the care burden in the browser', async () => {
    const { page, problems } = await newRecordedPage(browser);
    await page.goto(`${server.baseUrl}/app/launch?iss=${encodeURIComponent(foreign.fhirUrl)}`);
    await page.waitForURL(/\/app\/gp\/patient/);
    await page.getByTestId('care-burden-card').waitFor();
    // Three ten-minute consults × weight 1, computed in the browser with the package's rules.
    expect(dutchNumber(await page.textContent('[data-testid=care-burden-score]'))).toBe(3);
    expect(await page.getByTestId('patient-banner').getAttribute('data-patient-id')).toBe(FOREIGN_DEMO.patient.id);
    await screenshots(page, 'patient-overview-foreign-ehr');
    expect(foreign.unexpected).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
