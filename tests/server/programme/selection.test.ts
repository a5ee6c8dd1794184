// The practice selection and $care-burden over real HTTP on both databases, on a small hand-made practice
// whose every number is worked out by hand below.
import type { Group, Resource } from '@medplum/fhirtypes';
import {
  buildPatient,
  buildPracticeOrganization,
  ExternalSystems,
  TargetHouseholdCodeSystem,
  TargetIncomeSourceCodeSystem,
  TargetObservationCodeSystem,
} from '@target/profiles';
import { describe, expect, test } from 'vitest';
import { seedDemo } from '../../../server/src/demo/seed.ts';
import { resultIds } from '../../../server/src/programme/selection/ids.ts';
import { allPractices, runSelection } from '../../../server/src/programme/selection/selection.ts';
import { practiceSettings } from '../../../server/src/programme/selection/settings-store.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { expectOutcome } from '../../support/fhir-checks.ts';
import { fhirFetch, postTargetSelection, type TestServer, useTestServer } from '../../support/server.ts';

const REFERENCE_DATE = '2025-07-01';
const PRACTICE = 'practice-a';

function patient(id: string, birthDate: string): Resource {
  return buildPatient({
    id,
    names: [{ family: `Familie-${id}`, given: ['Test'] }],
    birthDate,
    addresses: [],
    generalPractitioners: [{ reference: `Organization/${PRACTICE}` }],
  }) as Resource;
}

function condition(id: string, patientId: string, coding: { system: string; code: string }, onset: string): Resource {
  return {
    resourceType: 'Condition',
    id,
    subject: { reference: `Patient/${patientId}` },
    code: { coding: [coding] },
    clinicalStatus: { coding: [{ system: ExternalSystems.ConditionClinical, code: 'active' }] },
    verificationStatus: { coding: [{ system: ExternalSystems.ConditionVerification, code: 'confirmed' }] },
    onsetDateTime: onset,
  } as Resource;
}

let encounterCount = 0;
function encounter(patientId: string, cls: string, start: string, minutes?: number, extra: object = {}): Resource {
  const startMs = Date.parse(start);
  return {
    resourceType: 'Encounter',
    id: `enc-${++encounterCount}`,
    status: 'finished',
    class: { system: ExternalSystems.ActCode, code: cls },
    subject: { reference: `Patient/${patientId}` },
    period: {
      start,
      ...(minutes === undefined ? {} : { end: new Date(startMs + minutes * 60_000).toISOString() }),
    },
    ...extra,
  } as Resource;
}

function social(id: string, patientId: string, kind: 'household' | 'income-source', code: string): Resource {
  const system = kind === 'household' ? TargetHouseholdCodeSystem.url : TargetIncomeSourceCodeSystem.url;
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: TargetObservationCodeSystem.url, code: kind }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: '2024-01-01',
    valueCodeableConcept: { coding: [{ system, code }] },
  } as Resource;
}

const ICPC = ExternalSystems.ICPC;
/**
 * p1 (75, alone): diabetes; 3 consults of 10 min + 1 home visit of 30 min = 3 × 1.0 + 2.5 = 5.5.
 * p2 (45, employed): COPD + heart failure; 2 telephone consults = 1.0.
 * p3: hypertension only (K86, not on the list): not chronically ill.
 * p4 (35): depression since two months: `new`; 5 consults = 5.0.
 * p5: knee osteoarthritis; one consult in the window (1.0), one cancelled, one 400 days back.
 * p6: diabetes coded in SNOMED CT (through the ConceptMap); no contacts = 0.
 * Not new: 5.5, 1, 1, 0 → mean 1.875; P90 = 1 + 4.5 × 0.7 = 4.15.
 */
