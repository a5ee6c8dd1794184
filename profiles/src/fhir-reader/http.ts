// A FhirReader over a FHIR server's REST API with `fetch` and a bearer token, as any SMART client reads (R4
// http.html; SMART App Launch "Access FHIR API"). Runs in a browser and on Node alike. A refusal becomes a
// FhirReadError carrying the HTTP status and the server's OperationOutcome, so a caller can show the
// server's own words; the token is only ever sent to the base URL it was given for.
import type { Bundle, FhirResource, OperationOutcome, Resource } from 'fhir/r4.js';
import { type FhirReader, type FhirSearchParams, parseLocalReference } from './reader.ts';

/** A FHIR read or search that did not succeed. */
export class FhirReadError extends Error {
  /** HTTP status (401, 403, 404, 410, 5xx…); 0 when no answer came (network failure, timeout). */
  readonly status: number;
  /** The OperationOutcome the server answered with, when it sent one. */
  readonly outcome?: OperationOutcome;

  constructor(status: number, message: string, outcome?: OperationOutcome, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FhirReadError';
    this.status = status;
    this.outcome = outcome;
  }
}

export interface FhirHttpReaderOptions {
  /** The FHIR base URL, e.g. a SMART launch's `iss`. */
  readonly baseUrl: string;
  /** The bearer token (SMART access token); a function is asked before each request (a refreshed token). */
  readonly token?: string | (() => string | Promise<string>);
  /** Per request; default 30 s. */
  readonly timeoutMs?: number;
  /** Default: the global fetch. */
  readonly fetch?: typeof fetch;
}

const FHIR_JSON = 'application/fhir+json';
const DEFAULT_TIMEOUT_MS = 30_000;

/** The text of an OperationOutcome's issues, one sentence each. */
export function outcomeText(outcome: OperationOutcome | undefined): string {
  return (outcome?.issue ?? [])
    .map((issue) => issue.details?.text ?? issue.diagnostics ?? issue.code)
    .filter(Boolean)
    .join('; ');
}

function parseOutcome(text: string): OperationOutcome | undefined {
  try {
    const parsed = JSON.parse(text) as { resourceType?: string };
    return parsed?.resourceType === 'OperationOutcome' ? (parsed as OperationOutcome) : undefined;
  } catch {
    return undefined;
  }
}

function searchQuery(params: FhirSearchParams): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of typeof value === 'string' ? [value] : value) {
      query.append(name, one);
    }
  }
  return query.toString();
}

export class FhirHttpReader implements FhirReader {
  readonly baseUrl: string;
  private readonly options: FhirHttpReaderOptions;

  constructor(options: FhirHttpReaderOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.options = options;
  }

  async read<T extends Resource = FhirResource>(reference: string): Promise<T | undefined> {
    const target = parseLocalReference(reference);
    if (!target) {
      throw new FhirReadError(400, `${reference} is not a reference to read (Type/id or Type/id/_history/vid)`);
    }
    const path = `${target.resourceType}/${target.id}${target.version ? `/_history/${target.version}` : ''}`;
    try {
      const resource = await this.get<T>(`${this.baseUrl}/${path}`);
      if (resource.resourceType !== target.resourceType) {
        throw new FhirReadError(502, `GET ${path}: the server answered with a ${resource.resourceType}`);
      }
      return resource;
    } catch (err) {
      if (err instanceof FhirReadError && (err.status === 404 || err.status === 410)) {
        return undefined;
      }
      throw err;
    }
  }

  async search<T extends Resource = FhirResource>(resourceType: string, params: FhirSearchParams): Promise<Bundle<T>> {
    if (!/^[A-Z][A-Za-z]{1,63}$/.test(resourceType)) {
      throw new FhirReadError(400, `${resourceType} is not a resource type`);
    }
    const query = searchQuery(params);
    return this.get<Bundle<T>>(`${this.baseUrl}/${resourceType}${query ? `?${query}` : ''}`);
  }

  async page<T extends Resource = FhirResource>(url: string): Promise<Bundle<T>> {
    // A paging link of another origin or base would receive our token: refuse it.
    if (!url.startsWith(`${this.baseUrl}/`) && !url.startsWith(`${this.baseUrl}?`)) {
      throw new FhirReadError(502, `the paging link ${url} is not under ${this.baseUrl}`);
    }
    return this.get<Bundle<T>>(url);
  }

  private async get<T>(url: string): Promise<T> {
    const what = `GET ${url.slice(this.baseUrl.length + 1)}`;
    const token = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    let response: Response;
    let text: string;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        headers: { accept: FHIR_JSON, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (err) {
      throw new FhirReadError(0, `${what}: no answer from ${this.baseUrl} (${(err as Error).message})`, undefined, {
        cause: err,
      });
    }
    if (!response.ok) {
      const outcome = parseOutcome(text);
      throw new FhirReadError(response.status, `${what}: ${response.status} ${outcomeText(outcome)}`.trim(), outcome);
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new FhirReadError(502, `${what}: the answer is not JSON`, undefined, { cause: err });
    }
  }
}
