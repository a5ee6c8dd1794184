// Contacts and findings: encounters (consult, home visit, video), episodes of care, ICPC-coded
// conditions and observations (vital signs, lab values, smoking status).
import type {
  CodeableConcept,
  Condition,
  Encounter,
  EpisodeOfCare,
  Observation,
  ObservationComponent,
  Patient,
  Quantity,
} from '@medplum/fhirtypes';
import type { Rng } from './random.ts';
import { isoDate, localDateTime, officeMinutes, pad, randomDay } from './random.ts';
import { ref, SYSTEM } from './systems.ts';

export interface Clinical {
  readonly encounters: Encounter[];
  readonly episodes: EpisodeOfCare[];
  readonly conditions: Condition[];
  readonly observations: Observation[];
}

/** ICPC-1-NL codes of a Dutch GP problem list, with their weight and (for some) the ICD-10 code. */
export const ICPC: readonly (readonly [code: string, display: string, weight: number, icd10?: string])[] = [
  ['T90', 'Diabetes mellitus', 14, 'E11'],
  ['K86', 'Hypertensie zonder orgaanbeschadiging', 16, 'I10'],
  ['R95', 'COPD', 7, 'J44'],
  ['R96', 'Astma', 6],
  ['P76', 'Depressie', 6],
  ['P74', 'Angststoornis', 4],
  ['K77', 'Decompensatio cordis', 3],
  ['K74', 'Angina pectoris', 3],
  ['K78', 'Atriumfibrilleren', 4],
  ['K90', 'Cerebrovasculair accident', 2],
  ['L89', 'Artrose heup', 4],
  ['L03', 'Lage rugpijn', 6],
  ['T82', 'Obesitas', 5],
  ['R74', 'Acute infectie bovenste luchtwegen', 6],
  ['S88', 'Contacteczeem', 3],
  ['U99', 'Chronische nierschade', 3],
];

const pick = (rng: Rng, items: readonly string[]): string => rng.pick(items);
const practitionerId = (rng: Rng, count: number): string => `prac-${pad(rng.int(1, count), 4)}`;

function encounters(rng: Rng, patients: Patient[], practitionerCount: number, count: number): Encounter[] {
  const result: Encounter[] = [];
  for (let i = 1; i <= count; i++) {
    const patient = rng.pick(patients);
    const classCode = rng.weighted([
      ['AMB', 70],
      ['HH', 15],
      ['VR', 15],
    ]);
    const status = rng.weighted<Encounter['status']>([
      ['finished', 85],
      ['cancelled', 7],
      ['entered-in-error', 3],
      ['in-progress', 3],
      ['planned', 2],
    ]);
    const day =
      status === 'planned' ? randomDay(rng, '2025-07-01', '2025-09-30') : randomDay(rng, '2019-01-01', '2025-06-27');
    const start = officeMinutes(rng);
    const minutes = classCode === 'HH' ? rng.int(4, 12) * 5 : rng.int(2, 6) * 5;
    const period =
      status === 'in-progress' || status === 'planned'
        ? { start: localDateTime(day, start) }
        : { start: localDateTime(day, start), end: localDateTime(day, start + minutes) };
    const type: Record<string, [string, string]> = {
      AMB: ['11429006', 'Consultation'],
      HH: ['439708006', 'Home visit'],
      VR: ['185317003', 'Telephone encounter'],
    };
    const encounter: Encounter = {
      resourceType: 'Encounter',
      id: `enc-${pad(i, 4)}`,
      status,
      class: { system: SYSTEM.actCode, code: classCode },
      ...(i % 11 === 4 ? {} : { type: [{ coding: [{ system: SYSTEM.snomed, code: type[classCode][0] }] }] }),
      subject: ref('Patient', patient.id as string),
      ...(i % 20 === 9
        ? {}
        : {
            participant: [
              {
                type: [{ coding: [{ system: SYSTEM.participationType, code: 'PPRF' }] }],
                individual: ref('Practitioner', practitionerId(rng, practitionerCount)),
              },
              ...(i % 7 === 3 ? [{ individual: ref('PractitionerRole', `role-${pad(rng.int(1, 10), 4)}`) }] : []),
            ],
          }),
      period,
      ...(i % 9 === 8 ? {} : { serviceProvider: patient.managingOrganization }),
    };
    result.push(encounter);
  }
  return result;
}

