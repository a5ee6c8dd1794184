// Bulk import of NDJSON folders into both databases: ids kept, references between files, bad lines
// rejected with file:line and reason while everything else is imported, re-import without duplicates.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Operator } from '@medplum/core';
import type { Observation, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ImportPathError, importResources, importSources } from '../../../server/src/bulk-import/import.ts';
import { ValidationWorkers } from '../../../server/src/store/validation/workers.ts';
import { generateCorpus } from '../../bench/corpus.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import {
  countByIdentifier,
  encounter,
  observation,
  patient,
  useTempFolder,
  useTestStore,
  writeSource,
} from './import-fixtures.ts';

describe.each(DATABASE_KINDS)('bulk import on %s', (kind) => {
  const target = useTestStore(kind);
  const tempFolder = useTempFolder();

  test('imports a folder of NDJSON files per type with their ids, and references between files resolve', async () => {
    const folder = tempFolder();
    await writeSource(folder, 'Patient.ndjson', [patient('imp-p1', 'folder-1'), patient('imp-p2', 'folder-1')]);
    await writeSource(folder, 'Encounter.ndjson', [encounter('imp-e1', 'folder-1', 'Patient/imp-p1')]);
    // Subfolders are searched too, and gzipped NDJSON is read as such.
    await writeSource(folder, 'more/Observation.ndjson.gz', [
      observation('imp-o1', 'folder-1', 'Patient/imp-p1', 'Encounter/imp-e1'),
      observation('imp-o2', 'folder-1', 'Patient/imp-p2'),
    ]);
    const progress: number[] = [];

    const summary = await importSources([folder], {
      repo: target.repo,
      onProgress: (p) => progress.push(p.imported),
    });

    expect(summary).toMatchObject({
      imported: { Encounter: 1, Observation: 2, Patient: 2 },
      importedTotal: 5,
      errorCount: 0,
      errors: [],
    });
    expect(progress.at(-1)).toBe(5);
    const read = await target.repo.readResource<Observation>('Observation', 'imp-o1');
    expect(read.meta?.versionId).toBe('1');
    const subject = await target.repo.readReference<Patient>(read.subject as { reference: string });
    expect(subject).toMatchObject({ resourceType: 'Patient', id: 'imp-p1', name: [{ family: 'Jansen' }] });
    const encounterOf = await target.repo.readReference(read.encounter as { reference: string });
    expect(encounterOf.id).toBe('imp-e1');
    // Written through the repository: indexed for search like any create.
    const byPatient = await target.repo.searchResources({
      resourceType: 'Observation',
      filters: [{ code: 'subject', operator: Operator.EQUALS, value: 'Patient/imp-p2' }],
    });
    expect(byPatient.map((o) => o.id)).toEqual(['imp-o2']);
  });

  const workers = new ValidationWorkers(1);
  beforeAll(() => workers.started());
  afterAll(() => workers.close());

  test.each([
    [1, 'on this thread'],
    [500, 'on this thread'],
    [1, 'on a worker'],
    [500, 'on a worker'],
  ] as const)(
    'rejects bad lines with file:line and reason and imports every other line (batch size %i, validated %s)',
    async (batchSize, where) => {
      const folder = tempFolder();
      const value = `bad-lines-${batchSize}-${where.length}`;
      const id = (n: number) => `bad-${batchSize}-${where.length}-${n}`;
      const file = await writeSource(folder, 'Patient.ndjson', [
        patient(id(1), value),
        '{"resourceType": "Patient", "id": ', // line 2: not JSON
        patient(id(3), value),
        '', // line 4: blank, ignored
        { resourceType: 'Pateint', id: id(5) } as never, // line 5: unknown type
        patient(id(6), value, { gender: 'x' }), // line 6: fails R4 validation (required binding)
        '{"id": "no-type"}', // line 7: no resourceType
        patient(id(3), value), // line 8: the same id again in this import
        patient(undefined, value), // line 9: no id, server-assigned
      ]);

      const sentBefore = workers.sent;
      const summary = await importSources([folder], {
        repo: target.repo,
        batchSize,
        validationWorkers: where === 'on a worker' ? workers : 0,
      });
      expect(workers.sent > sentBefore).toBe(where === 'on a worker');

      expect(summary.importedTotal).toBe(3);
      expect(summary.imported).toEqual({ Patient: 3 });
      expect(summary.errorCount).toBe(5);
      expect(summary.errors.map((e) => [e.source, e.line])).toEqual([
        [file, 2],
        [file, 5],
        [file, 6],
        [file, 7],
        [file, 8],
      ]);
      const reasons = summary.errors.map((e) => e.reason);
      expect(reasons[0]).toMatch(/^not valid JSON/);
      expect(reasons[1]).toBe('unknown resourceType "Pateint"');
      expect(reasons[2]).toMatch(/^Patient\.gender: .*administrative-gender/);
      expect(reasons[3]).toBe('no resourceType');
      expect(reasons[4]).toMatch(/duplicate: Patient\/bad-\d+-\d+-3/);
      expect(await countByIdentifier(target.repo, 'Patient', value)).toBe(3);
      await expect(target.repo.readResource('Patient', id(6))).rejects.toThrow('Not found');
    },
  );

  test('re-importing the same folder writes nothing: same resources, same versions, reported unchanged', async () => {
    const folder = tempFolder();
    const value = 'reimport';
    await writeSource(folder, 'Patient.ndjson', [patient('re-p1', value), patient('re-p2', value)]);
    await writeSource(folder, 'Observation.ndjson', [
      observation('re-o1', value, 'Patient/re-p1'),
      observation('re-o2', value, 'Patient/re-p2'),
    ]);

    const first = await importSources([folder], { repo: target.repo });
    const second = await importSources([folder], { repo: target.repo });

    expect(first).toMatchObject({
      importedTotal: 4,
      errorCount: 0,
      outcomes: { created: 4, updated: 0, unchanged: 0 },
    });
    expect(second).toMatchObject({
      importedTotal: 4,
      errorCount: 0,
      imported: { Observation: 2, Patient: 2 },
      outcomes: { created: 0, updated: 0, unchanged: 4 },
      outcomesByType: { Patient: { created: 0, updated: 0, unchanged: 2 } },
    });
    expect(await countByIdentifier(target.repo, 'Patient', value)).toBe(2);
    expect(await countByIdentifier(target.repo, 'Observation', value)).toBe(2);
    for (const [type, id] of [
      ['Patient', 're-p1'],
      ['Observation', 're-o2'],
    ]) {
      expect((await target.repo.readResource(type, id)).meta?.versionId).toBe('1');
      expect((await target.repo.readHistory(type, id)).entry).toHaveLength(1);
    }
  });

  test('a resource imported again with other content gets a new version; key order and meta stamps do not count', async () => {
    const folder = tempFolder();
    const value = 'changed';
    const stored = patient('ch-p1', value) as Patient;
    await writeSource(folder, 'Patient.ndjson', [stored, patient('ch-p2', value)]);
    await importSources([folder], { repo: target.repo });
    // Keys in another order and other meta stamps: the same content. A new birth date: other content.
    const reordered = Object.fromEntries(Object.entries(stored).reverse()) as Patient;
    reordered.meta = { versionId: '7', lastUpdated: '2020-01-01T00:00:00Z' };
    await writeSource(folder, 'Patient.ndjson', [reordered, patient('ch-p2', value, { birthDate: '1951-01-01' })]);

    const again = await importSources([folder], { repo: target.repo });

    expect(again.outcomes).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect((await target.repo.readResource('Patient', 'ch-p1')).meta?.versionId).toBe('1');
    const changed = await target.repo.readResource<Patient>('Patient', 'ch-p2');
    expect([changed.meta?.versionId, changed.birthDate]).toEqual(['2', '1951-01-01']);
  });

  test('analyzes the written tables after an import that changed them much, so that the planner knows their new sizes', async () => {
    const folder = tempFolder();
    // More than autovacuum's threshold: 50 rows + 10% of the ~25 resources earlier tests wrote.
    await writeSource(
      folder,
      'Patient.ndjson',
      Array.from({ length: 60 }, (_, i) => patient(`an-p${i}`, 'analyze')),
    );

    await importSources([folder], { repo: target.repo });

    // ANALYZE reads every row of a table this small: pg_class.reltuples becomes its exact row count, and
    // pg_statistic (pg_stats) gets the columns' statistics; on PGlite as on PostgreSQL.
    for (const table of ['resource', 'idx_token', 'idx_string']) {
      const [row] = await target.store.db.query<{ reltuples: number; counted: number; stats: number }>(
        `SELECT (SELECT reltuples::int FROM pg_class WHERE relname = $1) AS reltuples,
                (SELECT count(*)::int FROM ${table}) AS counted,
                (SELECT count(*)::int FROM pg_stats WHERE tablename = $1) AS stats`,
        [table],
      );
      expect(row.stats, table).toBeGreaterThan(0);
      expect(row.reltuples, table).toBe(row.counted);
    }
    // Two more resources are below the threshold: no ANALYZE, the statistics still count the rows before.
    await writeSource(folder, 'Patient.ndjson', [patient('an-more1', 'analyze'), patient('an-more2', 'analyze')]);
    await importSources([folder], { repo: target.repo });
    const [after] = await target.store.db.query<{ reltuples: number; counted: number }>(
      "SELECT (SELECT reltuples::int FROM pg_class WHERE relname = 'resource') AS reltuples, (SELECT count(*)::int FROM resource) AS counted",
    );
    expect(after.reltuples).toBe(after.counted - 2);
  });

  test('imports a stream of resources in batches and reports them per type', async () => {
    const resources = [...generateCorpus(600, 7)];
    const expected: Record<string, number> = {};
    for (const resource of resources) {
      expected[resource.resourceType] = (expected[resource.resourceType] ?? 0) + 1;
    }

    const summary = await importResources(resources, { repo: target.repo, batchSize: 100 });

    expect(summary).toMatchObject({ importedTotal: 600, errorCount: 0, imported: expected });
    const last = resources[599];
    expect((await target.repo.readResource(last.resourceType, last.id as string)).id).toBe(last.id);
  });

  test('reports a .ndjson.gz file that is not gzip as one error and goes on with the next file', async () => {
    const folder = tempFolder();
    await fs.mkdir(folder, { recursive: true });
    const broken = path.join(folder, 'a.ndjson.gz');
    await fs.writeFile(broken, `${JSON.stringify(patient('gz-p1', 'gz'))}\n`);
    await writeSource(folder, 'b.ndjson', [patient('gz-p2', 'gz')]);

    const summary = await importSources([folder], { repo: target.repo });

    expect(summary).toMatchObject({ importedTotal: 1, errorCount: 1 });
    expect(summary.errors[0]).toMatchObject({ source: broken, reason: 'cannot read the file: incorrect header check' });
  });

  test('refuses a path that does not exist before importing anything', async () => {
    const missing = path.join(tempFolder(), 'nothing-here');
    await expect(importSources([missing], { repo: target.repo })).rejects.toThrow(ImportPathError);
  });
});
