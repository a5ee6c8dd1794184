// Runs long operations in the background (R4 http.html#async): a job is a row in the `job` table,
// submitted by a kick-off request, run in the process that accepted it, and read back by any process
// through its status URL. Each process has an owner id and a heartbeat; a job whose process stopped
// (crash, kill) is marked failed by the next process that notices, so no job stays "running" forever.
import { randomUUID } from 'node:crypto';
import { OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { Logger } from '../platform/logger.ts';
import { type Database, withoutStatementTimeout } from '../store/database/database.ts';
import { JobFiles } from './files.ts';
import { ProgressWriter } from './progress.ts';
import { JobStore } from './store.ts';
import type { JobRecord, JobResponse, JobRunner } from './types.ts';

export interface JobServiceOptions {
  readonly db: Database;
  /** e.g. http://localhost:8080/fhir; status URLs live under it. */
  readonly fhirBaseUrl: string;
  readonly logger: Logger;
  /** Jobs this process runs at once; more wait queued (default 2). */
  readonly maxConcurrent?: number;
  /** How often this process marks its jobs alive and notices cancels from other processes (default 2 s). */
  readonly heartbeatMs?: number;
  /** A job not heard of for this long belongs to a stopped process and is failed (default 30 s). */
  readonly staleAfterMs?: number;
  /** Minimum time between two progress writes of one job (default 500 ms, so ≤ 2 writes/s). */
  readonly progressIntervalMs?: number;
  /** How long close() waits for aborted runners to return (default 10 s). */
  readonly closeTimeoutMs?: number;
}

/** Why a running job's signal was aborted. */
class JobAbort extends Error {
  readonly why: 'cancelled' | 'shutdown';
  constructor(why: 'cancelled' | 'shutdown') {
    super(why === 'cancelled' ? 'The job was cancelled' : 'The server stopped');
    this.why = why;
  }
}

function outcome(code: 'exception' | 'incomplete' | 'deleted', text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] };
}

const INTERRUPTED = outcome(
  'incomplete',
  'The server process running this job stopped before it finished; submit the request again',
);
const SHUTDOWN = outcome('incomplete', 'The server stopped while this job was running; submit the request again');
const CANCELLED = outcome('deleted', 'This job was cancelled (or deleted) by a DELETE request on its status URL');

export class JobService {
  /** Output files of jobs; runners write them, the status routes serve them. */
  readonly files: JobFiles;
  private readonly store: JobStore;
  private readonly options: JobServiceOptions;
  private readonly owner = randomUUID();
  private readonly runners = new Map<string, JobRunner<unknown, unknown>>();
  private readonly queue: string[] = [];
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(options: JobServiceOptions) {
    this.options = options;
    this.store = new JobStore(options.db);
    this.files = new JobFiles(options.db);
  }

  /** Fails the jobs left behind by stopped processes, then starts the heartbeat. */
  static async start(options: JobServiceOptions): Promise<JobService> {
    const service = new JobService(options);
    await service.sweep(true);
    service.heartbeat = setInterval(() => {
      service.beat().catch((err: unknown) => options.logger.warn({ err }, 'job heartbeat failed'));
    }, options.heartbeatMs ?? 2000);
    service.heartbeat.unref();
    return service;
  }

  register<I, R>(kind: string, runner: JobRunner<I, R>): void {
    if (this.runners.has(kind)) {
      throw new Error(`A runner for job kind "${kind}" is already registered`);
    }
    this.runners.set(kind, runner as JobRunner<unknown, unknown>);
  }

  /** Stores the job as queued and starts it in this process as soon as a slot is free. */
  async submit(kind: string, input: unknown, meta: { request: string }): Promise<JobRecord> {
    if (!this.runners.has(kind)) {
      throw new Error(`No runner registered for job kind "${kind}"`);
    }
    if (this.closed) {
      throw new Error('The job service is closed');
    }
    const job = await this.store.insert({ id: randomUUID(), kind, request: meta.request, input, owner: this.owner });
    this.queue.push(job.id);
    this.pump();
    return job;
  }

  get(id: string): Promise<JobRecord | undefined> {
    return this.store.get(id);
  }

  /**
   * Cancels a queued or running job, or deletes a finished one; its files are removed. False when there
   * is no such job or it was cancelled already.
   */
  async cancel(id: string): Promise<boolean> {
    if (!(await this.store.cancel(id, CANCELLED))) {
      return false;
    }
    this.running.get(id)?.controller.abort(new JobAbort('cancelled'));
    await this.files.remove(id);
    return true;
  }

