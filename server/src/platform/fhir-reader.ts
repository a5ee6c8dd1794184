// Reads this server's FHIR API over HTTP with a bearer token, as any SMART client would. The EHR simulator
// and the CDS Hooks service use it instead of the repository so that every read they make passes the
// resource server's token check, scopes and compartments (and its audit trail): they see exactly what the
// token they carry may see. Requests go to the server's own listening address (loopback), not the public
// base URL, which a server behind a proxy may not be able to reach from inside.
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { Config } from '../config.ts';
import { FHIR_JSON } from './outcomes.ts';

/** A FHIR answer other than success; `status` is the HTTP status (401, 403, 404, 410, …). */
export class FhirReadError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const TIMEOUT_MS = 30_000;

/** The FHIR base on the server's own listening address, e.g. `http://127.0.0.1:8080/fhir`. */
export function loopbackFhirUrl(config: Pick<Config, 'host' | 'port'>): string {
  const anyAddress = config.host === '' || config.host === '0.0.0.0' || config.host === '::';
  const host = anyAddress ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}/fhir`;
}

export class FhirReader {
  private readonly base: string;
  private readonly token: string;

  constructor(base: string, token: string) {
    this.base = base.replace(/\/+$/, '');
    this.token = token;
  }

  /** The resource, or undefined when it does not exist (404) or was deleted (410). */
  async read<T extends Resource>(type: T['resourceType'], id: string): Promise<T | undefined> {
    try {
      return await this.get<T>(`${type}/${encodeURIComponent(id)}`);
    } catch (err) {
      if (err instanceof FhirReadError && (err.status === 404 || err.status === 410)) {
        return undefined;
      }
      throw err;
    }
  }

  async search<T extends Resource>(type: T['resourceType'], query: Record<string, string>): Promise<Bundle<T>> {
    return this.get<Bundle<T>>(`${type}?${new URLSearchParams(query)}`);
  }

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.base}/${path}`, {
      headers: { accept: FHIR_JSON, authorization: `Bearer ${this.token}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new FhirReadError(response.status, `GET ${path}: ${response.status} ${outcomeText(text)}`.trim());
    }
    return JSON.parse(text) as T;
  }
}

function outcomeText(text: string): string {
  try {
    const outcome = JSON.parse(text) as OperationOutcome;
    return (outcome.issue ?? []).map((issue) => issue.details?.text ?? issue.diagnostics ?? issue.code).join('; ');
  } catch {
    return '';
  }
}
