// The social history the subgroup rules read: how an adult lives (household) and lives on (income source),
// as social-history Observations coded from our CodeSystems. Recorded for most adults, not all, so the
// rules meet missing data (they fall back on Patient.maritalStatus, or name the field that is missing).
// Income follows age and health: retired from 67 (the Dutch state pension age), a benefit more often for
// working-age people with several chronic diseases (disability, WIA), otherwise mostly employed.
import type { Observation } from '@medplum/fhirtypes';
import {
  ExternalSystems,
  TargetHouseholdCodeSystem,
  type TargetIncomeSourceCode,
  TargetIncomeSourceCodeSystem,
  type TargetObservationCode,
  TargetObservationCodeSystem,
} from '@target/profiles';
import { isoDay } from './calendar.ts';
import type { Person } from './people.ts';
import { between, type Rng } from './random.ts';
import { testMeta } from './test-data.ts';

const HOUSEHOLD_RECORDED = 0.85;
const INCOME_RECORDED = 0.8;

function incomeSource(rng: Rng, age: number, chronicCount: number): TargetIncomeSourceCode {
  const r = rng();
  if (age >= 67) {
    return r < 0.95 ? 'retired' : r < 0.99 ? 'employed' : 'benefit';
  }
  const benefit = (age < 23 ? 0.12 : 0.1) * (chronicCount >= 2 ? 2.5 : chronicCount === 1 ? 1.4 : 1);
  // Early retirement becomes common from 60.
  const retired = age >= 60 ? 0.15 : 0;
  return r < benefit ? 'benefit' : r < benefit + retired ? 'retired' : 'employed';
}

function socialObservation(
  rng: Rng,
  person: Person,
  refDay: number,
  id: string,
  code: TargetObservationCode,
  value: { system: string; code: string; display: string },
): Observation {
  return {
    resourceType: 'Observation',
    id,
    meta: testMeta(),
    status: 'final',
    category: [
      { coding: [{ system: ExternalSystems.ObservationCategory, code: 'social-history', display: 'Social History' }] },
    ],
    code: {
      coding: [{ system: TargetObservationCodeSystem.url, code, display: TargetObservationCodeSystem.codes[code] }],
    },
    subject: { reference: `Patient/${person.id}` },
    // Asked at some contact in the last three years, never before the 18th birthday.
    effectiveDateTime: isoDay(Math.max(person.birthDay + 18 * 366, refDay - between(rng, 0, 3 * 365))),
    valueCodeableConcept: { coding: [value] },
  };
}

/** The household and income-source Observations of one person (none for children). */
export function socialHistory(
  rng: Rng,
  person: Person,
  chronicCount: number,
  refDay: number,
  nextId: () => string,
): Observation[] {
  if (person.age < 18) {
    return [];
  }
  const observations: Observation[] = [];
  if (rng() < HOUSEHOLD_RECORDED) {
    const code = person.household;
    const value = { system: TargetHouseholdCodeSystem.url, code, display: TargetHouseholdCodeSystem.codes[code] };
    observations.push(socialObservation(rng, person, refDay, nextId(), 'household', value));
  }
  if (rng() < INCOME_RECORDED) {
    const code = incomeSource(rng, person.age, chronicCount);
    const value = { system: TargetIncomeSourceCodeSystem.url, code, display: TargetIncomeSourceCodeSystem.codes[code] };
    observations.push(socialObservation(rng, person, refDay, nextId(), 'income-source', value));
  }
  return observations;
}
