// Bundles in an import: transactions (urn:uuid and conditional references, all or nothing), batches (entry
// by entry) and collections (each entry a resource of its own), on both databases; importing the same
// Bundles again writes nothing.
import { Operator } from '@medplum/core';
import type { Bundle, BundleEntry, Condition, Encounter, Organization, Patient, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stableId } from '../../../server/src/bulk-import/bundle.ts';
import { importSources } from '../../../server/src/bulk-import/import.ts';
import { ValidationWorkers } from '../../../server/src/store/validation/workers.ts';
import {
  corpusSize,
  NPI_SYSTEM,
  SYNTHEA_SYSTEM,
  syntheaCorpus,
  writeSyntheaBundles,
} from '../../bench/synthea-corpus.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import {
  countByIdentifier,
  encounter,
  observation,
  patient,
  TEST_SYSTEM,
  useTempFolder,
  useTestStore,
  writeJson,
  writeSource,
} from './import-fixtures.ts';

function post(resource: Resource, fullUrl?: string): BundleEntry {
  return { ...(fullUrl ? { fullUrl } : {}), resource, request: { method: 'POST', url: resource.resourceType } };
}

function urn(n: number): string {
  return `urn:uuid:5b1c0e2a-7d3f-4a8e-9c61-${String(n).padStart(12, '0')}`;
}

function bundle(type: Bundle['type'], entry: BundleEntry[]): Bundle {
  return { resourceType: 'Bundle', type, entry };
}

function condition(value: string, subject: string, encounterRef: string): Condition {
  return {
    resourceType: 'Condition',
    identifier: [{ system: TEST_SYSTEM, value }],
    subject: { reference: subject },
    encounter: { reference: encounterRef },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icpc-1-nl', code: 'T90', display: 'Diabetes mellitus' }] },
  };
}

