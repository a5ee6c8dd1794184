// Deterministic randomness for synthetic data (the demo practices and the FHIR benchmark corpus): a seeded
// PRNG, a hash that turns (kind, index, seed) into a stable UUID-shaped id, and the samplers the generators
// share. Nothing here reads the clock or Math.random, so the same seed always gives the same data.

export type Rng = () => number;

/** mulberry32: small, fast, good enough for test data; deterministic for a given seed. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit integers that spreads every input bit. */
export function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

// Fixed per resource type: the benchmark addresses its resources by (type, index) with these salts.
const TYPE_SALT: Record<string, number> = {
  Organization: 11,
  Practitioner: 23,
  Patient: 37,
  Encounter: 41,
  Condition: 53,
  Observation: 67,
  PractitionerRole: 79,
  /** The demo practice's TARGET history (conversation-history.ts): invitations and conversation records. */
  Invitation: 83,
  Conversation: 89,
};

/**
 * A UUID-shaped id that is a pure function of (type, index, seed), so any resource can be addressed
 * without keeping the data. For one type and seed, distinct indexes below 2^32 give distinct ids (each word
 * is a bijection of the index). Seed 0 gives the benchmark corpus's ids.
 */
export function resourceId(resourceType: string, index: number, seed = 0): string {
  const salt = TYPE_SALT[resourceType] ?? 97;
  const seedMix = seed === 0 ? 0 : fmix32(Math.imul(seed, 0x2c1b3c6d) ^ 0x5bd1e995);
  const words = [0, 1, 2, 3].map((k) =>
    fmix32(
      Math.imul(index + 1, 0x9e3779b1) ^
        Math.imul(salt * 4 + k, 0x7feb352d) ^
        (index / 2 ** 32) ^
        (seedMix === 0 ? 0 : fmix32(seedMix + k)),
    ),
  );
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  // Version 4 / variant 1 bits, as a server-assigned randomUUID() would have.
  const v = `${hex.slice(0, 12)}4${hex.slice(13, 16)}${((Number.parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17)}`;
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20, 32)}`;
}

export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)];
}

/** Picks from [value, weight] pairs. */
export function pickWeighted<T>(rng: Rng, list: readonly (readonly [T, number])[]): T {
  const total = list.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [value, weight] of list) {
    r -= weight;
    if (r < 0) {
      return value;
    }
  }
  return list[list.length - 1][0];
}

/** An integer in [min, max], both included. */
export function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** A standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** A log-normal multiplier with mean 1: how much more (or less) than average one person is affected. */
export function frailty(rng: Rng, sigma: number): number {
  return Math.exp(sigma * normal(rng) - (sigma * sigma) / 2);
}

/** A Poisson count with mean `mean` (Knuth below 30, a rounded normal above: cheap and close enough). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) {
    return 0;
  }
  if (mean > 30) {
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}
