// The demo population's statistical shape on 5,000 patients: plausible for a Dutch GP practice and
// exercising every selection rule (DOMAIN.md "Selection"). Bands are wide: they catch a broken generator,
// not a tweak of a prevalence figure.
import type { Condition, Encounter, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { ExternalSystems, TargetChronicDiseaseCodeSystem } from '@target/profiles';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateDemo } from '../../../server/src/demo/generate.ts';

const REFERENCE_DATE = '2025-06-30';
const REF_MS = Date.parse(REFERENCE_DATE);
const DAY_MS = 86_400_000;
const CHRONIC_ICPC = new Set<string>(Object.values(TargetChronicDiseaseCodeSystem.properties.icpc).flat());

const patients: Patient[] = [];
const conditions: Condition[] = [];
const encounters: Encounter[] = [];
const observations: Observation[] = [];
const roleOf = new Map<string, string>();

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
function ageOf(p: Patient): number {
  return Math.floor((REF_MS - Date.parse(p.birthDate as string)) / (365.2425 * DAY_MS));
}
function daysBefore(dateTime: string): number {
  return Math.round((REF_MS - Date.parse(dateTime.slice(0, 10))) / DAY_MS);
}
const coding = (c: Condition) => c.code?.coding?.[0] ?? {};
const isIcpcChronic = (c: Condition) =>
  coding(c).system === ExternalSystems.ICPC && CHRONIC_ICPC.has((coding(c).code ?? '').slice(0, 3));
const isChronic = (c: Condition) => isIcpcChronic(c) || coding(c).system !== ExternalSystems.ICPC;
const counts = (c: Condition) =>
  c.clinicalStatus?.coding?.[0].code === 'active' && c.verificationStatus?.coding?.[0].code === 'confirmed';

beforeAll(() => {
  for (const r of generateDemo({
    patients: 5000,
    practices: 2,
    seed: 11,
    referenceDate: REFERENCE_DATE,
  }) as Iterable<Resource>) {
    if (r.resourceType === 'Patient') patients.push(r);
    else if (r.resourceType === 'Condition') conditions.push(r);
    else if (r.resourceType === 'Encounter') encounters.push(r);
    else if (r.resourceType === 'Observation') observations.push(r);
    else if (r.resourceType === 'PractitionerRole')
      roleOf.set(`PractitionerRole/${r.id}`, r.code?.[0].coding?.[0].code as string);
  }
});