function practice(): Resource[] {
  return [
    buildPracticeOrganization({
      id: PRACTICE,
      agb: '01234567',
      name: 'Huisartsenpraktijk Test',
      addresses: [],
    }) as Resource,
    patient('p1', '1950-03-01'),
    patient('p2', '1980-01-01'),
    patient('p3', '1960-01-01'),
    patient('p4', '1990-01-01'),
    patient('p5', '1970-01-01'),
    patient('p6', '1965-01-01'),
    condition('c1', 'p1', { system: ICPC, code: 'T90.02' }, '2010-05-01'),
    condition('c2a', 'p2', { system: ICPC, code: 'R95' }, '2015-01-01'),
    condition('c2b', 'p2', { system: ICPC, code: 'K77' }, '2016-01-01'),
    condition('c3', 'p3', { system: ICPC, code: 'K86' }, '2012-01-01'),
    condition('c4', 'p4', { system: ICPC, code: 'P76' }, '2025-05-01'),
    condition('c5', 'p5', { system: ICPC, code: 'L90' }, '2018-01-01'),
    condition('c6', 'p6', { system: ExternalSystems.SCT, code: '73211009' }, '2019-01-01'),
    ...[1, 2, 3].map((d) => encounter('p1', 'AMB', `2025-0${d}-10T09:00:00+01:00`, 10)),
    encounter('p1', 'HH', '2025-04-10T14:00:00+02:00', 30),
    ...[1, 2].map((d) =>
      encounter('p2', 'VR', `2025-0${d}-11T10:00:00+01:00`, 5, {
        type: [{ coding: [{ system: ExternalSystems.SCT, code: '185317003' }] }],
      }),
    ),
    encounter('p3', 'AMB', '2025-02-01T09:00:00+01:00', 10),
    ...[1, 2, 3, 4, 5].map((d) => encounter('p4', 'AMB', `2025-05-0${d}T09:00:00+02:00`, 10)),
    encounter('p5', 'AMB', '2025-03-01T09:00:00+01:00', 10),
    encounter('p5', 'AMB', '2025-03-02T09:00:00+01:00', 10, { status: 'cancelled' }),
    encounter('p5', 'AMB', '2024-05-27T09:00:00+02:00', 10),
    social('o1', 'p1', 'household', 'alone'),
    social('o2', 'p2', 'income-source', 'employed'),
  ];
}

async function arrange(server: TestServer): Promise<void> {
  await server.repo.createResources(practice(), { assignedId: true });
}

// biome-ignore lint/suspicious/noExplicitAny: reads FHIR JSON
function part(selection: any, name: string): any {
  return selection.part.find((p: { name: string }) => p.name === name);
}