function conditions(rng: Rng, patients: Patient[], encs: Encounter[], practitionerCount: number, count: number) {
  const result: Condition[] = [];
  const weighted = ICPC.map((row) => [row, row[2]] as const);
  for (let i = 1; i <= count; i++) {
    const [code, display, , icd10] = rng.weighted(weighted);
    const diagnosis = rng.chance(0.3);
    const encounter = diagnosis ? rng.pick(encs) : undefined;
    const subject = encounter
      ? (encounter.subject as { reference: string })
      : ref('Patient', rng.pick(patients).id as string);
    const verification = rng.weighted([
      ['confirmed', 80],
      ['provisional', 8],
      ['unconfirmed', 5],
      ['entered-in-error', 3],
      [undefined, 4],
    ]);
    const clinical =
      verification === 'entered-in-error'
        ? undefined
        : rng.weighted([
            ['active', 60],
            ['resolved', 20],
            ['inactive', 8],
            ['remission', 6],
            ['recurrence', 6],
          ]);
    const onsetDay = randomDay(rng, '2005-01-01', '2025-06-01');
    const onsetKind = rng.weighted([
      ['dateTime', 50],
      ['date', 30],
      ['month', 10],
      [undefined, 10],
    ]);
    const onset =
      onsetKind === 'dateTime'
        ? { onsetDateTime: localDateTime(onsetDay, officeMinutes(rng)) }
        : onsetKind === 'date'
          ? { onsetDateTime: isoDate(onsetDay) }
          : onsetKind === 'month'
            ? { onsetDateTime: isoDate(onsetDay).slice(0, 7) }
            : {};
    const abated = clinical === 'resolved' || (clinical === 'remission' && rng.chance(0.5));
    const codeConcept: CodeableConcept = {
      coding: [
        { system: SYSTEM.icpc, code, display },
        ...(icd10 && i % 3 === 0 ? [{ system: SYSTEM.icd10, code: icd10 }] : []),
      ],
    };
    const condition: Condition = {
      resourceType: 'Condition',
      id: `cond-${pad(i, 4)}`,
      ...(clinical ? { clinicalStatus: { coding: [{ system: SYSTEM.conditionClinical, code: clinical }] } } : {}),
      ...(verification
        ? { verificationStatus: { coding: [{ system: SYSTEM.conditionVerification, code: verification }] } }
        : {}),
      ...(i % 25 === 12
        ? {}
        : {
            category: [
              {
                coding: [
                  { system: SYSTEM.conditionCategory, code: diagnosis ? 'encounter-diagnosis' : 'problem-list-item' },
                ],
              },
            ],
          }),
      code: codeConcept,
      subject,
      ...(encounter ? { encounter: ref('Encounter', encounter.id as string) } : {}),
      ...onset,
      ...(abated
        ? {
            abatementDateTime: isoDate(
              Math.min(onsetDay + rng.int(10, 900), randomDay(rng, '2025-06-02', '2025-06-28')),
            ),
          }
        : {}),
      ...(i % 20 === 5 ? {} : { recordedDate: localDateTime(onsetDay + rng.int(0, 30), officeMinutes(rng)) }),
      ...(rng.chance(0.8) ? { asserter: ref('Practitioner', practitionerId(rng, practitionerCount)) } : {}),
    };
    result.push(condition);
  }
  return result;
}

interface ObservationKind {
  readonly code: string;
  readonly display: string;
  readonly category: 'vital-signs' | 'laboratory' | 'social-history';
  readonly unit?: string;
  readonly range?: readonly [number, number, number];
}

