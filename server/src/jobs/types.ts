// The contract between the job service and the work it runs: a runner per job kind, the context a
// running job gets (progress, cancellation), and the job record everyone reads back.
import type { OperationOutcome } from '@medplum/fhirtypes';

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface JobProgress {
  done: number;
  total?: number;
  message?: string;
}

export interface JobContext {
  readonly jobId: string;
  /** Aborted when the job is cancelled (DELETE on its status URL) or the server stops. */
  readonly signal: AbortSignal;
  /** Persists progress; database writes are throttled, so call it as often as convenient. */
  progress(progress: JobProgress): Promise<void>;
}

/** What the status URL answers once the job completed. */
export interface JobResponse {
  status: number;
  contentType: string;
  body: unknown;
  headers?: Record<string, string>;
}

export interface JobRunner<Input, Result> {
  run(input: Input, ctx: JobContext): Promise<Result>;
  /** The final answer served at the status URL once the job completed. */
  complete(result: Result, job: JobRecord): JobResponse;
}

export interface JobRecord {
  readonly id: string;
  readonly kind: string;
  readonly status: JobStatus;
  /** The kick-off request URL, as the client sent it. */
  readonly request: string;
  readonly input: unknown;
  readonly progress: JobProgress | undefined;
  /** The runner's result (JSON), once completed. */
  readonly result: unknown;
  /** Why the job failed or was cancelled. */
  readonly error: OperationOutcome | undefined;
  readonly createdAt: string;
  readonly startedAt: string | undefined;
  readonly finishedAt: string | undefined;
}
