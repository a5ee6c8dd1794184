// Group/$target-selection: the TARGET selection of one practice, or of every practice, on a reference
// date. Computes every patient with SQL aggregates over the search index and writes one selection Group per
// practice plus one care burden Observation per chronically ill patient; a re-run updates the same resources.
import { allOk } from '@medplum/core';
import type { FhirRequest, FhirRouteHandler } from '@medplum/fhir-router';
import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { OperationDefinitions, practiceToday } from '@target/profiles';
import { jobRequester } from '../../access/jobs.ts';
import { acceptedResponse, asyncBundleResponse, type JobRunner, prefersRespondAsync } from '../../jobs/index.ts';
import { operationInputReader } from '../../platform/operation-input.ts';
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
      { name: 'group', valueReference: { reference: summary.group } },
      { name: 'settingsUsed', valueReference: { reference: summary.settingsUsed } },
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

export function selectionOutput(summaries: PracticeSummary[]): Parameters {
  return { resourceType: 'Parameters', parameter: summaries.map(summaryParameter) };
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
    const summaries = await runSelection((fhirRepo as PostgresRepository).withOptions({}), request, {
      terminology: services.terminology,
    });
    return [allOk, selectionOutput(summaries)];
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
        await runSelection(repo, request, {
          terminology: services.terminology,
          signal: ctx.signal,
          onProgress: (p) => void ctx.progress({ done: p.done, total: p.total, message: p.message }),
        }),
      ),
    complete: (output) => asyncBundleResponse(200, output),
  };
}
