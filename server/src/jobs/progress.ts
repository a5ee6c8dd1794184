// Throttled progress persistence for one running job: at most one database write per interval, the
// latest value always written eventually (a trailing write), and the final value flushed on completion.
import type { Logger } from '../platform/logger.ts';
import type { JobStore } from './store.ts';
import type { JobProgress } from './types.ts';

export class ProgressWriter {
  private latest: JobProgress | undefined;
  private saved = true;
  private lastWrite = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly store: JobStore;
  private readonly jobId: string;
  private readonly intervalMs: number;
  private readonly onNotRunning: () => void;
  private readonly logger: Logger;

  /**
   * @param onNotRunning - Called when a write finds the job no longer running: another process cancelled it.
   */
  constructor(options: {
    store: JobStore;
    jobId: string;
    intervalMs: number;
    logger: Logger;
    onNotRunning: () => void;
  }) {
    this.store = options.store;
    this.jobId = options.jobId;
    this.intervalMs = options.intervalMs;
    this.logger = options.logger;
    this.onNotRunning = options.onNotRunning;
  }

  /** The last reported progress (written or not). */
  get current(): JobProgress | undefined {
    return this.latest;
  }

  async report(progress: JobProgress): Promise<void> {
    this.latest = { ...progress };
    this.saved = false;
    const wait = this.lastWrite + this.intervalMs - Date.now();
    if (wait <= 0) {
      await this.write();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.write().catch((err: unknown) => this.logger.warn({ err, job: this.jobId }, 'saving job progress failed'));
      }, wait);
      this.timer.unref();
    }
  }

  /** Stops the trailing write; the caller stores the final progress with the job's outcome. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async write(): Promise<void> {
    this.stop();
    if (this.saved || !this.latest) {
      return;
    }
    this.lastWrite = Date.now();
    this.saved = true;
    if (!(await this.store.saveProgress(this.jobId, this.latest))) {
      this.onNotRunning();
    }
  }
}
