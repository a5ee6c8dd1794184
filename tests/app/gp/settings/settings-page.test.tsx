// The settings view against the real test server (happy-dom installed over the node environment, the page
// on the server's own origin, a real access token of a GP or an assistant of one practice): every setting
// shown with value, unit, evidence and source text; a GP changes a weight and sees the new version; a bad value is refused in the browser by
// the package's rule, naming the setting, with nothing stored; a stale version is refused by the server
// (If-Match → 412) with the server's own words; an assistant reads only; a foreign EHR is told it needs TARGET.
import '../../support/happy-dom-with-server.ts';
import type { Basic, Organization, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { TargetPracticeRoleCodeSystem, TargetSettingCodeSystem } from '@target/profiles';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { practiceSettings } from '../../../../server/src/programme/selection/settings-store.ts';
import { SettingsPage } from '../../../../smart-app/src/doors/gp/settings/SettingsPage.tsx';
import type { SmartSession } from '../../../../smart-app/src/launch/session.ts';
import { fhirFetch, useTestServer } from '../../../support/server.ts';
import { setPageUrl } from '../../support/happy-dom-with-server.ts';
import { renderView, testSession } from '../../support/render-view.tsx';

const PRACTICE = 'settings-view-practice';
/** A practice that has never run a selection: no settings resource yet. */
const NEW_PRACTICE = 'settings-view-new-practice';

afterEach(cleanup);

describe('the settings view against the TARGET server', () => {
  const server = useTestServer('pglite');
  const users = { gp: 'Practitioner/settings-gp', assistant: 'Practitioner/settings-assistant' };

  beforeAll(async () => {
    // The page's origin is the server's, as when /app is served by it: no cross-origin request.
    setPageUrl(`${server.baseUrl}/app/gp/settings`);
    const put = async (resource: Organization | Practitioner) => {
      const stored = await fhirFetch(server, `${resource.resourceType}/${resource.id}`, {
        method: 'PUT',
        body: resource,
      });
      expect(stored.status).toBe(201);
    };
    await put({ resourceType: 'Organization', id: PRACTICE, name: 'Praktijk Instellingen' });
    await put({ resourceType: 'Organization', id: NEW_PRACTICE, name: 'Nieuwe Praktijk' });
    for (const [role, reference, practice] of [
      ['gp', users.gp, PRACTICE],
      ['assistant', users.assistant, PRACTICE],
      ['gp', users.gp, NEW_PRACTICE],
    ] as const) {
      const id = reference.slice('Practitioner/'.length);
      if (practice === PRACTICE) {
        await put({ resourceType: 'Practitioner', id, name: [{ family: id }] });
      }
      const created = await fhirFetch(server, 'PractitionerRole', {
        method: 'POST',
        body: {
          resourceType: 'PractitionerRole',
          practitioner: { reference },
          organization: { reference: `Organization/${practice}` },
          code: [{ coding: [{ system: TargetPracticeRoleCodeSystem.url, code: role }] }],
        } satisfies PractitionerRole,
      });
      expect(created.status).toBe(201);
    }
    await practiceSettings(server.repo, PRACTICE);
  });

  async function sessionAs(
    role: 'gp' | 'assistant',
    overrides: Partial<SmartSession> = {},
    practice = PRACTICE,
  ): Promise<SmartSession> {
    const token = await server.tokenFor({
      sub: role === 'gp' ? 'huisarts' : 'assistent',
      client_id: 'target-app',
      scope: 'openid fhirUser launch user/*.cruds',
      // Token roles are only gp and practice-nurse; the view decides from the PractitionerRole the user holds.
      target_role: role === 'gp' ? 'gp' : 'practice-nurse',
      target_organization: practice,
      fhirUser: users[role],
    });
    const session = testSession(server.fhirUrl, {
      practiceId: practice,
      fhirUser: users[role],
      capabilities: { careBurden: true, targetSelection: true },
      ...overrides,
    });
    session.medplum.setAccessToken(token);
    return session;
  }

  async function storedSettings(practice = PRACTICE): Promise<Basic> {
    const found = await fhirFetch(server, `Basic?subject=Organization/${practice}`);
    expect(found.body.entry).toHaveLength(1);
    return found.body.entry[0].resource;
  }

  const row = (id: string) => document.querySelector(`[data-setting="${id}"]`) as HTMLElement;

  test('shows every setting with its value, unit, evidence and the CodeSystem source text, and the version', async () => {
    renderView(<SettingsPage />, { session: await sessionAs('gp') });
    const stored = await storedSettings();
    await screen.findByText(`Instellingenversie ${stored.meta?.versionId} (Basic/${stored.id})`);
    for (const group of ['Contactgewichten', 'Welke contacten tellen', 'Telperiode', 'Grenzen van de categorieën']) {
      expect(screen.getByRole('heading', { name: group })).toBeTruthy();
    }
    expect(within(row('contact-weight.visit')).getByText('Visite')).toBeTruthy();
    expect(within(row('contact-weight.visit')).getByTestId('value-contact-weight.visit').textContent).toBe('1.5');
    expect(within(row('contact-weight.visit')).getByText('per contact')).toBeTruthy();
    expect(within(row('contact-weight.visit')).getByText('aanname')).toBeTruthy();
    const period = row('counting-period-days');
    expect(within(period).getByText(TargetSettingCodeSystem.codes['counting-period-days'])).toBeTruthy();
    expect(within(period).getByTestId('value-counting-period-days').textContent).toBe('365');
    expect(within(period).getByText('dagen')).toBeTruthy();
    expect(within(period).getByText('standaardkeuze')).toBeTruthy();
    expect(within(period).getByText(/Length \(integer, days\) of the counted window/)).toBeTruthy();
    expect(within(row('high-threshold')).getByText('niet ingesteld')).toBeTruthy();
    expect(screen.getByText('Geen extra codes.')).toBeTruthy();
    expect(screen.getByText(/An extra SNOMED CT or ICD-10 code/)).toBeTruthy();
  });

  test('a GP changes a weight, saves, and sees that it applies from the next selection with the new version', async () => {
    const before = await storedSettings();
    renderView(<SettingsPage />, { session: await sessionAs('gp') });
    fireEvent.click(await screen.findByRole('button', { name: 'Wijzigen' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Gewicht per contactsoort: Visite' }), {
      target: { value: '3,5' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('Opgeslagen — geldt vanaf de volgende selectie');
    const after = await storedSettings();
    expect(Number(after.meta?.versionId)).toBe(Number(before.meta?.versionId) + 1);
    expect(status.textContent).toContain(`Nieuwe instellingenversie: ${after.meta?.versionId} (Basic/${after.id})`);
    const visit = after.extension?.find((e) =>
      e.extension?.some((part) => part.url === 'contactType' && part.valueCoding?.code === 'visit'),
    );
    expect(visit?.extension?.find((part) => part.url === 'value')?.valueDecimal).toBe(3.5);
    expect(after.author?.reference).toBe(users.gp);
    expect(screen.getByTestId('value-contact-weight.visit').textContent).toBe('3.5');
  });

  test.each([
    ['-1', 'Niet opgeslagen — Gewicht per contactsoort: weight of visit must be zero or more'],
    ['veel', 'Niet opgeslagen — Gewicht per contactsoort: Visite: dit is geen getal'],
    ['', 'Niet opgeslagen — Gewicht per contactsoort: Visite: vul een waarde in'],
  ])('the weight "%s" is refused in the browser naming the setting, and nothing is stored', async (value, text) => {
    const before = await storedSettings();
    renderView(<SettingsPage />, { session: await sessionAs('gp') });
    fireEvent.click(await screen.findByRole('button', { name: 'Wijzigen' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Gewicht per contactsoort: Visite' }), { target: { value } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect((await screen.findByRole('alert')).textContent).toContain(text);
    expect((await storedSettings()).meta?.versionId).toBe(before.meta?.versionId);
  });

  test('a fixed method without thresholds is refused by the package rule, naming the setting', async () => {
    renderView(<SettingsPage />, { session: await sessionAs('gp') });
    fireEvent.click(await screen.findByRole('button', { name: 'Wijzigen' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Methode categorieën' }), { target: { value: 'fixed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Niet opgeslagen — Methode categorieën: method fixed needs both thresholds',
    );
  });

  test('an extra disease code is checked by the package rule: a malformed one is refused, a valid one stored', async () => {
    renderView(<SettingsPage />, { session: await sessionAs('gp') });
    fireEvent.click(await screen.findByRole('button', { name: 'Wijzigen' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Codestelsel' }), {
      target: { value: 'http://snomed.info/sct' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'Code' }), { target: { value: 'E11' } });
    fireEvent.click(screen.getByRole('button', { name: 'Code toevoegen' }));
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Niet opgeslagen — Extra code chronische ziekte: E11 is not a http://snomed.info/sct code',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Verwijder E11' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Codestelsel' }), {
      target: { value: 'http://hl7.org/fhir/sid/icd-10' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'Code' }), { target: { value: 'E11' } });
    fireEvent.click(screen.getByRole('button', { name: 'Code toevoegen' }));
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect((await screen.findByRole('status')).textContent).toContain('Opgeslagen');
    const codes = (await storedSettings()).extension?.filter((e) =>
      e.extension?.some((part) => part.url === 'key' && part.valueCoding?.code === 'chronic-disease-code'),
    );
    expect(codes?.map((e) => e.extension?.find((part) => part.url === 'value')?.valueCoding)).toEqual([
      { system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11' },
    ]);
  });

  test("a save over a version someone else replaced is refused by the server, with the server's text", async () => {
    renderView(<SettingsPage />, { session: await sessionAs('gp') });
    fireEvent.click(await screen.findByRole('button', { name: 'Wijzigen' }));
    // Meanwhile another user stores a new version.
    const seen = await storedSettings();
    const replaced = await fhirFetch(server, `Basic/${seen.id}`, {
      method: 'PUT',
      body: { ...seen, created: '2025-01-01' },
    });
    expect(replaced.status).toBe(200);
    const stale = await fhirFetch(server, `Basic/${seen.id}`, {
      method: 'PUT',
      body: seen,
      headers: { 'if-match': `W/"${seen.meta?.versionId}"` },
    });
    expect(stale.status).toBe(412);
    const serverText = stale.body.issue[0].details.text as string;

    fireEvent.change(screen.getByRole('textbox', { name: 'Gewicht per contactsoort: Telefonisch consult' }), {
      target: { value: '0.75' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('De server heeft de instellingen niet opgeslagen');
    expect(alert.textContent).toContain(serverText);
    expect((await storedSettings()).meta?.versionId).toBe(replaced.body.meta.versionId);
  });

  test("a practice without settings sees the defaults, and its first save creates the practice's settings", async () => {
    expect((await fhirFetch(server, `Basic?subject=Organization/${NEW_PRACTICE}`)).body.entry ?? []).toEqual([]);
    renderView(<SettingsPage />, { session: await sessionAs('gp', {}, NEW_PRACTICE) });
    expect((await screen.findByTestId('settings-version')).textContent).toContain('nog geen eigen instellingen');
    expect(screen.getByTestId('value-contact-weight.consult').textContent).toBe('1');
    fireEvent.click(screen.getByRole('button', { name: 'Wijzigen' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Percentiel voor hoog' }), { target: { value: '85' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const status = await screen.findByRole('status');
    const created = await storedSettings(NEW_PRACTICE);
    expect(created.meta?.versionId).toBe('1');
    expect(status.textContent).toContain(`Nieuwe instellingenversie: 1 (Basic/${created.id})`);
    expect(screen.getByTestId('settings-version').textContent).toBe(`Instellingenversie 1 (Basic/${created.id})`);
  });

  test('a user whose practice role may not change the settings reads them only', async () => {
    renderView(<SettingsPage />, { session: await sessionAs('assistant') });
    expect((await screen.findByTestId('settings-read-only')).textContent).toContain('Alleen lezen');
    expect(screen.queryByRole('button', { name: 'Wijzigen' })).toBeNull();
    expect(screen.getByTestId('value-counting-period-days').textContent).toBe('365');
  });

  test("a read the server refuses shows the error in words, with the server's text", async () => {
    const session = await sessionAs('gp');
    // A token that may read patients and the settings CodeSystem only: the server refuses the settings search
    // (the view reads both at once; the CodeSystem must not be the one refused first).
    const narrow = await server.tokenFor({
      sub: 'huisarts',
      client_id: 'target-app',
      scope: 'user/Patient.rs user/CodeSystem.rs',
      target_role: 'gp',
      target_organization: PRACTICE,
      fhirUser: users.gp,
    });
    session.medplum.setAccessToken(narrow);
    const refused = await fhirFetch(server, `Basic?subject=Organization/${PRACTICE}`, {
      headers: { authorization: `Bearer ${narrow}` },
    });
    expect(refused.status).toBe(403);
    renderView(<SettingsPage />, { session });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('De instellingen konden niet worden gelezen');
    expect(alert.textContent).toContain(refused.body.issue[0].details.text);
  });

  test('in English the view names settings, units and evidence in English', async () => {
    renderView(<SettingsPage />, { session: await sessionAs('gp'), language: 'en' });
    expect(await screen.findByRole('heading', { name: 'Contact weights' })).toBeTruthy();
    expect(within(row('counting-period-days')).getByText('Counting period in days')).toBeTruthy();
    expect(within(row('counting-period-days')).getByText('days')).toBeTruthy();
    expect(within(row('counting-period-days')).getByText('default')).toBeTruthy();
  });
});

describe('the settings view on a foreign EHR', () => {
  test('says that practice settings need a TARGET server, and reads nothing', async () => {
    const requests = vi.spyOn(globalThis, 'fetch');
    const session = testSession('https://ehr.example/fhir', { practiceId: 'any' });
    renderView(<SettingsPage />, { session });
    expect(screen.getByText(/Praktijkinstellingen vragen een TARGET-server/)).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).not.toHaveBeenCalled();
    requests.mockRestore();
  });
});
