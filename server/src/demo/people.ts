// The people of a demo practice, made household by household so that couples and families share an
// address and a household position the subgroup rules can find: single people, couples, and families
// (one or two parents with children, sometimes adult children still at home). Heads of household follow
// the adult age pyramid of Drenthe (older than the Dutch average); household type depends on the head's
// age as in CBS household statistics (young singles, families at 35–49, couples and widows at 65+).
import type { CodeableConcept, Patient, Reference } from '@medplum/fhirtypes';
import type { TargetHouseholdCode } from '@target/profiles';
import { buildPatient } from '@target/profiles';
import { isoDay, yearOf } from './calendar.ts';
import { between, normal, pick, pickWeighted, type Rng } from './random.ts';
import type { Practice, StaffMember } from './staff.ts';
import { testData } from './test-data.ts';
import { DEMO_STREETS, DRENTHE_PLACES, familyName, givenName, postcode, testBsn } from './vocabulary.ts';

/** One demo patient as the later generators need them: who, how old, how they live. */
export interface Person {
  readonly index: number;
  readonly id: string;
  readonly male: boolean;
  readonly birthDay: number;
  /** Whole years at the reference date. */
  readonly age: number;
  readonly household: TargetHouseholdCode;
  /** The GP who sees this patient most. */
  readonly ownGp: StaffMember;
}

interface Member {
  readonly male: boolean;
  readonly age: number;
  readonly family: string;
  readonly household: TargetHouseholdCode;
  readonly marital: MaritalCode | undefined;
}

/** Where a household lives; each member gets their own copy as a FHIR Address. */
interface HomeAddress {
  readonly line: string;
  readonly postalCode: string;
  readonly city: string;
}

type MaritalCode = 'M' | 'T' | 'U' | 'S' | 'D' | 'W';
const MARITAL_DISPLAY: Record<MaritalCode, string> = {
  M: 'Married',
  T: 'Domestic partner',
  U: 'unmarried',
  S: 'Never Married',
  D: 'Divorced',
  W: 'Widowed',
};
const MARITAL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus';

/** Heads of household by age band [from, to, weight]. */
const HEAD_AGES: readonly (readonly [[number, number], number])[] = [
  [[18, 24], 4],
  [[25, 29], 5.5],
  [[30, 34], 6.5],
  [[35, 39], 7],
  [[40, 44], 7],
  [[45, 49], 7.5],
  [[50, 54], 8.5],
  [[55, 59], 9],
  [[60, 64], 9],
  [[65, 69], 8.5],
  [[70, 74], 8],
  [[75, 79], 6.5],
  [[80, 84], 4.5],
  [[85, 89], 2.8],
  [[90, 94], 1.2],
  [[95, 99], 0.3],
];

type Kind = 'single' | 'couple' | 'family';
function householdKind(rng: Rng, age: number): Kind {
  const [single, couple] =
    age < 25
      ? [0.6, 0.25]
      : age < 35
        ? [0.3, 0.3]
        : age < 50
          ? [0.2, 0.12]
          : age < 65
            ? [0.24, 0.46]
            : age < 80
              ? [0.32, 0.66]
              : [0.6, 0.4];
  const r = rng();
  return r < single ? 'single' : r < single + couple ? 'couple' : 'family';
}

function singleMarital(rng: Rng, age: number): MaritalCode {
  if (age < 40) {
    return rng() < 0.85 ? 'S' : 'D';
  }
  if (age < 70) {
    return pickWeighted(rng, [
      ['S', 35],
      ['D', 50],
      ['W', 15],
    ] as const);
  }
  return pickWeighted(rng, [
    ['W', 65],
    ['D', 15],
    ['S', 20],
  ] as const);
}

/** About one adult in ten has no marital status recorded. */
function recorded(rng: Rng, code: MaritalCode): MaritalCode | undefined {
  return rng() < 0.1 ? undefined : code;
}

