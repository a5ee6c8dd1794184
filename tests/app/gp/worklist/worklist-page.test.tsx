// The practice worklist against the real test server (PGlite; happy-dom installed over the node environment,
// the page on the server's own origin: support/happy-dom-with-server.ts): the selection $target-selection
// wrote for a small practice with Dutch names, read page by page through Group/$worklist with a GP's real
// access token.
import '../../support/happy-dom-with-server.ts';
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { WorklistPage } from '../../../../smart-app/src/doors/gp/worklist/WorklistPage.tsx';
import type { SmartSession } from '../../../../smart-app/src/launch/session.ts';
import { type AdminFetch, gpOf, PRACTICE, storeWorklistWorld } from '../../../server/programme/worklist-world.ts';
import { fhirFetch, useTestServer } from '../../../support/server.ts';
import { setPageUrl } from '../../support/happy-dom-with-server.ts';
import { fixedMediaQuery, renderView, testSession } from '../../support/render-view.tsx';

// Every answer comes from a real server over HTTP (and $target-selection runs as a job).
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const TARGET = { careBurden: true, targetSelection: true };

/** happy-dom's window is 1024 px wide: an 800 px EHR side panel is narrower than the table's breakpoint. */
function screenWidth(wide: boolean): void {
  vi.spyOn(globalThis, 'matchMedia').mockImplementation((query: string) =>
    fixedMediaQuery(query, wide && query.includes('min-width')),
  );
}

