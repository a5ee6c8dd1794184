// A patient's latest care-burden result as stored: the newest final (or amended, i.e. corrected final)
// TargetCareBurdenObservation, by its counted window (effective period) and then by when it was computed
// (issued), read with the profile's reader. Category and HNHC flag are taken as stored, never recomputed:
// the rules that produced them ran with the practice's cut-offs, which a reader of one patient cannot know.
import type { Observation } from 'fhir/r4.js';
import { type CareBurdenInput, readCareBurdenObservation } from '../builders/care-burden.ts';
import { TargetReadError } from '../builders/read-error.ts';
import { type FhirReader, matchesOf } from '../fhir-reader/reader.ts';
import { TargetObservationCodeSystem } from '../generated/canonical.ts';
import { endMs, startMs } from './time.ts';

/** A stored care-burden result, read: the builder's input with the Observation's id. */
export type StoredCareBurden = CareBurdenInput & { id: string };

/** A stored care-burden Observation the profile's reader refuses: bad data, reported, never guessed around. */
export class UnreadableCareBurdenError extends Error {
  /** `Observation/{id}`. */
  readonly observation: string;
  constructor(observation: string, message: string) {
    super(message);
    this.name = 'UnreadableCareBurdenError';
    this.observation = observation;
  }
}

/** Results asked for, newest first: more than one selection run's results can share a window. */
const CANDIDATES = 20;
const STORED_STATUSES: readonly string[] = ['final', 'amended'];

function order(observation: Observation): [number, number] {
  const end = endMs(observation.effectivePeriod?.end ?? observation.effectiveDateTime);
  return [end ?? Number.NEGATIVE_INFINITY, startMs(observation.issued) ?? Number.NEGATIVE_INFINITY];
}

function isNewer(a: Observation, b: Observation): boolean {
  const [aEnd, aIssued] = order(a);
  const [bEnd, bIssued] = order(b);
  return aEnd > bEnd || (aEnd === bEnd && aIssued > bIssued);
}

/**
 * The patient's latest care-burden result.
 * @param patient - `Patient/{id}`.
 * @returns undefined when the patient has none.
 * @throws UnreadableCareBurdenError when the latest one is not a readable TargetCareBurdenObservation.
 */
export async function latestCareBurden(reader: FhirReader, patient: string): Promise<StoredCareBurden | undefined> {
  const bundle = await reader.search<Observation>('Observation', {
    subject: patient,
    code: `${TargetObservationCodeSystem.url}|care-burden`,
    status: STORED_STATUSES.join(','),
    _sort: '-date',
    _count: String(CANDIDATES),
  });
  let newest: Observation | undefined;
  for (const observation of matchesOf<Observation>(bundle, 'Observation')) {
    if (STORED_STATUSES.includes(observation.status) && (!newest || isNewer(observation, newest))) {
      newest = observation;
    }
  }
  if (!newest) {
    return undefined;
  }
  const reference = `Observation/${newest.id}`;
  try {
    return { ...readCareBurdenObservation(newest), id: newest.id as string };
  } catch (err) {
    if (err instanceof TargetReadError) {
      throw new UnreadableCareBurdenError(reference, `${reference} cannot be read: ${err.message}`);
    }
    throw err;
  }
}
