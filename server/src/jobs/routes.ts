// The status URL of a job (R4 http.html#async, Bulk Data "status request") and its output files:
//   GET    /fhir/_async/{id}          202 + X-Progress while it runs; the runner's answer when done;
//                                     500 OperationOutcome when it failed; 404 when unknown or cancelled
//   DELETE /fhir/_async/{id}          cancels a running job or deletes a finished one's files: 202
//   GET    /fhir/_async/{id}/{file}   an output file of a completed job, streamed
import { badRequest, notFound, serverError } from '@medplum/core';
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { currentAuth } from '../access/context.ts';
import { mayAccessJob } from '../access/jobs.ts';
import { forbidden } from '../access/policy.ts';
import { auditResponse } from '../audit/http.ts';
import type { Logger } from '../platform/logger.ts';
import { sendOutcome } from '../platform/outcomes.ts';
import type { JobService } from './service.ts';
import type { JobProgress, JobRecord } from './types.ts';

/** Seconds a client should wait before polling again (Bulk Data: Retry-After on 202). */
const RETRY_AFTER_SECONDS = 2;

function noSuchJob(id: string): OperationOutcome {
  return {
    ...notFound,
    issue: [{ severity: 'error', code: 'not-found', details: { text: `No job with id "${id}"` } }],
  };
}

/** "12,000 of 98,000 resources" style text for the X-Progress header. */
export function progressText(job: JobRecord): string {
  if (job.status === 'queued') {
    return 'queued';
  }
  const progress: JobProgress | undefined = job.progress;
  if (!progress) {
    return 'started';
  }
  const number = (n: number): string => n.toLocaleString('en-US');
  const counts =
    progress.total === undefined ? number(progress.done) : `${number(progress.done)} of ${number(progress.total)}`;
  // Header values must be plain ASCII.
  return (progress.message ?? counts).replace(/[^\x20-\x7e]/g, '?');
}

/** The job, when it exists and the caller started it; otherwise the answer (404, or 403) has been sent. */
async function ownJob(jobs: JobService, id: string, res: Response): Promise<JobRecord | undefined> {
  const job = await jobs.get(id);
  if (!job) {
    sendOutcome(res, noSuchJob(id), 404);
    return undefined;
  }
  if (!mayAccessJob(job.input, currentAuth())) {
    sendOutcome(res, forbidden(`Job "${id}" was started by another user or client`), 403);
    return undefined;
  }
  return job;
}

export function jobsHttpRouter(jobs: JobService, logger: Logger): express.Router {
  const http = express.Router();

  http.get('/_async/:id', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const job = await ownJob(jobs, id, res);
    if (!job) {
      return;
    }
    switch (job.status) {
      case 'queued':
      case 'running':
        res
          .status(202)
          .setHeader('X-Progress', progressText(job))
          .setHeader('Retry-After', `${RETRY_AFTER_SECONDS}`)
          .end();
        return;
      case 'failed':
        sendOutcome(res, job.error as OperationOutcome, 500);
        return;
      case 'cancelled':
        sendOutcome(res, job.error as OperationOutcome, 404);
        return;
      case 'completed': {
        const answer = jobs.completedResponse(job);
        res.status(answer.status).type(answer.contentType);
        for (const [name, value] of Object.entries(answer.headers ?? {})) {
          res.setHeader(name, value);
        }
        res.send(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
        return;
      }
    }
  });

  http.delete('/_async/:id', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!(await ownJob(jobs, id, res))) {
      return;
    }
    if (!(await jobs.cancel(id))) {
      sendOutcome(res, noSuchJob(id), 404);
      return;
    }
    const done: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'information', code: 'informational', details: { text: `Job ${id} cancelled` } }],
    };
    sendOutcome(res, done, 202);
  });

  http.get('/_async/:id/:file', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const file = String(req.params.file);
    const job = await ownJob(jobs, id, res);
    if (!job) {
      return;
    }
    // Files of a job still running are incomplete; they are served only once the manifest lists them.
    if (job?.status !== 'completed' || !(await jobs.files.exists(id, file))) {
      sendOutcome(
        res,
        {
          ...notFound,
          issue: [{ severity: 'error', code: 'not-found', details: { text: `No file "${file}" for job "${id}"` } }],
        },
        404,
      );
      return;
    }
    res.status(200).type(file.endsWith('.ndjson') ? 'application/fhir+ndjson' : 'application/octet-stream');
    // A streamed body leaves in parts: its AuditEvent is written before the first one (audit/http.ts).
    if (!(await auditResponse(res))) {
      return;
    }
    try {
      for await (const part of jobs.files.read(id, file)) {
        if (!res.write(part)) {
          await new Promise((resolve) => res.once('drain', resolve));
        }
      }
      res.end();
    } catch (err) {
      // Headers are gone already: the client sees a cut-off download, never a truncated file that looks whole.
      logger.error({ err, job: id, file }, 'streaming a job file failed');
      res.destroy(err as Error);
    }
  });

  // A database failure on these routes is still a FHIR answer: a 500 OperationOutcome, logged here.
  http.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    // Express marks the client's own mistakes with a 4xx status: an id or file name whose percent-encoding
    // is not UTF-8 (`%c0%ae`) cannot be decoded into a route parameter.
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendOutcome(res, badRequest(`The job URL could not be read: ${(err as Error).message}`), 400);
      return;
    }
    logger.error({ err, method: req.method, url: req.originalUrl }, 'job route failed');
    sendOutcome(res, serverError(new Error('The job store could not be read')), 500);
  });
  return http;
}
