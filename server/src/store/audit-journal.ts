// The audit trail's journal. An answer may leave only once its AuditEvents are durable (NEN 7513; audit/http.ts
// waits for them), but indexing an AuditEvent as a searchable resource costs ~21 index rows and ~65 index
// entries, and paying that before every answer made the trail most of a read's cost. So the durable write is
// one row per event in `audit_journal` (one small heap row and one key, committed before the answer), and the
// journal is moved into `resource` and the index tables afterwards, in batches (`moveBatch`):
// - a drain moves the oldest rows in one transaction (write the versions, delete the journal rows), so an
//   event is in exactly one of the two places at every commit, across crashes and server processes (an
//   advisory lock makes drains take turns; rows go in journal order);
// - an event's id and meta.lastUpdated are set when it is journaled, so the stored AuditEvent says when it was
//   recorded, not when it was moved;
// - every read that can return AuditEvents first `settle`s: it drains whatever was journaled before it
//   started, so the trail reads as if it had been indexed at once (repository.ts, bulk-export);
// - opening the store settles, so a journal left by a crash is moved before anything is served;
// - the backlog is bounded: while more than MAX_BACKLOG events of this process wait, journaling waits for the
//   drain, so a sustained overload slows answers instead of growing the journal without end.
import type { AuditEvent } from '@medplum/fhirtypes';
import type { Database, SqlRunner } from './database/database.ts';
import type { SearchParamRegistry } from './search/params.ts';
import { allocateRids, writeVersions } from './write/writer.ts';

/** Events moved per drain transaction: large enough to amortise the write statement, small enough to be short. */
const DRAIN_BATCH = 1000;
const MAX_BACKLOG = 10_000;
/**
 * A drain starts this long after the first event that waits (or at once when a batch is full): the events of
 * that time go in one transaction. Nobody waits for it: reads of the trail settle it themselves.
 */
const DRAIN_DELAY_MS = 100;
/** Distinct from the schema lock (7281): drains take turns with each other only. */
const DRAIN_LOCK = 7282;
const RETRY_MS = 1000;

export interface JournalLogger {
  error(details: object, message: string): void;
}

export class AuditJournal {
  private readonly db: Database;
  private readonly registry: SearchParamRegistry;
  private readonly logger: JournalLogger | undefined;
  /** Events this process journaled that no drain has moved yet (as far as it knows). */
  private backlog = 0;
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(db: Database, registry: SearchParamRegistry, logger?: JournalLogger) {
    this.db = db;
    this.registry = registry;
    this.logger = logger;
  }

  /**
   * Stores `events` durably (committed when this resolves) and starts moving them into the searchable store.
   * Each event must already carry its id and meta (versionId 1, lastUpdated).
   */
  async append(events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) {
      return;
    }
    while (this.backlog >= MAX_BACKLOG && this.draining) {
      await this.draining;
    }
    await this.db.query(
      'INSERT INTO audit_journal (content) SELECT value FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY ORDER BY ordinality',
      [JSON.stringify(events)],
      { name: 'target_audit_journal_append' },
    );
    this.backlog += events.length;
    this.scheduleDrain();
  }

  /**
   * Moves every event journaled before this call (by any process) into the searchable store. `sql` is the
   * caller's transaction, if it has one: the move then commits (or rolls back) with it. Drains under way
   * (this process's or another's) hold the drain lock: this waits its turn, then finds their rows gone.
   */
  async settle(sql?: SqlRunner): Promise<void> {
    const [{ upto }] = await (sql ?? this.db).query<{ upto: number | null }>(
      'SELECT max(seq) AS upto FROM audit_journal',
    );
    if (upto === null) {
      return;
    }
    const move = sql ? () => moveBatch(sql, this.registry, upto) : () => this.drainOnce(upto);
    while ((await move()) === DRAIN_BATCH) {
      // More than one batch was waiting.
    }
  }

  /** Moves what this process journaled (the caller has waited for its requests' writes). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.retry);
    await this.draining;
    await this.settle();
  }

  /** One drain transaction (at most DRAIN_BATCH events, up to `upto` if given); resolves with the number moved. */
  private async drainOnce(upto?: number): Promise<number> {
    const moved = await this.db.transaction((tx) => moveBatch(tx, this.registry, upto));
    this.backlog = Math.max(0, this.backlog - moved);
    return moved;
  }

  private scheduleDrain(): void {
    if (this.draining) {
      this.again = true;
    } else if (this.backlog >= DRAIN_BATCH) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.startDrain();
    } else if (!this.timer && !this.closed) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.startDrain();
      }, DRAIN_DELAY_MS);
      this.timer.unref();
    }
  }

  private startDrain(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    const run = this.drainOnce();
    this.draining = run.then(
      (moved) => {
        this.draining = undefined;
        if ((this.again || moved === DRAIN_BATCH) && !this.closed) {
          this.again = false;
          this.scheduleDrain();
        }
      },
      (err: unknown) => {
        this.draining = undefined;
        // The events stay in the journal (durable): the next journaled event or the retry moves them.
        this.logger?.error({ err }, 'moving the audit journal into the store failed; retrying');
        clearTimeout(this.retry);
        this.retry = setTimeout(() => {
          if (!this.closed) {
            this.startDrain();
          }
        }, RETRY_MS);
        this.retry.unref();
      },
    );
  }
}

/** Moves the oldest journaled events (up to `upto`, if given) in the caller's transaction. */
async function moveBatch(tx: SqlRunner, registry: SearchParamRegistry, upto?: number): Promise<number> {
  await tx.query(`SELECT pg_advisory_xact_lock(${DRAIN_LOCK})`);
  const rows = await tx.query<{ seq: number; content: string }>(
    `SELECT seq, content::text AS content FROM audit_journal ${upto === undefined ? '' : 'WHERE seq <= $2'}
     ORDER BY seq LIMIT $1`,
    upto === undefined ? [DRAIN_BATCH] : [DRAIN_BATCH, upto],
  );
  if (rows.length === 0) {
    return 0;
  }
  const events = rows.map((row) => JSON.parse(row.content) as AuditEvent & { id: string });
  const rids = await allocateRids(tx, events.length);
  await writeVersions(
    tx,
    registry,
    events.map((event, i) => ({
      rid: rids[i],
      isNew: true,
      resourceType: 'AuditEvent',
      id: event.id,
      version: 1,
      lastUpdated: event.meta?.lastUpdated as string,
      resource: event,
    })),
  );
  await tx.query('DELETE FROM audit_journal WHERE seq = ANY($1::bigint[])', [rows.map((row) => row.seq)]);
  return rows.length;
}
