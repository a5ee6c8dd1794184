// Bounded concurrent writes: while the database writes one batch, the next is built, validated and
// indexed on this thread. Shared by the bulk import and the selection's result writes.

/**
 * Runs write tasks with at most `limit` in flight; `submit` waits for a free slot, so whoever builds the
 * batches never runs more than `limit` ahead of the database. The first failure is kept and rethrown.
 */
export class WritePipeline {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly limit: number;
  private failure: unknown;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Starts `task` once a slot is free; `done` settles with it (a failure also fails the pipeline). */
  async submit(task: () => Promise<unknown>): Promise<{ done: Promise<void> }> {
    while (this.inFlight.size >= this.limit) {
      await Promise.race(this.inFlight);
    }
    this.throwIfFailed();
    const done = task().then(() => undefined);
    // Observed here, so a failure nobody else awaits is kept instead of crashing the process.
    const tracked: Promise<void> = done
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return { done };
  }

  async drain(): Promise<void> {
    await this.settle();
    this.throwIfFailed();
  }

  async settle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled(this.inFlight);
    }
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) {
      throw this.failure;
    }
  }
}
