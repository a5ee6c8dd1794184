// Bundles in an import: transactions (urn:uuid and conditional references, all or nothing), batches (entry
// by entry) and collections (each entry a resource of its own), on both databases.
import { Operator } from '@medplum/core';
import type { Bundle, BundleEntry, Condition, Encounter, Resource } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { importSources } from '../../../server/src/bulk-import/import.ts';
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
