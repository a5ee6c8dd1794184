// The other conversation on a SMART EHR that is not a TARGET server, in real Chromium: the app is launched
// standalone against the foreign EHR stand-in (plain R4 with transactions, no $extract), holds a short
// conversation and finishes it. The record lands in the foreign EHR whole, with the Positive Health
// Observations extracted in the browser by the package's code, and nothing but plain R4 was asked of it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FOREIGN_DEMO, type RunningForeignEhr, startForeignEhr } from '../support/foreign-ehr.ts';
import { launchChromium, newRecordedPage } from '../support/gp-browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { buildSmartApp } from '../support/smart-app-build.ts';

describe('The other conversation on a non-TARGET SMART EHR, in Chromium', () => {
  let server: TestServer;
  let foreign: RunningForeignEhr;
  let browser: Browser;

  beforeAll(async () => {
    const appDir = await buildSmartApp();
    foreign = await startForeignEhr();
    [server, browser] = await Promise.all([
      startTestServer('pglite', { appDir, appFhirOrigins: [foreign.url] }),
      launchChromium(),
    ]);
    foreign.redirectUris.push(`${server.baseUrl}/app/callback`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.stop(), foreign?.close()]);
  });

  test('a conversation held on the foreign EHR is written there whole, extracted in the browser', async () => {
    const { page, problems } = await newRecordedPage(browser, 1440, 20_000, 'nl-NL');
    await page.goto(`${server.baseUrl}/app/launch?iss=${encodeURIComponent(foreign.fhirUrl)}`);
    await page.waitForURL(/\/app\/gp\/patient/);
    await page.getByTestId('conversation-button').click();
    await page.waitForURL(/\/app\/gp\/conversation/);
    const heading = page.getByTestId('step-heading');
    const next = async (step: string) => {
      await page.getByRole('button', { name: 'Opslaan en verder' }).click();
      await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toBe(step);
    };
    await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toBe('Voorbereiding');
    await page.getByLabel('Cijfer voor Meedoen', { exact: true }).fill('4');
    await page.getByLabel('Cijfer voor Zingeving', { exact: true }).fill('7');
    await next('Wat is belangrijk');
    await page.getByLabel('Wat vindt u belangrijk in uw leven?').fill('Met mijn kleinzoon vissen.');
    await next('Doelen');
    await page.getByRole('button', { name: 'Levensdoel toevoegen' }).click();
    await page.keyboard.type('Weer buiten komen');
    await page.getByRole('button', { name: 'Zorgdoel toevoegen bij levensdoel 1' }).click();
    await page.keyboard.type('Twee keer per week naar de vijver');
    await next('Plan');
    await next('Uitkomst');
    await page.getByLabel('Geen verwijzing nodig', { exact: true }).check();
    await page.getByRole('button', { name: 'Gesprek afronden' }).click();
    await page.getByText('Het gesprek is afgerond en vastgelegd in het dossier.').waitFor({ timeout: 30_000 });

    // The record in the foreign EHR: one of each, finished, linked, with the grades extracted in the browser.
    const all = async (type: string) =>
      ((await foreign.repo.search({ resourceType: type as never })).entry ?? []).map((e) => e.resource as never);
    const patient = `Patient/${FOREIGN_DEMO.patient.id}`;
    const encounters = (await all('Encounter')).filter((e: { type?: { coding?: { code?: string }[] }[] }) =>
      e.type?.some((t) => t.coding?.some((c) => c.code === 'other-conversation')),
    ) as { id: string; status: string; subject: { reference: string } }[];
    expect(encounters.map((e) => [e.status, e.subject.reference])).toEqual([['finished', patient]]);
    const at = `Encounter/${encounters[0].id}`;
    const responses = (await all('QuestionnaireResponse')) as {
      id: string;
      status: string;
      encounter?: { reference: string };
    }[];
    expect(responses.map((r) => [r.status, r.encounter?.reference])).toEqual([['completed', at]]);
    const observations = (await all('Observation')).filter((o: { derivedFrom?: { reference: string }[] }) =>
      o.derivedFrom?.some((d) => d.reference === `QuestionnaireResponse/${responses[0].id}`),
    ) as { id: string; valueQuantity?: { value: number }; hasMember?: unknown[] }[];
    expect(observations.map((o) => o.id).sort()).toEqual(
      [`${responses[0].id}-meaningfulness`, `${responses[0].id}-panel`, `${responses[0].id}-participation`].sort(),
    );
    expect(observations.find((o) => o.id.endsWith('-participation'))?.valueQuantity?.value).toBe(4);
    const goals = (await all('Goal')) as { lifecycleStatus: string }[];
    expect(goals.map((g) => g.lifecycleStatus)).toEqual(['active', 'active']);
    const provenance = (await all('Provenance')) as { target: { reference: string }[] }[];
    expect(provenance).toHaveLength(1);
    expect(provenance[0].target.map((t) => t.reference)).toEqual(expect.arrayContaining([at]));
    // Plain R4 only: no $extract, nothing the stand-in does not serve.
    expect(foreign.requests.filter((line) => line.includes('$extract'))).toEqual([]);
    expect(foreign.unexpected).toEqual([]);
    expect(problems).toEqual([]);
  }, 240_000);
});
