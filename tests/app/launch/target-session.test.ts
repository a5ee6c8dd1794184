// The session the launch builds, against the real TARGET server (port 0, PGlite) with a real GP token: our
// operations are found in its CapabilityStatement, the practice comes from the GP's PractitionerRole when
// the token response names none, and only plain FHIR requests are made.
import type { Organization, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { expect, test } from 'vitest';
import { buildSession } from '../../../smart-app/src/launch/build-session.ts';
import type { StoredTokens } from '../../../smart-app/src/launch/launch-storage.ts';
import { useTestServer } from '../../support/server.ts';

const server = useTestServer('pglite');

test('a GP session on the TARGET server offers care burden and selection, and finds the practice by the GP’s role', async () => {
  const practice = await server.repo.createResource<Organization>({
    resourceType: 'Organization',
    name: 'Huisartsenpraktijk Sessie',
  });
  const gp = await server.repo.createResource<Practitioner>({
    resourceType: 'Practitioner',
    name: [{ family: 'Bakker' }],
  });
  await server.repo.createResource<PractitionerRole>({
    resourceType: 'PractitionerRole',
    active: true,
    practitioner: { reference: `Practitioner/${gp.id}` },
    organization: { reference: `Organization/${practice.id}` },
  });
  const accessToken = await server.tokenFor({
    sub: 'huisarts-sessie',
    client_id: 'target-app',
    scope: 'openid fhirUser user/*.cruds',
    target_role: 'gp',
    target_organization: practice.id,
    fhirUser: `Practitioner/${gp.id}`,
  });
  const tokens: StoredTokens = {
    iss: server.fhirUrl,
    tokenEndpoint: `${server.baseUrl}/oauth/token`,
    accessToken,
    scope: 'openid fhirUser user/*.cruds',
    fhirContext: [],
    fhirUser: `Practitioner/${gp.id}`,
    needPatientBanner: false,
  };
  const requests: string[] = [];
  const session = await buildSession(tokens, {
    loadSchemas: async () => {},
    fetch: (url, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(url)).pathname}`);
      return fetch(url, init);
    },
  });
  expect(session.capabilities).toEqual({ careBurden: true, targetSelection: true, extract: true });
  expect(session.practiceId).toBe(practice.id);
  expect(requests.sort()).toEqual(['GET /fhir/PractitionerRole', 'GET /fhir/metadata']);
});
