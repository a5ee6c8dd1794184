// The other conversation on a foreign SMART EHR (msw → tests/support/foreign-ehr.ts: plain R4 with
// transactions, no TARGET operations): the app brings the Positive Health Questionnaire itself, extracts the
// grades in the browser with the package's code, and writes the same record in one transaction.
import '../../support/happy-dom-with-server.ts';
import type { Encounter, Observation, Provenance, QuestionnaireResponse } from '@medplum/fhirtypes';
import { Profiles } from '@target/profiles';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ConversationPage } from '../../../../smart-app/src/doors/gp/conversation/ConversationPage.tsx';
import { createForeignEhr, type ForeignEhr, foreignEhrMsw } from '../../../support/foreign-ehr.ts';
import { renderView, testSession } from '../../support/render-view.tsx';
import { GP_ID, GP_ROLE_ID, PATIENT_ID, PRACTICE_ID, practiceRecord } from '../patient/fixtures.ts';

const EHR_URL = 'https://his.example.org';
let ehr: ForeignEhr;
const msw = foreignEhrMsw(EHR_URL, () => ehr);

describe('the other conversation on a foreign SMART EHR', () => {
  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'error' });
    ehr = await createForeignEhr(EHR_URL);
    await ehr.load(practiceRecord());
  });
  afterAll(() => msw.close());
  afterEach(() => {
    cleanup();
    expect(ehr.unexpected).toEqual([]);
  });

  test('finishing extracts the grades in the browser and writes the record in one transaction', async () => {
    const user = userEvent.setup();
    const session = testSession(ehr.fhirUrl, {
      patientId: PATIENT_ID,
      practiceId: PRACTICE_ID,
      fhirUser: `Practitioner/${GP_ID}`,
    });
    session.medplum.setAccessToken(ehr.accessToken());
    renderView(<ConversationPage />, { session, path: '/gp/conversation' });
    const heading = () => screen.findByTestId('step-heading', {}, { timeout: 20_000 });
    const reachStep = (name: string) =>
      waitFor(
        async () =>
          expect((await heading()).textContent, screen.queryByTestId('save-status')?.textContent ?? '').toBe(name),
        { timeout: 20_000 },
      );
    const next = () => user.click(screen.getByRole('button', { name: 'Opslaan en verder' }));

    await reachStep('Voorbereiding');
    await user.type(screen.getByLabelText('Cijfer voor Meedoen'), '4');
    await user.click(screen.getByLabelText('Wil praten over Meedoen'));
    await user.type(screen.getByLabelText('Cijfer voor Zingeving'), '8');
    await next();
    await reachStep('Wat is belangrijk');
    await next();
    await reachStep('Doelen');
    await user.click(screen.getByRole('button', { name: 'Levensdoel toevoegen' }));
    await user.keyboard('Weer meedoen in de buurt');
    await next();
    await reachStep('Plan');
    await next();
    await reachStep('Uitkomst');
    await user.click(screen.getByLabelText('Eigen actie van de patiënt'));
    await user.click(screen.getByRole('button', { name: 'Gesprek afronden' }));
    await screen.findByText('Het gesprek is afgerond en vastgelegd in het dossier.', {}, { timeout: 20_000 });

    const [encounter] =
      (await ehr.repo.search<Encounter>({ resourceType: 'Encounter', filters: [] })).entry?.flatMap((e) =>
        e.resource?.meta?.profile?.includes(Profiles.TargetOtherConversationEncounter) ? [e.resource] : [],
      ) ?? [];
    expect(encounter.status).toBe('finished');
    expect(encounter.participant?.[0]?.individual?.reference).toBe(`PractitionerRole/${GP_ROLE_ID}`);
    const response = (
      await ehr.repo.search<QuestionnaireResponse>({ resourceType: 'QuestionnaireResponse', filters: [] })
    ).entry?.[0]?.resource as QuestionnaireResponse;
    // Our Questionnaire with its version, though the EHR does not hold it.
    expect(response.questionnaire).toMatch(/\/Questionnaire\/target-positive-health\|\d/);
    const observations = (await ehr.repo.search<Observation>({ resourceType: 'Observation', filters: [] })).entry
      ?.map((e) => e.resource as Observation)
      .filter((o) => o.encounter?.reference === `Encounter/${encounter.id}`);
    // Two dimensions graded: two Observations and the panel, ids derived from the response, never a zero.
    expect(observations?.map((o) => o.id).sort()).toEqual(
      [`${response.id}-meaningfulness`, `${response.id}-panel`, `${response.id}-participation`].sort(),
    );
    const provenance = (await ehr.repo.search<Provenance>({ resourceType: 'Provenance', filters: [] })).entry?.[0]
      ?.resource as Provenance;
    expect(provenance.target.map((t) => t.reference)).toContain(`Encounter/${encounter.id}`);
    // Nothing was asked of the EHR that it does not offer.
    expect(ehr.requests.filter((line) => line.includes('$extract'))).toEqual([]);
  }, 60_000);
});
