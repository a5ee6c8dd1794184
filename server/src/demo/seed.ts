// Writes the demo data set into a repository: the generator's stream in batches, each one multi-row
// statement through createResources with the generator's ids kept (assignedId), so the same seed gives
// the same ids in every database. Every resource is validated on the way in, as any write is.
// Batches are committed one by one: an interrupted run leaves the batches written so far.
import type { Resource } from '@medplum/fhirtypes';
import type { Config } from '../config.ts';
import { openDatabase } from '../store/database.ts';
import { ReadCache } from '../store/read-cache.ts';
import { PostgresRepository } from '../store/repository.ts';
import { migrate } from '../store/schema.ts';
import { SearchParamRegistry } from '../store/search-params.ts';
import { checkDemoOptions, type DemoOptions, generateDemo } from './generate.ts';

/** Resources per createResources call: large enough to amortise a round trip, small enough to stay brief. */
export const SEED_BATCH_SIZE = 500;

export interface SeedProgress {
  readonly resources: number;
  readonly patients: number;
  readonly totalPatients: number;
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

/** What seedDemo needs of a repository (PostgresRepository has it). */
export interface BulkWriter {
  createResources<T extends Resource>(resources: T[], options: { assignedId: true }): Promise<unknown>;
}

/**
 * Generates the demo data set and writes it.
 * @param repo - Where to write; the ids must not exist there yet (a second run with the same seed fails with 409).
 * @param options - Size, seed and reference date (see generateDemo).
 * @param onProgress - Called after every batch.
 * @returns Counts per resource type and the time taken.
 */
export async function seedDemo(
  repo: BulkWriter,
  options: DemoOptions,
  onProgress?: (progress: SeedProgress) => void,
  batchSize = SEED_BATCH_SIZE,
): Promise<SeedResult> {
  checkDemoOptions(options);
  const started = performance.now();
  const byType: Record<string, number> = {};
  let resources = 0;
  let batch: Resource[] = [];
  const flush = async (): Promise<void> => {
    await repo.createResources(batch, { assignedId: true });
    for (const resource of batch) {
      byType[resource.resourceType] = (byType[resource.resourceType] ?? 0) + 1;
    }
    resources += batch.length;
    batch = [];
    onProgress?.({
      resources,
      patients: byType.Patient ?? 0,
      totalPatients: options.patients,
      elapsedMs: performance.now() - started,
    });
  };
  for (const resource of generateDemo(options)) {
    batch.push(resource);
    if (batch.length >= batchSize) {
      await flush();
    }
  }
  if (batch.length > 0) {
    await flush();
  }
  return {
    patients: byType.Patient ?? 0,
    practices: byType.Organization ?? 0,
    resources,
    byType,
    elapsedMs: performance.now() - started,
  };
}

export interface SeedStore {
  readonly repo: PostgresRepository;
  close(): Promise<void>;
}

/**
 * Opens the server's database the way server/src/app.ts does (migrations included), without the HTTP
 * parts and without a read cache (seeding only writes). Private to seeding until the store opener
 * shared with app.ts exists.
 */
export async function openSeedStore(config: Config): Promise<SeedStore> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  try {
    await migrate(db);
    const registry = await SearchParamRegistry.load(db);
    const repo = new PostgresRepository({
      db,
      registry,
      fhirBaseUrl: `${config.baseUrl}/fhir`,
      cache: new ReadCache(0),
    });
    return { repo, close: () => db.close() };
  } catch (err) {
    await db.close();
    throw err;
  }
}
