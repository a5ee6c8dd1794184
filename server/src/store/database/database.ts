// One SQL dialect, two drivers: PGlite (embedded PostgreSQL in WebAssembly, data folder on disk) and
// node-postgres against a PostgreSQL server. Everything above this file sees only `Database`.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface QueryOptions {
  /** Prepare the statement under this name (once per connection); for statements run very often. */
  readonly name?: string;
}

/** Something that runs parameterised SQL: the database itself or an open transaction. */
export interface SqlRunner {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Row[]>;
}

export interface TransactionOptions {
  /** SERIALIZABLE instead of READ COMMITTED; serialization failures are retried. */
  readonly serializable?: boolean;
}

export interface ChangeListener {
  onChange(payload: string): void;
  /** The channel is down: changes may be missed until `onRestored`. */
  onLost(): void;
  onRestored(): void;
}

export interface Database extends SqlRunner {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Listens to NOTIFY messages on `channel` from other processes sharing the database. A no-op for the
   * embedded database, which only this process can open.
   */
  listen(channel: string, listener: ChangeListener): Promise<void>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one database transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/**
 * No connection to PostgreSQL within the wait (TARGET_DATABASE_WAIT_MS): every pooled one is busy, or the
 * server cannot be reached. Transient: the HTTP layer answers 503 with Retry-After (store/database/errors.ts).
 */
export class DatabaseUnavailable extends Error {
  constructor(cause: unknown) {
    super(`No database connection available: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'DatabaseUnavailable';
  }
}

/** PostgreSQL SQLSTATEs after which a whole transaction may be retried. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
const MAX_TRANSACTION_ATTEMPTS = 5;

export function isRetryableTransactionError(err: unknown): boolean {
  return RETRYABLE_SQLSTATES.has((err as { code?: string })?.code ?? '');
}

// Statement timeouts. One pool serves HTTP requests and the long work of jobs and commands (a selection, a
// bulk import, a migration) alike, and only requests must be cut short: a request's statements run with
// `statement_timeout` set to its budget, everything else without one. The budget travels with the request's
// async work (AsyncLocalStorage, set once per request in app.ts); a pooled connection is switched with one
// `SET` when it goes from one kind of work to the other, so work of the same kind pays nothing. A session
// setting rather than `SET LOCAL`, because most request statements run outside any transaction. PGlite has
// no timeout: it runs in this thread, and nothing could interrupt its statement (the request bounds of
// fhir/ and store/search-bounds.ts are what limit its work).
const statementBudget = new AsyncLocalStorage<number>();

/** Runs `fn` (an HTTP request) with every PostgreSQL statement it causes limited to `ms` (0: no limit). */
export function withStatementTimeout<T>(ms: number, fn: () => T): T {
  return statementBudget.run(ms, fn);
}

/** Runs `fn` without the caller's statement timeout: background work a request starts (jobs). */
export function withoutStatementTimeout<T>(fn: () => T): T {
  return statementBudget.exit(fn);
}

type PooledClient = pg.PoolClient & { targetStatementTimeout?: number };

// int8 and numeric come back as strings by default; our bigint ids fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

class PostgresDatabase implements Database {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  private readonly url: string;
  private listener: pg.Client | undefined;
  private closed = false;

  constructor(url: string, poolSize: number, connectionWaitMs: number) {
    this.url = url;
    // A request waits a bounded time for a connection (pool exhausted, server down) instead of forever.
    // JIT off for our sessions: the access checks' plans cost just above PostgreSQL's JIT thresholds, and
    // compiling them took 3 s for a 60 ms query (a GP's worklist page, bench:app); our statements are short
    // OLTP queries that never win back the compile time.
    this.pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      connectionTimeoutMillis: connectionWaitMs,
      options: '-c jit=off',
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async listen(channel: string, listener: ChangeListener): Promise<void> {
    const connect = async (): Promise<void> => {
      const client = new pg.Client({ connectionString: this.url });
      client.on('notification', (message) => {
        if (message.channel === channel && message.payload) {
          listener.onChange(message.payload);
        }
      });
      const lost = (): void => {
        if (this.listener !== client || this.closed) {
          return;
        }
        this.listener = undefined;
        listener.onLost();
        client.end().catch(() => undefined);
        setTimeout(() => reconnect(1), 500).unref();
      };
      client.on('error', lost);
      client.on('end', lost);
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      this.listener = client;
      listener.onRestored();
    };
    const reconnect = (attempt: number): void => {
      if (this.closed) {
        return;
      }
      connect().catch(() => setTimeout(() => reconnect(attempt + 1), Math.min(10_000, 500 * attempt)).unref());
    };
    await connect();
  }

  /** A pooled connection with the statement timeout of the current work (see withStatementTimeout). */
  private async connect(): Promise<PooledClient> {
    let client: PooledClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw new DatabaseUnavailable(err);
    }
    const wanted = statementBudget.getStore() ?? 0;
    if (client.targetStatementTimeout !== wanted) {
      try {
        await client.query(`SET statement_timeout = ${Math.trunc(wanted)}`);
      } catch (err) {
        client.release(err as Error);
        throw err;
      }
      client.targetStatementTimeout = wanted;
    }
    return client;
  }

  /**
   * As pool.query does: the connection goes back to the pool, discarded after an error, and a connection
   * lost meanwhile fails the query instead of emitting an unhandled 'error'.
   */
  private async run<T>(fn: (client: PooledClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    const ignore = (): void => undefined;
    client.on('error', ignore);
    try {
      const result = await fn(client);
      client.removeListener('error', ignore);
      client.release();
      return result;
    } catch (err) {
      client.removeListener('error', ignore);
      client.release(err as Error);
      throw err;
    }
  }

  async query<Row>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Row[]> {
    const result = await this.run((client) =>
      client.query({ text: sql, values: params as unknown[], name: options?.name }),
    );
    return result.rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.run((client) => client.query(sql));
  }

  async transaction<T>(fn: (tx: SqlRunner) => Promise<T>, options?: TransactionOptions): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect();
      let brokenConnection: Error | undefined;
      try {
        await client.query(options?.serializable ? 'BEGIN ISOLATION LEVEL SERIALIZABLE' : 'BEGIN');
        const runner: SqlRunner = {
          query: async <Row>(sql: string, params?: unknown[], options?: QueryOptions) =>
            (await client.query({ text: sql, values: params as unknown[], name: options?.name })).rows as Row[],
        };
        const result = await fn(runner);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // A connection that cannot even roll back is broken: the pool must discard it.
        brokenConnection = await client.query('ROLLBACK').then(
          () => undefined,
          (rollbackError: Error) => rollbackError,
        );
        if (isRetryableTransactionError(err) && attempt < MAX_TRANSACTION_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
          continue;
        }
        throw err;
      } finally {
        client.release(brokenConnection);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}

class PgliteDatabase implements Database {
  readonly kind = 'pglite';
  private readonly db: PGlite;

  constructor(db: PGlite) {
    this.db = db;
  }

  async query<Row>(sql: string, params?: unknown[]): Promise<Row[]> {
    const result = await this.db.query<Row>(sql, params as unknown[]);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async listen(): Promise<void> {
    // Only this process can open the embedded database, so every change is already known here.
  }

  // PGlite is a single connection: its transaction() holds an exclusive lock, so every other query
  // waits until commit. That makes transactions serial (and therefore serializable) by construction.
  async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      fn({ query: async <Row>(sql: string, params?: unknown[]) => (await tx.query<Row>(sql, params)).rows }),
    );
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

export interface OpenDatabaseOptions {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly poolSize?: number;
  /** Longest wait for a pooled PostgreSQL connection, in ms (default 5 s); then DatabaseUnavailable. */
  readonly connectionWaitMs?: number;
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite database in `<dataDir>/pglite`. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const db = new PostgresDatabase(options.databaseUrl, options.poolSize ?? 10, options.connectionWaitMs ?? 5_000);
    await db.query('SELECT 1');
    return db;
  }
  const folder = path.join(options.dataDir, 'pglite');
  await fs.mkdir(folder, { recursive: true });
  const pglite = await PGlite.create(folder);
  return new PgliteDatabase(pglite);
}
