// Writes the demo data set into a repository: the generator's stream through the bulk import engine
// (batched multi-row writes, ids kept, validation on the way in, two batches in flight). The same seed gives
// the same ids in every database; writing it again writes nothing (the resources are stored unchanged).

import { importResources } from '../bulk-import/import.ts';
import type { PostgresRepository } from '../store/repository.ts';
import { checkDemoOptions, type DemoOptions, generateDemo } from './generate.ts';

export interface SeedProgress {
  readonly resources: number;
  readonly elapsedMs: number;
}

export interface SeedResult {
  readonly patients: number;
  readonly practices: number;
  readonly resources: number;
  /** Resources written per resource type. */
  readonly byType: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
}

/** Demo data the server rejects is a bug in the generator, never something to skip. */
export class DemoDataRejected extends Error {}

/**
 * Generates the demo data set and writes it.
 * @param repo - Where to write.
 * @param options - Size, seed and reference date (see generateDemo).
 * @param onProgress - Called as batches are written.
 * @param batchSize - Resources per write statement.
 * @returns Counts per resource type and the time taken.
 */
export async function seedDemo(
  repo: PostgresRepository,
  options: DemoOptions,
  onProgress?: (progress: SeedProgress) => void,
  batchSize?: number,
): Promise<SeedResult> {
  checkDemoOptions(options);
  const started = performance.now();
  const summary = await importResources(generateDemo(options), {
    repo,
    ...(batchSize ? { batchSize } : {}),
    onProgress: (p) => onProgress?.({ resources: p.imported, elapsedMs: performance.now() - started }),
  });
  if (summary.errorCount > 0) {
    const first = summary.errors[0];
    throw new DemoDataRejected(`${summary.errorCount} demo resources were rejected, first: ${first?.reason}`);
  }
  return {
    patients: summary.imported.Patient ?? 0,
    practices: summary.imported.Organization ?? 0,
    resources: summary.importedTotal,
    byType: summary.imported,
    elapsedMs: summary.elapsedMs,
  };
}