  statusUrl(id: string): string {
    return `${this.options.fhirBaseUrl}/_async/${encodeURIComponent(id)}`;
  }

  /** The URL a job's output file is downloaded from. */
  fileUrl(id: string, name: string): string {
    return `${this.statusUrl(id)}/${encodeURIComponent(name)}`;
  }

  /** The runner's final answer for a completed job. */
  completedResponse(job: JobRecord): JobResponse {
    const runner = this.runners.get(job.kind);
    if (!runner) {
      throw new Error(`No runner registered for job kind "${job.kind}"`);
    }
    return runner.complete(job.result, job);
  }

  /** Aborts running jobs (they are marked failed) and fails the queued ones; call before closing the database. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const id of this.queue.splice(0)) {
      await this.store.fail(id, SHUTDOWN);
    }
    for (const { controller } of this.running.values()) {
      controller.abort(new JobAbort('shutdown'));
    }
    // A runner that ignores its signal must not hold the shutdown open: its job is failed regardless.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(resolve, this.options.closeTimeoutMs ?? 10_000);
    });
    await Promise.race([Promise.allSettled([...this.running.values()].map((job) => job.done)), timeout]);
    clearTimeout(timer);
    for (const id of this.running.keys()) {
      await this.store.fail(id, SHUTDOWN);
    }
  }

  private pump(): void {
    const max = this.options.maxConcurrent ?? 2;
    while (!this.closed && this.running.size < max && this.queue.length > 0) {
      const id = this.queue.shift() as string;
      const controller = new AbortController();
      // A job started by a kick-off request is not that request: it runs without its statement timeout.
      const done = withoutStatementTimeout(() => this.execute(id, controller))
        .catch((err: unknown) => this.options.logger.error({ err, job: id }, 'job bookkeeping failed'))
        .finally(() => {
          this.running.delete(id);
          this.pump();
        });
      this.running.set(id, { controller, done });
    }
  }

  private async execute(id: string, controller: AbortController): Promise<void> {
    const job = await this.store.claim(id);
    if (!job) {
      return;
    }
    const { logger } = this.options;
    const runner = this.runners.get(job.kind) as JobRunner<unknown, unknown>;
    const progress = new ProgressWriter({
      store: this.store,
      jobId: id,
      intervalMs: this.options.progressIntervalMs ?? 500,
      logger,
      onNotRunning: () => controller.abort(new JobAbort('cancelled')),
    });
    const ctx = {
      jobId: id,
      signal: controller.signal,
      progress: (p: Parameters<typeof progress.report>[0]) => progress.report(p),
    };
    let finished = false;
    try {
      const result = await runner.run(job.input, ctx);
      progress.stop();
      if (!controller.signal.aborted) {
        finished = await this.store.complete(id, result, progress.current);
      }
    } catch (err) {
      progress.stop();
      if (!controller.signal.aborted) {
        logger.warn({ err, job: id, kind: job.kind }, 'job failed');
        await this.store.fail(id, failureOutcome(err, id));
      }
    }
    const reason = controller.signal.reason;
    if (reason instanceof JobAbort && reason.why === 'shutdown') {
      await this.store.fail(id, SHUTDOWN);
    }
    if (!finished) {
      // Cancelled, failed or stopped: partial output is of no use to anyone.
      await this.files.remove(id);
    }
  }

  /** Heartbeat: keeps this process's jobs alive, aborts the ones cancelled elsewhere, fails abandoned ones. */
  private async beat(): Promise<void> {
    const active = await this.store.heartbeat(this.owner);
    for (const [id, { controller }] of this.running) {
      if (!active.has(id) && !controller.signal.aborted) {
        controller.abort(new JobAbort('cancelled'));
      }
    }
    await this.sweep(false);
  }

  private async sweep(starting: boolean): Promise<void> {
    // Only this process can open an embedded database: at start every active job is a leftover.
    const staleAfterMs =
      starting && this.options.db.kind === 'pglite' ? undefined : (this.options.staleAfterMs ?? 30_000);
    const failed = await this.store.failInterrupted(INTERRUPTED, staleAfterMs);
    for (const id of failed) {
      await this.files.remove(id);
    }
    if (failed.length > 0) {
      this.options.logger.warn({ jobs: failed }, 'jobs of a stopped server process marked failed');
    }
  }
}

/** A runner's own OperationOutcome passes through; anything else is logged and reported without internals. */
function failureOutcome(err: unknown, id: string): OperationOutcome {
  if (err instanceof OperationOutcomeError) {
    return err.outcome;
  }
  return outcome('exception', `The job failed on an internal error (logged with job id ${id})`);
}