/** The members of one household, head first. */
function householdMembers(rng: Rng): Member[] {
  const [from, to] = pickWeighted(rng, HEAD_AGES);
  const age = between(rng, from, to);
  const headMale = rng() < 0.5;
  const family = familyName(rng);
  const kind = householdKind(rng, age);
  if (kind === 'single') {
    return [{ male: headMale, age, family, household: 'alone', marital: recorded(rng, singleMarital(rng, age)) }];
  }
  const singleParent = kind === 'family' && rng() < 0.18;
  const household: TargetHouseholdCode = kind === 'couple' ? 'with-partner' : 'with-family';
  const marital: MaritalCode = singleParent
    ? rng() < 0.55
      ? 'D'
      : 'S'
    : pickWeighted(rng, [
        ['M', 75],
        ['T', 10],
        ['U', 15],
      ] as const);
  const members: Member[] = [{ male: headMale, age, family, household, marital: recorded(rng, marital) }];
  if (!singleParent) {
    const partnerAge = Math.max(18, Math.round(age + normal(rng) * 3 + (headMale ? -2 : 2)));
    const partnerMale = rng() < 0.03 ? headMale : !headMale;
    members.push({
      male: partnerMale,
      age: partnerAge,
      family: familyName(rng),
      household,
      marital: recorded(rng, marital),
    });
  }
  if (kind === 'family') {
    const children = pickWeighted(rng, [
      [1, 38],
      [2, 44],
      [3, 14],
      [4, 4],
    ] as const);
    let childAge = age - between(rng, 26, 36);
    if (childAge > 27) {
      // Older parents' children mostly left home; the ones still living there are young adults.
      childAge = between(rng, 18, 27);
    }
    for (let c = 0; c < children && childAge >= 0; c++) {
      members.push({
        male: rng() < 0.51,
        age: childAge,
        family,
        household,
        marital: childAge >= 18 ? recorded(rng, 'S') : undefined,
      });
      childAge -= between(rng, 1, 4);
    }
  }
  return members;
}

/**
 * Streams the people of one practice. Each household lives at one address, mostly in the practice's own
 * place; the last household is cut off when the practice is full.
 */
export class PeopleSource {
  private readonly queue: { member: Member; address: HomeAddress }[] = [];
  private readonly rng: Rng;
  private readonly practice: Practice;
  private readonly refDay: number;

  constructor(rng: Rng, practice: Practice, refDay: number) {
    this.rng = rng;
    this.practice = practice;
    this.refDay = refDay;
  }

  /** The next patient: the Patient resource and what the other generators need to know about them. */
  next(index: number, id: string): { person: Person; patient: Patient } {
    if (this.queue.length === 0) {
      this.fillHousehold();
    }
    const { member, address } = this.queue.shift() as { member: Member; address: HomeAddress };
    const rng = this.rng;
    const birthDay = this.refDay - Math.floor(member.age * 365.2425) - between(rng, 1, 364);
    const ownGp = this.practice.gps[index % this.practice.gps.length];
    const given = givenName(rng, member.male, yearOf(birthDay));
    // Most patients are registered with the practice; some lists name the GP personally.
    const generalPractitioner: Reference =
      rng() < 0.25
        ? { reference: `Practitioner/${ownGp.practitionerId}` }
        : { reference: `Organization/${this.practice.organizationId}` };
    const patient = testData(
      buildPatient({
        id,
        bsn: testBsn(index),
        names: [{ use: 'official', text: `${given} ${member.family}`, family: member.family, given: [given] }],
        gender: member.male ? 'male' : 'female',
        birthDate: isoDay(birthDay),
        maritalStatus: member.marital && maritalStatus(member.marital),
        addresses: [
          { use: 'home', line: [address.line], postalCode: address.postalCode, city: address.city, country: 'NL' },
        ],
        generalPractitioners: [generalPractitioner],
        practice: { reference: `Organization/${this.practice.organizationId}` },
      } as Parameters<typeof buildPatient>[0]) as Patient,
    );
    const person: Person = {
      index,
      id,
      male: member.male,
      birthDay,
      age: member.age,
      household: member.household,
      ownGp,
    };
    return { person, patient };
  }

  private fillHousehold(): void {
    const rng = this.rng;
    const place = rng() < 0.85 ? this.practice.place : pick(rng, DRENTHE_PLACES);
    const address: HomeAddress = {
      line: `${pick(rng, DEMO_STREETS)} ${between(rng, 1, 250)}`,
      postalCode: postcode(rng, place),
      city: place.city,
    };
    for (const member of householdMembers(rng)) {
      this.queue.push({ member, address });
    }
  }
}

function maritalStatus(code: MaritalCode): CodeableConcept {
  return { coding: [{ system: MARITAL_SYSTEM, code, display: MARITAL_DISPLAY[code] }] };
}
