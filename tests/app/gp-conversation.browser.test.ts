import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemoOnFirstStart } from '../../server/src/demo/first-start.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import {
  launchChromium,
  launchTargetApp,
  newRecordedPage,
  openEhrPatient,
  type RecordedPage,
  screenshotPath,
  screenshots,
  signInToEhr,
} from '../support/gp-browser.ts';
import { fhirFetch, startTestServer, type TestServer } from '../support/server.ts';
import { buildSmartApp } from '../support/smart-app-build.ts';

const PASSWORD = 'demo-password-for-tests';
/** Whether anything sticks out sideways at 800 px (a horizontal scroll bar in the EHR side panel). */
async function overflowsAt800(page: Page): Promise<boolean> {
  await page.setViewportSize({ width: 800, height: 900 });
  await page.waitForTimeout(200);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  await page.setViewportSize({ width: 1440, height: 900 });
  return overflow;
}

// biome-ignore lint/suspicious/noExplicitAny: the test reads whatever FHIR JSON the server answered
type Json = any;

/**
 * Over the FHIR API: the finished conversation left every resource once, each valid against its profile
 * ($validate), and each referring to the others: Encounter ↔ QuestionnaireResponse ↔ Observations ↔ Goals ↔
 * CarePlan ↔ referral ↔ follow-up ↔ Provenance. Nothing of the drafts is left over.
 */
