// What operations built on jobs answer: the kick-off (202 + Content-Location, R4 http.html#async) and,
// for runners whose result is one FHIR resource, the completion Bundle the async pattern prescribes.
import { accepted, badRequest, OperationOutcomeError } from '@medplum/core';
import type { FhirRequest, FhirResponse } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { JobService } from './service.ts';
import type { JobRecord, JobResponse } from './types.ts';

/** FhirResponse for a kick-off: the HTTP layer answers 202 Accepted with Content-Location = statusUrl. */
export function acceptedResponse(jobs: JobService, job: JobRecord): FhirResponse {
  return [accepted(jobs.statusUrl(job.id))];
}

/**
 * R4 async pattern (http.html#async): the completion body is a Bundle of type batch-response with one entry
 * carrying the operation's response status and resource.
 */
export function asyncBundleResponse(status: number, resource: Resource): JobResponse {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'batch-response',
    entry: [{ resource, response: { status: String(status) } }],
  };
  return { status: 200, contentType: 'application/fhir+json', body: bundle };
}

/** Whether the request carries `Prefer: respond-async` (RFC 7240; several preferences may share the header). */
export function prefersRespondAsync(req: FhirRequest): boolean {
  const header = [req.headers?.prefer ?? []].flat().join(',');
  return header.split(/[,;]/).some((part) => part.trim().toLowerCase() === 'respond-async');
}

/** 400 for an operation that only runs asynchronously when the client did not ask for that. */
export function requireRespondAsync(req: FhirRequest, operation: string): void {
  if (!prefersRespondAsync(req)) {
    throw new OperationOutcomeError(
      badRequest(`${operation} runs asynchronously: send the header "Prefer: respond-async"`, 'Prefer'),
    );
  }
}