export const OBSERVATION_KINDS: readonly (readonly [ObservationKind, number])[] = [
  [{ code: '85354-9', display: 'Blood pressure panel', category: 'vital-signs' }, 16],
  [{ code: '29463-7', display: 'Body weight', category: 'vital-signs', unit: 'kg', range: [45, 140, 1] }, 12],
  [{ code: '8302-2', display: 'Body height', category: 'vital-signs', unit: 'cm', range: [150, 200, 0] }, 4],
  [{ code: '39156-5', display: 'Body mass index', category: 'vital-signs', unit: 'kg/m2', range: [18, 42, 1] }, 6],
  [{ code: '8867-4', display: 'Heart rate', category: 'vital-signs', unit: '/min', range: [48, 120, 0] }, 6],
  [{ code: '59261-8', display: 'HbA1c IFCC', category: 'laboratory', unit: 'mmol/mol', range: [35, 110, 0] }, 10],
  [{ code: '15074-8', display: 'Glucose', category: 'laboratory', unit: 'mmol/L', range: [4, 15, 1] }, 8],
  [{ code: '2093-3', display: 'Cholesterol', category: 'laboratory', unit: 'mmol/L', range: [3, 8, 1] }, 6],
  [{ code: '62238-1', display: 'eGFR', category: 'laboratory', unit: 'mL/min/{1.73_m2}', range: [15, 110, 0] }, 6],
  [{ code: '2160-0', display: 'Creatinine', category: 'laboratory', unit: 'umol/L', range: [50, 250, 0] }, 6],
  [{ code: '2889-4', display: 'Protein 24 hour urine', category: 'laboratory', unit: 'g/(24.h)', range: [0, 4, 2] }, 3],
  [{ code: '72166-2', display: 'Tobacco smoking status', category: 'social-history' }, 6],
];

export const SMOKING: readonly (readonly [string, string])[] = [
  ['266919005', 'Never smoked tobacco'],
  ['8517006', 'Ex-smoker'],
  ['77176002', 'Smoker'],
];

function quantity(value: number, unit: string): Quantity {
  return { value, unit, system: SYSTEM.ucum, code: unit };
}

function observations(rng: Rng, patients: Patient[], encs: Encounter[], practitionerCount: number, count: number) {
  const result: Observation[] = [];
  for (let i = 1; i <= count; i++) {
    const kind = rng.weighted(OBSERVATION_KINDS);
    const encounter = rng.chance(0.5) ? rng.pick(encs) : undefined;
    const subject = encounter
      ? (encounter.subject as { reference: string })
      : ref('Patient', rng.pick(patients).id as string);
    const status = rng.weighted<Observation['status']>([
      ['final', 90],
      ['amended', 4],
      ['preliminary', 3],
      ['entered-in-error', 2],
      ['cancelled', 1],
    ]);
    const day = randomDay(rng, '2019-01-01', '2025-06-27');
    const minutes = officeMinutes(rng);
    const effective =
      kind.code === '2889-4'
        ? { effectivePeriod: { start: localDateTime(day, 7 * 60), end: localDateTime(day + 1, 7 * 60) } }
        : i % 50 === 17
          ? {}
          : { effectiveDateTime: localDateTime(day, minutes) };
    const absent = status === 'cancelled' || (kind.category === 'laboratory' && rng.chance(0.04));
    const value: Partial<Observation> = {};
    let component: ObservationComponent[] | undefined;
    if (absent) {
      value.dataAbsentReason = {
        coding: [{ system: SYSTEM.dataAbsentReason, code: status === 'cancelled' ? 'not-performed' : 'error' }],
      };
    } else if (kind.code === '85354-9') {
      const systolic = rng.int(95, 190);
      component = [
        { code: { coding: [{ system: SYSTEM.loinc, code: '8480-6' }] }, valueQuantity: quantity(systolic, 'mm[Hg]') },
        {
          code: { coding: [{ system: SYSTEM.loinc, code: '8462-4' }] },
          valueQuantity: quantity(Math.min(systolic - 20, rng.int(55, 110)), 'mm[Hg]'),
        },
      ];
    } else if (kind.code === '72166-2') {
      const [code, display] = rng.pick(SMOKING);
      value.valueCodeableConcept = { coding: [{ system: SYSTEM.snomed, code, display }] };
    } else if (kind.range && kind.unit) {
      const [min, max, decimals] = kind.range;
      value.valueQuantity = quantity(rng.decimal(min, max, decimals), kind.unit);
      if (kind.category === 'laboratory' && rng.chance(0.5)) {
        value.interpretation = [{ coding: [{ system: SYSTEM.interpretation, code: pick(rng, ['N', 'N', 'H', 'L']) }] }];
      }
    }
    result.push({
      resourceType: 'Observation',
      id: `obs-${pad(i, 4)}`,
      status,
      category: [{ coding: [{ system: SYSTEM.observationCategory, code: kind.category }] }],
      code: { coding: [{ system: SYSTEM.loinc, code: kind.code, display: kind.display }] },
      subject,
      ...(encounter ? { encounter: ref('Encounter', encounter.id as string) } : {}),
      ...effective,
      ...(rng.chance(0.7) ? { performer: [ref('Practitioner', practitionerId(rng, practitionerCount))] } : {}),
      ...value,
      ...(component ? { component } : {}),
    });
  }
  return result;
}