describe.each(DATABASE_KINDS)('bulk import of Bundles on %s', (kind) => {
  const target = useTestStore(kind);
  const tempFolder = useTempFolder();

  test('imports a transaction Bundle with urn:uuid and conditional references after the NDJSON it references', async () => {
    const folder = tempFolder();
    const value = 'tx-ok';
    // A practitioner known only by identifier, as Synthea's patient Bundles reference theirs.
    await writeSource(folder, 'a-Practitioner.ndjson', [
      {
        resourceType: 'Practitioner',
        id: 'tx-gp',
        identifier: [{ system: 'http://fhir.nl/fhir/NamingSystem/agb-z', value: '01234567' }],
      },
    ]);
    const patientUrn = 'urn:uuid:6c7d1d8c-8a51-4d39-9a3f-2f0a8c1b0001';
    const encounterUrn = 'urn:uuid:6c7d1d8c-8a51-4d39-9a3f-2f0a8c1b0002';
    const visit: Encounter = {
      ...(encounter('ignored', value, patientUrn) as Encounter),
      participant: [
        { individual: { reference: 'Practitioner?identifier=http://fhir.nl/fhir/NamingSystem/agb-z|01234567' } },
      ],
    };
    delete visit.id;
    await writeJson(
      folder,
      'b-patient-bundle.json',
      bundle('transaction', [
        post(patient(undefined, value), patientUrn),
        post(visit, encounterUrn),
        post(condition(value, patientUrn, encounterUrn)),
      ]),
    );

    const summary = await importSources([folder], { repo: target.repo });

    expect(summary).toMatchObject({
      errorCount: 0,
      importedTotal: 4,
      imported: { Condition: 1, Encounter: 1, Patient: 1, Practitioner: 1 },
    });
    const [stored] = await target.repo.searchResources<Condition>({
      resourceType: 'Condition',
      filters: [{ code: 'identifier', operator: Operator.EQUALS, value: `${TEST_SYSTEM}|${value}` }],
    });
    const subject = await target.repo.readReference(stored.subject);
    expect(subject).toMatchObject({ resourceType: 'Patient', identifier: [{ value }] });
    const storedEncounter = await target.repo.readReference<Encounter>(stored.encounter as { reference: string });
    expect(storedEncounter.subject?.reference).toBe(`Patient/${subject.id}`);
    expect(storedEncounter.participant?.[0].individual?.reference).toBe('Practitioner/tx-gp');
  });

  test('imports Synthea-shaped Bundles twice: the second import writes nothing, ids are the fullUrl uuids, references resolve', async () => {
    const folder = tempFolder();
    const corpus = syntheaCorpus(3, 11);
    await writeSyntheaBundles(folder, corpus);
    const size = corpusSize(corpus);
    const rows = async () => {
      const [counts] = await target.store.db.query<{ current: number; history: number }>(
        'SELECT (SELECT count(*)::int FROM resource) AS current, (SELECT count(*)::int FROM resource_history) AS history',
      );
      return counts;
    };
    const before = await rows();

    const first = await importSources([folder], { repo: target.repo });
    const afterFirst = await rows();
    const second = await importSources([folder], { repo: target.repo });

    expect(first).toMatchObject({ errorCount: 0, importedTotal: size, outcomes: { created: size, updated: 0 } });
    expect(second).toMatchObject({
      errorCount: 0,
      importedTotal: size,
      outcomes: { created: 0, updated: 0, unchanged: size },
    });
    expect(afterFirst).toEqual({ current: before.current + size, history: before.history });
    expect(await rows()).toEqual(afterFirst);
    // Every entry under the uuid of its fullUrl, urn:uuid and conditional references rewritten to it.
    const [patientEntry, encounterEntry] = corpus.patients[0].entry as BundleEntry[];
    const id = (entry: BundleEntry) => (entry.fullUrl as string).slice('urn:uuid:'.length);
    const encounter = await target.repo.readResource<Encounter>('Encounter', id(encounterEntry));
    expect(encounter.meta?.versionId).toBe('1');
    expect(encounter.subject?.reference).toBe(`Patient/${id(patientEntry)}`);
    const provider = await target.repo.readReference<Organization>(encounter.serviceProvider as { reference: string });
    const wanted = (encounterEntry.resource as Encounter).serviceProvider?.reference as string;
    expect(`Organization?identifier=${SYNTHEA_SYSTEM}|${provider.identifier?.[0].value}`).toBe(wanted);
    expect(provider.id).toBe(provider.identifier?.[0].value);
    const practitioner = await target.repo.readReference(
      encounter.participant?.[0].individual as { reference: string },
    );
    expect(practitioner).toMatchObject({ identifier: [{ system: NPI_SYSTEM }] });
  });

  const workers = new ValidationWorkers(1);
  beforeAll(() => workers.started());
  afterAll(() => workers.close());

  test.each(['on this thread', 'on a worker'] as const)(
    'imports nothing of the one transaction Bundle with an invalid entry, and the Bundles around it (validated %s)',
    async (where) => {
      const folder = tempFolder();
      const value = `tx-mixed-${where.length}`;
      const transaction = (n: number, third: Resource) =>
        bundle('transaction', [
          post(patient(undefined, value), urn(n)),
          post(observation(undefined, value, urn(n)), urn(n + 1)),
          post(third, urn(n + 2)),
        ]);
      await writeJson(folder, 'a.json', transaction(where.length * 10, patient(undefined, value)));
      const bad = await writeJson(
        folder,
        'b.json',
        transaction(where.length * 10 + 3, patient(undefined, `${value}-bad`, { gender: 'x' })),
      );
      await writeJson(folder, 'c.json', transaction(where.length * 10 + 6, patient(undefined, value)));
      const sentBefore = workers.sent;

      const summary = await importSources([folder], {
        repo: target.repo,
        validationWorkers: where === 'on a worker' ? workers : 0,
      });

      expect(workers.sent > sentBefore).toBe(where === 'on a worker');
      expect(summary).toMatchObject({ importedTotal: 6, errorCount: 1, imported: { Observation: 2, Patient: 4 } });
      expect(summary.errors[0]).toMatchObject({
        source: bad,
        entry: 2,
        reason: expect.stringMatching(/^transaction Bundle rejected, nothing of it imported: Patient\.gender: /),
      });
      expect(await countByIdentifier(target.repo, 'Patient', value)).toBe(4);
      expect(await countByIdentifier(target.repo, 'Patient', `${value}-bad`)).toBe(0);
      expect(await countByIdentifier(target.repo, 'Observation', value)).toBe(2);
    },
  );

  test('resolves a conditional reference to what the same transaction creates; a conditional update updates what it finds', async () => {
    const folder = tempFolder();
    const value = 'tx-cond';
    const organization: Organization = {
      resourceType: 'Organization',
      identifier: [{ system: TEST_SYSTEM, value }],
      name: 'Praktijk',
    };
    const first = await writeJson(
      folder,
      'a.json',
      bundle('transaction', [
        post(
          patient(undefined, value, {
            managingOrganization: { reference: `Organization?identifier=${TEST_SYSTEM}|${value}` },
          }),
        ),
        post(organization, urn(100)),
      ]),
    );
    const changed = patient(undefined, value, { birthDate: '1950-03-05' }) as Patient;
    changed.managingOrganization = { reference: urn(100) };
    const second = await writeJson(
      folder,
      'b.json',
      bundle('transaction', [
        { resource: changed, request: { method: 'PUT', url: `Patient?identifier=${TEST_SYSTEM}|${value}` } },
        {
          ...post(organization, urn(100)),
          request: { method: 'POST', url: 'Organization', ifNoneExist: `identifier=${TEST_SYSTEM}|${value}` },
        },
      ]),
    );

    const created = await importSources([first], { repo: target.repo });
    const updated = await importSources([second], { repo: target.repo });

    expect(created).toMatchObject({ errorCount: 0, outcomes: { created: 2 } });
    expect(updated).toMatchObject({ errorCount: 0, outcomes: { created: 0, updated: 1, unchanged: 1 } });
    const [stored] = await target.repo.searchResources<Patient>({
      resourceType: 'Patient',
      filters: [{ code: 'identifier', operator: Operator.EQUALS, value: `${TEST_SYSTEM}|${value}` }],
    });
    expect(stored).toMatchObject({
      birthDate: '1950-03-05',
      meta: { versionId: '2' },
      managingOrganization: { reference: `Organization/${stableId(urn(100))}` },
    });
  });

  test('rejects a transaction whose conditional reference matches nothing, writing nothing of it', async () => {
    const folder = tempFolder();
    const value = 'tx-nomatch';
    const file = await writeJson(
      folder,
      'tx.json',
      bundle('transaction', [
        post(patient(undefined, value), urn(200)),
        post(observation(undefined, value, `Patient?identifier=${TEST_SYSTEM}|nobody`)),
      ]),
    );

    const summary = await importSources([file], { repo: target.repo });

    expect(summary).toMatchObject({ importedTotal: 0, errorCount: 1 });
    expect(summary.errors[0]).toMatchObject({ source: file, entry: 1 });
    expect(summary.errors[0].reason).toMatch(
      /^transaction Bundle rejected, nothing of it imported: .*matches no resource/,
    );
    expect(await countByIdentifier(target.repo, 'Patient', value)).toBe(0);
  });

  test('runs a Bundle with other interactions than create and update (DELETE) through the FHIR router', async () => {
    const folder = tempFolder();
    const value = 'tx-router';
    await writeSource(folder, 'a.ndjson', [patient('router-p1', value)]);
    await writeJson(
      folder,
      'b.json',
      bundle('transaction', [
        { request: { method: 'DELETE', url: 'Patient/router-p1' } },
        post(observation(undefined, value, 'Patient/router-p1')),
      ]),
    );

    const summary = await importSources([folder], { repo: target.repo });

    expect(summary).toMatchObject({ errorCount: 0, outcomes: { created: 2 } });
    await expect(target.repo.readResource('Patient', 'router-p1')).rejects.toThrow('Gone');
    expect(await countByIdentifier(target.repo, 'Observation', value)).toBe(1);
  });

  test('imports nothing of a transaction Bundle with one invalid entry and reports the Bundle', async () => {
    const folder = tempFolder();
    const value = 'tx-bad';
    const file = await writeJson(
      folder,
      'bad-transaction.json',
      bundle('transaction', [
        post(patient(undefined, value), 'urn:uuid:0e3f7a52-1b7e-4c55-8a31-000000000001'),
        post(observation(undefined, value, 'urn:uuid:0e3f7a52-1b7e-4c55-8a31-000000000001')),
        post(patient(undefined, value, { gender: 'x' })),
      ]),
    );

    const summary = await importSources([file], { repo: target.repo });

    expect(summary.importedTotal).toBe(0);
    expect(summary.errorCount).toBe(1);
    expect(summary.errors[0].source).toBe(file);
    expect(summary.errors[0].reason).toMatch(/^transaction Bundle rejected, nothing of it imported: .*gender/);
    expect(await countByIdentifier(target.repo, 'Patient', value)).toBe(0);
    expect(await countByIdentifier(target.repo, 'Observation', value)).toBe(0);
  });

  test('imports each entry of a batch Bundle on its own and reports the failing entry by index', async () => {
    const folder = tempFolder();
    const value = 'batch';
    const file = await writeJson(
      folder,
      'batch.json',
      bundle('batch', [
        post(patient(undefined, value)),
        post(patient(undefined, value, { gender: 'x' })),
        post(patient(undefined, value)),
      ]),
    );

    const summary = await importSources([file], { repo: target.repo });

    expect(summary).toMatchObject({ importedTotal: 2, imported: { Patient: 2 }, errorCount: 1 });
    expect(summary.errors[0]).toMatchObject({ source: file, entry: 1, reason: expect.stringMatching(/gender/) });
    expect(await countByIdentifier(target.repo, 'Patient', value)).toBe(2);
  });

  test('imports each resource of a collection Bundle like an NDJSON line, ids kept', async () => {
    const folder = tempFolder();
    const value = 'collection';
    const file = await writeJson(
      folder,
      'collection.json',
      bundle('collection', [
        { resource: patient('col-p1', value) },
        { resource: { resourceType: 'Patient', id: 'col-p2', gender: 'x' } as unknown as Resource },
        { resource: observation('col-o1', value, 'Patient/col-p1') },
        {},
      ]),
    );

    const summary = await importSources([file], { repo: target.repo });

    expect(summary).toMatchObject({ importedTotal: 2, imported: { Observation: 1, Patient: 1 }, errorCount: 2 });
    expect(summary.errors.map((e) => [e.entry, e.reason.split(':')[0]])).toEqual([
      [1, 'Patient.gender'],
      [3, 'entry has no resource'],
    ]);
    expect((await target.repo.readResource('Observation', 'col-o1')).id).toBe('col-o1');
  });

  test('imports a JSON file holding one resource, and reports a JSON file that does not parse', async () => {
    const folder = tempFolder();
    await writeJson(folder, 'one.json', patient('single-p1', 'single'));
    const broken = await writeSource(folder, 'two.json', ['{"resourceType": "Bundle", "type": "transaction", ']);

    const summary = await importSources([folder], { repo: target.repo });

    expect(summary).toMatchObject({ importedTotal: 1, errorCount: 1 });
    expect(summary.errors[0]).toMatchObject({ source: broken, reason: expect.stringMatching(/^not valid JSON/) });
    expect((await target.repo.readResource('Patient', 'single-p1')).id).toBe('single-p1');
  });
});

describe('stable ids of created Bundle entries', () => {
  test.each([
    ['a urn:uuid: its uuid', 'urn:uuid:5B1C0E2A-7d3f-4a8e-9c61-000000000001', '5B1C0E2A-7d3f-4a8e-9c61-000000000001'],
    // RFC 4122 version 5 in the URL namespace: Python's uuid.uuid5(uuid.NAMESPACE_URL, fullUrl) gives the same.
    ['a urn:uuid that is no FHIR id: a name-based uuid', 'urn:uuid:not/an id', '391288ae-acdc-570e-9bd6-09d08863b0c9'],
    ['a URL: a name-based uuid', 'http://example.org/fhir/Patient/1', 'f3a0d622-9fad-56ac-b3b5-771e2fc68ad5'],
  ])('from %s', (_name, fullUrl, id) => {
    expect(stableId(fullUrl)).toBe(id);
  });

  test('none without a fullUrl: such an entry is a plain create', () => {
    expect(stableId(undefined)).toBeUndefined();
  });
});
