// SNOMED CT descendants of the chronic-disease list from a terminology server, cached in memory: one
// `$expand` of an ECL expression per ICPC code (descendants.ts), kept per expression for a day, shared by every
// selection of the process. Bounded (expressions and codes, least recently used out first); at most a few
// requests at once; a timeout per request. When the server does not answer, nothing crashes: the list keeps
// the codes it had (the starter map, the practice's codes, an older expansion still cached) and one warning
// says so per call; the server is not asked again for a while, so a selection does not wait for every
// expression to time out. Matching Conditions never waits for the network: it reads the expanded list.
import { ExternalSystems } from '../external.ts';
import { snomedEclValueSet, type ValueSetExpander } from '../fhir-reader/expand.ts';
import { FhirReadError } from '../fhir-reader/http.ts';
import type { ChronicDiseaseList } from './conditions.ts';
import {
  type ChronicDiseaseTerminology,
  descendantsEcl,
  snomedExclusionsByIcpc,
  snomedRootsByIcpc,
  withDescendants,
} from './descendants.ts';

export interface SnomedDescendantsOptions {
  readonly expander: Pick<ValueSetExpander, 'expand' | 'baseUrl'>;
  /** How long an expansion is used before it is asked again; default 24 h (SNOMED CT editions change monthly). */
  readonly ttlMs?: number;
  /** After a failure, how long the server (no answer, 5xx) or the expression (4xx) is not asked; default 5 min. */
  readonly retryAfterMs?: number;
  /** Most expressions kept; default 1000 (the default list has about 50). */
  readonly maxExpressions?: number;
  /** Most codes kept over all expressions; default 1,000,000 (tens of MB). */
  readonly maxCodes?: number;
  /** Requests at once; default 4. */
  readonly concurrency?: number;
  /** Told once per call that could not expand everything (e.g. the log), besides the call's own; default: nowhere. */
  readonly onWarning?: (message: string) => void;
  readonly now?: () => number;
}

interface Entry {
  readonly codes: readonly string[];
  readonly fetchedAt: number;
}

interface Outcome {
  readonly codes: readonly string[];
  /** Why no fresh expansion is there. */
  readonly error?: string;
  /** Not asked: the server (or this expression) failed a moment ago. */
  readonly skipped?: boolean;
  /** When the codes used instead were fetched. */
  readonly staleSince?: number;
  readonly truncated?: boolean;
}

const HOUR_MS = 3_600_000;

export class SnomedDescendants implements ChronicDiseaseTerminology {
  private readonly options: SnomedDescendantsOptions;
  /** Expression → expansion, least recently used first. */
  private readonly entries = new Map<string, Entry>();
  /** Expressions the server refused (4xx), with when. */
  private readonly refused = new Map<string, number>();
  private readonly pending = new Map<string, Promise<Outcome>>();
  private codeCount = 0;
  /** The server gave no answer: not asked again before this instant. */
  private downUntil = 0;

