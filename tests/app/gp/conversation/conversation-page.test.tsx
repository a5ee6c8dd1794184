// The other conversation in the GP app against the real TARGET server (happy-dom over the node environment,
// the page on the server's origin, a real GP token): a wrong grade is named and keeps the step from being
// saved; each step saves the draft as resources on the server; the patient's own answers beforehand can be
// taken over; removing a life goal removes its care goals; what draftProblems finds blocks finishing; and a
// conversation left halfway resumes where it stopped. Operated by keyboard where it matters.
import '../../support/happy-dom-with-server.ts';
import { TargetPositiveHealthQuestionnaire } from '@target/profiles';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ConversationPage } from '../../../../smart-app/src/doors/gp/conversation/ConversationPage.tsx';
import { PatientOverviewPage } from '../../../../smart-app/src/doors/gp/patient/PatientOverviewPage.tsx';
import type { SmartSession } from '../../../../smart-app/src/launch/session.ts';
import { fhirFetch, useTestServer } from '../../../support/server.ts';
import { setPageUrl } from '../../support/happy-dom-with-server.ts';
import { renderView, testSession } from '../../support/render-view.tsx';
import { GP_ID, GP_ROLE_ID, PATIENT_ID, PRACTICE_ID, practiceRecord, REFERENCE_DATE } from '../patient/fixtures.ts';
import { writeToServer } from '../patient/support.ts';

afterEach(cleanup);

const OTHER_PATIENT = 'bakker';

