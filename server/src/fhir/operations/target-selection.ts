// Group/$target-selection: the TARGET selection of one practice, or of every practice, on a reference
// date. Computes every patient with SQL aggregates over the search index and writes one selection Group per
// practice plus one care burden Observation per chronically ill patient; a re-run updates the same resources.
import { allOk } from '@medplum/core';
import type { FhirRequest, FhirRouteHandler } from '@medplum/fhir-router';
import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { noPracticeOutcome, OperationDefinitions, practiceToday } from '@target/profiles';
import { currentAuth } from '../../access/context.ts';
import { jobRequester, requesterOf } from '../../access/jobs.ts';
import { acceptedResponse, asyncBundleResponse, type JobRunner, prefersRespondAsync } from '../../jobs/index.ts';
import { operationInputReader } from '../../platform/operation-input.ts';
import { fromR4 } from '../../programme/repository-reader.ts';
import { patientCensus } from '../../programme/selection/listed.ts';
import { type PracticeSummary, runSelection, type SelectionRequest } from '../../programme/selection/selection.ts';
import { settingsByReference } from '../../programme/selection/settings-store.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { packageOperation, profileType } from './definitions.ts';
import type { TargetServices } from './services.ts';

export const targetSelectionOperation = packageOperation(OperationDefinitions.TargetSelectionOperation);

const readInput = operationInputReader(
  targetSelectionOperation,
  { practice: 'string', date: 'string', settings: 'string' },
  { profileType },
);

/** The selection request from the operation's parameters (also used when the run is asynchronous). */
export function selectionRequest(req: FhirRequest): SelectionRequest {
  const input = readInput(req);
  const practice = input.practice;
  return {
    ...(practice ? { practices: [practice.replace(/^Organization\//, '')] } : {}),
    referenceDate: input.date ?? practiceToday(),
    ...(input.settings ? { settings: input.settings } : {}),
  };
}

function summaryParameter(summary: PracticeSummary): ParametersParameter {
  const count = (name: string, value: number) => ({ name, valueInteger: value });
  return {
    name: 'selection',
    part: [
      { name: 'practice', valueReference: { reference: `Organization/${summary.practiceId}` } },
      ...(summary.group ? [{ name: 'group', valueReference: { reference: summary.group } }] : []),
      ...(summary.settingsUsed ? [{ name: 'settingsUsed', valueReference: { reference: summary.settingsUsed } }] : []),
      count('listed', summary.listed),
      count('chronicallyIll', summary.chronicallyIll),
      ...Object.entries(summary.categories).map(([category, n]) => count(`category-${category}`, n)),
      count('hnhc', summary.hnhc),
      ...Object.entries(summary.subgroups).map(([subgroup, n]) => count(`subgroup-${subgroup}`, n as number)),
      ...(summary.cutoffs.population > 0
        ? [
            { name: 'mean', valueDecimal: summary.cutoffs.mean },
            { name: 'high', valueDecimal: summary.cutoffs.high },
            { name: 'medium', valueDecimal: summary.cutoffs.medium },
          ]
        : []),
      ...(summary.outcome ? [{ name: 'outcome', resource: summary.outcome }] : []),
    ],
  };
}

/**
 * The answer: a `selection` per practice; with no TARGET practice at all (records of another system name none)
 * a top-level `outcome` saying how many patients there are and how to make a practice and list them.
 */
export async function selectionOutput(
  repo: PostgresRepository,
  request: SelectionRequest,
  summaries: PracticeSummary[],
): Promise<Parameters> {
  if (summaries.length > 0) {
    return { resourceType: 'Parameters', parameter: summaries.map(summaryParameter) };
  }
  const census = await patientCensus(repo, request.referenceDate);
  return {
    resourceType: 'Parameters',
    parameter: [{ name: 'outcome', resource: fromR4(noPracticeOutcome(census.patients)) }],
  };
}

export const SELECTION_JOB_KIND = 'target-selection';

/**
 * The handler: synchronous by default; with `Prefer: respond-async` the run becomes a job (202 and a status
 * URL with progress, cancellable with DELETE; R4 http.html#async).
 */
export function targetSelectionHandler(services: TargetServices): FhirRouteHandler {
  return async (req, fhirRepo) => {
    const request = selectionRequest(req);
    if (request.settings) {
      // The job reads with the server's rights: the caller must be able to read the settings it names
      // (another practice's answers 404, as for the synchronous run).
      await settingsByReference(fhirRepo as PostgresRepository, request.settings);
    }
    if (prefersRespondAsync(req)) {
      // The job runs as the server; the caller was checked (access/operations.ts) and owns the job.
      const job = await services.jobs.submit(
        SELECTION_JOB_KIND,
        { ...request, requester: jobRequester() },
        { request: req.url },
      );
      return acceptedResponse(services.jobs, job);
    }
    // As the job does, the run writes with the server's rights once the caller passed the checks above: result
    // ids are derived from practice, patient and date, and a resource someone else put under one must not
    // block the practice's selection.
    // A 200 also when nobody is listed: the run did what was asked, and the outcome parts say why the
    // selection is empty (a 4xx would read as a bad request, and an async job would fail on it).
    const serverRepo = (fhirRepo as PostgresRepository).withOptions({});
    const summaries = await runSelection(serverRepo, request, {
      terminology: services.terminology,
      serverWideCounts: !currentAuth()?.organization,
    });
    return [allOk, await selectionOutput(serverRepo, request, summaries)];
  };
}

/** Runs a submitted selection in the background, reporting practices done. */
export function selectionRunner(
  repo: PostgresRepository,
  services: Pick<TargetServices, 'terminology'>,
): JobRunner<SelectionRequest, Parameters> {
  return {
    run: async (request, ctx) =>
      selectionOutput(
        repo,
        request,
        await runSelection(repo, request, {
          terminology: services.terminology,
          serverWideCounts: !requesterOf(request)?.organization,
          signal: ctx.signal,
          onProgress: (p) => void ctx.progress({ done: p.done, total: p.total, message: p.message }),
        }),
      ),
    complete: (output) => asyncBundleResponse(200, output),
  };
}
