// A demo patient's contacts with the practice: Encounters over the 460 days (15 months and more) before the
// reference date, so a 365-day counting period fits with room to spare, plus a few planned ones after it.
// How often: a yearly rate by age, plus two contacts a year per active chronic disease, times a personal
// log-normal multiplier (a heavy tail of frequent attenders with 30+ contacts). How: practice consults,
// telephone and e-consults, and home visits for the old and multimorbid; about 30% of the contacts of
// patients with nurse-managed diseases are with the POH. Recorded the ways real systems do, so every rule
// of the care-burden weighting is exercised: class + period, class + Encounter.length, class alone, our
// contact-type code in Encounter.type, cancelled and entered-in-error contacts, and contacts exactly on the
// edges of the counting period (365 days before, and on, the reference date).
import type { Coding, Encounter } from '@medplum/fhirtypes';
import { ExternalSystems, type TargetContactTypeCode, TargetContactTypeCodeSystem } from '@target/profiles';
import { amsterdamDateTime, weekday } from './calendar.ts';
import type { Morbidity } from './morbidity.ts';
import type { Person } from './people.ts';
import { between, frailty, pick, pickWeighted, poisson, type Rng } from './random.ts';
import type { Practice, StaffMember } from './staff.ts';
import { testMeta } from './test-data.ts';

/** Days before the reference date that contacts are spread over. */
export const CONTACT_WINDOW_DAYS = 460;

type Mode = 'consult' | 'visit' | 'phone' | 'e-consult';
const CLASS_OF: Record<Mode, Coding> = {
  consult: { system: ExternalSystems.ActCode, code: 'AMB', display: 'ambulatory' },
  visit: { system: ExternalSystems.ActCode, code: 'HH', display: 'home health' },
  phone: { system: ExternalSystems.ActCode, code: 'VR', display: 'virtual' },
  'e-consult': { system: ExternalSystems.ActCode, code: 'VR', display: 'virtual' },
};
const TELEPHONE: Coding = { system: ExternalSystems.SCT, code: '185317003', display: 'Telephone encounter' };

/** Contacts a year without chronic disease, by age band (Nivel: ~4–6 GP-practice contacts a year on average). */
function baseRate(person: Person): number {
  const age = person.age;
  if (age < 5) {
    return 4;
  }
  if (age < 18) {
    return 2;
  }
  if (age < 45) {
    return person.male ? 2.3 : 4;
  }
  return age < 65 ? 3.6 : age < 75 ? 5 : 6.5;
}

/** Whom the patient sees this time: usually their own GP, sometimes another GP or a practice nurse. */
function staffFor(rng: Rng, practice: Practice, person: Person, morbidity: Morbidity): StaffMember {
  const nurseManaged = morbidity.somaticNurse || morbidity.mentalNurse;
  const nurseChance = nurseManaged ? 0.38 : person.age >= 18 ? 0.03 : 0;
  if (rng() < nurseChance) {
    const mental = nurseManaged ? morbidity.mentalNurse && (!morbidity.somaticNurse || rng() < 0.5) : true;
    return pick(rng, mental ? practice.mentalHealthNurses : practice.nurses);
  }
  return rng() < 0.8 ? person.ownGp : pick(rng, practice.gps);
}

function modeFor(rng: Rng, person: Person, chronicCount: number, nurse: boolean): Mode {
  const old = person.age >= 85 ? 25 : person.age >= 75 ? 12 : person.age >= 18 ? 2.5 : 0.3;
  const visit = nurse ? (person.age >= 75 ? 4 : 0) : old + (chronicCount >= 3 ? 6 : 0);
  return pickWeighted(rng, [
    ['consult', nurse ? 65 : 56],
    ['phone', nurse ? 25 : 28],
    ['e-consult', nurse ? 6 : 8],
    ['visit', visit],
  ] as const);
}

/** Minutes the contact took. */
function lengthFor(rng: Rng, mode: Mode, person: Person, chronicCount: number, nurse: boolean): number {
  switch (mode) {
    case 'consult': {
      const r = rng();
      const [short, normal] = nurse ? [0.03, 0.4] : [0.08, 0.8];
      return r < short
        ? between(rng, 2, 4)
        : r < normal
          ? pick(rng, [5, 7, 8, 10, 10, 10, 12, 15, 15, 18])
          : between(rng, 20, 40);
    }
    case 'visit':
      return Math.min(45, between(rng, 10, 30) + (person.age >= 80 || chronicCount >= 3 ? between(rng, 5, 15) : 0));
    case 'phone':
      return between(rng, 3, 12);
    default:
      return between(rng, 3, 10);
  }
}