  constructor(options: SnomedDescendantsOptions) {
    this.options = options;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async withDescendants(list: ChronicDiseaseList, onWarning?: (message: string) => void): Promise<ChronicDiseaseList> {
    const roots = [...snomedRootsByIcpc(list)];
    const excluded = snomedExclusionsByIcpc();
    const outcomes = new Map<string, Outcome>();
    let next = 0;
    const worker = async () => {
      while (next < roots.length) {
        const [icpc, codes] = roots[next++];
        outcomes.set(icpc, await this.descendants(descendantsEcl(codes, excluded.get(icpc))));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 4, roots.length) }, worker));
    this.warn(outcomes, (message) => {
      this.options.onWarning?.(message);
      onWarning?.(message);
    });
    return withDescendants(list, new Map([...outcomes].map(([icpc, outcome]) => [icpc, outcome.codes])));
  }

  /** The codes of one expression, fresh, cached or (after a failure) what was there; never throws. */
  private descendants(ecl: string): Promise<Outcome> {
    const entry = this.entries.get(ecl);
    const now = this.now();
    if (entry && now - entry.fetchedAt < (this.options.ttlMs ?? 24 * HOUR_MS)) {
      this.entries.delete(ecl);
      this.entries.set(ecl, entry);
      return Promise.resolve({ codes: entry.codes });
    }
    const previous = entry ? { codes: entry.codes, staleSince: entry.fetchedAt } : { codes: [] };
    const retryAfterMs = this.options.retryAfterMs ?? 5 * 60_000;
    if (now < this.downUntil) {
      return Promise.resolve({
        ...previous,
        skipped: true,
        error: `no answer; asked again after ${iso(this.downUntil)}`,
      });
    }
    const refusedAt = this.refused.get(ecl);
    if (refusedAt !== undefined && now - refusedAt < retryAfterMs) {
      const error = `refused; asked again after ${iso(refusedAt + retryAfterMs)}`;
      return Promise.resolve({ ...previous, skipped: true, error });
    }
    const running = this.pending.get(ecl);
    if (running) {
      return running;
    }
    const fetching = this.fetch(ecl, previous, retryAfterMs).finally(() => this.pending.delete(ecl));
    this.pending.set(ecl, fetching);
    return fetching;
  }

  private async fetch(ecl: string, previous: Outcome, retryAfterMs: number): Promise<Outcome> {
    try {
      const { codes, truncated } = await this.options.expander.expand(snomedEclValueSet(ecl), ExternalSystems.SCT);
      this.store(ecl, { codes, fetchedAt: this.now() });
      this.refused.delete(ecl);
      return { codes, truncated };
    } catch (err) {
      const status = err instanceof FhirReadError ? err.status : 0;
      if (status === 0 || status >= 500) {
        this.downUntil = this.now() + retryAfterMs;
      } else {
        this.refused.delete(ecl);
        this.refused.set(ecl, this.now());
        if (this.refused.size > this.maxExpressions()) {
          this.refused.delete(this.refused.keys().next().value as string);
        }
      }
      return { ...previous, error: (err as Error).message };
    }
  }

  private store(ecl: string, entry: Entry): void {
    this.codeCount -= this.entries.get(ecl)?.codes.length ?? 0;
    this.entries.delete(ecl);
    this.entries.set(ecl, entry);
    this.codeCount += entry.codes.length;
    const maxCodes = this.options.maxCodes ?? 1_000_000;
    for (const [oldest, evicted] of this.entries) {
      if (this.entries.size <= 1 || (this.entries.size <= this.maxExpressions() && this.codeCount <= maxCodes)) {
        break;
      }
      this.entries.delete(oldest);
      this.codeCount -= evicted.codes.length;
    }
  }

  private maxExpressions(): number {
    return this.options.maxExpressions ?? 1000;
  }

  /** One warning for the expressions that failed (with the first real cause), one for those cut short. */
  private warn(outcomes: ReadonlyMap<string, Outcome>, tell: (message: string) => void): void {
    const sorted = [...outcomes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const failed = sorted.filter(([, o]) => o.error !== undefined);
    const cut = sorted.filter(([, o]) => o.truncated).map(([icpc]) => icpc);
    const server = `Terminology server ${this.options.expander.baseUrl}`;
    if (failed.length > 0) {
      const stale = failed.filter(([, o]) => o.staleSince !== undefined).map(([icpc]) => icpc);
      const cause = (failed.find(([, o]) => !o.skipped) ?? failed[0])[1].error;
      tell(
        `${server}: ${failed.length} of ${outcomes.size} chronic-disease expansions failed (${cause}). ` +
          `SNOMED CT descendants beyond the starter map and the practice's codes are not counted for ` +
          `${failed.map(([icpc]) => icpc).join(', ')}` +
          (stale.length > 0 ? `, except those of an earlier expansion still kept (${stale.join(', ')}).` : '.'),
      );
    }
    if (cut.length > 0) {
      tell(`${server}: the expansions of ${cut.join(', ')} were cut at their code limit.`);
    }
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
