// Opens the store as every entry point needs it: database, schema migrations, search parameter registry,
// read cache and repository. The derived indexes and the access filter come from the caller: the store
// knows how to keep and apply them, not what the programme needs or who may see what (open-server-store.ts
// hands in the server's, so the HTTP server and every command-line tool see the database alike).
import type { Config } from '../config.ts';
import type { Logger } from '../platform/logger.ts';
import type { AccessFilter } from './access-filter.ts';
import { AuditJournal } from './audit-journal.ts';
import type { Database } from './database/database.ts';
import { openDatabase } from './database/database.ts';
import { migrate } from './database/schema.ts';
import { RESOURCE_CHANGED_CHANNEL, ReadCache } from './read-cache.ts';
import { PostgresRepository } from './repository.ts';
import { SearchParamRegistry } from './search/params.ts';
import { restoreDeletedReferences } from './write/deleted-references.ts';
import { type DerivedIndex, ensureDerivedIndexes } from './write/derived-index.ts';
import type { WriteRule } from './write/write-rules.ts';

export type StoreConfig = Pick<
  Config,
  'databaseUrl' | 'dataDir' | 'databasePoolSize' | 'databaseWaitMs' | 'baseUrl' | 'readCacheSize'
>;

export interface Store {
  readonly db: Database;
  readonly registry: SearchParamRegistry;
  readonly repo: PostgresRepository;
  /** Closes the database connections (and the change listener). */
  close(): Promise<void>;
}

/** What the server plugs into its store. */
export interface StoreParts {
  /** Tables of facts written with every resource of their type; a new version is built from the stored ones. */
  readonly derivedIndexes: readonly DerivedIndex[];
  /** The access filter of the server's own work: calls that carry no caller's (RequestOptions.access). */
  readonly serverAccess: AccessFilter;
  /** Workflow rules checked on every write (a Task's allowed status transitions). */
  readonly writeRules?: readonly WriteRule[];
}

/**
 * Opens the configured database (PGlite in `dataDir`, or PostgreSQL at `databaseUrl`) and brings its
 * schema up to date.
 * @param config - The loaded configuration.
 * @param logger - Receives warnings about the change channel.
 * @param parts - The derived indexes and the server's own access filter.
 * @returns The opened store; close it when done.
 */
export async function openStore(config: StoreConfig, logger: Logger, parts: StoreParts): Promise<Store> {
  const { derivedIndexes, serverAccess, writeRules } = parts;
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    connectionWaitMs: config.databaseWaitMs,
  });
  try {
    await migrate(db);
    await ensureDerivedIndexes(db, derivedIndexes);
    const registry = await SearchParamRegistry.load(db, derivedIndexes);
    await db.transaction((tx) => restoreDeletedReferences(tx, registry));
    const cache = new ReadCache(config.readCacheSize);
    if (db.kind === 'postgres') {
      // Other processes may write to the same database: cache only while their changes reach us.
      cache.suspend();
      await db.listen(RESOURCE_CHANGED_CHANNEL, {
        onChange: (key) => cache.invalidate([key]),
        onLost: () => {
          logger.warn('lost the database change channel; read cache off until it is back');
          cache.suspend();
        },
        onRestored: () => cache.resume(),
      });
    }
    // AuditEvents a crash left in the journal are moved before anything reads the trail.
    const auditJournal = new AuditJournal(db, registry, logger);
    await auditJournal.settle();
    const fhirBaseUrl = `${config.baseUrl}/fhir`;
    const repo = new PostgresRepository({ db, registry, fhirBaseUrl, cache, serverAccess, writeRules, auditJournal });
    return {
      db,
      registry,
      repo,
      close: async () => {
        try {
          await auditJournal.close();
        } finally {
          // What could not be moved stays in the journal; the next start moves it.
          await db.close();
        }
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
