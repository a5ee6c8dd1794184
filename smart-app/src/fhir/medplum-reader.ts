// A FhirReader (the shared package's read/search interface) over the session's MedplumClient, so the domain
// rules of @target/profiles run in the browser against whatever FHIR server the app was launched from, with
// the SMART token the client holds. Only plain R4 REST is used (read, search, paging links): nothing
// Medplum-specific is asked of the EHR.
import { isOperationOutcome, type MedplumClient, OperationOutcomeError } from '@medplum/core';
import {
  FhirReadError,
  type FhirReader,
  type FhirSearchParams,
  outcomeText,
  parseLocalReference,
} from '@target/profiles';
import type { Bundle, FhirResource, OperationOutcome, Resource } from 'fhir/r4.js';

/**
 * The HTTP status an OperationOutcome stands for. MedplumClient keeps the server's OperationOutcome but not the
 * status, so it is read back from the issue code (R4 operationoutcome-mappings: not-found 404, deleted 410…).
 */
const STATUS_OF_ISSUE: Readonly<Record<string, number>> = {
  'not-found': 404,
  deleted: 410,
  forbidden: 403,
  security: 403,
  login: 401,
  unknown: 401,
  invalid: 400,
  'not-supported': 400,
  processing: 422,
  'business-rule': 422,
  conflict: 409,
  timeout: 504,
  exception: 500,
};

function statusOf(outcome: OperationOutcome): number {
  if (outcome.id === 'not-found') {
    return 404;
  }
  return STATUS_OF_ISSUE[outcome.issue?.[0]?.code ?? ''] ?? 400;
}

/** A MedplumClient failure as the FhirReadError every FhirReader throws (status + the server's own words). */
export function asReadError(what: string, err: unknown): FhirReadError {
  if (err instanceof FhirReadError) {
    return err;
  }
  const outcome =
    err instanceof OperationOutcomeError
      ? (err.outcome as OperationOutcome)
      : isOperationOutcome(err)
        ? (err as OperationOutcome)
        : undefined;
  if (outcome) {
    const status = statusOf(outcome);
    return new FhirReadError(status, `${what}: ${outcomeText(outcome) || status}`, outcome, { cause: err });
  }
  // No answer at all (network failure): status 0, as FhirHttpReader says it.
  return new FhirReadError(0, `${what}: ${(err as Error)?.message ?? String(err)}`, undefined, { cause: err });
}

function searchParams(params: FhirSearchParams): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of typeof value === 'string' ? [value] : value) {
      query.append(name, one);
    }
  }
  return query;
}

export class MedplumReader implements FhirReader {
  private readonly medplum: MedplumClient;

  constructor(medplum: MedplumClient) {
    this.medplum = medplum;
  }

  async read<T extends Resource = FhirResource>(reference: string): Promise<T | undefined> {
    const target = parseLocalReference(reference);
    if (!target) {
      throw new FhirReadError(400, `${reference} is not a reference to read (Type/id or Type/id/_history/vid)`);
    }
    const path = [target.resourceType, target.id, ...(target.version ? ['_history', target.version] : [])];
    const url = this.medplum.fhirUrl(...path).toString();
    try {
      const resource = (await this.get<T>(url, `GET ${reference}`)) as T;
      if (resource?.resourceType !== target.resourceType) {
        throw new FhirReadError(502, `GET ${reference}: the server answered with a ${resource?.resourceType}`);
      }
      return resource;
    } catch (err) {
      const error = asReadError(`GET ${reference}`, err);
      if (error.status === 404 || error.status === 410) {
        return undefined;
      }
      throw error;
    }
  }

  async search<T extends Resource = FhirResource>(resourceType: string, params: FhirSearchParams): Promise<Bundle<T>> {
    if (!/^[A-Z][A-Za-z]{1,63}$/.test(resourceType)) {
      throw new FhirReadError(400, `${resourceType} is not a resource type`);
    }
    const url = this.medplum.fhirUrl(resourceType);
    url.search = searchParams(params).toString();
    return this.get<Bundle<T>>(url.toString(), `GET ${resourceType}?${url.search.slice(1)}`);
  }

  async page<T extends Resource = FhirResource>(url: string): Promise<Bundle<T>> {
    // A paging link elsewhere would receive the SMART token: only links under the launch's FHIR base.
    const base = this.medplum.fhirUrl().toString().replace(/\/+$/, '');
    if (!url.startsWith(`${base}/`) && !url.startsWith(`${base}?`)) {
      throw new FhirReadError(502, `the paging link ${url} is not under ${base}`);
    }
    return this.get<Bundle<T>>(url, `GET ${url.slice(base.length + 1)}`);
  }

  /** The URL of an operation or other path under the FHIR base, e.g. (`Patient`, id, `$care-burden`). */
  operationUrl(...path: string[]): string {
    // `$` stays as it is: an operation name is no percent-encoded path segment (R4 operations.html).
    return this.medplum.fhirUrl(...path).toString();
  }

  /** GET of any URL under the FHIR base (e.g. an operation invoked by GET), errors as FhirReadError. */
  async get<T>(url: string, what = `GET ${url}`): Promise<T> {
    try {
      return (await this.medplum.get(url)) as T;
    } catch (err) {
      // MedplumClient keeps answers for a while, failures too: drop this one so that trying again asks again.
      this.medplum.invalidateUrl(url);
      throw asReadError(what, err);
    }
  }
}
