// Bulk import, the programmatic API (used by `target import` and the benchmarks): NDJSON files and folders,
// FHIR Bundles, or any stream of resources, written in batches through the repository so that every
// resource is validated and indexed as on a FHIR create or update. Bad input is reported, never fatal.
import type { FhirRouter } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import { createFhirRouter } from '../fhir/routes.ts';
import type { PostgresRepository } from '../store/repository.ts';
import { defaultValidationWorkers, ValidationWorkers } from '../store/validation/workers.ts';
import { importBundle } from './bundle.ts';
import type { ImportProgress, ImportSummary } from './report.ts';
import { ImportReport } from './report.ts';
import { listSourceFiles, readSource } from './sources.ts';
import { BatchWriter, DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY } from './writer.ts';

export type { ImportError, ImportLocation, ImportProgress, ImportSummary } from './report.ts';
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
  /** Runs transaction and batch Bundles; by default the server's own (`createFhirRouter()`). */
  readonly router?: FhirRouter;
}

/** Runs `use` with a batch writer (and its validation workers, stopped afterwards). */
async function withWriter<T>(
  options: ImportOptions,
  report: ImportReport,
  use: (writer: BatchWriter) => Promise<T>,
): Promise<T> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const workers = options.validationWorkers ?? defaultValidationWorkers();
  let own: ValidationWorkers | undefined;
  const validation =
    typeof workers !== 'number' ? workers : workers > 0 ? () => (own ??= new ValidationWorkers(workers)) : undefined;
  try {
    return await use(
      new BatchWriter(options.repo, report, batchSize, options.concurrency ?? DEFAULT_CONCURRENCY, validation),
    );
  } finally {
    await own?.close();
  }
}

/**
 * Imports files and folders: `*.ndjson` (and `*.ndjson.gz`) one resource per line, `*.json` a Bundle or one
 * resource. Resources with an id keep it (an existing one gets a new version); transaction and batch Bundles
 * run through the FHIR router, one transaction per transaction Bundle.
 * @param paths - Files and folders, in the order to import them (folders recursively, by name).
 * @param options - Repository, batching and progress.
 * @returns What was imported and what was rejected, with file and line.
 * @throws ImportPathError before importing anything when a path cannot be read.
 */
export async function importSources(paths: readonly string[], options: ImportSourcesOptions): Promise<ImportSummary> {
  const files = await listSourceFiles(paths);
  const report = new ImportReport();
  return withWriter(options, report, (writer) => importFiles(files, writer, report, options));
}

async function importFiles(
  files: string[],
  writer: BatchWriter,
  report: ImportReport,
  options: ImportSourcesOptions,
): Promise<ImportSummary> {
  let router = options.router;
  const progress = (): void => options.onProgress?.(report.progress());
  for (const file of files) {
    for await (const item of readSource(file)) {
      if (item.kind === 'resource') {
        await writer.add(item.resource, item.location);
      } else if (item.kind === 'bundle') {
        // A Bundle may reference (conditionally) what earlier lines brought: those are written first.
        await writer.drain();
        router ??= createFhirRouter();
        await importBundle(router, options.repo, item.bundle, item.location, report);
      } else {
        report.processed++;
        report.reject(item.location, item.reason);
      }
      progress();
    }
  }
  await writer.drain();
  progress();
  return report.summary();
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
  const report = new ImportReport();
  const source = options.source ?? 'input';
  return withWriter(options, report, async (writer) => {
    let entry = 0;
    for await (const resource of resources) {
      await writer.add(resource, { source, entry: entry++ });
      options.onProgress?.(report.progress());
    }
    await writer.drain();
    options.onProgress?.(report.progress());
    return report.summary();
  });
}
