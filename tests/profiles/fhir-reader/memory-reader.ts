// An in-memory FhirReader for the package's unit tests: resources held in a map, read by reference (with
// versions), and the few search parameters the package's rules use, with R4 meaning as far as they need it.
// A parameter it does not know is an error, so a rule that starts asking for more is noticed here. Pages
// are linked with `next` URLs (`_count`), as a server pages, and every request is recorded.
import type { Bundle, Coding, FhirResource, Reference, Resource } from 'fhir/r4.js';
import type { FhirReader, FhirSearchParams } from '../../../profiles/src/fhir-reader/reader.ts';
import { endMs, startMs } from '../../../profiles/src/selection/time.ts';

const BASE = 'https://fhir.example/r4';

type Any = Record<string, unknown>;

function codings(concepts: unknown): Coding[] {
  const list = Array.isArray(concepts) ? concepts : concepts ? [concepts] : [];
  return list.flatMap((c: { coding?: Coding[] }) => c?.coding ?? []);
}

function tokenMatches(values: string, found: Coding[]): boolean {
  return values.split(',').some((value) => {
    const [system, code] = value.includes('|') ? value.split('|') : [undefined, value];
    return found.some((c) => c.code === code && (system === undefined || c.system === system));
  });
}

function referenceIs(reference: Reference | undefined, value: string): boolean {
  return reference?.reference === value;
}

/** The instants a resource's date search parameter covers (Encounter.period, Observation.effective[x]). */
function dateRange(resource: Any): [number, number] | undefined {
  const period = (resource.period ?? resource.effectivePeriod) as { start?: string; end?: string } | undefined;
  const at = resource.effectiveDateTime as string | undefined;
  const start = startMs(period?.start ?? at);
  const end = endMs(period?.end ?? period?.start ?? at);
  return start === undefined || end === undefined ? undefined : [start, end];
}

const FILTERS: Record<string, (resource: Any, value: string) => boolean> = {
  subject: (r, v) => referenceIs(r.subject as Reference, v),
  code: (r, v) => tokenMatches(v, codings(r.code)),
  status: (r, v) => v.split(',').includes(r.status as string),
  type: (r, v) => tokenMatches(v, codings(r.type)),
  role: (r, v) => tokenMatches(v, codings(r.code)),
  practitioner: (r, v) => referenceIs(r.practitioner as Reference, v),
  organization: (r, v) => v.split(',').some((one) => referenceIs(r.organization as Reference, one)),
  url: (r, v) => r.url === v,
  encounter: (r, v) => referenceIs(r.encounter as Reference, v),
  _id: (r, v) => v.split(',').includes(r.id as string),
  // A canonical without a version matches every version (R4 search.html#versions).
  questionnaire: (r, v) => r.questionnaire === v || String(r.questionnaire).startsWith(`${v}|`),
  date: (r, v) => {
    if (!v.startsWith('ge')) {
      throw new Error(`memory reader: date${v}: only ge is supported`);
    }
    const range = dateRange(r);
    // R4 ge: the resource's range reaches the searched value (its end is at or after its start).
    return range !== undefined && range[1] >= (startMs(v.slice(2)) as number);
  },
};

export interface RecordedRequest {
  readonly kind: 'read' | 'search' | 'page';
  readonly target: string;
}

export class MemoryReader implements FhirReader {
  /** Current versions by `Type/id`. */
  private readonly current = new Map<string, Resource>();
  /** Every version by `Type/id/_history/v`. */
  private readonly versions = new Map<string, Resource>();
  readonly requests: RecordedRequest[] = [];

  constructor(resources: readonly Resource[] = []) {
    this.add(...resources);
  }

  /** Stores resources as a server would: each gets the next meta.versionId (kept when given). */
  add(...resources: readonly Resource[]): this {
    for (const resource of resources) {
      const key = `${resource.resourceType}/${resource.id}`;
      const previous = this.current.get(key);
      const versionId = resource.meta?.versionId ?? String(Number(previous?.meta?.versionId ?? 0) + 1);
      const stored = structuredClone({ ...resource, meta: { ...resource.meta, versionId } });
      this.current.set(key, stored);
      this.versions.set(`${key}/_history/${versionId}`, stored);
    }
    return this;
  }

  async read<T extends Resource = FhirResource>(reference: string): Promise<T | undefined> {
    this.requests.push({ kind: 'read', target: reference });
    const found = reference.includes('/_history/') ? this.versions.get(reference) : this.current.get(reference);
    return found ? (structuredClone(found) as T) : undefined;
  }

  async search<T extends Resource = FhirResource>(resourceType: string, params: FhirSearchParams): Promise<Bundle<T>> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      for (const one of [value].flat()) {
        query.append(name, one);
      }
    }
    this.requests.push({ kind: 'search', target: `${resourceType}?${query}` });
    return this.answer<T>(resourceType, query);
  }

  async page<T extends Resource = FhirResource>(url: string): Promise<Bundle<T>> {
    this.requests.push({ kind: 'page', target: url });
    const parsed = new URL(url);
    return this.answer<T>(parsed.pathname.split('/').pop() as string, parsed.searchParams);
  }

  /** The searches made, as `Type?query`. */
  searches(): string[] {
    return this.requests.filter((r) => r.kind === 'search').map((r) => r.target);
  }

  private answer<T extends Resource>(resourceType: string, query: URLSearchParams): Bundle<T> {
    let matches = [...this.current.values()].filter((r) => r.resourceType === resourceType) as unknown as Any[];
    for (const [name, value] of query) {
      if (name === '_count' || name === '_offset' || name === '_sort') {
        continue;
      }
      const filter = FILTERS[name];
      if (!filter) {
        throw new Error(`memory reader: unsupported search parameter ${name}`);
      }
      matches = matches.filter((r) => filter(r, value));
    }
    const sort = query.get('_sort');
    if (sort === '-date') {
      matches.sort((a, b) => (dateRange(b)?.[1] ?? 0) - (dateRange(a)?.[1] ?? 0));
    } else if (sort !== null) {
      throw new Error(`memory reader: unsupported _sort ${sort}`);
    }
    const count = Number(query.get('_count') ?? 20);
    const offset = Number(query.get('_offset') ?? 0);
    const page = matches.slice(offset, offset + count);
    const next = new URLSearchParams(query);
    next.set('_offset', String(offset + count));
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      ...(offset + count < matches.length
        ? { link: [{ relation: 'next', url: `${BASE}/${resourceType}?${next}` }] }
        : {}),
      entry: page.map((resource) => ({
        resource: structuredClone(resource) as unknown as T,
        search: { mode: 'match' as const },
      })),
    };
  }
}
