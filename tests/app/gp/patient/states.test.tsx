// The overview's loading, error and empty states, paging and collapsing, against the foreign-EHR stand-in
// (msw → tests/support/foreign-ehr.ts): a failure says what the server said and can be retried; a patient without data gets empty states in
// words; an unknown patient is named; the timeline pages through the EHR's next links.
// (Node environment with happy-dom's DOM: tests/app/support/happy-dom-with-server.ts.)
import '../../support/happy-dom-with-server.ts';
import type { Resource } from '@medplum/fhirtypes';
import { ExternalSystems } from '@target/profiles';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { PatientOverviewPage } from '../../../../smart-app/src/doors/gp/patient/PatientOverviewPage.tsx';
import type { Language } from '../../../../smart-app/src/i18n/index.tsx';
import { createForeignEhr, type ForeignEhr, foreignEhrMsw } from '../../../support/foreign-ehr.ts';
import { renderView, testSession } from '../../support/render-view.tsx';
import { GP_ID, PATIENT_ID, practiceRecord, REFERENCE_DATE } from './fixtures.ts';

const EHR_URL = 'https://his.example.org';
let ehr: ForeignEhr;
const msw = foreignEhrMsw(EHR_URL, () => ehr);
const EMPTY_PATIENT = 'zonder-gegevens';
const BUSY_PATIENT = 'veel-contacten';

function busyRecord(): Resource[] {
  return Array.from({ length: 25 }, (_, i) => ({
    resourceType: 'Encounter',
    id: `busy-${i}`,
    status: 'finished',
    class: { system: ExternalSystems.ActCode, code: 'AMB' },
    subject: { reference: `Patient/${BUSY_PATIENT}` },
    period: {
      start: `2025-01-${String(i + 1).padStart(2, '0')}T09:00:00Z`,
      end: `2025-01-${String(i + 1).padStart(2, '0')}T09:10:00Z`,
    },
  })) as Resource[];
}

/** A session at the EHR with one of its own access tokens, as a launch leaves it. */
function ehrSession(overrides: Parameters<typeof testSession>[1]) {
  const session = testSession(ehr.fhirUrl, overrides);
  session.medplum.setAccessToken(ehr.accessToken());
  return session;
}

function renderFor(patientId: string, language: Language = 'nl') {
  return renderView(<PatientOverviewPage />, {
    session: ehrSession({ patientId, fhirUser: `Practitioner/${GP_ID}` }),
    path: `/gp/patient?date=${REFERENCE_DATE}`,
    language,
  });
}

describe('patient overview states', () => {
  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'error' });
    ehr = await createForeignEhr(EHR_URL);
    await ehr.load([
      ...practiceRecord(),
      { resourceType: 'Patient', id: EMPTY_PATIENT, name: [{ text: 'Test Leeg' }] },
      { resourceType: 'Patient', id: BUSY_PATIENT, name: [{ text: 'Test Druk' }] },
      ...busyRecord(),
    ]);
  });
  afterEach(() => {
    cleanup();
    msw.resetHandlers();
    expect(ehr.unexpected).toEqual([]);
  });
  afterAll(() => msw.close());

  test('a failing search shows the server’s own words, and Opnieuw proberen loads once it answers', async () => {
    let failing = true;
    msw.use(
      http.get(`${ehr.fhirUrl}/Condition`, () =>
        failing
          ? HttpResponse.json(
              {
                resourceType: 'OperationOutcome',
                issue: [{ severity: 'error', code: 'transient', diagnostics: 'Het HIS is even niet bereikbaar' }],
              },
              { status: 503 },
            )
          : undefined,
      ),
    );
    renderFor(PATIENT_ID);
    const section = await screen.findByTestId('section-care-burden');
    const alert = await within(section).findByRole('alert', {}, { timeout: 20_000 });
    expect(alert.textContent).toContain('Laden mislukt: Het HIS is even niet bereikbaar');
    expect(within(section).queryByTestId('care-burden-score')).toBeNull();

    failing = false;
    fireEvent.click(within(section).getByRole('button', { name: 'Opnieuw proberen' }));
    await within(section).findByTestId('care-burden-score', {}, { timeout: 20_000 });
  });

  test('a patient without chronic conditions or data gets an empty state in words in every section', async () => {
    renderFor(EMPTY_PATIENT);
    await screen.findByText(/Geen chronische aandoening van de lijst op de peildatum/, {}, { timeout: 20_000 });
    await screen.findByText('Nog geen metingen van Positieve Gezondheid. Ze verschijnen hier na het andere gesprek.');
    await screen.findByText('Nog geen doelen vastgelegd.');
    await screen.findByText('Nog geen gezondheidsplan.');
    await screen.findByText('Nog geen verwijzingen.');
    await screen.findByText('Geen contacten gevonden.');
    expect(screen.queryByTestId('care-burden-score')).toBeNull();
  });

  test('a patient the EHR does not know is named as not found', async () => {
    renderFor('bestaat-niet');
    await screen.findByText('Patiënt bestaat-niet is niet gevonden op deze FHIR-server.', {}, { timeout: 20_000 });
  });

  test('the timeline shows 20 contacts, newest first, and pages on through the EHR’s next link', async () => {
    renderFor(BUSY_PATIENT);
    const timeline = await screen.findByTestId('timeline', {}, { timeout: 20_000 });
    expect(within(timeline).getAllByRole('listitem')).toHaveLength(20);
    expect(within(timeline).getAllByRole('listitem')[0].textContent).toMatch(/^25-1-2025 — Consult/);
    fireEvent.click(screen.getByRole('button', { name: 'Meer tonen' }));
    await waitFor(() => expect(within(screen.getByTestId('timeline')).getAllByRole('listitem')).toHaveLength(25));
    expect(within(screen.getByTestId('timeline')).getAllByRole('listitem').at(-1)?.textContent).toMatch(/^1-1-2025/);
    expect(screen.queryByRole('button', { name: 'Meer tonen' })).toBeNull();
  });

  test('each section collapses and opens again from its heading button', async () => {
    renderFor(PATIENT_ID);
    const section = await screen.findByTestId('section-goals', {}, { timeout: 20_000 });
    const toggle = within(section).getByRole('button', { name: /Doelen/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('title')).toBe('Doelen tonen');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
  });

  test.each([
    { scope: 'openid launch user/*.rs', sees: true },
    { scope: 'openid launch/patient patient/*.rs', sees: false },
  ])('an EHR that names no fhirUser: with scope "$scope" the care burden is shown: $sees', async ({ scope, sees }) => {
    renderView(<PatientOverviewPage />, {
      session: ehrSession({ patientId: PATIENT_ID, scope }),
      path: `/gp/patient?date=${REFERENCE_DATE}`,
    });
    await screen.findByTestId('positive-health-table', {}, { timeout: 20_000 });
    if (sees) {
      await screen.findByTestId('care-burden-score', {}, { timeout: 20_000 });
    } else {
      expect(screen.queryByTestId('section-care-burden')).toBeNull();
    }
  });

  test('speaks English when the user switched to it', async () => {
    renderFor(PATIENT_ID, 'en');
    const score = await screen.findByTestId('care-burden-score', {}, { timeout: 20_000 });
    expect(score.textContent).toBe('Care burden 13');
    expect(screen.getByText("Category: unknown without the practice's selection")).toBeTruthy();
    expect(screen.getByTestId('care-burden-window').textContent).toBe(
      'Reference date 30/06/2025; counted from 30/06/2024 up to and including 29/06/2025',
    );
  });
});
