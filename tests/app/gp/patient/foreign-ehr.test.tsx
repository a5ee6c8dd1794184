// On a foreign SMART EHR (msw → tests/support/foreign-ehr.ts: plain R4, no TARGET operations) the patient overview computes the care
// burden in the browser from that EHR's Encounters and Conditions — and it is the same care burden the real
// TARGET server computes with its $care-burden for the same resources. (Node environment with happy-dom's DOM
// beside the real server: tests/app/support/happy-dom-with-server.ts.)
import '../../support/happy-dom-with-server.ts';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { PatientOverviewPage } from '../../../../smart-app/src/doors/gp/patient/PatientOverviewPage.tsx';
import { createForeignEhr, type ForeignEhr, foreignEhrMsw } from '../../../support/foreign-ehr.ts';
import { useTestServer } from '../../../support/server.ts';
import { renderView, testSession } from '../../support/render-view.tsx';
import { EXPECTED_CONTACTS, EXPECTED_SCORE, GP_ID, PATIENT_ID, practiceRecord, REFERENCE_DATE } from './fixtures.ts';
import { serverCareBurden, shownContacts, shownScore, writeToServer } from './support.ts';

const EHR_URL = 'https://his.example.org';
let ehr: ForeignEhr;
const msw = foreignEhrMsw(EHR_URL, () => ehr);

describe('patient overview on a foreign SMART EHR', () => {
  const server = useTestServer('postgres');

  beforeAll(async () => {
    // The real server's requests pass by; the EHR's go to the stand-in.
    msw.listen({ onUnhandledRequest: 'bypass' });
    ehr = await createForeignEhr(EHR_URL);
    await ehr.load(practiceRecord());
    await writeToServer(server, practiceRecord());
  });
  afterAll(() => msw.close());
  afterEach(() => {
    cleanup();
    expect(ehr.unexpected).toEqual([]);
  });

  function renderForeign(fhirUser = `Practitioner/${GP_ID}`) {
    const session = testSession(ehr.fhirUrl, { patientId: PATIENT_ID, fhirUser });
    session.medplum.setAccessToken(ehr.accessToken());
    return renderView(<PatientOverviewPage />, { session, path: `/gp/patient?date=${REFERENCE_DATE}` });
  }

  test('computes in the browser the same care burden, per contact type, as the server’s $care-burden', async () => {
    renderForeign();
    await waitFor(() => expect(screen.getByTestId('care-burden-score')).toBeTruthy(), { timeout: 20_000 });
    const { careBurden } = await serverCareBurden(server, PATIENT_ID, REFERENCE_DATE);

    expect(shownScore()).toBe(careBurden.score);
    expect(shownScore()).toBe(EXPECTED_SCORE);
    const fromServer = Object.fromEntries(
      careBurden.contacts.map((c) => [c.type, { count: c.count, points: c.weightedSum }]),
    );
    const shown = shownContacts();
    expect(
      Object.fromEntries(Object.entries(shown).map(([type, c]) => [type, { count: c.count, points: c.points }])),
    ).toEqual(fromServer);
    expect(shown).toEqual(EXPECTED_CONTACTS);

    // The same qualifying conditions, named with their codes; the refuted COPD does not count.
    const conditions = within(screen.getByTestId('care-burden-conditions')).getAllByRole('listitem');
    expect(conditions.map((item) => item.textContent)).toEqual(
      expect.arrayContaining(['Diabetes mellitus type 2 (T90.02)', 'Hartfalen (K77)']),
    );
    expect(conditions).toHaveLength(careBurden.qualifyingConditions.length);
    expect(screen.getByTestId('care-burden-conditions').textContent).not.toContain('R95');
  });

  test('says that category and HNHC need the practice selection on a TARGET server, and shows no category', async () => {
    renderForeign();
    await waitFor(() => expect(screen.getByTestId('care-burden-score')).toBeTruthy(), { timeout: 20_000 });
    expect(screen.queryByTestId('care-burden-category')).toBeNull();
    expect(screen.queryByTestId('care-burden-hnhc')).toBeNull();
    expect(screen.getByText('Categorie: onbekend zonder de selectie van de praktijk')).toBeTruthy();
    expect(screen.getByTestId('care-burden-source').textContent).toMatch(
      /selectie van de praktijk op een TARGET-server nodig/,
    );
    expect(screen.getByTestId('care-burden-settings').textContent).toMatch(/Standaardinstellingen/);
    expect(screen.getByTestId('care-burden-window').textContent).toBe(
      'Peildatum 30-6-2025; geteld van 30-6-2024 tot en met 29-6-2025',
    );
  });

  test('asks the EHR only plain R4 searches: no TARGET operation, no Medplum-only endpoint', async () => {
    ehr.requests.length = 0;
    renderForeign();
    await waitFor(() => expect(screen.getByTestId('care-burden-score')).toBeTruthy(), { timeout: 20_000 });
    await waitFor(() => expect(screen.getByTestId('timeline')).toBeTruthy());
    expect(ehr.requests.length).toBeGreaterThan(0);
    for (const request of ehr.requests) {
      expect(request).toMatch(/^GET \/fhir\/[A-Z][A-Za-z]+(\/[A-Za-z0-9\-.]+)?(\?|$)/);
      expect(request).not.toContain('$');
    }
    expect(ehr.requests.some((r) => r.startsWith('GET /fhir/Encounter?'))).toBe(true);
    expect(ehr.requests.some((r) => r.startsWith('GET /fhir/Condition?'))).toBe(true);
  });

  test('shows the Positive Health measurements per dimension, latest first, and the contacts newest first', async () => {
    renderForeign();
    const table = await screen.findByTestId('positive-health-table', {}, { timeout: 20_000 });
    const [header, ...rows] = within(table).getAllByRole('row');
    // The latest measurement first, the earlier one beside it (and overlaid in the spider web).
    expect(header.textContent).toBe('Dimensie20-5-20255-11-2024');
    expect(rows.map((row) => row.textContent)).toEqual([
      'Lichaamsfuncties43',
      'Mentaal welbevinden6,55,5',
      'Zingeving76',
      'Kwaliteit van leven54',
      'Meedoen3 (wil hierover praten)2',
      'Dagelijks functioneren65',
    ]);
    expect(screen.getByText('Laatste meting: 20-5-2025')).toBeTruthy();
    expect(screen.getByText('Er bestaat geen totaalscore: elke dimensie staat op zichzelf (0–10).')).toBeTruthy();
    const timeline = within(await screen.findByTestId('timeline')).getAllByRole('listitem');
    expect(timeline[0].textContent).toMatch(/^10-6-2025 — E-consult/);
    expect(timeline.at(-1)?.textContent).toMatch(/^1-3-2024 — Consult/);
    expect(timeline.map((item) => item.textContent)).toContain('14-3-2025 — Consult (status: geannuleerd)');
  });

  test('a patient user launched on the EHR sees no care burden', async () => {
    renderForeign(`Patient/${PATIENT_ID}`);
    await screen.findByTestId('positive-health-table', {}, { timeout: 20_000 });
    expect(screen.queryByTestId('section-care-burden')).toBeNull();
    expect(screen.queryByText('Zorgzwaarte')).toBeNull();
  });
});