function episodes(rng: Rng, conds: Condition[], practitionerCount: number, count: number): EpisodeOfCare[] {
  const chronic = conds.filter((c) => ['T90', 'K86', 'R95', 'K77'].includes(c.code?.coding?.[0]?.code as string));
  const typeOf: Record<string, string> = { T90: 'diab', K86: 'hacc', R95: 'pac', K77: 'cacp' };
  const result: EpisodeOfCare[] = [];
  for (let i = 1; i <= count && i <= chronic.length; i++) {
    const condition = chronic[i - 1];
    const status = rng.weighted<EpisodeOfCare['status']>([
      ['active', 70],
      ['finished', 20],
      ['waitlist', 5],
      ['cancelled', 5],
    ]);
    const start = randomDay(rng, '2015-01-01', '2025-01-01');
    result.push({
      resourceType: 'EpisodeOfCare',
      id: `eoc-${pad(i, 4)}`,
      status,
      type: [{ coding: [{ system: SYSTEM.episodeType, code: typeOf[condition.code?.coding?.[0]?.code as string] }] }],
      diagnosis: [{ condition: ref('Condition', condition.id as string), rank: 1 }],
      patient: { reference: condition.subject.reference as string },
      managingOrganization: ref('Organization', 'org-0001'),
      period:
        status === 'finished'
          ? { start: isoDate(start), end: isoDate(start + rng.int(30, 1500)) }
          : { start: isoDate(start) },
      ...(i % 6 === 1 ? {} : { careManager: ref('Practitioner', practitionerId(rng, practitionerCount)) }),
    });
  }
  return result;
}

export function generateClinical(
  rng: Rng,
  patients: Patient[],
  practitionerCount: number,
  sizes: { encounters: number; conditions: number; observations: number; episodes: number },
): Clinical {
  const encs = encounters(rng, patients, practitionerCount, sizes.encounters);
  const conds = conditions(rng, patients, encs, practitionerCount, sizes.conditions);
  const obs = observations(rng, patients, encs, practitionerCount, sizes.observations);
  const eocs = episodes(rng, conds, practitionerCount, sizes.episodes);
  // Back links: the encounter names its diagnoses and the episode it belongs to.
  const byId = new Map(encs.map((e) => [e.id, e]));
  for (const condition of conds) {
    const encounter = condition.encounter && byId.get(condition.encounter.reference?.split('/')[1]);
    if (encounter && condition.verificationStatus?.coding?.[0]?.code === 'confirmed') {
      encounter.diagnosis = [...(encounter.diagnosis ?? []), { condition: ref('Condition', condition.id as string) }];
    }
  }
  const episodeOf = new Map(eocs.map((e) => [e.patient.reference, e]));
  for (const encounter of encs) {
    const episode = episodeOf.get(encounter.subject?.reference as string);
    if (episode && encounter.class.code === 'AMB' && Number(encounter.id?.slice(4)) % 3 === 0) {
      encounter.episodeOfCare = [ref('EpisodeOfCare', episode.id as string)];
    }
  }
  return { encounters: encs, episodes: eocs, conditions: conds, observations: obs };
}