describe.each(DATABASE_KINDS)('selection on %s', (kind) => {
  const server = useTestServer(kind);

  test('selects the chronically ill into high, low and new, with HNHC and subgroups, and writes a Group', async () => {
    await arrange(server);
    const response = await postTargetSelection(server, PRACTICE, REFERENCE_DATE);
    expect(response.status).toBe(200);
    const [selection] = response.body.parameter;
    expect(part(selection, 'listed').valueInteger).toBe(6);
    expect(part(selection, 'chronicallyIll').valueInteger).toBe(5);
    expect(part(selection, 'category-high').valueInteger).toBe(1);
    expect(part(selection, 'category-medium').valueInteger).toBe(0);
    expect(part(selection, 'category-low').valueInteger).toBe(3);
    expect(part(selection, 'category-new').valueInteger).toBe(1);
    expect(part(selection, 'hnhc').valueInteger).toBe(2);
    expect(part(selection, 'mean').valueDecimal).toBe(1.875);
    expect(part(selection, 'high').valueDecimal).toBe(4.15);

    const group = await fhirFetch(server, part(selection, 'group').valueReference.reference);
    expect(group.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: reads FHIR JSON
    const members = group.body.member.map((m: any) => [m.entity.reference, m.extension[0].valueDecimal]);
    expect(members).toEqual([
      ['Patient/p1', 5.5],
      ['Patient/p4', 5],
      ['Patient/p2', 1],
      ['Patient/p5', 1],
      ['Patient/p6', 0],
    ]);
    const observations = await fhirFetch(
      server,
      `Observation?code=${encodeURIComponent(`${TargetObservationCodeSystem.url}|care-burden`)}&_summary=count`,
    );
    expect(observations.body.total).toBe(5);
  });

  test('a second run for the same practice and date updates the results instead of adding new ones', async () => {
    const run = () =>
      fhirFetch(server, `Group/$target-selection?practice=Organization/${PRACTICE}&date=${REFERENCE_DATE}`, {
        method: 'POST',
        body: {
          resourceType: 'Parameters',
          parameter: [
            { name: 'practice', valueReference: { reference: `Organization/${PRACTICE}` } },
            { name: 'date', valueDate: REFERENCE_DATE },
          ],
        },
      });
    await run();
    const again = await run();
    expect(again.status).toBe(200);
    const count = await fhirFetch(
      server,
      `Observation?code=${encodeURIComponent(`${TargetObservationCodeSystem.url}|care-burden`)}&_summary=count`,
    );
    expect(count.body.total).toBe(5);
    const groups = await fhirFetch(server, `Group?managing-entity=Organization/${PRACTICE}`);
    expect(groups.body.entry).toHaveLength(1);
    expect(Number(groups.body.entry[0].resource.meta.versionId)).toBeGreaterThanOrEqual(3);
  });

  test('with Prefer: respond-async the selection runs as a job: 202, a status URL, then the result Bundle', async () => {
    const kickOff = await postTargetSelection(server, PRACTICE, REFERENCE_DATE, { prefer: 'respond-async' });
    expect(kickOff.status).toBe(202);
    const statusUrl = kickOff.headers.get('content-location') as string;
    expect(statusUrl).toMatch(/\/fhir\/_async\//);
    let status = await fetch(statusUrl, { headers: { authorization: server.adminAuthorization } });
    for (let i = 0; status.status === 202 && i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await fetch(statusUrl, { headers: { authorization: server.adminAuthorization } });
    }
    expect(status.status).toBe(200);
    const bundle = await status.json();
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'batch-response',
      entry: [{ response: { status: '200' } }],
    });
    const [selection] = bundle.entry[0].resource.parameter;
    expect(part(selection, 'chronicallyIll').valueInteger).toBe(5);
  });

  test('$target-selection rejects a malformed practice or date with 400 and writes nothing', async () => {
    for (const parameter of [
      { name: 'practice', valueReference: { reference: 'Organization/a b' } },
      { name: 'date', valueDate: '2025-02-30' },
    ]) {
      expectOutcome(
        await fhirFetch(server, 'Group/$target-selection', {
          method: 'POST',
          body: { resourceType: 'Parameters', parameter: [parameter] },
        }),
        400,
      );
    }
  });

  test('$care-burden gives one patient the same score, category and subgroup as the selection', async () => {
    const response = await fhirFetch(server, `Patient/p1/$care-burden?date=${REFERENCE_DATE}`);
    expect(response.status).toBe(200);
    const byName = Object.fromEntries(
      // biome-ignore lint/suspicious/noExplicitAny: reads FHIR JSON
      response.body.parameter.map((p: any) => [p.name, p]),
    );
    expect(byName.chronicallyIll.valueBoolean).toBe(true);
    expect(byName.careBurden.resource.valueQuantity.value).toBe(5.5);
    // biome-ignore lint/suspicious/noExplicitAny: reads FHIR JSON
    const category = byName.careBurden.resource.component.find((c: any) => c.valueCodeableConcept);
    expect(category.valueCodeableConcept.coding[0].code).toBe('high');
    expect(byName.subgroup.resource.valueCodeableConcept.coding[0].code).toBe('older-alone');
  });

  test('$care-burden persist=true by POST stores the results under the selection ids; by GET it is refused', async () => {
    const path = `Patient/p1/$care-burden?date=${REFERENCE_DATE}&persist=true`;
    const refused = await fhirFetch(server, path);
    expectOutcome(refused, 405);
    expect(refused.body.issue[0].details.text).toMatch(/use POST/);
    const stored = await fhirFetch(server, `Patient/p1/$care-burden`, {
      method: 'POST',
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'date', valueDate: REFERENCE_DATE },
          { name: 'persist', valueBoolean: true },
        ],
      },
    });
    expect(stored.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: reads FHIR JSON
    const careBurden = stored.body.parameter.find((p: any) => p.name === 'careBurden').resource;
    expect(careBurden.meta.versionId).toBeDefined();
    const read = await fhirFetch(server, `Observation/${careBurden.id}`);
    expect(read.status).toBe(200);
    expect(read.body.valueQuantity.value).toBe(5.5);
  });

  test('$care-burden says a patient without a listed chronic disease is not chronically ill', async () => {
    const response = await fhirFetch(server, `Patient/p3/$care-burden?date=${REFERENCE_DATE}`);
    expect(response.status).toBe(200);
    expect(response.body.parameter).toEqual([{ name: 'chronicallyIll', valueBoolean: false }]);
  });

  test('a re-run withdraws the results of a patient who is no longer chronically ill (diagnosis refuted)', async () => {
    const select = () => postTargetSelection(server, PRACTICE, REFERENCE_DATE);
    expect((await select()).status).toBe(200);
    const condition = await server.repo.readResource('Condition', 'c6');
    await server.repo.updateResource({
      ...condition,
      verificationStatus: { coding: [{ system: ExternalSystems.ConditionVerification, code: 'refuted' }] },
    });
    const [selection] = (await select()).body.parameter;
    expect(part(selection, 'chronicallyIll').valueInteger).toBe(4);
    const careBurden = `Observation?code=${encodeURIComponent(`${TargetObservationCodeSystem.url}|care-burden`)}`;
    const remaining = await fhirFetch(server, `${careBurden}&subject=Patient/p6&_summary=count`);
    expect(remaining.body.total).toBe(0);
    expect((await fhirFetch(server, `${careBurden}&_summary=count`)).body.total).toBe(4);
  });

  test('two first selections at once create one settings resource for the practice', async () => {
    const practice = buildPracticeOrganization({
      id: 'practice-race',
      agb: '07654321',
      name: 'Praktijk',
      addresses: [],
    });
    await server.repo.createResources([practice as Resource], { assignedId: true });
    const [a, b] = await Promise.all([
      practiceSettings(server.repo, 'practice-race'),
      practiceSettings(server.repo, 'practice-race'),
    ]);
    expect(a.version.id).toBe(b.version.id);
    const found = await fhirFetch(server, 'Basic?subject=Organization/practice-race&_summary=count');
    expect(found.body.total).toBe(1);
  });

  test.each([
    ['Patient/p1/$care-burden?persist=true&settings=Basic/other', 400],
    ['Patient/nobody/$care-burden', 404],
    [`Patient/p1/$care-burden?date=01-07-2025`, 400],
    [`Patient/p1/$care-burden?persist=yes`, 400],
    [`Patient/p1/$care-burden?colour=red`, 400],
    [`Patient/p1/$care-burden?date=2025-01-01&date=2025-01-02`, 400],
    [`Patient/p1/$care-burden?practice=Patient/p1`, 400],
    [`Patient/p1/$care-burden?practice=Organization/elsewhere`, 422],
  ])('GET %s answers %i with an OperationOutcome', async (path, status) => {
    expectOutcome(await fhirFetch(server, path), status);
  });
});

