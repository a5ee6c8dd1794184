// Bounds checked on a FHIR request before anything of it runs: a NUL character in the URL.
import { badRequest, OperationOutcomeError } from '@medplum/core';

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
