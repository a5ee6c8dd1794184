// Seeded randomness and Dutch calendar helpers for the test corpus: the same seed gives the same corpus,
// byte for byte, on every machine (no Math.random, no Date.now).

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[['finished', 8], ['cancelled', 1]]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let r = this.next() * total;
    for (const [item, weight] of items) {
      r -= weight;
      if (r < 0) {
        return item;
      }
    }
    return items[items.length - 1][0];
  }

  digits(count: number): string {
    let result = '';
    for (let i = 0; i < count; i++) {
      result += String(this.int(0, 9));
    }
    return result;
  }

  /** A decimal with the given number of decimals, e.g. 7.4. */
  decimal(min: number, max: number, decimals: number): number {
    const factor = 10 ** decimals;
    return Math.round((min + this.next() * (max - min)) * factor) / factor;
  }
}

const DAY_MS = 86_400_000;
/** The corpus is generated as seen on this day, so it never depends on the clock. */
export const CORPUS_TODAY = Date.UTC(2025, 5, 30);

export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `2023-05-01` for a day number (days since 1970-01-01). */
export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dayOf(date: string): number {
  return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

export function randomDay(rng: Rng, from: string, to: string): number {
  return rng.int(dayOf(from), dayOf(to));
}

function lastSundayUtc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Math.floor(last.getTime() / DAY_MS) - last.getUTCDay();
}

/**
 * The Europe/Amsterdam offset during office hours on a day: +02:00 from the last Sunday of March up to
 * (not including) the last Sunday of October, else +01:00.
 */
export function amsterdamOffset(day: number): string {
  const year = new Date(day * DAY_MS).getUTCFullYear();
  return day >= lastSundayUtc(year, 2) && day < lastSundayUtc(year, 9) ? '+02:00' : '+01:00';
}

/** A local dateTime with seconds and Amsterdam offset: `2023-05-01T09:15:00+02:00`. */
export function localDateTime(day: number, minutes: number): string {
  const extraDays = Math.floor(minutes / 1440);
  const d = day + extraDays;
  const m = minutes - extraDays * 1440;
  return `${isoDate(d)}T${pad(Math.floor(m / 60))}:${pad(m % 60)}:00${amsterdamOffset(d)}`;
}

/** Minutes after midnight during office hours (08:00–17:00), on a 5-minute grid. */
export function officeMinutes(rng: Rng): number {
  return 8 * 60 + 5 * rng.int(0, 107);
}