describe.each(DATABASE_KINDS)('selection passes on %s', (kind) => {
  const server = useTestServer(kind);

  test('practices computed one per pass get the same results as practices computed together', async () => {
    await seedDemo(server.repo, { patients: 300, practices: 3, seed: 5, referenceDate: REFERENCE_DATE });
    const practices = await allPractices(server.repo);
    expect(practices).toHaveLength(3);
    const membersOf = () =>
      Promise.all(
        practices.map(
          async (id) =>
            (await server.repo.readResource<Group>('Group', resultIds.selection(id, REFERENCE_DATE))).member,
        ),
      );
    const request = { practices, referenceDate: REFERENCE_DATE };
    const onePerPass = await runSelection(server.repo, request, { practicesPerPass: 1 });
    const first = await membersOf();
    const together = await runSelection(server.repo, request, { practicesPerPass: 3 });
    expect(together).toEqual(onePerPass);
    expect(await membersOf()).toEqual(first);
    expect(first.map((members) => members?.length)).toEqual(onePerPass.map((practice) => practice.chronicallyIll));
    expect(first.flat().length).toBeGreaterThan(50);
    // Every member has its care-burden Observation.
    for (const [i, practiceId] of practices.entries()) {
      for (const member of first[i] ?? []) {
        const patientId = member.entity.reference?.replace('Patient/', '') as string;
        await server.repo.readResource('Observation', resultIds.careBurden(practiceId, patientId, REFERENCE_DATE));
      }
    }
  });
});