describe('demo population shape (5,000 patients)', () => {
  test('has a Dutch GP age pyramid, shared household addresses and marital status for most adults', () => {
    const ages = patients.map(ageOf);
    expect(share(ages.filter((a) => a < 18).length, ages.length)).toBeGreaterThan(0.1);
    expect(share(ages.filter((a) => a >= 65).length, ages.length)).toBeGreaterThan(0.15);
    expect(share(ages.filter((a) => a >= 65).length, ages.length)).toBeLessThan(0.35);
    const addressCount = new Map<string, number>();
    for (const p of patients) {
      const key = `${p.address?.[0].line?.[0]}|${p.address?.[0].postalCode}`;
      addressCount.set(key, (addressCount.get(key) ?? 0) + 1);
    }
    const sharing = patients.filter(
      (p) => (addressCount.get(`${p.address?.[0].line?.[0]}|${p.address?.[0].postalCode}`) ?? 0) > 1,
    );
    expect(share(sharing.length, patients.length)).toBeGreaterThan(0.5);
    expect(patients.every((p) => /^\d{4} [A-Z]{2}$/.test(p.address?.[0].postalCode ?? ''))).toBe(true);
    const adults = patients.filter((p) => ageOf(p) >= 18);
    expect(share(adults.filter((p) => p.maritalStatus).length, adults.length)).toBeGreaterThan(0.8);
    expect(share(adults.filter((p) => p.maritalStatus).length, adults.length)).toBeLessThan(0.97);
    expect(patients.some((p) => p.generalPractitioner?.[0].reference?.startsWith('Practitioner/'))).toBe(true);
    expect(patients.every((p) => p.meta?.security?.[0].code === 'HTEST')).toBe(true);
  });

  test('has chronic diseases at plausible prevalence, multimorbidity rising with age', () => {
    const chronicOf = new Map<string, Set<string>>();
    for (const c of conditions.filter((c) => isChronic(c) && counts(c))) {
      const set = chronicOf.get(c.subject.reference as string) ?? new Set();
      set.add(c.code?.text as string);
      chronicOf.set(c.subject.reference as string, set);
    }
    const diabetes = new Set(
      conditions.filter((c) => c.code?.text === 'Diabetes mellitus').map((c) => c.subject.reference),
    );
    expect(share(diabetes.size, patients.length)).toBeGreaterThan(0.05);
    expect(share(diabetes.size, patients.length)).toBeLessThan(0.1);
    expect(share(chronicOf.size, patients.length)).toBeGreaterThan(0.25);
    expect(share(chronicOf.size, patients.length)).toBeLessThan(0.55);
    const multimorbid = (from: number, to: number) => {
      const group = patients.filter((p) => ageOf(p) >= from && ageOf(p) < to);
      return share(group.filter((p) => (chronicOf.get(`Patient/${p.id}`)?.size ?? 0) >= 2).length, group.length);
    };
    expect(multimorbid(18, 45)).toBeLessThan(multimorbid(45, 65));
    expect(multimorbid(45, 65)).toBeLessThan(multimorbid(75, 200));
    expect(multimorbid(75, 200)).toBeGreaterThan(0.3);
  });

  test('codes chronic conditions the ways real records do, with ~6% diagnosed in the last year', () => {
    const chronic = conditions.filter(isChronic);
    const foreign = chronic.filter((c) => coding(c).system !== ExternalSystems.ICPC);
    expect(share(foreign.length, chronic.length)).toBeGreaterThan(0.025);
    expect(share(foreign.length, chronic.length)).toBeLessThan(0.08);
    expect(foreign.some((c) => coding(c).system === ExternalSystems.SCT)).toBe(true);
    expect(foreign.some((c) => coding(c).system === ExternalSystems.ICD10 && coding(c).code?.includes('.'))).toBe(true);
    expect(chronic.some((c) => coding(c).code === 'T90.02')).toBe(true);
    expect(conditions.some((c) => coding(c).code === 'K86')).toBe(true);
    const recent = chronic.filter((c) => daysBefore(c.onsetDateTime ?? (c.recordedDate as string)) < 365);
    expect(share(recent.length, chronic.length)).toBeGreaterThan(0.04);
    expect(share(recent.length, chronic.length)).toBeLessThan(0.1);
    expect(chronic.some((c) => !c.onsetDateTime && c.recordedDate)).toBe(true);
    const verification = new Set(chronic.map((c) => c.verificationStatus?.coding?.[0].code));
    expect(verification).toEqual(new Set(['confirmed', 'provisional', 'refuted', 'entered-in-error', 'unconfirmed']));
    const clinical = chronic.map((c) => c.clinicalStatus?.coding?.[0].code);
    expect(share(clinical.filter((s) => s === 'active').length, chronic.length)).toBeGreaterThan(0.85);
    expect(clinical).toContain('resolved');
  });

  test('records contacts of every type, ~30% with the POH for the chronically ill, a heavy tail and window edges', () => {
    const kinds = new Set(
      encounters.map(
        (e) => `${e.class.code}${e.type?.some((t) => t.coding?.[0].code === '185317003') ? '+phone' : ''}`,
      ),
    );
    expect(kinds).toEqual(new Set(['AMB', 'HH', 'VR', 'VR+phone']));
    const explicit = encounters.filter((e) =>
      e.type?.some((t) => t.coding?.[0].system?.endsWith('target-contact-type')),
    );
    expect(share(explicit.length, encounters.length)).toBeGreaterThan(0.07);
    expect(share(explicit.length, encounters.length)).toBeLessThan(0.13);
    expect(new Set(explicit.flatMap((e) => e.type?.map((t) => t.coding?.[0].code)))).toEqual(
      new Set(['consult-short', 'consult', 'consult-long', 'visit', 'visit-long', 'phone', 'e-consult', '185317003']),
    );
    expect(encounters.some((e) => e.length?.code === 'min' && !e.period?.end)).toBe(true);
    expect(encounters.some((e) => !e.length && !e.period?.end && e.status === 'finished')).toBe(true);
    expect(encounters.every((e) => /T\d{2}:\d{2}:00\+0[12]:00$/.test(e.period?.start ?? ''))).toBe(true);

    const chronicPatients = new Set(
      conditions.filter((c) => isChronic(c) && counts(c)).map((c) => c.subject.reference),
    );
    const ofChronic = encounters.filter((e) => chronicPatients.has(e.subject?.reference));
    const withNurse = ofChronic.filter((e) => roleOf.get(e.participant?.[0].individual?.reference as string) !== 'gp');
    expect(share(withNurse.length, ofChronic.length)).toBeGreaterThan(0.2);
    expect(share(withNurse.length, ofChronic.length)).toBeLessThan(0.4);

    const status = (s: string) => share(encounters.filter((e) => e.status === s).length, encounters.length);
    expect(status('cancelled')).toBeGreaterThan(0.01);
    expect(status('cancelled')).toBeLessThan(0.03);
    expect(status('entered-in-error')).toBeGreaterThan(0);
    expect(encounters.some((e) => e.status === 'planned' && daysBefore(e.period?.start as string) < 0)).toBe(true);

    expect(Math.min(...encounters.map((e) => daysBefore(e.period?.start as string)).filter((d) => d >= 0))).toBe(0);
    expect(Math.max(...encounters.map((e) => daysBefore(e.period?.start as string)))).toBeGreaterThanOrEqual(15 * 30);
    expect(encounters.some((e) => daysBefore(e.period?.start as string) === 365)).toBe(true);
    const lastYear = new Map<string, number>();
    for (const e of encounters.filter((e) => e.status === 'finished' && daysBefore(e.period?.start as string) < 365)) {
      lastYear.set(e.subject?.reference as string, (lastYear.get(e.subject?.reference as string) ?? 0) + 1);
    }
    const heavy = [...lastYear.values()].filter((n) => n >= 30).length;
    expect(heavy).toBeGreaterThan(0);
    expect(share(heavy, patients.length)).toBeLessThan(0.02);
  });

  test('leaves household and income source out for some adults, and retires most from 67', () => {
    const adults = patients.filter((p) => ageOf(p) >= 18);
    const having = (code: string) =>
      new Set(observations.filter((o) => o.code.coding?.[0].code === code).map((o) => o.subject?.reference));
    const household = having('household');
    const income = having('income-source');
    const missing = (set: Set<string | undefined>) =>
      share(adults.filter((p) => !set.has(`Patient/${p.id}`)).length, adults.length);
    expect(missing(household)).toBeGreaterThan(0.1);
    expect(missing(household)).toBeLessThan(0.2);
    expect(missing(income)).toBeGreaterThan(0.15);
    expect(missing(income)).toBeLessThan(0.25);
    const values = (code: string) =>
      new Set(
        observations
          .filter((o) => o.code.coding?.[0].code === code)
          .map((o) => o.valueCodeableConcept?.coding?.[0].code),
      );
    expect(values('household')).toEqual(new Set(['alone', 'with-partner', 'with-family']));
    expect(values('income-source')).toEqual(new Set(['employed', 'benefit', 'retired']));
    const ageById = new Map(patients.map((p) => [`Patient/${p.id}`, ageOf(p)]));
    const retiredOld = observations.filter(
      (o) => o.code.coding?.[0].code === 'income-source' && (ageById.get(o.subject?.reference as string) ?? 0) >= 67,
    );
    const retired = retiredOld.filter((o) => o.valueCodeableConcept?.coding?.[0].code === 'retired');
    expect(share(retired.length, retiredOld.length)).toBeGreaterThan(0.9);
  });
});
