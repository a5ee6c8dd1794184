// The practice selection run while other clients write to the same practice, over real HTTP on both
// databases: two $target-selection runs at once and writers adding listed patients with their conditions and
// contacts. Neither side fails or waits on the other for good, a run sees only patients that exist, and the
// results stay one Group and one care burden Observation per patient; once the writes have settled a run
// selects the new patients too.
import type { Resource } from '@medplum/fhirtypes';
import {
  buildPatient,
  buildPracticeOrganization,
  ExternalSystems,
  TargetObservationCodeSystem,
} from '@target/profiles';
import { describe, expect, test } from 'vitest';
import { DATABASE_KINDS } from '../../support/database.ts';
import { fhirFetch, postTargetSelection, type TestServer, useTestServer } from '../../support/server.ts';

const REFERENCE_DATE = '2025-07-01';
const PRACTICE = 'concurrent-practice';
const STARTING_PATIENTS = 6;
const WRITERS = 4;
const PATIENTS_PER_WRITER = 3;
const CARE_BURDEN = encodeURIComponent(`${TargetObservationCodeSystem.url}|care-burden`);

/** A listed patient with diabetes (ICPC T90.02) and one consult in the year before the reference date. */
function chronicPatientEntries(id: string): { resource: Resource; request: { method: string; url: string } }[] {
  const put = (resource: Resource) => ({
    resource,
    request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
  });
  return [
    put(
      buildPatient({
        id,
        names: [{ family: `Familie-${id}`, given: ['Test'] }],
        birthDate: '1955-01-01',
        addresses: [],
        generalPractitioners: [{ reference: `Organization/${PRACTICE}` }],
      }) as Resource,
    ),
    put({
      resourceType: 'Condition',
      id: `${id}-diabetes`,
      subject: { reference: `Patient/${id}` },
      code: { coding: [{ system: ExternalSystems.ICPC, code: 'T90.02' }] },
      clinicalStatus: { coding: [{ system: ExternalSystems.ConditionClinical, code: 'active' }] },
      verificationStatus: { coding: [{ system: ExternalSystems.ConditionVerification, code: 'confirmed' }] },
      onsetDateTime: '2015-01-01',
    } as Resource),
    put({
      resourceType: 'Encounter',
      id: `${id}-consult`,
      status: 'finished',
      class: { system: ExternalSystems.ActCode, code: 'AMB' },
      subject: { reference: `Patient/${id}` },
      period: { start: '2025-03-10T09:00:00+01:00', end: '2025-03-10T09:10:00+01:00' },
    } as Resource),
  ];
}

async function writePatient(server: TestServer, id: string): Promise<number> {
  const response = await fhirFetch(server, '', {
    method: 'POST',
    body: { resourceType: 'Bundle', type: 'transaction', entry: chronicPatientEntries(id) },
  });
  return response.status;
}

const runSelection = (server: TestServer) => postTargetSelection(server, PRACTICE, REFERENCE_DATE);

// biome-ignore lint/suspicious/noExplicitAny: reads FHIR JSON
const part = (selection: any, name: string) => selection.part.find((p: { name: string }) => p.name === name);

describe.each(DATABASE_KINDS)('selection concurrent with writes to the same practice on %s', (kind) => {
  const server = useTestServer(kind);

  test(`two selection runs during ${WRITERS} writers' new patients: no error, only existing patients, no duplicate results`, async () => {
    const organization = buildPracticeOrganization({
      id: PRACTICE,
      agb: '01234568',
      name: 'Praktijk Gelijktijdig',
      addresses: [],
    });
    expect((await fhirFetch(server, `Organization/${PRACTICE}`, { method: 'PUT', body: organization })).status).toBe(
      201,
    );
    const starting = Array.from({ length: STARTING_PATIENTS }, (_, i) => `concurrent-start-${i}`);
    for (const id of starting) {
      expect(await writePatient(server, id)).toBe(200);
    }
    const added = Array.from({ length: WRITERS }, (_, w) =>
      Array.from({ length: PATIENTS_PER_WRITER }, (_, i) => `concurrent-new-${w}-${i}`),
    );

    const [selections, writes] = await Promise.all([
      Promise.all([runSelection(server), runSelection(server)]),
      Promise.all(
        added.map(async (ids) => {
          const statuses = [];
          for (const id of ids) {
            statuses.push(await writePatient(server, id));
          }
          return statuses;
        }),
      ),
    ]);

    expect(writes.flat()).toEqual(Array(WRITERS * PATIENTS_PER_WRITER).fill(200));
    expect(selections.map((s) => s.status)).toEqual([200, 200]);
    const everyPatient = new Set([...starting, ...added.flat()].map((id) => `Patient/${id}`));
    for (const selection of selections) {
      const [summary] = selection.body.parameter;
      const chronicallyIll = part(summary, 'chronicallyIll').valueInteger;
      expect(chronicallyIll).toBeGreaterThanOrEqual(STARTING_PATIENTS);
      expect(chronicallyIll).toBeLessThanOrEqual(everyPatient.size);
    }
    const concurrentGroup = await fhirFetch(server, `Group?managing-entity=Organization/${PRACTICE}`);
    expect(concurrentGroup.body.entry).toHaveLength(1);
    const concurrentMembers: string[] = concurrentGroup.body.entry[0].resource.member.map(
      (m: { entity: { reference: string } }) => m.entity.reference,
    );
    expect(new Set(concurrentMembers).size).toBe(concurrentMembers.length);
    for (const member of concurrentMembers) {
      expect(everyPatient).toContain(member);
    }

    // Once the writes have settled, a run selects every patient, and the results are still one of each.
    const settled = await runSelection(server);
    expect(settled.status).toBe(200);
    expect(part(settled.body.parameter[0], 'chronicallyIll').valueInteger).toBe(everyPatient.size);
    const group = await fhirFetch(server, `Group?managing-entity=Organization/${PRACTICE}`);
    expect(group.body.entry).toHaveLength(1);
    const members = group.body.entry[0].resource.member.map(
      (m: { entity: { reference: string } }) => m.entity.reference,
    );
    expect(new Set(members)).toEqual(everyPatient);
    expect(members).toHaveLength(everyPatient.size);
    const observations = await fhirFetch(server, `Observation?code=${CARE_BURDEN}&_summary=count`);
    expect(observations.body.total).toBe(everyPatient.size);
  });
});
