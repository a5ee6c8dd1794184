// Bundles with more than creates and updates (DELETE, PATCH, GET, operations) are imported through the FHIR
// router, exactly as a POST of the Bundle to the base URL (R4 http.html#transaction): a transaction is one
// database transaction, all of it or nothing. Bundles of POSTs and PUTs, which is what Synthea and exports
// write, take the faster and idempotent way of bundle.ts.
import type { FhirRequest, FhirRouter } from '@medplum/fhir-router';
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { httpStatusOf } from '../platform/outcomes.ts';
import type { PostgresRepository } from '../store/repository.ts';
import type { UpsertOutcome } from '../store/write/unchanged.ts';
import type { ImportLocation, ImportReport } from './report.ts';
import { errorReason, outcomeReason } from './report.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** 201: created; 200 to a POST: a conditional create that found its resource; 200 otherwise: a new version. */
function outcomeOf(status: number, method: string | undefined): UpsertOutcome {
  if (status === 201) {
    return 'created';
  }
  return method === 'POST' ? 'unchanged' : 'updated';
}

/** The resource type an entry wrote: its resource's, else the first segment of its request URL. */
function entryType(entry: BundleEntry | undefined): string | undefined {
  return entry?.resource?.resourceType ?? entry?.request?.url?.split(/[/?]/)[0];
}

/**
 * Runs one transaction or batch Bundle and records the outcome: every written entry counts as imported;
 * a failed transaction is one error for the whole Bundle, a failed batch entry one error for that entry.
 */
export async function importBundleByRouter(
  router: FhirRouter,
  repo: PostgresRepository,
  bundle: Bundle,
  location: ImportLocation,
  report: ImportReport,
): Promise<void> {
  const entries = bundle.entry ?? [];
  report.processed += entries.length;
  const request: FhirRequest = {
    method: 'POST',
    url: '',
    pathname: '',
    body: bundle,
    params: {},
    query: {},
    headers: {},
    config: { transactions: true },
  };
  let response: Bundle | undefined;
  try {
    const [outcome, result] = await router.handleRequest(request, repo);
    if (httpStatusOf(outcome) >= 400 || !result) {
      report.reject(location, `${bundle.type} Bundle rejected, nothing of it imported: ${outcomeReason(outcome)}`);
      return;
    }
    response = result as Bundle;
  } catch (err) {
    report.reject(location, `${bundle.type} Bundle rejected, nothing of it imported: ${errorReason(err)}`);
    return;
  }
  for (const [index, answer] of (response.entry ?? []).entries()) {
    const sent = entries[index];
    const status = Number.parseInt(answer.response?.status ?? '', 10);
    if (!(status < 400)) {
      const outcome = answer.response?.outcome;
      report.reject(
        { ...location, entry: index },
        outcome ? outcomeReason(outcome) : `status ${answer.response?.status ?? 'missing'}`,
      );
      continue;
    }
    const type = entryType(sent);
    if (type && WRITE_METHODS.has(sent?.request?.method ?? '')) {
      report.imported(type, outcomeOf(status, sent?.request?.method));
    }
  }
}
