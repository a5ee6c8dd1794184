// ValueSet/$expand on a FHIR terminology server (R4 valueset-operation-expand.html), with the implicit
// ValueSets of SNOMED CT on FHIR (codesystem-snomedct.html: `http://snomed.info/sct?fhir_vs=ecl/<ECL>`),
// page by page (`count`/`offset`). Runs in a browser and on Node alike (fetch, as http.ts); a failure is a
// FhirReadError: status 0 when no answer came (unreachable, timeout), else the server's status and outcome.
import type { ValueSet, ValueSetExpansionContains } from 'fhir/r4.js';
import { ExternalSystems } from '../external.ts';
import { FhirReadError, fetchFhirJson } from './http.ts';

export interface ValueSetExpanderOptions {
  /** The terminology server's FHIR base URL. */
  readonly baseUrl: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
  /** Codes asked for per page; default 1000. */
  readonly pageSize?: number;
  /** Most codes read for one ValueSet (more: the expansion is cut there and marked truncated); default 50,000. */
  readonly maxCodes?: number;
  /** Default: the global fetch. */
  readonly fetch?: typeof fetch;
}

export interface Expansion {
  /** The codes of the asked system, in the server's order, each once. */
  readonly codes: readonly string[];
  /** The server had more than `maxCodes`. */
  readonly truncated: boolean;
}

/** The implicit ValueSet of a SNOMED CT expression constraint (ECL). */
export function snomedEclValueSet(ecl: string): string {
  return `${ExternalSystems.SCT}?fhir_vs=ecl/${encodeURIComponent(ecl)}`;
}

function flatten(contains: readonly ValueSetExpansionContains[] | undefined): ValueSetExpansionContains[] {
  return (contains ?? []).flatMap((c) => [c, ...flatten(c.contains)]);
}

export class ValueSetExpander {
  readonly baseUrl: string;
  private readonly options: ValueSetExpanderOptions;

  constructor(options: ValueSetExpanderOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.options = options;
  }

  /**
   * The codes of `system` in the ValueSet's expansion.
   * @throws FhirReadError when a page cannot be read.
   */
  async expand(valueSetUrl: string, system: string): Promise<Expansion> {
    const pageSize = this.options.pageSize ?? 1000;
    const maxCodes = this.options.maxCodes ?? 50_000;
    const codes = new Set<string>();
    for (let offset = 0; ; offset += pageSize) {
      const query = new URLSearchParams({ url: valueSetUrl, count: String(pageSize), offset: String(offset) });
      const page = await fetchFhirJson<ValueSet>(`${this.baseUrl}/ValueSet/$expand?${query}`, {
        what: `ValueSet/$expand ${valueSetUrl}`,
        server: this.baseUrl,
        timeoutMs: this.options.timeoutMs ?? 10_000,
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      });
      if (page?.resourceType !== 'ValueSet') {
        throw new FhirReadError(502, `ValueSet/$expand ${valueSetUrl}: the server answered with no ValueSet`);
      }
      const contains = flatten(page.expansion?.contains);
      const before = codes.size;
      for (const entry of contains) {
        if (entry.system === system && entry.code && !entry.abstract) {
          codes.add(entry.code);
        }
      }
      if (codes.size > maxCodes) {
        return { codes: [...codes].slice(0, maxCodes), truncated: true };
      }
      const total = page.expansion?.total;
      // The last page: short, or the total reached, or a server that ignores offset and repeats itself.
      if (contains.length < pageSize || (total !== undefined && offset + contains.length >= total)) {
        return { codes: [...codes], truncated: false };
      }
      if (codes.size === before) {
        return { codes: [...codes], truncated: false };
      }
    }
  }
}
