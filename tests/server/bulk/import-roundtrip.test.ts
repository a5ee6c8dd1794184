// Bulk export → import is a round trip: the NDJSON files of a system export, imported into the server they
// came from, write nothing; imported into an empty server, they give the same resources under the same ids.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { EXPORT_JOB_KIND, type ExportResult, exportRunner } from '../../../server/src/bulk-export/runner.ts';
import { importSources } from '../../../server/src/bulk-import/import.ts';
import { JobService } from '../../../server/src/jobs/index.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import type { Store } from '../../../server/src/store/open.ts';
import { corpusSize, syntheaCorpus, writeSyntheaBundles } from '../../bench/synthea-corpus.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTempFolder, useTestStore } from './import-fixtures.ts';

/** Runs a system-level export of the given types and writes its files into `folder`. */
async function exportTo(store: Store, folder: string, types: string[]): Promise<number> {
  const logger = createLogger({ logLevel: 'silent' });
  const jobs = await JobService.start({ db: store.db, fhirBaseUrl: store.repo.fhirBaseUrl, logger });
  try {
    jobs.register(
      EXPORT_JOB_KIND,
      exportRunner({
        db: store.db,
        registry: store.registry,
        jobs,
        settleAuditTrail: () => store.repo.settleAuditTrail(),
      }),
    );
    const job = await jobs.submit(EXPORT_JOB_KIND, { level: 'system', types }, { request: 'round trip' });
    for (let i = 0; (await jobs.get(job.id))?.status !== 'completed'; i++) {
      expect(i).toBeLessThan(800);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const result = (await jobs.get(job.id))?.result as ExportResult;
    await fs.mkdir(folder, { recursive: true });
    for (const file of result.output) {
      let text = '';
      for await (const part of jobs.files.read(job.id, file.name)) {
        text += part;
      }
      await fs.writeFile(path.join(folder, file.name), text);
    }
    return result.output.reduce((sum, file) => sum + file.count, 0);
  } finally {
    await jobs.close();
  }
}

/** The current resources of the given types, by type/id, without the server's meta stamps. */
async function contents(store: Store, types: string[]): Promise<Map<string, unknown>> {
  const rows = await store.db.query<{ key: string; content: Resource }>(
    `SELECT resource_type || '/' || id AS key, content #- '{meta,versionId}' #- '{meta,lastUpdated}' AS content
       FROM resource WHERE resource_type = ANY($1::text[]) AND NOT deleted ORDER BY key`,
    [types],
  );
  return new Map(rows.map((row) => [row.key, row.content]));
}

const TYPES = ['Organization', 'Practitioner', 'Patient', 'Encounter', 'Condition', 'Observation'];

describe.each(DATABASE_KINDS)('Bulk export → import on %s', (kind) => {
  const source = useTestStore(kind);
  const empty = useTestStore(kind);
  const tempFolder = useTempFolder();

  test('imported into its own server writes nothing; into an empty one gives the same resources and ids', async () => {
    const bundles = tempFolder();
    const corpus = syntheaCorpus(2, 23);
    await writeSyntheaBundles(bundles, corpus);
    expect((await importSources([bundles], { repo: source.repo })).errorCount).toBe(0);
    const exported = tempFolder();
    expect(await exportTo(source.store, exported, TYPES)).toBe(corpusSize(corpus));

    const back = await importSources([exported], { repo: source.repo });
    const elsewhere = await importSources([exported], { repo: empty.repo });

    expect(back).toMatchObject({ errorCount: 0, outcomes: { created: 0, updated: 0, unchanged: corpusSize(corpus) } });
    expect(elsewhere).toMatchObject({ errorCount: 0, outcomes: { created: corpusSize(corpus), updated: 0 } });
    const [versions] = await source.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM resource_history');
    expect(versions.n).toBe(0);
    expect(await contents(empty.store, TYPES)).toEqual(await contents(source.store, TYPES));
  });
});
