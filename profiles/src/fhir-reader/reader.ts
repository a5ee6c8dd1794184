// The small FHIR-reading interface the domain rules are written against: read by reference and search (R4
// http.html#read, #vread, #search, #paging). The server's repository (server/src/programme/repository-reader.ts)
// and a FHIR server over HTTP (http.ts: the SMART app on any EHR, the server's own HTTP callers) both satisfy
// it, so one copy of each rule runs in either place. Types are @types/fhir R4.
import type { Bundle, FhirResource, Resource } from 'fhir/r4.js';

/** Search parameters as in a search URL (R4 search.html): a parameter given more than once is an array. */
export type FhirSearchParams = Readonly<Record<string, string | readonly string[]>>;

export interface FhirReader {
  /**
   * The resource a reference names, `Type/id` or `Type/id/_history/vid`.
   * @returns undefined when it does not exist (404) or was deleted (410); any other refusal throws.
   */
  read<T extends Resource = FhirResource>(reference: string): Promise<T | undefined>;
  /** One page of a search: the searchset Bundle as the server answers it (matches, includes, links). */
  search<T extends Resource = FhirResource>(resourceType: string, params: FhirSearchParams): Promise<Bundle<T>>;
  /** The page a searchset's `next` (or other paging) link names, as the server wrote that link. */
  page<T extends Resource = FhirResource>(url: string): Promise<Bundle<T>>;
}

/** `Type/id` or `Type/id/_history/vid` with R4 ids (R4 datatypes.html#id), as a read takes it. */
const LOCAL_REFERENCE = /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([A-Za-z0-9\-.]{1,64}))?$/;

export interface LocalReference {
  resourceType: string;
  id: string;
  version?: string;
}

/** The parts of a local reference; undefined for any other form (absolute URL, contained `#id`, search). */
export function parseLocalReference(reference: string): LocalReference | undefined {
  const match = LOCAL_REFERENCE.exec(reference);
  if (!match) {
    return undefined;
  }
  return { resourceType: match[1], id: match[2], ...(match[3] ? { version: match[3] } : {}) };
}

/**
 * The matches of one searchset page of `resourceType`: entries marked `match` (or unmarked, as some servers
 * write them), without `_include`d resources and OperationOutcomes.
 */
export function matchesOf<T extends Resource = FhirResource>(bundle: Bundle, resourceType: string): T[] {
  return (bundle.entry ?? []).flatMap((entry) =>
    entry.resource?.resourceType === resourceType && (entry.search?.mode ?? 'match') === 'match'
      ? [entry.resource as T]
      : [],
  );
}

/** The resources of `resourceType` on one page, whatever their search mode (matches and includes). */
export function resourcesOf<T extends Resource = FhirResource>(bundle: Bundle, resourceType: string): T[] {
  return (bundle.entry ?? []).flatMap((entry) =>
    entry.resource?.resourceType === resourceType ? [entry.resource as T] : [],
  );
}

/** The URL of the page after this one, if the server says there is one. */
export function nextPageUrl(bundle: Bundle): string | undefined {
  return bundle.link?.find((link) => link.relation === 'next')?.url;
}

/** Results per page asked for by searchAll: the server may give fewer and link the rest. */
export const SEARCH_PAGE_SIZE = 1000;
/** At most this many pages are followed: a patient's own record never comes near it. */
export const MAX_SEARCH_PAGES = 100;

/**
 * Every match of a search, following the server's `next` links (R4 http.html#paging).
 * @throws Error when the server still links a next page after MAX_SEARCH_PAGES pages.
 */
export async function searchAll<T extends Resource>(
  reader: FhirReader,
  resourceType: T['resourceType'],
  params: FhirSearchParams,
): Promise<T[]> {
  const all: T[] = [];
  let bundle = await reader.search<T>(resourceType, { _count: String(SEARCH_PAGE_SIZE), ...params });
  for (let pages = 1; ; pages++) {
    all.push(...matchesOf<T>(bundle, resourceType));
    const next = nextPageUrl(bundle);
    if (!next) {
      return all;
    }
    if (pages >= MAX_SEARCH_PAGES) {
      throw new Error(`${resourceType} search: more than ${MAX_SEARCH_PAGES} pages of results`);
    }
    bundle = await reader.page<T>(next);
  }
}
