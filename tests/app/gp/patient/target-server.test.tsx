// The patient overview launched on the real TARGET server (capabilities on): the care-burden card shows the
// server's $care-burden — category in words with the practice's cut-off, HNHC with its reasons, the contacts
// per type with the weights of the practice's settings version, the trend over an earlier selection — and
// computes it with a GET that stores nothing. A patient signed in to the same app sees none of it.
// (Node environment with happy-dom's DOM beside the real server: tests/app/support/happy-dom-with-server.ts.)
import '../../support/happy-dom-with-server.ts';
import { MedplumClient } from '@medplum/core';
import {
  buildPartnerOrganization,
  TargetObservationCodeSystem,
  TargetPartnerCategoryCodeSystem,
} from '@target/profiles';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { PatientOverviewPage } from '../../../../smart-app/src/doors/gp/patient/PatientOverviewPage.tsx';
import type { SmartSession } from '../../../../smart-app/src/launch/session.ts';
import { fhirFetch, type TestServer, useTestServer } from '../../../support/server.ts';
import { renderView } from '../../support/render-view.tsx';
import {
  EARLIER_DATE,
  EXPECTED_CONTACTS,
  EXPECTED_SCORE,
  GP_ID,
  PATIENT_ID,
  PRACTICE_ID,
  practiceRecord,
  REFERENCE_DATE,
} from './fixtures.ts';
import { serverCareBurden, shownContacts, shownScore, writeToServer } from './support.ts';

const LIFE_GOAL = {
  resourceType: 'Goal',
  id: 'jansen-levensdoel',
  lifecycleStatus: 'active',
  category: [
    { coding: [{ system: 'https://target.drenthe.example/fhir/CodeSystem/target-concept', code: 'life-goal' }] },
  ],
  description: { text: 'Weer zelf boodschappen doen' },
  subject: { reference: `Patient/${PATIENT_ID}` },
  startDate: '2025-05-20',
} as const;

/** A referral to a welfare partner, with the Task the partner works on (plain R4, as any system writes it). */
const REFERRAL = [
  buildPartnerOrganization({ id: 'welzijn-de-linde', name: 'Welzijn De Linde', telecom: [], endpoints: [] }),
  {
    resourceType: 'ServiceRequest',
    id: 'jansen-verwijzing-welzijn',
    status: 'active',
    intent: 'order',
    category: [
      { coding: [{ system: TargetPartnerCategoryCodeSystem.url, code: 'social-welfare', display: 'Welzijn' }] },
    ],
    subject: { reference: `Patient/${PATIENT_ID}` },
    authoredOn: '2025-05-21',
    performer: [{ reference: 'Organization/welzijn-de-linde' }],
  },
  {
    resourceType: 'Task',
    id: 'jansen-verwijzing-welzijn-taak',
    status: 'requested',
    intent: 'order',
    focus: { reference: 'ServiceRequest/jansen-verwijzing-welzijn' },
    for: { reference: `Patient/${PATIENT_ID}` },
    owner: { reference: 'Organization/welzijn-de-linde' },
    authoredOn: '2025-05-21',
  },
];

/** A launched session on the real server with a real access token; every URL the app asks is recorded. */
function sessionOn(
  server: TestServer,
  token: string,
  fhirUser: string,
  asked: string[],
  scope = 'openid fhirUser launch user/*.cruds',
): SmartSession {
  const base = new URL(`${server.fhirUrl}/`);
  const medplum = new MedplumClient({
    baseUrl: base.origin,
    fhirUrlPath: base.pathname.replace(/^\/|\/$/g, ''),
    fetch: (url: string | URL | Request, init?: RequestInit) => {
      asked.push(decodeURIComponent(String(url)));
      return fetch(url, init);
    },
  });
  medplum.setAccessToken(token);
  return {
    medplum,
    fhirBaseUrl: server.fhirUrl,
    patientId: PATIENT_ID,
    fhirUser,
    practiceId: PRACTICE_ID,
    scope,
    capabilities: { careBurden: true, targetSelection: true },
  };
}