/** Our contact-type code for what happened, as a system that declares it explicitly would record it. */
function contactType(mode: Mode, minutes: number): TargetContactTypeCode {
  if (mode === 'consult') {
    return minutes < 5 ? 'consult-short' : minutes >= 20 ? 'consult-long' : 'consult';
  }
  if (mode === 'visit') {
    return minutes >= 20 ? 'visit-long' : 'visit';
  }
  return mode;
}

/** The day of each contact, oldest first; weekends move to the nearest working day (the practice is closed). */
function contactDays(rng: Rng, count: number, refDay: number): number[] {
  const days: number[] = [];
  for (let k = 0; k < count; k++) {
    let day = refDay - between(rng, 0, CONTACT_WINDOW_DAYS - 1);
    const dow = weekday(day);
    day += dow === 6 ? -1 : dow === 0 ? (day + 1 <= refDay ? 1 : -2) : 0;
    days.push(day);
  }
  // Edge cases of the 365-day counting period, for a few patients.
  if (count > 0 && rng() < 0.02) {
    days[0] = refDay - 365;
  }
  if (count > 1 && rng() < 0.02) {
    days[1] = refDay;
  }
  return days.sort((a, b) => a - b);
}

/** Generates the Encounters of one person; `nextId` numbers them. */
export function generateContacts(
  rng: Rng,
  person: Person,
  morbidity: Morbidity,
  practice: Practice,
  refDay: number,
  nextId: () => string,
): Encounter[] {
  const yearly = (baseRate(person) + 2 * morbidity.chronicCount) * frailty(rng, 0.6);
  const days = contactDays(rng, poisson(rng, (yearly * CONTACT_WINDOW_DAYS) / 365), refDay);
  const encounters: Encounter[] = [];
  for (const day of days) {
    encounters.push(encounter(rng, person, morbidity, practice, day, nextId()));
  }
  if (rng() < 0.01) {
    encounters.push(encounter(rng, person, morbidity, practice, refDay + between(rng, 1, 28), nextId(), true));
  }
  return encounters;
}

function encounter(
  rng: Rng,
  person: Person,
  morbidity: Morbidity,
  practice: Practice,
  day: number,
  id: string,
  planned = false,
): Encounter {
  const staff = staffFor(rng, practice, person, morbidity);
  const nurse = staff.role !== 'gp';
  const mode = modeFor(rng, person, morbidity.chronicCount, nurse);
  const minutes = lengthFor(rng, mode, person, morbidity.chronicCount, nurse);
  // Home visits after morning surgery; the rest during opening hours, on a five-minute grid.
  const startMinutes = mode === 'visit' ? 11 * 60 + between(rng, 0, 54) * 5 : 8 * 60 + between(rng, 0, 107) * 5;
  const r = rng();
  const status: Encounter['status'] = planned
    ? 'planned'
    : r < 0.02
      ? 'cancelled'
      : r < 0.025
        ? 'entered-in-error'
        : 'finished';
  const types = [];
  if (mode === 'phone') {
    types.push({ coding: [{ ...TELEPHONE }] });
  }
  if (rng() < 0.1) {
    const code = contactType(mode, minutes);
    types.push({
      coding: [{ system: TargetContactTypeCodeSystem.url, code, display: TargetContactTypeCodeSystem.codes[code] }],
    });
  }
  const encounter: Encounter = {
    resourceType: 'Encounter',
    id,
    meta: testMeta(),
    status,
    class: { ...CLASS_OF[mode] },
    subject: { reference: `Patient/${person.id}` },
    participant: [{ individual: { reference: `PractitionerRole/${staff.roleId}` } }],
    period: { start: amsterdamDateTime(day, startMinutes) },
    serviceProvider: { reference: `Organization/${practice.organizationId}` },
  };
  if (types.length > 0) {
    encounter.type = types;
  }
  // Most systems record the end time; some the duration; a few neither (the rules then use the class default).
  const how = rng();
  if (planned) {
    // A planned contact has not happened: no end, no length.
  } else if (how < 0.85) {
    encounter.period = { start: encounter.period?.start, end: amsterdamDateTime(day, startMinutes + minutes) };
  } else if (how < 0.95) {
    encounter.length = { value: minutes, unit: 'min', system: ExternalSystems.UCUM, code: 'min' };
  }
  return encounter;
}
