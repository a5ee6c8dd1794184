// The audit writer: AuditEvents go to the repository as the server itself (the caller's access policy does
// not apply; the server writes its own trail), into the audit journal (store/audit-journal.ts): durable before
// the answer, searchable once moved. Writes are group-committed: concurrent requests queue their
// events, and each flush writes everything queued so far (up to MAX_BATCH) as one multi-row create, so a
// busy server writes one statement for many requests instead of one each. At most MAX_IN_FLIGHT flushes run
// at once; while they do, new events gather for the next. A request waits for the flush that holds its
// events: nothing is answered before its trail is stored. A flush the database refuses for a value (SQLSTATE
// class 22) is retried request by request, so only the request whose event holds it fails; any other
// failure fails every request in the flush. Failures are logged at error level with the reason.
import type { AuditEvent } from '@medplum/fhirtypes';
import type { Logger } from '../platform/logger.ts';
import type { PostgresRepository } from '../store/repository.ts';

const MAX_BATCH = 500;
// One flush at a time: while it commits, the next batch gathers, so batches grow with the load. Measured with
// bench:http (reads by id, c=16, when a flush still indexed its events): 1 in flight 1,417/s, 2 in flight
// 1,311/s, 4 in flight 1,076/s.
const MAX_IN_FLIGHT = 1;

/** Stores AuditEvents; `write` resolves once they are stored and rejects when they could not be. */
export interface AuditSink {
  write(events: readonly AuditEvent[]): Promise<void>;
  /** Waits for the writes under way (at shutdown, before the database closes). */
  close(): Promise<void>;
}

interface Pending {
  readonly events: readonly AuditEvent[];
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export class AuditWriter implements AuditSink {
  private readonly repo: PostgresRepository;
  private readonly logger: Logger;
  private queue: Pending[] = [];
  private inFlight = 0;
  private readonly flushes = new Set<Promise<void>>();
  /** Flushes and events written since start (for the throughput figures in docs). */
  readonly stats = { flushes: 0, events: 0 };

  /** `repo` must be the server's own repository (no access policy): audit records are the server's writes. */
  constructor(repo: PostgresRepository, logger: Logger) {
    this.repo = repo;
    this.logger = logger;
  }

  write(events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) {
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    while (this.flushes.size > 0) {
      await Promise.allSettled([...this.flushes]);
    }
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch: Pending[] = [];
      let size = 0;
      while (this.queue.length > 0 && (batch.length === 0 || size + this.queue[0].events.length <= MAX_BATCH)) {
        const next = this.queue.shift() as Pending;
        batch.push(next);
        size += next.events.length;
      }
      this.inFlight++;
      const flush = this.flush(batch).finally(() => {
        this.inFlight--;
        this.flushes.delete(flush);
        this.pump();
      });
      this.flushes.add(flush);
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    const events = batch.flatMap((p) => p.events);
    try {
      await this.store(events);
      for (const pending of batch) {
        pending.resolve();
      }
    } catch (err) {
      if (batch.length > 1 && isDataError(err)) {
        // One request's event the database refuses (a value it cannot store) must not refuse the others
        // gathered with it: each is written on its own, and only the refused one fails.
        for (const pending of batch) {
          await this.flush([pending]);
        }
        return;
      }
      // The database's own message (the store wraps it as the cause of a generic 500 outcome).
      const reason = rootCause(err).message;
      this.logger.error(
        { err, reason, events: events.length, requests: batch.length },
        'audit trail write failed: the requests are refused',
      );
      for (const pending of batch) {
        pending.reject(err);
      }
    }
  }

  private async store(events: AuditEvent[]): Promise<void> {
    // Built by our own builder from server-side facts, so not validated again (see docs/architecture.md).
    // Durable in the journal when this resolves; indexed for search right after (store/audit-journal.ts).
    await this.repo.appendAuditEvents(events);
    this.stats.flushes++;
    this.stats.events += events.length;
  }
}

function rootCause(err: unknown): Error {
  let cause = err as Error;
  while (cause.cause instanceof Error) {
    cause = cause.cause;
  }
  return cause;
}

/** SQLSTATE class 22 (data exception): the statement's values, not the database, are at fault. */
function isDataError(err: unknown): boolean {
  const code = (rootCause(err) as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('22');
}