describe('the other conversation against the TARGET server', () => {
  const server = useTestServer('pglite');
  let careBurden: { id: string; meta: { versionId: string } };

  beforeAll(async () => {
    setPageUrl(`${server.baseUrl}/app/gp/conversation`);
    await writeToServer(server, practiceRecord() as never[]);
    // The selection stored the patient's care burden: the conversation names it as its reason.
    const persisted = await fhirFetch(server, `Patient/${PATIENT_ID}/$care-burden`, {
      method: 'POST',
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'date', valueDate: REFERENCE_DATE },
          { name: 'persist', valueBoolean: true },
        ],
      },
    });
    expect(persisted.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: reads the Parameters answer
    careBurden = persisted.body.parameter.find((p: any) => p.name === 'careBurden').resource;
  });

  async function gpSession(
    patientId = PATIENT_ID,
    scope = 'openid fhirUser launch user/*.cruds',
  ): Promise<SmartSession> {
    const token = await server.tokenFor({
      sub: 'huisarts',
      client_id: 'target-app',
      scope,
      target_role: 'gp',
      target_organization: PRACTICE_ID,
      patient: patientId,
      fhirUser: `Practitioner/${GP_ID}`,
    });
    const session = testSession(server.fhirUrl, {
      patientId,
      practiceId: PRACTICE_ID,
      fhirUser: `Practitioner/${GP_ID}`,
      scope,
      capabilities: { careBurden: true, targetSelection: true, extract: true },
    });
    session.medplum.setAccessToken(token);
    return session;
  }

  async function openConversations(patientId: string) {
    const found = await fhirFetch(
      server,
      `Encounter?subject=Patient/${patientId}&type=https://target.drenthe.example/fhir/CodeSystem/target-concept|other-conversation`,
    );
    return (found.body.entry ?? []).map((e: { resource: unknown }) => e.resource);
  }

  const heading = () => screen.findByTestId('step-heading', {}, { timeout: 20_000 });
  const button = (name: string | RegExp) => screen.getByRole('button', { name });
  /** Waits for the step (a save in between); a failure names what the save said. */
  const reachStep = (name: string) =>
    waitFor(
      async () =>
        expect((await heading()).textContent, screen.queryByTestId('save-status')?.textContent ?? '').toBe(name),
      { timeout: 20_000 },
    );

  test('a grade above 10 is named beside the field and keeps the step from being saved; a valid step saves a draft Encounter', async () => {
    const user = userEvent.setup();
    renderView(<ConversationPage />, { session: await gpSession(), path: '/gp/conversation' });
    expect((await heading()).textContent).toBe('Voorbereiding');

    // Keyboard only: type the grades, tick "wil hierover praten" with the space bar.
    await user.click(screen.getByLabelText('Cijfer voor Lichaamsfuncties'));
    await user.keyboard('11');
    expect(await screen.findByText('Kies een heel getal van 0 tot en met 10, of laat het leeg.')).toBeTruthy();
    await user.click(button('Opslaan en verder'));
    expect(screen.getByTestId('problems').textContent).toContain(
      'Lichaamsfuncties: het cijfer moet een heel getal van 0 tot en met 10 zijn.',
    );
    expect((await heading()).textContent).toBe('Voorbereiding');
    expect(await openConversations(PATIENT_ID)).toEqual([]);

    await user.clear(screen.getByLabelText('Cijfer voor Lichaamsfuncties'));
    await user.keyboard('6');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('Wil praten over Lichaamsfuncties'));
    await user.keyboard(' ');
    expect((screen.getByLabelText('Wil praten over Lichaamsfuncties') as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByLabelText('Thuis'));
    await user.click(button('Opslaan en verder'));

    await reachStep('Wat is belangrijk');
    // The new step's heading has the focus: the keyboard user starts at its top.
    expect(document.activeElement).toBe(screen.getByTestId('step-heading'));
    const [encounter] = await openConversations(PATIENT_ID);
    expect(encounter).toMatchObject({
      status: 'in-progress',
      class: { code: 'HH' },
      participant: [{ individual: { reference: `PractitionerRole/${GP_ROLE_ID}` } }],
      serviceProvider: { reference: `Organization/${PRACTICE_ID}` },
      // Version-specific: the result as it was when the conversation was held.
      reasonReference: [{ reference: `Observation/${careBurden.id}/_history/${careBurden.meta.versionId}` }],
    });
    const responses = await fhirFetch(server, `QuestionnaireResponse?encounter=Encounter/${encounter.id}`);
    const response = responses.body.entry[0].resource;
    expect(response.status).toBe('in-progress');
    expect(response.item).toMatchObject([
      {
        linkId: 'bodily-functions',
        item: [
          { linkId: 'bodily-functions.score', answer: [{ valueInteger: 6 }] },
          { linkId: 'bodily-functions.talk', answer: [{ valueBoolean: true }] },
        ],
      },
    ]);
    // Going back keeps what was entered.
    await user.click(button('Terug'));
    expect((screen.getByLabelText('Cijfer voor Lichaamsfuncties') as HTMLInputElement).value).toBe('6');
  }, 60_000);

  test('the patient’s own answers beforehand are shown and taken over, with their own words', async () => {
    await writeToServer(server, [
      {
        resourceType: 'QuestionnaireResponse',
        id: 'bakker-own-answers',
        questionnaire: TargetPositiveHealthQuestionnaire.url,
        status: 'completed',
        subject: { reference: `Patient/${OTHER_PATIENT}` },
        authored: new Date(Date.now() - 3 * 86_400_000).toISOString(),
        author: { reference: `Patient/${OTHER_PATIENT}` },
        source: { reference: `Patient/${OTHER_PATIENT}` },
        item: [
          {
            linkId: 'participation',
            item: [
              { linkId: 'participation.score', answer: [{ valueInteger: 3 }] },
              { linkId: 'participation.talk', answer: [{ valueBoolean: true }] },
            ],
          },
          { linkId: 'what-matters', answer: [{ valueString: 'Mijn kleinkinderen zien' }] },
        ],
      },
    ] as never[]);
    const user = userEvent.setup();
    renderView(<ConversationPage />, { session: await gpSession(OTHER_PATIENT), path: '/gp/conversation' });
    await heading();
    const own = screen.getByTestId('own-answers');
    expect(within(own).getByRole('heading').textContent).toMatch(/^De patiënt vulde de vragenlijst zelf in op /);
    await user.click(within(own).getByRole('button', { name: 'Cijfers van de patiënt overnemen' }));
    expect((screen.getByLabelText('Cijfer voor Meedoen') as HTMLInputElement).value).toBe('3');
    expect((screen.getByLabelText('Wil praten over Meedoen') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Cijfer voor Zingeving') as HTMLInputElement).value).toBe('');
    await user.click(button('Opslaan en verder'));
    await reachStep('Wat is belangrijk');
    expect((screen.getByLabelText('Wat vindt u belangrijk in uw leven?') as HTMLTextAreaElement).value).toBe(
      'Mijn kleinkinderen zien',
    );
    const [encounter] = await openConversations(OTHER_PATIENT);
    const responses = await fhirFetch(server, `QuestionnaireResponse?encounter=Encounter/${encounter.id}`);
    // The grades came from the patient: the conversation's response names the patient as its source.
    expect(responses.body.entry[0].resource.source).toEqual({ reference: `Patient/${OTHER_PATIENT}` });
  }, 60_000);

  test('a conversation left halfway resumes at the step after the last one with content', async () => {
    // The overview offers to continue it (and to start one for a patient without a conversation in progress).
    const session = await gpSession();
    renderView(<PatientOverviewPage />, { session, path: '/gp/patient' });
    const continueButton = await screen.findByTestId('conversation-button', {}, { timeout: 20_000 });
    expect(continueButton.textContent).toBe('Verder met het gesprek');
    expect(continueButton.getAttribute('href')).toBe('/gp/conversation');
    cleanup();
    renderView(<PatientOverviewPage />, { session: await gpSession('visser'), path: '/gp/patient' });
    expect((await screen.findByTestId('conversation-button', {}, { timeout: 20_000 })).textContent).toBe(
      'Start het andere gesprek',
    );
    cleanup();

    renderView(<ConversationPage />, { session, path: '/gp/conversation' });
    expect((await heading()).textContent).toBe('Wat is belangrijk');
    expect(screen.getByText(/^Verder met het gesprek van /)).toBeTruthy();
    expect(await openConversations(PATIENT_ID)).toHaveLength(1);
  }, 60_000);

  test('removing a life goal removes its care goals and their links; a goal without words is named', async () => {
    const user = userEvent.setup();
    renderView(<ConversationPage />, { session: await gpSession(), path: '/gp/conversation' });
    expect((await heading()).textContent).toBe('Wat is belangrijk');
    await user.click(button('Opslaan en verder'));
    await reachStep('Doelen');
    await user.click(button('Levensdoel toevoegen'));
    // The new life goal's field has the focus: typing goes straight in.
    await user.keyboard('Weer meedoen in de buurt');
    await user.click(button('Zorgdoel toevoegen bij levensdoel 1'));
    await user.keyboard('Eén keer per week naar het buurthuis');
    await user.click(button('Zorgdoel toevoegen bij levensdoel 1'));
    await user.click(button('Levensdoel toevoegen'));
    await user.click(button('Opslaan en verder'));
    const problems = screen.getByTestId('problems').textContent;
    expect(problems).toContain('Zorgdoel 1.2 heeft nog geen tekst.');
    expect(problems).toContain('Levensdoel 2 heeft nog geen tekst.');
    expect((await heading()).textContent).toBe('Doelen');

    // Not saved yet: closing or reloading the page asks first.
    const leaving = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(leaving);
    expect(leaving.defaultPrevented).toBe(true);

    await user.click(button('Levensdoel 1 en de 2 zorgdoelen eronder verwijderen'));
    expect(screen.queryByLabelText('Zorgdoel 1.1')).toBeNull();
    expect(screen.queryByLabelText('Zorgdoel 1.2')).toBeNull();
    // Focus goes to "add a life goal", not lost on the removed card.
    expect(document.activeElement).toBe(button('Levensdoel toevoegen'));
    expect(screen.getAllByRole('region', { name: /^Levensdoel \d$/ })).toHaveLength(1);
  }, 60_000);

  test('what draftProblems finds blocks finishing until it is put right; the referral stays a draft', async () => {
    const user = userEvent.setup();
    renderView(<ConversationPage />, { session: await gpSession(), path: '/gp/conversation' });
    expect((await heading()).textContent).toBe('Wat is belangrijk');
    await user.click(button('Opslaan en verder'));
    await reachStep('Doelen');
    await user.click(button('Levensdoel toevoegen'));
    await user.keyboard('Zelf boodschappen doen');
    await user.click(button('Zorgdoel toevoegen bij levensdoel 1'));
    await user.keyboard('Tien minuten lopen per dag');
    await user.click(button('Opslaan en verder'));
    await reachStep('Plan');

    await user.click(button('Actie toevoegen'));
    await user.keyboard('Wandelen met de buurvrouw');
    await user.click(within(screen.getByRole('region', { name: 'Actie 1' })).getByLabelText('Eigen netwerk'));
    await user.click(
      within(screen.getByRole('region', { name: 'Actie 1' })).getByLabelText('Praktisch (vervoer, tijd)'),
    );
    await user.click(screen.getByLabelText('Zorgdoel 1.1: Tien minuten lopen per dag'));
    fireEvent.change(screen.getByLabelText('Datum vervolgafspraak'), { target: { value: '2027-02-01' } });
    await user.click(button('Opslaan en verder'));
    await reachStep('Uitkomst');

    const finish = () => button('Gesprek afronden') as HTMLButtonElement;
    expect(finish().disabled).toBe(true);
    expect(screen.getByTestId('problems').textContent).toContain('Kies de uitkomst van het gesprek.');
    await user.click(screen.getByLabelText('Verwijzing'));
    // Choosing a referral opens the first draft referral; its reason is still missing.
    const referral = screen.getByRole('region', { name: 'Verwijzing 1' });
    expect(within(referral).getByText('concept, wordt later verstuurd')).toBeTruthy();
    expect(screen.getByTestId('problems').textContent).toContain('Verwijzing 1: vul de reden in.');
    expect(finish().disabled).toBe(true);
    await user.click(within(referral).getByLabelText('Reden van de verwijzing'));
    await user.keyboard('Eenzaam sinds de verhuizing');
    await user.click(screen.getByLabelText('Geen verwijzing nodig'));
    expect(screen.getByTestId('problems').textContent).toContain(
      'Er staat een verwijzing, maar de uitkomst is geen verwijzing',
    );
    expect(finish().disabled).toBe(true);
    await user.click(screen.getByLabelText('Verwijzing'));
    expect(screen.queryByTestId('problems')).toBeNull();
    expect(finish().disabled).toBe(false);

    // Saved as a draft, the summary for the patient can be read (and printed) before finishing.
    await user.click(button('Opslaan en verder'));
    await reachStep('Samenvatting');
    expect(screen.getByText('Dit is een concept. Het gesprek is nog niet afgerond.')).toBeTruthy();
    const leaving = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(leaving);
    expect(leaving.defaultPrevented).toBe(false);
    expect(screen.getByTestId('summary-actions').textContent).toContain('Wandelen met de buurvrouwIemand die u kent');
    expect(screen.getByTestId('summary-next').textContent).toBe('Volgende afspraakOp 1-2-2027 praten we verder.');
    const [encounter] = await openConversations(PATIENT_ID);
    const referrals = await fhirFetch(server, `ServiceRequest?encounter=Encounter/${encounter.id}`);
    expect(referrals.body.entry.map((e: { resource: { status: string } }) => e.resource.status)).toEqual(['draft']);
    const tasks = await fhirFetch(server, `Task?encounter=Encounter/${encounter.id}`);
    expect(tasks.body.entry[0].resource.restriction.period.end).toBe('2027-02-01');
  }, 90_000);

  test('finishing writes the whole record in one go: Encounter finished, the grades as Observations, goals active, a Provenance naming them', async () => {
    const user = userEvent.setup();
    renderView(<ConversationPage />, { session: await gpSession(), path: '/gp/conversation' });
    expect((await heading()).textContent).toBe('Uitkomst');
    await user.click(button('Gesprek afronden'));
    await screen.findByText('Het gesprek is afgerond en vastgelegd in het dossier.', {}, { timeout: 20_000 });
    expect((await heading()).textContent).toBe('Samenvatting');
    expect(screen.queryByText('Dit is een concept. Het gesprek is nog niet afgerond.')).toBeNull();

    const [encounter] = await openConversations(PATIENT_ID);
    expect(encounter.status).toBe('finished');
    const observations = await fhirFetch(server, `Observation?encounter=Encounter/${encounter.id}`);
    const dimension = observations.body.entry
      .map((e: { resource: { code: { coding: { code: string }[] } } }) => e.resource)
      .find((o: { code: { coding: { code: string }[] } }) => o.code.coding[0].code === 'bodily-functions');
    expect(dimension.valueQuantity?.value ?? dimension.valueInteger).toBe(6);
    const goals = await fhirFetch(server, `Goal?subject=Patient/${PATIENT_ID}`);
    expect(goals.body.entry.map((e: { resource: { lifecycleStatus: string } }) => e.resource.lifecycleStatus)).toEqual([
      'active',
      'active',
    ]);
    const provenance = await fhirFetch(server, `Provenance?target=Encounter/${encounter.id}`);
    expect(provenance.body.entry).toHaveLength(1);
    expect(provenance.body.entry[0].resource.agent[0].who).toEqual({ reference: `PractitionerRole/${GP_ROLE_ID}` });
    // Finished, it is no longer offered to continue: the overview starts a new one.
    cleanup();
    renderView(<PatientOverviewPage />, { session: await gpSession(), path: '/gp/patient' });
    expect((await screen.findByTestId('conversation-button', {}, { timeout: 20_000 })).textContent).toBe(
      'Start het andere gesprek',
    );
  }, 60_000);

  test('in English: the same steps and rules in the other language', async () => {
    const user = userEvent.setup();
    renderView(<ConversationPage />, { session: await gpSession(), path: '/gp/conversation', language: 'en' });
    expect((await heading()).textContent).toBe('Preparation');
    expect(
      within(screen.getByRole('navigation', { name: 'Steps of the conversation' }))
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['1. Preparation', '2. What matters', '3. Goals', '4. Plan', '5. Outcome', '6. Summary']);
    // After a finished conversation, a new one is a follow-up.
    expect((screen.getByLabelText('Follow-up conversation') as HTMLInputElement).checked).toBe(true);
    await user.type(screen.getByLabelText('Grade for Participation'), '12');
    expect(screen.getByText('Choose a whole number from 0 to 10, or leave it empty.')).toBeTruthy();
  }, 60_000);

  test('a save the server refuses says so in the server’s words and stays on the step', async () => {
    const user = userEvent.setup();
    // A token that may read but not write.
    const readOnly = await gpSession('visser', 'openid fhirUser launch user/*.rs');
    renderView(<ConversationPage />, { session: readOnly, path: '/gp/conversation' });
    expect((await heading()).textContent).toBe('Voorbereiding');
    await user.type(screen.getByLabelText('Cijfer voor Zingeving'), '7');
    await user.click(button('Opslaan en verder'));
    await waitFor(() => expect(screen.getByTestId('save-status').textContent).toMatch(/^Opslaan mislukt: .+/), {
      timeout: 20_000,
    });
    expect((await heading()).textContent).toBe('Voorbereiding');
    expect(await openConversations('visser')).toEqual([]);
  }, 60_000);
  test('a save over a change made elsewhere in between is refused whole and says to reload', async () => {
    const user = userEvent.setup();
    const session = await gpSession('visser');
    renderView(<ConversationPage />, { session, path: '/gp/conversation' });
    expect((await heading()).textContent).toBe('Voorbereiding');
    await user.type(screen.getByLabelText('Cijfer voor Zingeving'), '6');
    await user.click(button('Opslaan en verder'));
    await reachStep('Wat is belangrijk');
    // Meanwhile a colleague (another tab) saves the same conversation: its Encounter gets a new version.
    const [stored] = await openConversations('visser');
    const elsewhere = await fhirFetch(server, `Encounter/${stored.id}`, { method: 'PUT', body: stored });
    expect(elsewhere.status).toBe(200);
    await user.type(screen.getByLabelText('Wat vindt u belangrijk in uw leven?'), 'Mijn tuin');
    await user.click(button('Opslaan en verder'));
    await waitFor(
      () =>
        expect(screen.getByTestId('save-status').textContent).toBe(
          'Niet opgeslagen: dit gesprek is intussen ergens anders opgeslagen of afgerond. Laad de pagina opnieuw om verder te gaan.',
        ),
      { timeout: 20_000 },
    );
    expect((await heading()).textContent).toBe('Wat is belangrijk');
    const response = await fhirFetch(server, `QuestionnaireResponse?encounter=Encounter/${stored.id}`);
    expect(JSON.stringify(response.body)).not.toContain('Mijn tuin');
  }, 60_000);
});
