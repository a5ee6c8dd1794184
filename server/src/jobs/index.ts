// The async job service: background jobs with progress and cancellation, their status URLs and files.
export { JobFiles } from './files.ts';
export { acceptedResponse, asyncBundleResponse, prefersRespondAsync, requireRespondAsync } from './responses.ts';
export { jobsHttpRouter } from './routes.ts';
export type { JobServiceOptions } from './service.ts';
export { JobService } from './service.ts';
export type { JobContext, JobProgress, JobRecord, JobResponse, JobRunner, JobStatus } from './types.ts';