async function expectCompleteRecord(server: TestServer, patientId: string): Promise<void> {
  const one = async (query: string): Promise<Json> => {
    const found = await search(query);
    expect(found, query).toHaveLength(1);
    return found[0];
  };
  const search = async (query: string): Promise<Json[]> => {
    const answer = await fhirFetch(server, query);
    expect(answer.status, query).toBe(200);
    return (answer.body.entry ?? []).map((e: Json) => e.resource);
  };
  const concept = 'https://target.drenthe.example/fhir/CodeSystem/target-concept';
  const today = new Date().toISOString().slice(0, 10);
  const finished = (
    await search(`Encounter?subject=Patient/${patientId}&type=${concept}|other-conversation&status=finished`)
  ).filter((e) => e.period.start.slice(0, 10) === today);
  expect(finished).toHaveLength(1);
  const encounter = finished[0];
  const at = `Encounter/${encounter.id}`;
  expect(
    await search(`Encounter?subject=Patient/${patientId}&type=${concept}|other-conversation&status=in-progress`),
  ).toEqual([]);
  expect(encounter.participant[0].individual.reference).toMatch(/^PractitionerRole\//);
  expect(encounter.reasonReference[0].reference).toMatch(/^Observation\/[^/]+\/_history\/\d+$/);
  expect((await fhirFetch(server, encounter.reasonReference[0].reference)).status).toBe(200);

  const response = await one(`QuestionnaireResponse?encounter=${at}`);
  expect(response.status).toBe('completed');
  expect(response.questionnaire).toMatch(/\|1\.0\.0$/);
  const observations = await search(`Observation?derived-from=QuestionnaireResponse/${response.id}`);
  expect(observations).toHaveLength(7); // six graded dimensions and the spider web panel
  expect(observations.every((o) => o.encounter.reference === at)).toBe(true);
  const panel = observations.find((o) => o.hasMember);
  expect(panel.hasMember).toHaveLength(6);
  expect(panel.valueQuantity).toBeUndefined(); // never a total score

  const plan = await one(`CarePlan?encounter=${at}`);
  expect(plan.status).toBe('active');
  const goalIds = plan.goal.map((g: Json) => g.reference.replace('Goal/', ''));
  const goals = await search(`Goal?_id=${goalIds.join(',')}`);
  expect(goals).toHaveLength(5); // two life goals, three care goals
  expect(goals.every((g) => g.lifecycleStatus === 'active')).toBe(true);
  const lifeGoalRefs = new Set(goals.filter((g) => !g.extension).map((g) => `Goal/${g.id}`));
  expect(lifeGoalRefs.size).toBe(2);
  for (const care of goals.filter((g) => g.extension)) {
    const serves = care.extension.find((e: Json) => e.url.endsWith('/target-serves-life-goal'));
    expect(lifeGoalRefs.has(serves.valueReference.reference)).toBe(true);
  }
  expect(await search(`Goal?subject=Patient/${patientId}&lifecycle-status=proposed`)).toEqual([]);
  const performerTypes = plan.activity
    .filter((a: Json) => a.detail)
    .map((a: Json) => a.detail.extension.find((e: Json) => e.url.endsWith('/target-activity-performer-type')))
    .map((e: Json) => e.valueCodeableConcept.coding[0].code);
  expect(performerTypes.sort()).toEqual(['own-network', 'partner', 'patient', 'practice']);

  const referral = await one(`ServiceRequest?encounter=${at}`);
  expect(referral.status).toBe('draft');
  expect(referral.basedOn[0].reference).toBe(`CarePlan/${plan.id}`);
  expect(plan.activity.some((a: Json) => a.reference?.reference === `ServiceRequest/${referral.id}`)).toBe(true);
  const followUp = await one(`Task?encounter=${at}&code=${concept}|follow-up`);
  expect(followUp).toMatchObject({ status: 'requested', restriction: { period: { end: '2027-01-15' } } });
  expect(followUp.focus.reference).toBe(`CarePlan/${plan.id}`);

  const provenance = (await fhirFetch(server, `Provenance/${encounter.id}-provenance`)).body;
  const record = [encounter, response, ...observations, ...goals, plan, referral, followUp];
  expect(provenance.target.map((t: Json) => t.reference).sort()).toEqual(
    record.map((r) => `${r.resourceType}/${r.id}`).sort(),
  );
  expect(provenance.agent[0].who.reference).toBe(encounter.participant[0].individual.reference);

  for (const resource of [...record, provenance]) {
    const outcome = await fhirFetch(server, `${resource.resourceType}/$validate`, { method: 'POST', body: resource });
    const errors = (outcome.body.issue ?? []).filter((i: Json) => i.severity === 'error' || i.severity === 'fatal');
    expect(errors, `${resource.resourceType}/${resource.id}`).toEqual([]);
    expect(resource.meta.profile[0]).toMatch(/^https:\/\/target\.drenthe\.example\/fhir\/StructureDefinition\//);
  }
}

describe('The other conversation in Chromium (PostgreSQL)', () => {
  let server: TestServer;
  let browser: Browser;
  let gp: RecordedPage;
  let patient: { id: string; family: string };

  beforeAll(async () => {
    const appDir = await buildSmartApp();
    [server, browser] = await Promise.all([
      startTestServer('postgres', { demoPassword: PASSWORD, appDir }),
      launchChromium(),
    ]);
    await seedDemoOnFirstStart(server.repo, createLogger({ logLevel: 'silent' }), {
      patients: 120,
      practices: 1,
      seed: 1,
    });
    const high = await fhirFetch(
      server,
      'Observation?code=https://target.drenthe.example/fhir/CodeSystem/target-observation|care-burden&_count=200',
    );
    // A high-burden patient with an earlier Positive Health measurement (the spider web shows the new one
    // over it) and no conversation in progress (the demo leaves one draft to resume for someone else).
    const highIds: string[] = high.body.entry
      .map((entry: { resource: unknown }) => entry.resource)
      .filter((o: { component?: { valueCodeableConcept?: { coding?: { code?: string }[] } }[] }) =>
        o.component?.some((c) => c.valueCodeableConcept?.coding?.some((coding) => coding.code === 'high')),
      )
      .map((o: { subject: { reference: string } }) => o.subject.reference.split('/')[1]);
    let chosen: string | undefined;
    for (const id of highIds) {
      const [open, measured] = await Promise.all([
        fhirFetch(server, `Encounter?subject=Patient/${id}&status=in-progress&_summary=count`),
        fhirFetch(
          server,
          `Observation?subject=Patient/${id}&code=https://target.drenthe.example/fhir/CodeSystem/target-positive-health-dimension|participation&_summary=count`,
        ),
      ]);
      if (open.body.total === 0 && measured.body.total > 0) {
        chosen = id;
        break;
      }
      chosen ??= open.body.total === 0 ? id : undefined;
    }
    const id = chosen as string;
    const read = await fhirFetch(server, `Patient/${id}`);
    patient = { id, family: read.body.name[0].family };
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('start from the overview, go through the steps, reload halfway and resume, finish', async () => {
    gp = await newRecordedPage(browser, 1440, 20_000, 'nl-NL');
    const { page, problems } = gp;
    await signInToEhr(page, server.baseUrl, PASSWORD);
    await openEhrPatient(page, patient);
    await launchTargetApp(page);
    await page.waitForURL(/\/app\/gp\/patient/);
    await page.getByTestId('conversation-button').click();
    await page.waitForURL(/\/app\/gp\/conversation/);
    const heading = page.getByTestId('step-heading');
    await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toBe('Voorbereiding');

    // Step 1: grades by keyboard (type, Tab to "wil hierover praten", space), one dimension left ungraded.
    const grades: [string, string, boolean][] = [
      ['Lichaamsfuncties', '5', false],
      ['Mentaal welbevinden', '6', true],
      ['Zingeving', '7', false],
      ['Kwaliteit van leven', '5', false],
      ['Meedoen', '3', true],
      ['Dagelijks functioneren', '6', false],
    ];
    for (const [dimension, grade, talk] of grades) {
      await page.getByLabel(`Cijfer voor ${dimension}`, { exact: true }).fill(grade);
      if (talk) {
        await page.getByLabel(`Cijfer voor ${dimension}`, { exact: true }).press('Tab');
        await page.keyboard.press('Space');
      }
    }
    await page.getByLabel('Thuis').check();
    // The demo patient had a conversation before: this one is a follow-up, drawn over the earlier measurement.
    expect(await page.getByLabel('Vervolggesprek').isChecked()).toBe(true);
    const web = page.getByTestId('conversation-spider-web');
    await web.locator('svg').first().waitFor();
    await web.getByText('Dit gesprek').waitFor();
    await web
      .getByText(/^Meting \d/)
      .first()
      .waitFor();
    await screenshots(page, 'conversation-1-preparation');
    expect(await overflowsAt800(page)).toBe(false);
    await page.getByRole('button', { name: 'Opslaan en verder' }).click();
    await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toBe('Wat is belangrijk');

    // Step 2
    await page.getByLabel('Wat vindt u belangrijk in uw leven?').fill('Mijn kleinkinderen zien opgroeien.');
    await page.getByLabel('Hoe ziet een goede dag er voor u uit?').fill('Buiten zijn en een praatje maken.');
    await screenshots(page, 'conversation-2-what-matters');
    await page.getByRole('button', { name: 'Opslaan en verder' }).click();
    await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toBe('Doelen');

    // Reload halfway: the conversation resumes at the step after the last one with content.
    await page.reload();
    await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toBe('Doelen');
    await page.getByText(/^Verder met het gesprek van /).waitFor();

    // Step 3: two life goals, three care goals, GRROW notes on one.
    await page.getByRole('button', { name: 'Levensdoel toevoegen' }).click();
    await page.keyboard.type('Weer meedoen in de buurt');
    await page.getByLabel('Gaat over (dimensie)').first().selectOption('participation');
    await page.getByRole('button', { name: 'Zorgdoel toevoegen bij levensdoel 1' }).click();
    await page.keyboard.type('Eén keer per week naar het buurthuis');
    await page.getByLabel('Streefdatum').first().fill('2027-03-01');
    await page.getByRole('button', { name: 'Zorgdoel toevoegen bij levensdoel 1' }).click();
    await page.keyboard.type('Een maatje vinden via Welzijn');
    await page.getByRole('button', { name: 'Levensdoel toevoegen' }).click();
    await page.keyboard.type('Zelf boodschappen doen');
    await page.getByRole('button', { name: 'Zorgdoel toevoegen bij levensdoel 2' }).click();
    await page.keyboard.type('Elke dag tien minuten lopen');
    await page.getByRole('button', { name: /GRROW/ }).last().click();
    await page.getByLabel('Wil: wat gaat de patiënt doen?').last().fill('Maandag begin ik met een rondje om het huis.');
    await screenshots(page, 'conversation-3-goals');
    expect(await overflowsAt800(page)).toBe(false);
    await page.getByRole('button', { name: 'Opslaan en verder' }).click();
    await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toBe('Plan');

    // Step 4: an action for each kind of performer, and a follow-up.
    const actions: [string, string, string][] = [
      ['Elke dag een rondje lopen', 'Patiënt zelf', 'Zorgdoel 2.1: Elke dag tien minuten lopen'],
      ['Dochter rijdt mee naar het buurthuis', 'Eigen netwerk', 'Zorgdoel 1.1: Eén keer per week naar het buurthuis'],
      ['POH belt na twee weken', 'Huisartsenpraktijk', 'Levensdoel 2: Zelf boodschappen doen'],
      ['Welzijn zoekt een maatje', 'Partner (organisatie)', 'Zorgdoel 1.2: Een maatje vinden via Welzijn'],
    ];
    for (const [index, [what, who, goal]] of actions.entries()) {
      await page.getByRole('button', { name: 'Actie toevoegen' }).click();
      await page.keyboard.type(what);
      const card = page.getByRole('region', { name: `Actie ${index + 1}` });
      await card.getByLabel(who).check();
      await card.getByLabel(goal).check();
    }
    const first = page.getByRole('region', { name: 'Actie 1' });
    await first.getByLabel('Praktisch (vervoer, tijd)').check();
    await first.getByLabel('Toelichting belemmering').fill('Slecht weer');
    await page.getByLabel('Datum vervolgafspraak').fill('2027-01-15');
    await page.getByLabel('Wat bespreken we dan').fill('Hoe gaat het met lopen en het buurthuis?');
    await screenshots(page, 'conversation-4-plan');
    expect(await overflowsAt800(page)).toBe(false);
    await page.getByRole('button', { name: 'Opslaan en verder' }).click();
    await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toBe('Uitkomst');

    // Step 5: referral outcome with a draft referral; finishing is blocked until the reason is filled in.
    await page.getByLabel('Verwijzing', { exact: true }).check();
    const referral = page.getByRole('region', { name: 'Verwijzing 1' });
    await referral.getByLabel('Soort partner').selectOption('social-welfare');
    await expect
      .poll(() => page.getByRole('button', { name: 'Gesprek afronden' }).isDisabled(), { timeout: 5000 })
      .toBe(true);
    await screenshots(page, 'conversation-5-outcome-blocked');
    await referral.getByLabel('Reden van de verwijzing').fill('Eenzaam sinds de verhuizing; wil meedoen.');
    await referral.getByLabel('Zorgdoel 1.2: Een maatje vinden via Welzijn').check();
    await expect
      .poll(() => page.getByRole('button', { name: 'Gesprek afronden' }).isDisabled(), { timeout: 5000 })
      .toBe(false);
    await screenshots(page, 'conversation-5-outcome');
    // Before finishing, the summary can be read with the patient (a draft, marked so).
    await page.getByRole('button', { name: 'Opslaan en verder' }).click();
    await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toBe('Samenvatting');
    await page.getByText('Dit is een concept. Het gesprek is nog niet afgerond.').waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Stappen van het gesprek' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Afdrukken' }).isVisible()).toBe(false);
    expect(await page.getByTestId('summary').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('conversation-6-summary-print'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Gesprek afronden' }).click();
    await page.getByText('Het gesprek is afgerond en vastgelegd in het dossier.').waitFor({ timeout: 30_000 });
    await screenshots(page, 'conversation-6-summary');

    // The overview's spider web shows the new measurement over the earlier one.
    await page.getByRole('link', { name: 'Patiënt' }).click();
    const table = page.getByTestId('positive-health-table');
    await table.waitFor();
    const columns = await table.locator('thead th').allTextContents();
    expect(columns.length, JSON.stringify(columns)).toBeGreaterThanOrEqual(3);
    expect(columns[1]).toBe(new Date().toLocaleDateString('nl-NL', { timeZone: 'Europe/Amsterdam' }));
    expect(await table.locator('tbody tr').first().textContent()).toContain('5');
    await page.getByTestId('conversation-button').waitFor();
    expect(await page.getByTestId('conversation-button').textContent()).toBe('Start het andere gesprek');

    await expectCompleteRecord(server, patient.id);
    expect(problems).toEqual([]);
  }, 240_000);
});
