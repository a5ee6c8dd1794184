// Searches generated from the corpus for the differential test: values are taken from the data (so most
// searches find something) plus values that match nothing. Every search stays inside what FHIR and the
// oracle (@medplum/fhir-router's MemoryRepository) agree on; docs/search-differences.md lists what is
// left out and why, and the differential test covers those cases by hand.
import type { TypedValue } from '@medplum/core';
import {
  convertToSearchableReferences,
  convertToSearchableStrings,
  convertToSearchableTokens,
  evalFhirPathTyped,
  globalSchema,
  toPeriod,
  toTypedValue,
} from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { Rng } from './corpus/random.ts';
import { handWrittenSearches, PAGED_SEARCHES } from './corpus-searches/hand-written.ts';
import {
  DATE_PARAMS,
  MISSING_PARAMS,
  REFERENCE_PARAMS,
  STRING_PARAMS,
  TOKEN_PARAMS,
} from './corpus-searches/params.ts';

const TEXT = '\u0000text';

/** `birthdate=ge1980` → `Patient?birthdate=ge1980`; `+` (time zones), `&`, `#`, `%` and spaces escaped. */
export function searchUrl(type: string, params: readonly (readonly [string, string])[]): string {
  const encode = (v: string): string => v.replace(/[%&#+ ]/g, (c) => encodeURIComponent(c));
  return `${type}?${params.map(([k, v]) => `${k}=${encode(v)}`).join('&')}`;
}

/** Search prefixes FHIR and the oracle interpret alike (not `ap`, and `eq`/`ne` only where no value straddles). */
const DATE_PREFIXES = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'sa', 'eb'] as const;

export class CorpusSearches {
  private readonly corpus: readonly Resource[];
  private readonly rng: Rng;
  private readonly byType = new Map<string, Resource[]>();
  private readonly cache = new Map<string, TypedValue[][]>();
  readonly searches: string[] = [];
  /** Generated date searches dropped because `eq`/`ne` would meet the documented overlap difference. */
  skippedStraddling = 0;

  constructor(corpus: readonly Resource[], seed: number) {
    this.corpus = corpus;
    this.rng = new Rng(seed);
    for (const resource of corpus) {
      const list = this.byType.get(resource.resourceType) ?? [];
      list.push(resource);
      this.byType.set(resource.resourceType, list);
    }
  }

  private add(type: string, ...params: (readonly [string, string])[]): void {
    this.searches.push(searchUrl(type, [...params, ['_count', '1000']]));
  }

  /** The parameter's values per resource of the type, by its R4 FHIRPath expression. */
  valuesOf(type: string, code: string): TypedValue[][] {
    const key = `${type}.${code}`;
    let values = this.cache.get(key);
    if (!values) {
      const expression = globalSchema.types[type]?.searchParams?.[code]?.expression;
      if (!expression) {
        throw new Error(`No search parameter ${key}`);
      }
      values = (this.byType.get(type) ?? []).map((r) => evalFhirPathTyped(expression, [toTypedValue(r)]));
      this.cache.set(key, values);
    }
    return values;
  }

  private distinct<T>(items: T[], key: (item: T) => string): T[] {
    const seen = new Map<string, T>();
    for (const item of items) {
      seen.set(key(item), item);
    }
    return [...seen.values()].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  }

  tokenSearches(): void {
    for (const [type, code] of TOKEN_PARAMS) {
      const tokens = this.distinct(
        this.valuesOf(type, code)
          .flatMap((v) => convertToSearchableTokens(v, { textSearchSystem: TEXT }))
          .filter((t) => t.system !== TEXT && t.value),
        (t) => `${t.system}|${t.value}`,
      );
      if (tokens.length === 0) {
        throw new Error(`No token values for ${type}.${code}`);
      }
      const a = this.rng.pick(tokens);
      const b = this.rng.pick(tokens);
      const withSystem = tokens.filter((t) => t.system);
      const withoutSystem = tokens.filter((t) => !t.system);
      const variants: (readonly [string, string])[] = [
        [code, a.value as string],
        [`${code}:not`, b.value as string],
        [code, `${a.value},${b.value}`],
      ];
      if (withSystem.length) {
        const t = this.rng.pick(withSystem);
        variants.push([code, `${t.system}|${t.value}`], [code, `${t.system}|`]);
      }
      // `|code`: only codes without a system; with a coded value this must find nothing.
      variants.push([code, `|${(withoutSystem.length ? this.rng.pick(withoutSystem) : a).value}`]);
      variants.push([code, 'zz-no-such-code']);
      const chosen = new Set([0, 1 + this.rng.int(0, variants.length - 2), this.rng.int(0, variants.length - 1)]);
      for (const i of chosen) {
        this.add(type, variants[i]);
      }
    }
  }

  referenceSearches(): void {
    for (const [type, code] of REFERENCE_PARAMS) {
      const references = [
        ...new Set(this.valuesOf(type, code).flatMap((v) => convertToSearchableReferences(v))),
      ].sort();
      if (references.length === 0) {
        throw new Error(`No references for ${type}.${code}`);
      }
      const a = this.rng.pick(references);
      const b = this.rng.pick(references);
      const targets = globalSchema.types[type]?.searchParams?.[code]?.target ?? [];
      this.add(type, [code, a]);
      const local = /^[A-Z][A-Za-z]+\/[^/]+$/.test(b);
      if (targets.length === 1 && local) {
        this.add(type, [code, b.split('/')[1]]); // a bare id: allowed when the parameter has one target type
      } else {
        this.add(type, [code, `${a},${b}`]);
      }
      if (this.rng.chance(0.3)) {
        this.add(type, [`${code}:not`, b]);
      }
      if (this.rng.chance(0.2)) {
        this.add(type, [code, `${(targets[0] as string) ?? 'Patient'}/zz-none`]);
      }
    }
  }

  /** A date search value from a stored value, at year, month, day or second precision. */
  private dateValue(raw: string): string {
    const precision = this.rng.pick([4, 7, 10, 10, 19]);
    if (precision === 19 && raw.length > 10) {
      return raw; // the stored dateTime with its offset
    }
    return raw.slice(0, Math.min(precision, raw.length, 10));
  }

  /** True when some stored range overlaps the search range without lying inside it (eq/ne would differ). */
  private straddles(type: string, code: string, value: string): boolean {
    const search = toPeriod(value);
    if (!search?.start || !search.end) {
      return true;
    }
    const { start, end } = search;
    return this.valuesOf(type, code).some((values) =>
      values.some(({ value: v }) => {
        const p = toPeriod(v);
        if (!p) {
          return false;
        }
        const low = p.start ?? '0000';
        const high = p.end ?? '9999';
        const overlaps = low < end && high > start;
        const inside = low >= start && high <= end;
        return overlaps && !inside;
      }),
    );
  }

  dateSearches(): void {
    for (const [type, code] of DATE_PARAMS) {
      const raws = this.valuesOf(type, code)
        .flat()
        .flatMap(({ value }) => (typeof value === 'string' ? [value] : [value?.start, value?.end]))
        .filter((v): v is string => typeof v === 'string');
      if (raws.length === 0) {
        throw new Error(`No dates for ${type}.${code}`);
      }
      let made = 0;
      for (let attempt = 0; made < 3 && attempt < 20; attempt++) {
        const prefix = this.rng.pick(DATE_PREFIXES);
        const value = this.dateValue(this.rng.pick(raws));
        if ((prefix === 'eq' || prefix === 'ne') && this.straddles(type, code, value)) {
          this.skippedStraddling++;
          continue;
        }
        this.add(type, [code, `${prefix}${value}`]);
        made++;
      }
      // A range: two ANDed bounds.
      const [low, high] = [this.rng.pick(raws), this.rng.pick(raws)].sort();
      this.add(type, [code, `ge${low.slice(0, 7)}`], [code, `lt${high.slice(0, 10)}`]);
    }
  }

  stringSearches(): void {
    for (const [type, code] of STRING_PARAMS) {
      const strings = [...new Set(this.valuesOf(type, code).flatMap((v) => convertToSearchableStrings(v)))].sort();
      for (let i = 0; i < 2; i++) {
        const s = this.rng.pick(strings);
        const start = this.rng.int(0, Math.max(0, s.length - 3));
        const sub = s.slice(start, start + this.rng.int(3, 6)).trim();
        // Only ASCII: the oracle does not fold accents (documented), so "ë" would differ by design.
        if (sub.length >= 2 && /^[\x20-\x7e]+$/.test(sub)) {
          this.add(type, [`${code}:contains`, sub]);
        }
      }
    }
    this.add('Patient', ['name:contains', 'zz-nobody']);
  }

  missingSearches(): void {
    for (const [type, code] of MISSING_PARAMS) {
      this.add(type, [`${code}:missing`, 'true']);
      this.add(type, [`${code}:missing`, 'false']);
    }
  }

  all(): string[] {
    this.tokenSearches();
    this.referenceSearches();
    this.dateSearches();
    this.stringSearches();
    this.missingSearches();
    this.handWritten();
    this.pages();
    return this.searches;
  }

  handWritten(): void {
    for (const search of handWrittenSearches(this.corpus)) {
      const [type, query] = search.split('?');
      const params = query.split('&').map((p) => {
        const eq = p.indexOf('=');
        return [p.slice(0, eq), p.slice(eq + 1)] as const;
      });
      if (!params.some(([k]) => k === '_count')) {
        params.push(['_count', '1000']);
      }
      this.searches.push(searchUrl(type, params));
    }
  }

  /** Every page of a search, page by page. */
  pages(): void {
    for (const [prefix, size, total] of PAGED_SEARCHES) {
      for (let offset = 0; offset <= total; offset += size) {
        this.searches.push(`${prefix}_count=${size}&_offset=${offset}`);
      }
    }
  }
}
