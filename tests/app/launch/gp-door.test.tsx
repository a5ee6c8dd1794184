// @vitest-environment happy-dom
// The GP door after a standalone launch at a foreign EHR (msw → tests/support/foreign-ehr.ts): the session
// is built from the tab's tokens, the header names the practice and the patient, the sections and the
// language switch work from the keyboard's point of view (links, aria-current, a skip link).
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { Route, Routes } from 'react-router';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { GpLayout } from '../../../smart-app/src/doors/gp/GpLayout.tsx';
import { authorizationUrl } from '../../../smart-app/src/launch/authorize.ts';
import { saveTokens } from '../../../smart-app/src/launch/launch-storage.ts';
import { SessionGate } from '../../../smart-app/src/launch/SessionGate.tsx';
import { useSmartSession } from '../../../smart-app/src/launch/session.ts';
import { exchangeCallback } from '../../../smart-app/src/launch/token.ts';
import { createForeignEhr, FOREIGN_DEMO, type ForeignEhr, foreignEhrMsw } from '../../support/foreign-ehr.ts';
import { renderView } from '../support/render-view.tsx';

const EHR_URL = 'http://foreign-ehr.test';
const REDIRECT_URI = 'http://app.test/app/callback';

let ehr: ForeignEhr;
const msw = foreignEhrMsw(EHR_URL, () => ehr);

beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => msw.close());
beforeEach(async () => {
  ehr = await createForeignEhr(EHR_URL);
  ehr.redirectUris.push(REDIRECT_URI);
  sessionStorage.clear();
});
afterEach(() => {
  cleanup();
  expect(ehr.unexpected).toEqual([]);
});

async function launchStandalone(): Promise<void> {
  const url = await authorizationUrl({ iss: `${EHR_URL}/fhir`, launch: null, redirectUri: REDIRECT_URI });
  const answer = await ehr.handle(new Request(url));
  saveTokens(await exchangeCallback(new URL(answer.headers.get('location') as string).searchParams));
}

function PatientSection() {
  const { patientId, practiceId } = useSmartSession();
  return <p>{`section: ${patientId} at ${practiceId}`}</p>;
}

function renderDoor(path: string) {
  return renderView(
    <Routes>
      <Route
        path="/gp"
        element={
          <SessionGate loadSchemas={async () => {}}>
            <GpLayout />
          </SessionGate>
        }
      >
        <Route path="patient" element={<PatientSection />} />
        <Route path="worklist" element={<p>worklist section</p>} />
      </Route>
    </Routes>,
    { path },
  );
}

test('after a standalone launch the header names the practice and the patient, and the section has the context', async () => {
  await launchStandalone();
  renderDoor('/gp/patient');
  expect(screen.getByRole('status').textContent).toContain('Gegevens van de praktijk worden geladen');
  expect(
    await screen.findByText(`section: ${FOREIGN_DEMO.patient.id} at ${FOREIGN_DEMO.organization.id}`),
  ).toBeTruthy();
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('TARGET');
  expect((await screen.findByTestId('practice-name')).textContent).toBe(FOREIGN_DEMO.organization.name);
  const banner = await screen.findByTestId('patient-banner');
  expect(banner.textContent).toContain('Gerrit de Vries');
  expect(banner.textContent).toContain('1948');
  const nav = screen.getByRole('navigation', { name: 'TARGET-onderdelen' });
  const links = within(nav).getAllByRole('link');
  expect(links.map((link) => link.textContent)).toEqual(['Werklijst', 'Patiënt', 'Het andere gesprek', 'Instellingen']);
  expect(links[1].getAttribute('aria-current')).toBe('page');
  const skip = screen.getByRole('link', { name: 'Naar de inhoud' });
  expect(skip.getAttribute('href')).toBe('#main');
  expect(document.getElementById('main')?.tagName).toBe('MAIN');
});

test('the language switch turns the header English and a section link opens that section', async () => {
  await launchStandalone();
  renderDoor('/gp/patient');
  await screen.findByTestId('practice-name');
  fireEvent.click(screen.getByText('EN'));
  const nav = screen.getByRole('navigation', { name: 'TARGET sections' });
  expect(
    within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent),
  ).toEqual(['Worklist', 'Patient', 'The other conversation', 'Settings']);
  fireEvent.click(within(nav).getByRole('link', { name: 'Worklist' }));
  expect(await screen.findByText('worklist section')).toBeTruthy();
});

test('after a reload with a token that ran out meanwhile, the session renews it before reading', async () => {
  ehr = await createForeignEhr(EHR_URL, { accessTokenSeconds: 1 });
  ehr.redirectUris.push(REDIRECT_URI);
  await launchStandalone();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  renderDoor('/gp/patient');
  expect((await screen.findByTestId('practice-name')).textContent).toBe(FOREIGN_DEMO.organization.name);
  expect(ehr.refreshes).toBeGreaterThanOrEqual(1);
  // The code exchange, the renewal, then the first FHIR read: never a read with the run-out token.
  const tokenPosts = ehr.requests.flatMap((r, index) => (r.startsWith('POST /oauth/token') ? [index] : []));
  expect(tokenPosts).toHaveLength(1 + ehr.refreshes);
  expect(ehr.requests.findIndex((r) => /^GET \/fhir\/(metadata|[A-Z])/.test(r))).toBeGreaterThan(tokenPosts[1]);
});

test('a tab without a launch says so in words instead of showing an empty layout', async () => {
  renderDoor('/gp/worklist');
  await waitFor(() => expect(screen.getByTestId('launch-error').dataset.code).toBe('no-session'));
  expect(screen.getByText('Dit tabblad heeft geen actieve TARGET-sessie.')).toBeTruthy();
  expect(screen.getByText('Start TARGET opnieuw vanuit het patiëntdossier in uw HIS.')).toBeTruthy();
  expect(ehr.requests).toEqual([]);
});

test('a FHIR server that refuses the CapabilityStatement shows its OperationOutcome text', async () => {
  await launchStandalone();
  msw.use(
    http.get(`${EHR_URL}/fhir/metadata`, () =>
      Response.json(
        {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'transient', details: { text: 'Onderhoud tot 14:00' } }],
        },
        { status: 503 },
      ),
    ),
  );
  renderDoor('/gp/worklist');
  expect(await screen.findByText('Onderhoud tot 14:00', {}, { timeout: 5000 })).toBeTruthy();
  expect(screen.getByTestId('launch-error').dataset.code).toBe('fhir');
  // "Start again" goes to a new standalone launch at the same FHIR server.
  expect(screen.getByRole('link', { name: 'Opnieuw starten' }).getAttribute('href')).toBe(
    `/launch?iss=${encodeURIComponent(`${EHR_URL}/fhir`)}`,
  );
});
