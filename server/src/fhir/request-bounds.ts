// Bounds checked on a FHIR request before the router runs any of it: a NUL character in the URL, and the
// number of entries of a batch or transaction Bundle. Both answer at once, so that nothing of the request
// has run (and a refused Bundle leaves one AuditEvent, not one per entry that never ran).
import { badRequest, contentTooLarge, OperationOutcomeError } from '@medplum/core';
import type { Bundle } from '@medplum/fhirtypes';

/**
 * PostgreSQL text cannot hold U+0000: a NUL in an id or a search or history parameter would reach the
 * database as an error (500) instead of the client's mistake it is (400).
 * @param url - The request URL relative to the FHIR base, still percent-encoded.
 */
export function assertNoNulInUrl(url: string): void {
  // Node's HTTP parser refuses a raw NUL in the request line, so only the encoded form can arrive.
  if (url.includes('%00')) {
    const [path, query] = url.split('?');
    const where = path.includes('%00') ? 'the path' : (nulParameter(query) ?? 'the query');
    throw new OperationOutcomeError(
      badRequest(`The NUL character (%00) is not allowed in a FHIR URL; found in ${where}`, where),
    );
  }
}

function nulParameter(query: string | undefined): string | undefined {
  for (const part of (query ?? '').split('&')) {
    if (part.includes('%00')) {
      const name = part.split('=')[0];
      return name.includes('%00') ? undefined : name;
    }
  }
  return undefined;
}

const isBundle = (value: unknown): value is Bundle =>
  Boolean(value) && typeof value === 'object' && (value as Bundle).resourceType === 'Bundle';

/** Entries a batch or transaction would run: its own, and those of batch/transaction Bundles it carries. */
function runnableEntries(bundle: Bundle, max: number): number {
  let count = 0;
  const pending: Bundle[] = [bundle];
  while (pending.length > 0 && count <= max) {
    const entries = (pending.pop() as Bundle).entry;
    if (!Array.isArray(entries)) {
      continue;
    }
    count += entries.length;
    for (const entry of entries) {
      const nested = entry?.resource;
      if (isBundle(nested) && (nested.type === 'batch' || nested.type === 'transaction')) {
        pending.push(nested);
      }
    }
  }
  return count;
}

/**
 * A batch or transaction runs every entry in this one request, so its cost is bounded by its entry count
 * rather than its bytes (2,000 searches fit in a few hundred kB). 413 when it exceeds `max`.
 * @param body - The body POSTed to the system endpoint.
 * @param max - TARGET_MAX_BATCH_ENTRIES.
 */
export function assertBatchSize(body: unknown, max: number): void {
  if (!isBundle(body)) {
    return;
  }
  if (runnableEntries(body, max) > max) {
    // contentTooLarge's id gives 413 (getStatus); the issue says why in FHIR terms: too costly to run.
    const outcome = contentTooLarge(
      `A batch or transaction may have at most ${max} entries, entries of nested batch Bundles included (limit TARGET_MAX_BATCH_ENTRIES)`,
    );
    outcome.issue[0] = { ...outcome.issue[0], code: 'too-costly', expression: ['Bundle.entry'] };
    throw new OperationOutcomeError(outcome);
  }
}
