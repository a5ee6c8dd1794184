// Validation on worker threads. @medplum/core's validator is about half of the JavaScript time of an import,
// so the bulk import has each batch validated on a worker while this thread indexes and writes the batch
// before it: that is what lets an import use more than one core. A worker loads the FHIR definitions first
// (about a second); until one is ready, callers validate on their own thread, so small imports never wait.
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/** Workers by default: every core but the one this thread uses (at least one). */
export function defaultValidationWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

export interface ValidationRequest {
  readonly id: number;
  readonly resources: readonly Resource[];
  /** The id a resource without one gets for validation (the server assigns the real one when it writes). */
  readonly placeholderId: string;
  readonly lastUpdated: string;
}

export type ValidationReply =
  | { readonly ready: true }
  | { readonly id: number; readonly errors: OperationOutcomeIssue[][] };

interface Pending {
  resolve(errors: OperationOutcomeIssue[][]): void;
  reject(err: unknown): void;
}

class ValidationWorker {
  ready = false;
  /** Settles when the worker is ready or has failed. */
  readonly started: Promise<void>;
  private onStarted: () => void = () => undefined;
  readonly pending = new Map<number, Pending>();
  private readonly worker: Worker;

  constructor() {
    this.started = new Promise((resolve) => {
      this.onStarted = resolve;
    });
    this.worker = new Worker(new URL('./worker.ts', import.meta.url));
    // An idle worker must not keep the process alive; one with work does (see send).
    this.worker.unref();
    this.worker.on('message', (reply: ValidationReply) => {
      if ('ready' in reply) {
        this.ready = true;
        this.onStarted();
        return;
      }
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) {
        this.worker.unref();
      }
      waiting?.resolve(reply.errors);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`validation worker exited with code ${code}`)));
  }

  send(request: ValidationRequest): Promise<OperationOutcomeIssue[][]> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) {
        this.worker.ref();
      }
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private fail(err: unknown): void {
    this.ready = false;
    this.onStarted();
    for (const waiting of this.pending.values()) {
      waiting.reject(err);
    }
    this.pending.clear();
  }
}

export class ValidationWorkers {
  private readonly workers: ValidationWorker[];
  private nextRequest = 0;
  private nextWorker = 0;
  /** Resources sent to a worker so far. */
  sent = 0;

  /** Starts `count` workers (they load the FHIR definitions in the background). */
  constructor(count: number) {
    this.workers = Array.from({ length: count }, () => new ValidationWorker());
  }

  /**
   * The error issues of each resource (an empty list for a valid one), as `assertValidResource` would find
   * them on the stored form; undefined when no worker is ready (validate on this thread then).
   */
  validate(resources: readonly Resource[]): Promise<OperationOutcomeIssue[][]> | undefined {
    const ready = this.workers.filter((worker) => worker.ready);
    if (ready.length === 0) {
      return undefined;
    }
    const worker = ready[this.nextWorker++ % ready.length];
    this.sent += resources.length;
    return worker.send({
      id: this.nextRequest++,
      resources,
      placeholderId: randomUUID(),
      lastUpdated: new Date().toISOString(),
    });
  }

  /** Resolves once every worker is ready (or failed): for tests and benchmarks that want no warm-up. */
  async started(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.started));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
