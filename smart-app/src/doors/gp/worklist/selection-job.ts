// Runs Group/$target-selection for the practice as an asynchronous job (Prefer: respond-async, R4
// http.html#async): the kick-off answers 202 with the status URL in Content-Location; the status URL answers
// 202 with X-Progress ("3 of 8") while it runs, and the job's Bundle with the selection summary when done.
import { normalizeErrorString } from '@medplum/core';
import type { Bundle, OperationOutcome, Parameters } from '@medplum/fhirtypes';

export interface JobProgress {
  /** 0–100, or undefined when the server names no counts yet. */
  readonly percent?: number;
  readonly text?: string;
}

/** "12,000 of 98,000" → 12.2; anything else → undefined. */
export function progressPercent(text: string | null): number | undefined {
  const match = text ? /([\d,]+)\s+of\s+([\d,]+)/.exec(text) : null;
  if (!match) {
    return undefined;
  }
  const done = Number(match[1].replace(/,/g, ''));
  const total = Number(match[2].replace(/,/g, ''));
  return total > 0 ? Math.min(100, (100 * done) / total) : undefined;
}

async function failure(response: Response): Promise<Error> {
  const body = await response.text();
  try {
    return new Error(normalizeErrorString(JSON.parse(body) as OperationOutcome));
  } catch {
    return new Error(`HTTP ${response.status}`);
  }
}

/** The Group reference in the job's answer (a Bundle whose entry holds the Parameters, or the Parameters). */
export function selectedGroup(answer: Bundle | Parameters): string | undefined {
  const parameters =
    answer.resourceType === 'Parameters'
      ? answer
      : (answer.entry?.map((e) => e.resource).find((r) => r?.resourceType === 'Parameters') as Parameters | undefined);
  const selection = parameters?.parameter?.find((p) => p.name === 'selection');
  return selection?.part?.find((p) => p.name === 'group')?.valueReference?.reference;
}

export interface SelectionJobOptions {
  readonly fhirBaseUrl: string;
  readonly accessToken: string;
  readonly practiceId: string;
  readonly onProgress: (progress: JobProgress) => void;
  readonly signal?: AbortSignal;
  /** Between status requests; the server's Retry-After is for robots, a person watches a bar. */
  readonly pollMs?: number;
}

/** Starts the selection and follows it to the end; answers the new Group's id. */
export async function runSelectionJob(options: SelectionJobOptions): Promise<string> {
  const headers = { authorization: `Bearer ${options.accessToken}`, accept: 'application/fhir+json' };
  const kickOff = await fetch(`${options.fhirBaseUrl}/Group/$target-selection`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/fhir+json', prefer: 'respond-async' },
    body: JSON.stringify({
      resourceType: 'Parameters',
      parameter: [{ name: 'practice', valueReference: { reference: `Organization/${options.practiceId}` } }],
    }),
    signal: options.signal,
  });
  if (kickOff.status !== 202) {
    throw await failure(kickOff);
  }
  const statusUrl = kickOff.headers.get('content-location');
  if (!statusUrl) {
    throw new Error('The server started the selection but named no status URL (Content-Location)');
  }
  options.onProgress({ percent: 0 });
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    const status = await fetch(statusUrl, { headers, signal: options.signal });
    if (status.status === 202) {
      const text = status.headers.get('x-progress');
      options.onProgress({ percent: progressPercent(text), text: text ?? undefined });
      await status.arrayBuffer();
      continue;
    }
    if (!status.ok) {
      throw await failure(status);
    }
    const group = selectedGroup((await status.json()) as Bundle | Parameters);
    if (!group) {
      throw new Error('The selection finished without a Group for the practice');
    }
    options.onProgress({ percent: 100 });
    return group.replace(/^Group\//, '');
  }
}
