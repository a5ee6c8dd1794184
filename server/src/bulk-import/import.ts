// Bulk import, the programmatic API (used by `target import` and the benchmarks): NDJSON files and folders,
// FHIR Bundles, or any stream of resources, written in batches through the repository so that every
// resource is validated and indexed as on a FHIR create or update. Bad input is reported, never fatal.
// Importing the same data again writes nothing; after an import that wrote much the written tables are
// analyzed (analyze.ts).
import type { FhirRouter } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import { createFhirRouter } from '../fhir/routes.ts';
import type { PostgresRepository } from '../store/repository.ts';
import { defaultValidationWorkers, ValidationWorkers } from '../store/validation/workers.ts';
import { analyzeImportedTables } from './analyze.ts';
import { importCreateUpdateBundle, isCreateUpdateBundle } from './bundle.ts';
import { importBundleByRouter } from './bundle-router.ts';
import type { ImportProgress, ImportSummary } from './report.ts';
import { ImportReport } from './report.ts';
import { listSourceFiles, readSource } from './sources.ts';
import { BatchWriter, DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY } from './writer.ts';

export type { ImportError, ImportLocation, ImportProgress, ImportSummary, OutcomeCounts } from './report.ts';
export { formatLocation, formatSummary } from './report.ts';
export { countResources, ImportPathError, listSourceFiles } from './sources.ts';

export interface ImportOptions {
  readonly repo: PostgresRepository;
  /** Resources per createResources call and transaction (default 500). */
  readonly batchSize?: number;
  /** Batches written at the same time (default 2). */
  readonly concurrency?: number;
  /** Called as lines are taken in and batches are written; keep it cheap. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /**
   * Worker threads that validate batches (default: one per core but one, started once the import has taken
   * 5,000 resources in; 0 validates on this thread), or running workers the caller owns.
   */
  readonly validationWorkers?: number | ValidationWorkers;
}

export interface ImportSourcesOptions extends ImportOptions {
  /** Runs Bundles with more than creates and updates; by default the server's own (`createFhirRouter()`). */
  readonly router?: FhirRouter;
}

/**
 * Runs `use` with a batch writer (and its validation workers, stopped afterwards), then analyzes the tables
 * when it wrote enough (analyze.ts).
 */
async function withWriter(
  options: ImportOptions,
  use: (writer: BatchWriter, report: ImportReport) => Promise<void>,
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const report = new ImportReport();
  const workers = options.validationWorkers ?? defaultValidationWorkers();
  let own: ValidationWorkers | undefined;
  const validation =
    typeof workers !== 'number' ? workers : workers > 0 ? () => (own ??= new ValidationWorkers(workers)) : undefined;
  try {
    const writer = new BatchWriter(
      options.repo,
      report,
      batchSize,
      options.concurrency ?? DEFAULT_CONCURRENCY,
      validation,
    );
    await use(writer, report);
    await writer.drain();
    options.onProgress?.(report.progress());
  } finally {
    await own?.close();
  }
  const derived = options.repo.registry.derivedIndexes.map((index) => index.table);
  await analyzeImportedTables(options.repo.sql, derived, report.written);
  return report.summary();
}

/**
 * Imports files and folders: `*.ndjson` (and `*.ndjson.gz`) one resource per line, `*.json` a Bundle or one
 * resource. Resources with an id keep it, transaction and batch Bundles of creates and updates give their
 * created resources stable ids (bundle.ts); a resource stored with the same content is left as it is, one
 * with other content gets a new version. Transaction Bundles are all or nothing.
 * @param paths - Files and folders, in the order to import them (folders recursively, by name).
 * @param options - Repository, batching and progress.
 * @returns What was imported (new, updated, unchanged) and what was rejected, with file and line.
 * @throws ImportPathError before importing anything when a path cannot be read.
 */
export async function importSources(paths: readonly string[], options: ImportSourcesOptions): Promise<ImportSummary> {
  const files = await listSourceFiles(paths);
  return withWriter(options, (writer, report) => importFiles(files, writer, report, options));
}

async function importFiles(
  files: string[],
  writer: BatchWriter,
  report: ImportReport,
  options: ImportSourcesOptions,
): Promise<void> {
  let router = options.router;
  const progress = (): void => options.onProgress?.(report.progress());
  for (const file of files) {
    for await (const item of readSource(file)) {
      if (item.kind === 'resource') {
        await writer.add(item.resource, item.location);
      } else if (item.kind === 'bundle' && isCreateUpdateBundle(item.bundle)) {
        await importCreateUpdateBundle(item.bundle, item.location, writer, report);
      } else if (item.kind === 'bundle') {
        // The router writes on its own: what earlier lines brought is written first, and what conditional
        // searches found may have changed afterwards.
        await writer.barrier();
        router ??= createFhirRouter();
        await importBundleByRouter(router, options.repo, item.bundle, item.location, report);
        writer.forgetFound();
      } else {
        report.processed++;
        report.reject(item.location, item.reason);
      }
      progress();
    }
  }
}

/**
 * Imports resources from memory or a stream (generators, benchmarks). Errors name the resource by its
 * position (`entry`, 0-based) in the input.
 * @param resources - The resources, in order.
 * @param options - Repository, batching and progress.
 * @returns What was imported and what was rejected.
 */
export async function importResources(
  resources: AsyncIterable<Resource> | Iterable<Resource>,
  options: ImportOptions & { readonly source?: string },
): Promise<ImportSummary> {
  const source = options.source ?? 'input';
  return withWriter(options, async (writer, report) => {
    let entry = 0;
    for await (const resource of resources) {
      await writer.add(resource, { source, entry: entry++ });
      options.onProgress?.(report.progress());
    }
  });
}