describe('practice worklist', () => {
  const server = useTestServer('pglite');
  /** FHIR JSON as the server's administrator. */
  const admin: AdminFetch = (path, init) => fhirFetch(server, path, init);
  /** Real access tokens of a GP of the practice and of a GP of a practice without a selection. */
  const tokens = { gp: '', newPractice: '' };

  beforeAll(async () => {
    // The page's origin is the server's, as when /app is served by it: no cross-origin request.
    setPageUrl(`${server.baseUrl}/app/`);
    tokens.gp = await server.tokenFor({ ...gpOf(PRACTICE), fhirUser: 'Practitioner/wl-gp' });
    tokens.newPractice = await server.tokenFor(gpOf('wl-new'));
    await storeWorklistWorld(admin);
  });
  beforeEach(() => screenWidth(false));

  function session(overrides: Partial<SmartSession> = {}): SmartSession {
    const s = testSession(server.fhirUrl, {
      practiceId: PRACTICE,
      fhirUser: 'Practitioner/wl-gp',
      capabilities: TARGET,
      ...overrides,
    });
    s.medplum.setAccessToken(tokens.gp);
    return s;
  }

  const cardNames = () => screen.getAllByRole('article').map((card) => card.getAttribute('aria-label'));

  test('shows the selection page by page in Dutch: highest care burden first, the subgroup as an approximation', async () => {
    renderView(<WorklistPage />, { session: session() });
    expect(await screen.findByText('6 patiënten in dit filter')).toBeTruthy();
    expect(cardNames()).toEqual([
      'Ömer Bakker',
      'Els van den Berg',
      'Kees Mulder',
      'Jan de Vries',
      'Piet Dekker',
      'Anna Jansen',
    ]);
    expect(screen.getByText(/Selectie van .* · 6 patiënten/)).toBeTruthy();
    expect(screen.getByText(/Gemaakt met praktijkinstellingen versie \d+/)).toBeTruthy();
    const bakker = within(screen.getByRole('article', { name: 'Ömer Bakker' }));
    expect(bakker.getByText('hoog').closest('[title]')?.getAttribute('title')).toBe(
      'zorgzwaarte 5,2 of meer: de grens hoog van de praktijk',
    );
    expect(bakker.getByText(/niet ingedeeld \(benadering\)/)).toBeTruthy();
    expect(bakker.getByText(/Diabetes mellitus/)).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Jan de Vries' }).textContent).toContain(
      'Laatste andere gesprek: 5-7-2025 · Vervolgafspraak: 1-10-2025',
    );
    expect(screen.getByRole('region', { name: 'Zorgzwaarte in de praktijk' })).toBeTruthy();
    expect(screen.getByText(/gemiddelde 2,6 · hoog vanaf 5,2/)).toBeTruthy();
  });

  test('sorts by surname the Dutch way and filters by category on the server', async () => {
    renderView(<WorklistPage />, { session: session() });
    await screen.findByText('6 patiënten in dit filter');
    fireEvent.change(screen.getByRole('combobox', { name: 'Sorteren op' }), { target: { value: 'name' } });
    await waitFor(() =>
      expect(cardNames()).toEqual([
        'Ömer Bakker',
        'Els van den Berg',
        'Piet Dekker',
        'Anna Jansen',
        'Kees Mulder',
        'Jan de Vries',
      ]),
    );
    fireEvent.click(within(screen.getByRole('group', { name: 'Categorie' })).getByRole('checkbox', { name: 'midden' }));
    expect(await screen.findByText('1 patiënten in dit filter')).toBeTruthy();
    expect(cardNames()).toEqual(['Els van den Berg']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Subgroep (benadering)' }), {
      target: { value: 'older-alone' },
    });
    expect(await screen.findByText('0 patiënten in dit filter')).toBeTruthy();
    expect(screen.getByText('Geen patiënten die aan dit filter voldoen.')).toBeTruthy();
  });

  test('invites a patient: a profiled Task of the practice is stored and the page says so', async () => {
    renderView(<WorklistPage />, { session: session() });
    await screen.findByText('6 patiënten in dit filter');
    fireEvent.click(screen.getByRole('button', { name: 'Nodig Piet Dekker uit voor het andere gesprek' }));
    expect(await screen.findByText('Uitnodiging verstuurd aan Piet Dekker.')).toBeTruthy();
    const stored = await admin('Task?patient=Patient/wl-dekker');
    expect(stored.body.entry).toHaveLength(1);
    const task = stored.body.entry[0].resource;
    expect(task).toMatchObject({
      status: 'requested',
      owner: { reference: `Organization/${PRACTICE}` },
      requester: { reference: 'Practitioner/wl-gp' },
      meta: { profile: ['https://target.drenthe.example/fhir/StructureDefinition/target-invitation-task'] },
    });
    const validation = await admin('Task/$validate', { method: 'POST', body: task });
    expect(validation.body.issue.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
    await waitFor(() =>
      expect(within(screen.getByRole('article', { name: 'Piet Dekker' })).getByText(/uitgenodigd/)).toBeTruthy(),
    );
  });

  test("shows the server's refusal in words when an answer cannot be recorded", async () => {
    const invited = await admin('Task', {
      method: 'POST',
      body: {
        resourceType: 'Task',
        status: 'requested',
        intent: 'proposal',
        code: {
          coding: [{ system: 'https://target.drenthe.example/fhir/CodeSystem/target-concept', code: 'invitation' }],
        },
        for: { reference: 'Patient/wl-jansen' },
        authoredOn: '2025-07-02',
        owner: { reference: `Organization/${PRACTICE}` },
      },
    });
    expect(invited.status).toBe(201);
    renderView(<WorklistPage />, { session: session() });
    const accept = await screen.findByRole('button', { name: 'Geaccepteerd: Anna Jansen' });
    // Withdrawn elsewhere meanwhile: accepting it now is an illegal transition.
    await admin(`Task/${invited.body.id}`, { method: 'PUT', body: { ...invited.body, status: 'cancelled' } });
    fireEvent.click(accept);
    expect(await screen.findByText(/Niet opgeslagen: .*cannot go from cancelled to accepted/)).toBeTruthy();
  });

  test('exports the whole filtered list as CSV for Dutch Excel', async () => {
    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:worklist';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    // The browser saves the file; happy-dom would navigate the page to the blob instead.
    let fileName: string | undefined;
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      fileName = this.download;
    });
    renderView(<WorklistPage />, { session: session() });
    await screen.findByText('6 patiënten in dit filter');
    fireEvent.click(screen.getByRole('button', { name: 'Exporteer CSV' }));
    expect(await screen.findByText('CSV gemaakt: 6 patiënten.')).toBeTruthy();
    expect(fileName).toBe('target-werklijst-2025-07-01.csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (blob as Blob).arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff); // the byte order mark Excel needs to read UTF-8
    const lines = text.slice(1).replace(/\r\n$/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Naam;Geboren;Zorgzwaarte;Categorie;HNHC;Subgroep (benadering);Chronische aandoeningen;Laatste andere gesprek;Vervolgafspraak;Uitnodiging;Patiënt-id',
    );
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^Ömer Bakker;1960-01-01;6;hoog;Ja;niet ingedeeld \(benadering\);Diabetes mellitus;/);
  });

  test('runs a new selection with a progress bar and shows the new Group when it is done', async () => {
    renderView(<WorklistPage />, { session: session() });
    await screen.findByText('6 patiënten in dit filter');
    expect(screen.getByText(/Selectie van 1-7-2025/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Nieuwe selectie maken' }));
    expect(await screen.findByRole('progressbar', { name: 'Selectie loopt…' })).toBeTruthy();
    expect(await screen.findByText('Nieuwe selectie klaar.', undefined, { timeout: 20_000 })).toBeTruthy();
    // Today's selection (the server's date) is now the latest: the page shows it instead of 1 July 2025's.
    await waitFor(() => expect(screen.queryByText(/Selectie van 1-7-2025/)).toBeNull());
    expect(screen.getByText(/Selectie van \d+-\d+-\d{4} · 6 patiënten/)).toBeTruthy();
  }, 30_000);

  test('shows a full table at full width', async () => {
    screenWidth(true);
    renderView(<WorklistPage />, { session: session(), language: 'en' });
    expect(await screen.findByRole('columnheader', { name: 'Subgroup (approximation)' })).toBeTruthy();
    expect(screen.getAllByRole('row')).toHaveLength(7);
    expect(screen.queryAllByRole('article')).toEqual([]);
  });

  test('says that there is no selection yet for a practice without one', async () => {
    const s = session({ practiceId: 'wl-new' });
    s.medplum.setAccessToken(tokens.newPractice);
    renderView(<WorklistPage />, { session: s });
    expect(await screen.findByText(/Er is nog geen TARGET-selectie voor deze praktijk/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Nieuwe selectie maken' })).toBeTruthy();
  });

  test('shows why the list could not be loaded', async () => {
    const s = session();
    s.medplum.setAccessToken('not-a-token');
    renderView(<WorklistPage />, { session: s });
    expect(await screen.findByText(/De werklijst kon niet worden geladen: /)).toBeTruthy();
  });
});

test('on a FHIR server without TARGET operations it says the worklist needs a TARGET server', () => {
  renderView(<WorklistPage />, {
    session: testSession('https://ehr.example/fhir', {
      practiceId: 'p',
      capabilities: { careBurden: false, targetSelection: false },
    }),
  });
  expect(screen.getByText(/De praktijkwerklijst heeft een TARGET-server nodig/)).toBeTruthy();
});
