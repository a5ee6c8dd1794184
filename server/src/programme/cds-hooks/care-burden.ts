// The patient's latest care-burden result, as the selection stored it: the newest final (or amended, i.e.
// corrected final) care-burden Observation by its counted window, read with the profiles' reader. Category
// and HNHC flag are taken as stored; the selection rule that produced them lives in profiles/src/selection
// and is never recomputed here (until the selection issue lands this is what the card and banner show).
import type { Observation } from '@medplum/fhirtypes';
import {
  readCareBurdenObservation,
  type TargetCareBurdenCategoryCode,
  TargetCareBurdenCategoryCodeSystem,
  TargetObservationCodeSystem,
  TargetReadError,
} from '@target/profiles';
import type { Observation as R4Observation } from 'fhir/r4.js';
import type { FhirReader } from '../../platform/fhir-reader.ts';

export interface CareBurdenResult {
  readonly observationId: string;
  readonly category: TargetCareBurdenCategoryCode;
  /** Dutch display of the category (from the CodeSystem). */
  readonly categoryDisplay: string;
  readonly hnhc: boolean;
  /** Last day of the counted window. */
  readonly windowEnd: string;
}

/** A stored care-burden Observation the profiles' reader refuses: bad data, reported, never guessed around. */
export class UnreadableCareBurdenError extends Error {}

export async function latestCareBurden(reader: FhirReader, patientId: string): Promise<CareBurdenResult | undefined> {
  const bundle = await reader.search<Observation>('Observation', {
    subject: `Patient/${patientId}`,
    code: `${TargetObservationCodeSystem.url}|care-burden`,
    status: 'final,amended',
    _sort: '-date',
    _count: '1',
  });
  const observation = bundle.entry?.map((entry) => entry.resource).find((r) => r?.resourceType === 'Observation');
  if (!observation) {
    return undefined;
  }
  try {
    const result = readCareBurdenObservation(observation as R4Observation);
    return {
      observationId: observation.id as string,
      category: result.category,
      categoryDisplay: TargetCareBurdenCategoryCodeSystem.codes[result.category],
      hnhc: result.hnhc,
      windowEnd: result.window.end,
    };
  } catch (err) {
    if (err instanceof TargetReadError) {
      throw new UnreadableCareBurdenError(`Observation/${observation.id} cannot be read: ${err.message}`);
    }
    throw err;
  }
}

/** Whether the result calls for the other conversation: the high stratum or HNHC (the stored verdicts). */
export function needsOtherConversation(result: CareBurdenResult | undefined): boolean {
  return result !== undefined && (result.category === 'high' || result.hnhc);
}