describe('patient overview on the TARGET server', () => {
  const server = useTestServer('postgres');
  let earlier: { score: number; category: string };

  beforeAll(async () => {
    await writeToServer(server, [...practiceRecord(), LIFE_GOAL, ...REFERRAL] as never[]);
    // An earlier selection stored the patient's result for 31 January 2025: the card's trend shows it.
    const persisted = await fhirFetch(server, `Patient/${PATIENT_ID}/$care-burden`, {
      method: 'POST',
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'date', valueDate: EARLIER_DATE },
          { name: 'persist', valueBoolean: true },
        ],
      },
    });
    expect(persisted.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: reads the Parameters answer
    const observation = persisted.body.parameter.find((p: any) => p.name === 'careBurden').resource;
    earlier = {
      score: observation.valueQuantity.value,
      // biome-ignore lint/suspicious/noExplicitAny: reads the category component
      category: observation.component.find((c: any) => c.code.coding[0].code === 'care-burden-category')
        .valueCodeableConcept.coding[0].code,
    };
  });
  afterEach(cleanup);

  async function storedResults(): Promise<number> {
    const bundle = await fhirFetch(
      server,
      `Observation?subject=Patient/${PATIENT_ID}&code=${TargetObservationCodeSystem.url}|care-burden&_summary=count`,
    );
    return bundle.body.total;
  }

  test('a GP sees the category in words, HNHC with its reasons, the contacts per type with their weights, the trend and the referrals', async () => {
    const token = await server.tokenFor({
      sub: 'huisarts',
      client_id: 'target-app',
      scope: 'openid fhirUser launch user/*.cruds',
      target_role: 'gp',
      target_organization: PRACTICE_ID,
      patient: PATIENT_ID,
      fhirUser: `Practitioner/${GP_ID}`,
    });
    const asked: string[] = [];
    const before = await storedResults();
    renderView(<PatientOverviewPage />, {
      session: sessionOn(server, token, `Practitioner/${GP_ID}`, asked),
      path: `/gp/patient?date=${REFERENCE_DATE}`,
    });
    const category = await screen.findByTestId('care-burden-category', {}, { timeout: 20_000 });
    const { careBurden, cutoffs } = await serverCareBurden(server, PATIENT_ID, REFERENCE_DATE);

    // Scores 13, 2 and 1 in the practice: mean 5.3333, P90 = 2 + 0.8 × 11 = 10.8.
    expect(cutoffs).toMatchObject({ population: 3, high: 10.8, hnhcTop: 10.8, mean: 5.3333 });
    expect(careBurden).toMatchObject({ category: 'high', hnhc: true, score: EXPECTED_SCORE });
    expect(category.textContent).toBe('hoog — op of boven P90 van de praktijk (10,8)');
    expect(screen.getByTestId('care-burden-hnhc').textContent).toBe(
      'HNHC (high need, high cost)zorgzwaarte op of boven P90 van de praktijk (10,8); ' +
        '2 chronische aandoeningen en zorgzwaarte boven het gemiddelde van de praktijk (5,33)',
    );
    expect(shownScore()).toBe(careBurden.score);
    expect(shownContacts()).toEqual(EXPECTED_CONTACTS);
    expect(screen.getByTestId('care-burden-contacts').textContent).not.toContain('*');
    expect(screen.getByTestId('care-burden-settings').textContent).toBe(
      `Praktijkinstellingen versie ${careBurden.settingsUsed.version} (${careBurden.settingsUsed.id})`,
    );
    expect(screen.getByTestId('care-burden-window').textContent).toBe(
      'Peildatum 30-6-2025; geteld van 30-6-2024 tot en met 29-6-2025',
    );

    // The trend: the earlier stored selection (window ending 30 January 2025).
    const history = within(screen.getByTestId('care-burden-history')).getAllByRole('listitem');
    const word = { high: 'hoog', medium: 'midden', low: 'laag', new: 'nieuw' }[earlier.category];
    expect(history.map((item) => item.textContent)).toEqual([
      expect.stringMatching(new RegExp(`^30-1-2025: ${String(earlier.score).replace('.', ',')} — ${word}`)),
    ]);

    // The referral, named by its partner, with the state of the partner's Task.
    await waitFor(() =>
      expect(screen.getByTestId('referrals').textContent).toBe(
        'Welzijn naar Welzijn De Linde21-5-2025 · status: actief · taak: aangevraagd',
      ),
    );

    // Computed with a GET: nothing was stored.
    expect(asked.some((url) => url.includes(`Patient/${PATIENT_ID}/$care-burden?date=${REFERENCE_DATE}`))).toBe(true);
    expect(await storedResults()).toBe(before);
  });

  test('a patient signed in sees their spider web and goals but no care burden, and the app never asks for it', async () => {
    const token = await server.tokenFor({
      sub: 'patient-jansen',
      client_id: 'target-app',
      scope: 'openid fhirUser launch/patient patient/*.rs',
      target_role: 'patient',
      patient: PATIENT_ID,
      fhirUser: `Patient/${PATIENT_ID}`,
    });
    const asked: string[] = [];
    renderView(<PatientOverviewPage />, {
      // The session holds what the patient's token was granted, as the launch module records it.
      session: sessionOn(server, token, `Patient/${PATIENT_ID}`, asked, 'openid fhirUser launch/patient patient/*.rs'),
      path: `/gp/patient?date=${REFERENCE_DATE}`,
    });
    await screen.findByTestId('positive-health-table', {}, { timeout: 20_000 });
    await waitFor(() => expect(screen.getByTestId('goals').textContent).toContain('Weer zelf boodschappen doen'));
    expect(screen.getByTestId('goals').textContent).toBe('LevensdoelWeer zelf boodschappen doenactief · 20-5-2025');
    expect(screen.queryByTestId('section-care-burden')).toBeNull();
    expect(screen.queryByText(/Zorgzwaarte/)).toBeNull();
    expect(asked.filter((url) => url.includes('care-burden'))).toEqual([]);
  });
});
