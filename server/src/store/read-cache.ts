// A bounded in-process cache of current resource versions for reads by id (the most frequent FHIR
// interaction: every app view, every _include). Correctness rules:
// - only the current, non-deleted version is cached, as the JSON text the database returned, and every
//   hit is parsed afresh, so no caller can change another caller's copy;
// - every write invalidates its keys when its statement runs and again after its transaction ends;
// - a read fills the cache only if no invalidation happened while it was reading, so a read that raced
//   a write can never put the old version back;
// - other server processes on the same PostgreSQL database learn about updates and deletes through
//   LISTEN/NOTIFY (see writer.ts); if that channel is lost the cache is cleared and bypassed until it is back.
import type { Resource } from '@medplum/fhirtypes';

export const RESOURCE_CHANGED_CHANNEL = 'target_resource_changed';
const MAX_CACHED_JSON_LENGTH = 64 * 1024;

export class ReadCache {
  private readonly capacity: number;
  /** Insertion order is recency order: a hit moves its key to the end. */
  private readonly entries = new Map<string, string>();
  private generation = 0;
  private enabled: boolean;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.enabled = capacity > 0;
  }

  static key(resourceType: string, id: string): string {
    return `${resourceType}/${id}`;
  }

  /** The current generation; pass it to `fill` after reading from the database. */
  get currentGeneration(): number {
    return this.generation;
  }

  get(resourceType: string, id: string): Resource | undefined {
    if (!this.enabled) {
      return undefined;
    }
    const key = ReadCache.key(resourceType, id);
    const json = this.entries.get(key);
    if (json === undefined) {
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, json);
    return JSON.parse(json) as Resource;
  }

  /** Stores a resource read at `generation`, unless something was invalidated since. */
  fill(resourceType: string, id: string, json: string, generation: number): void {
    // Large resources (a Binary, a big Bundle) would make the entry count a poor bound on memory.
    if (!this.enabled || generation !== this.generation || json.length > MAX_CACHED_JSON_LENGTH) {
      return;
    }
    const key = ReadCache.key(resourceType, id);
    this.entries.delete(key);
    this.entries.set(key, json);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  invalidate(keys: Iterable<string>): void {
    this.generation++;
    for (const key of keys) {
      this.entries.delete(key);
    }
  }

  /** Stops caching (and forgets everything) while invalidations from other processes cannot be received. */
  suspend(): void {
    this.generation++;
    this.enabled = false;
    this.entries.clear();
  }

  resume(): void {
    this.generation++;
    this.enabled = this.capacity > 0;
  }
}
