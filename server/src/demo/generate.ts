// The demo data set: synthetic Dutch GP practices in Drenthe, made to exercise every TARGET selection rule
// (docs: /work/shared/DOMAIN.md "Selection"). A pure, deterministic stream: the same options give the same
// resources with the same ids in the same order, one patient at a time, so 500,000 patients need no more
// memory than one. Resources come in dependency order (a practice's Organization, Practitioners and
// PractitionerRoles; then per patient the Patient, its Conditions, social-history Observations and
// Encounters), so a writer can store them in batches as they come.
import type { Resource } from '@medplum/fhirtypes';
import { parseDay } from './calendar.ts';
import { generateContacts } from './contacts.ts';
import { generateMorbidity } from './morbidity.ts';
import { PeopleSource } from './people.ts';
import { createRng, fmix32, resourceId } from './random.ts';
import { socialHistory } from './social.ts';
import { buildPractice } from './staff.ts';

export interface DemoOptions {
  /** Patients over all practices together. */
  readonly patients: number;
  readonly practices: number;
  /** Any 32-bit integer; another seed gives other people and other ids. */
  readonly seed: number;
  /** `YYYY-MM-DD`: the day the data is "exported"; every date is relative to it. */
  readonly referenceDate: string;
}

/** The largest population the generator accepts (ids stay unique far beyond; this bounds one run's work). */
export const MAX_DEMO_PATIENTS = 10_000_000;

/** Throws with a message naming the option when `options` cannot make a data set. */
export function checkDemoOptions(options: DemoOptions): void {
  const { patients, practices, seed } = options;
  if (!Number.isInteger(patients) || patients < 1 || patients > MAX_DEMO_PATIENTS) {
    throw new RangeError(`patients must be an integer from 1 to ${MAX_DEMO_PATIENTS}, got ${patients}`);
  }
  if (!Number.isInteger(practices) || practices < 1 || practices > patients) {
    throw new RangeError(
      `practices must be an integer from 1 to the number of patients (${patients}), got ${practices}`,
    );
  }
  if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 32) {
    throw new RangeError(`seed must be a 32-bit integer, got ${seed}`);
  }
  parseDay(options.referenceDate);
}

/** Patients of practice `k` when `patients` are spread as evenly as possible over `practices`. */
export function practicePatients(patients: number, practices: number, k: number): number {
  return Math.floor(((k + 1) * patients) / practices) - Math.floor((k * patients) / practices);
}

/**
 * Streams the demo data set.
 * @param options - Size, seed and reference date.
 * @returns Every resource, in dependency order.
 */
export function* generateDemo(options: DemoOptions): Generator<Resource> {
  checkDemoOptions(options);
  const { patients, practices, seed } = options;
  const refDay = parseDay(options.referenceDate);
  let staffIndex = 0;
  let patientIndex = 0;
  const counters = { Condition: 0, Observation: 0, Encounter: 0 };
  const nextId = (type: keyof typeof counters) => () => resourceId(type, counters[type]++, seed);
  const nextCondition = nextId('Condition');
  const nextObservation = nextId('Observation');
  const nextEncounter = nextId('Encounter');
  for (let k = 0; k < practices; k++) {
    const size = practicePatients(patients, practices, k);
    const practice = buildPractice(k, size, staffIndex, seed);
    staffIndex += practice.staff.length;
    yield* practice.resources;
    const rng = createRng(fmix32(Math.imul(seed, 0x01000193) ^ Math.imul(k + 1, 0x9e3779b1)));
    const people = new PeopleSource(rng, practice, refDay);
    for (let i = 0; i < size; i++, patientIndex++) {
      const { person, patient } = people.next(patientIndex, resourceId('Patient', patientIndex, seed));
      yield patient;
      const morbidity = generateMorbidity(rng, person, refDay, nextCondition);
      yield* morbidity.conditions;
      yield* socialHistory(rng, person, morbidity.chronicCount, refDay, nextObservation);
      yield* generateContacts(rng, person, morbidity, practice, refDay, nextEncounter);
    }
  }
}
