// Deterministic synthetic data for the FHIR benchmark: a Dutch GP-practice population. The same size and
// seed always give the same resources in the same order, so the PostgreSQL store and MemoryRepository
// are loaded with identical data and the benchmark can pick existing ids and search values by index
// without keeping anything in memory.
//
// Mix (of N resources): ~0.3% Organizations (one practice per 2,500 patients) and Practitioners (six per
// practice), then 10% Patients, 47% Encounters, 11% Conditions, 32% Observations. Encounters, Conditions
// and Observations are spread over patients with a skewed (exponential) weight, so a few patients have
// many contacts and many have few, as in a real practice. Every resource is valid FHIR R4.
import type {
  Coding,
  Condition,
  Encounter,
  Observation,
  Organization,
  Patient,
  Practitioner,
  Resource,
} from '@medplum/fhirtypes';
import { createRng, pick, pickWeighted, resourceId } from '../../server/src/demo/random.ts';
import { CITIES, familyName, givenName, patientBsn, STREETS } from '../../server/src/demo/vocabulary.ts';

// The shared pieces live with the demo generator; re-exported for fhir.bench.ts.
export { createRng, resourceId } from '../../server/src/demo/random.ts';
export { COMMON_FAMILY_NAMES, patientBsn } from '../../server/src/demo/vocabulary.ts';

export const BSN_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/bsn';
export const AGB_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/agb-z';
export const ICPC_SYSTEM = 'http://hl7.org/fhir/sid/icpc-1-nl';
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';

/** The newest date in the data set; every date lies in the ten years before it. */
const END_MS = Date.UTC(2025, 5, 30);
const START_MS = Date.UTC(2015, 6, 1);
const DAY_MS = 86_400_000;

// ------------------------------------------------------------------------------------------ vocabulary

/** ICPC-1-NL episode codes as seen on a GP problem list, with rough relative frequencies. */
const CONDITIONS: readonly (readonly [Coding, number])[] = [
  [{ system: ICPC_SYSTEM, code: 'K86', display: 'Hypertensie zonder orgaanbeschadiging' }, 20],
  [{ system: ICPC_SYSTEM, code: 'T90', display: 'Diabetes mellitus' }, 12],
  [{ system: ICPC_SYSTEM, code: 'T93', display: 'Vetstofwisselingsstoornis' }, 9],
  [{ system: ICPC_SYSTEM, code: 'R96', display: 'Astma' }, 7],
  [{ system: ICPC_SYSTEM, code: 'R95', display: 'COPD' }, 5],
  [{ system: ICPC_SYSTEM, code: 'P76', display: 'Depressie' }, 6],
  [{ system: ICPC_SYSTEM, code: 'P74', display: 'Angststoornis' }, 4],
  [{ system: ICPC_SYSTEM, code: 'K78', display: 'Atriumfibrilleren/-fladderen' }, 4],
  [{ system: ICPC_SYSTEM, code: 'K77', display: 'Decompensatio cordis' }, 3],
  [{ system: ICPC_SYSTEM, code: 'L90', display: 'Artrose knie' }, 5],
  [{ system: ICPC_SYSTEM, code: 'L89', display: 'Artrose heup' }, 3],
  [{ system: ICPC_SYSTEM, code: 'L03', display: 'Lage rugpijn' }, 8],
  [{ system: ICPC_SYSTEM, code: 'N89', display: 'Migraine' }, 3],
  [{ system: ICPC_SYSTEM, code: 'U71', display: 'Cystitis/urineweginfectie' }, 6],
  [{ system: ICPC_SYSTEM, code: 'K90', display: 'Cerebrovasculair accident' }, 2],
  [{ system: ICPC_SYSTEM, code: 'P70', display: 'Dementie' }, 3],
];

const CONTACT_TYPES: readonly (readonly [{ cls: string; type: Coding }, number])[] = [
  [{ cls: 'AMB', type: { system: SNOMED, code: '11429006', display: 'Consultation' } }, 60],
  [{ cls: 'VR', type: { system: SNOMED, code: '185317003', display: 'Telephone encounter' } }, 25],
  [{ cls: 'HH', type: { system: SNOMED, code: '439708006', display: 'Home visit' } }, 7],
  [{ cls: 'AMB', type: { system: SNOMED, code: '185349003', display: 'Encounter for check up' } }, 8],
];
const ACT_CODE_DISPLAY: Record<string, string> = { AMB: 'ambulatory', VR: 'virtual', HH: 'home health' };

interface Measurement {
  readonly code: Coding;
  readonly category: 'vital-signs' | 'laboratory';
  readonly unit: string;
  readonly ucum: string;
  readonly mean: number;
  readonly sd: number;
  readonly decimals: number;
  readonly weight: number;
}

const MEASUREMENTS: readonly Measurement[] = [
  {
    code: { system: LOINC, code: '8480-6', display: 'Systolic blood pressure' },
    category: 'vital-signs',
    unit: 'mmHg',
    ucum: 'mm[Hg]',
    mean: 135,
    sd: 18,
    decimals: 0,
    weight: 25,
  },
  {
    code: { system: LOINC, code: '8462-4', display: 'Diastolic blood pressure' },
    category: 'vital-signs',
    unit: 'mmHg',
    ucum: 'mm[Hg]',
    mean: 82,
    sd: 10,
    decimals: 0,
    weight: 20,
  },
  {
    code: { system: LOINC, code: '29463-7', display: 'Body weight' },
    category: 'vital-signs',
    unit: 'kg',
    ucum: 'kg',
    mean: 82,
    sd: 15,
    decimals: 1,
    weight: 15,
  },
  {
    code: { system: LOINC, code: '39156-5', display: 'Body mass index (BMI) [Ratio]' },
    category: 'vital-signs',
    unit: 'kg/m2',
    ucum: 'kg/m2',
    mean: 27,
    sd: 4.5,
    decimals: 1,
    weight: 8,
  },
  {
    code: { system: LOINC, code: '59261-8', display: 'Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol' },
    category: 'laboratory',
    unit: 'mmol/mol',
    ucum: 'mmol/mol',
    mean: 52,
    sd: 10,
    decimals: 0,
    weight: 10,
  },
  {
    code: { system: LOINC, code: '14647-2', display: 'Cholesterol [Moles/volume] in Serum or Plasma' },
    category: 'laboratory',
    unit: 'mmol/L',
    ucum: 'mmol/L',
    mean: 5.2,
    sd: 1,
    decimals: 1,
    weight: 10,
  },
  {
    code: { system: LOINC, code: '62238-1', display: 'Glomerular filtration rate/1.73 sq M.predicted (CKD-EPI)' },
    category: 'laboratory',
    unit: 'mL/min/1.73m2',
    ucum: 'mL/min/{1.73_m2}',
    mean: 75,
    sd: 20,
    decimals: 0,
    weight: 12,
  },
];

// ---------------------------------------------------------------------------------------------- plan

export interface CorpusPlan {
  readonly size: number;
  readonly organizations: number;
  readonly practitioners: number;
  readonly patients: number;
  readonly encounters: number;
  readonly conditions: number;
  readonly observations: number;
}

/** How many resources of each type a corpus of `size` resources has (they add up to `size`). */
export function planCorpus(size: number): CorpusPlan {
  if (!Number.isInteger(size) || size < 100) {
    throw new Error(`corpus size must be an integer ≥ 100, got ${size}`);
  }
  const organizations = Math.max(1, Math.round(size / 25_000));
  const practitioners = organizations * 6;
  const rest = size - organizations - practitioners;
  const patients = Math.round(rest * 0.1);
  const encounters = Math.round(rest * 0.47);
  const conditions = Math.round(rest * 0.11);
  const observations = rest - patients - encounters - conditions;
  return { size, organizations, practitioners, patients, encounters, conditions, observations };
}

// ------------------------------------------------------------------------------------------ builders

/** Puts `id` right after `resourceType`, where FHIR JSON has it. */
function withId<T extends Resource>(resource: T, id: string | undefined): T {
  if (!id) {
    return resource;
  }
  const { resourceType, ...rest } = resource;
  return { resourceType, id, ...rest } as T;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A consultation time on a working day between 08:00 and 17:00 (as UTC, for simplicity). */
function contactInstant(rng: () => number, dayMs: number): string {
  const minutes = 8 * 60 + Math.floor(rng() * 9 * 6) * 10;
  return new Date(dayMs + minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

function randomDay(rng: () => number, fromMs = START_MS, toMs = END_MS): number {
  return fromMs + Math.floor((rng() * (toMs - fromMs)) / DAY_MS) * DAY_MS;
}

export function buildOrganization(index: number): Organization {
  const rng = createRng(0x0a11 + index);
  const city = pick(rng, CITIES);
  return {
    resourceType: 'Organization',
    id: resourceId('Organization', index),
    identifier: [{ system: AGB_SYSTEM, value: String(1_000_000 + index * 7).padStart(8, '0') }],
    active: true,
    type: [
      {
        coding: [{ system: 'urn:oid:2.16.840.1.113883.2.4.15.1060', code: 'Z3', display: 'Huisartspraktijk' }],
      },
    ],
    name: `Huisartsenpraktijk ${city} ${index + 1}`,
    telecom: [{ system: 'phone', value: `050-${String(5_000_000 + index).slice(-7)}`, use: 'work' }],
    address: [{ use: 'work', line: [`${pick(rng, STREETS)} ${1 + index}`], city, country: 'NL' }],
  };
}

export function buildPractitioner(index: number, organizations: number): Practitioner {
  const rng = createRng(0x9a11 + index);
  const male = rng() < 0.45;
  return {
    resourceType: 'Practitioner',
    id: resourceId('Practitioner', index),
    identifier: [{ system: AGB_SYSTEM, value: String(1_100_000 + index).padStart(8, '0') }],
    active: true,
    name: [{ use: 'official', family: familyName(rng), given: [givenName(rng, male, 1980)], prefix: ['dr.'] }],
    gender: male ? 'male' : 'female',
    qualification: [
      {
        code: {
          coding: [{ system: 'urn:oid:2.16.840.1.113883.2.4.6.7', code: '01.015', display: 'Huisarts' }],
        },
        issuer: { reference: `Organization/${resourceId('Organization', index % organizations)}` },
      },
    ],
  };
}

export interface PatientContext {
  readonly index: number;
  readonly organization: number;
  readonly practitioner: number;
}

export function buildPatient(ctx: PatientContext, rng: () => number, id: string | undefined): Patient {
  const birthMs = Date.UTC(1925, 0, 1) + Math.floor(rng() * (Date.UTC(2024, 11, 31) - Date.UTC(1925, 0, 1)));
  const birthDate = isoDate(birthMs);
  const male = rng() < 0.49;
  const given = givenName(rng, male, Number(birthDate.slice(0, 4)));
  const family = familyName(rng);
  const city = pick(rng, CITIES);
  const patient: Patient = {
    resourceType: 'Patient',
    identifier: [{ use: 'official', system: BSN_SYSTEM, value: patientBsn(ctx.index) }],
    active: true,
    name: [{ use: 'official', text: `${given} ${family}`, family, given: [given] }],
    telecom: [{ system: 'phone', value: `06${String(10_000_000 + ctx.index).slice(-8)}`, use: 'mobile' }],
    gender: male ? 'male' : 'female',
    birthDate,
    address: [
      {
        use: 'home',
        line: [`${pick(rng, STREETS)} ${1 + Math.floor(rng() * 200)}`],
        city,
        postalCode: `${9000 + Math.floor(rng() * 999)} ${String.fromCharCode(65 + Math.floor(rng() * 26))}${String.fromCharCode(65 + Math.floor(rng() * 26))}`,
        country: 'NL',
      },
    ],
    generalPractitioner: [{ reference: `Practitioner/${resourceId('Practitioner', ctx.practitioner)}` }],
    managingOrganization: { reference: `Organization/${resourceId('Organization', ctx.organization)}` },
  };
  if (rng() < 0.03) {
    patient.deceasedDateTime = `${isoDate(randomDay(rng, Math.max(birthMs, START_MS)))}`;
  }
  return withId(patient, id);
}

export interface ContactContext {
  readonly patientId: string;
  readonly practitionerId: string;
  readonly organizationId: string;
}

export function buildEncounter(
  ctx: ContactContext,
  rng: () => number,
  id: string | undefined,
  dayMs = randomDay(rng),
): Encounter {
  const { cls, type } = pickWeighted(rng, CONTACT_TYPES);
  const start = contactInstant(rng, dayMs);
  const end = new Date(Date.parse(start) + (cls === 'VR' ? 5 : 10 + Math.floor(rng() * 3) * 10) * 60_000)
    .toISOString()
    .replace('.000Z', 'Z');
  const encounter: Encounter = {
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: cls, display: ACT_CODE_DISPLAY[cls] },
    type: [{ coding: [type], text: type.display }],
    subject: { reference: `Patient/${ctx.patientId}` },
    participant: [{ individual: { reference: `Practitioner/${ctx.practitionerId}` } }],
    period: { start, end },
    reasonCode: [{ coding: [pickWeighted(rng, CONDITIONS)] }],
    serviceProvider: { reference: `Organization/${ctx.organizationId}` },
  };
  return withId(encounter, id);
}

function buildCondition(
  ctx: ContactContext,
  rng: () => number,
  id: string,
  encounterId: string | undefined,
): Condition {
  const code = pickWeighted(rng, CONDITIONS);
  const onset = randomDay(rng);
  const resolved = ['L03', 'U71'].includes(code.code as string) && rng() < 0.8;
  const condition: Condition = {
    resourceType: 'Condition',
    id,
    clinicalStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
          code: resolved ? 'resolved' : 'active',
        },
      ],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }],
      },
    ],
    code: { coding: [code], text: code.display },
    subject: { reference: `Patient/${ctx.patientId}` },
    onsetDateTime: isoDate(onset),
    recordedDate: isoDate(Math.min(END_MS, onset + Math.floor(rng() * 30) * DAY_MS)),
    recorder: { reference: `Practitioner/${ctx.practitionerId}` },
  };
  if (resolved) {
    condition.abatementDateTime = isoDate(Math.min(END_MS, onset + (7 + Math.floor(rng() * 60)) * DAY_MS));
  }
  if (encounterId) {
    condition.encounter = { reference: `Encounter/${encounterId}` };
  }
  return condition;
}

function buildObservation(
  ctx: ContactContext,
  rng: () => number,
  id: string,
  encounter: { id: string; start: string } | undefined,
): Observation {
  const m = pickWeighted(
    rng,
    MEASUREMENTS.map((x) => [x, x.weight] as const),
  );
  // Box-Muller for a plausible spread around the mean.
  const normal = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const value = Number(Math.max(m.mean / 4, m.mean + normal * m.sd).toFixed(m.decimals));
  const observation: Observation = {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: m.category }],
      },
    ],
    code: { coding: [m.code], text: m.code.display },
    subject: { reference: `Patient/${ctx.patientId}` },
    effectiveDateTime: encounter?.start ?? contactInstant(rng, randomDay(rng)),
    performer: [{ reference: `Practitioner/${ctx.practitionerId}` }],
    valueQuantity: { value, unit: m.unit, system: UCUM, code: m.ucum },
  };
  if (encounter) {
    observation.encounter = { reference: `Encounter/${encounter.id}` };
  }
  return observation;
}

// ------------------------------------------------------------------------------------------ corpus

/**
 * Cumulative per-patient allocation: patient i gets floor(C_i·T/W) − floor(C_{i−1}·T/W) resources of a
 * kind with T in total, where C is the running sum of the patients' weights. Exact totals, skewed shares.
 */
function allocator(weights: Float64Array, total: number): (i: number) => number {
  const sum = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  let allocated = 0;
  let next = 0;
  return (i: number) => {
    if (i !== next) {
      throw new Error('allocator must be called in patient order');
    }
    next++;
    cumulative += weights[i];
    const upTo = i === weights.length - 1 ? total : Math.floor((cumulative * total) / sum);
    const count = upTo - allocated;
    allocated = upTo;
    return count;
  };
}

/** Which organization and practitioner a patient belongs to (patients are listed practice by practice). */
export function patientContext(plan: CorpusPlan, index: number): PatientContext {
  const organization = Math.min(plan.organizations - 1, Math.floor((index * plan.organizations) / plan.patients));
  const practitioner = organization * 6 + (index % 6);
  return { index, organization, practitioner };
}

/**
 * The corpus as a stream: organizations and practitioners first, then each patient followed by its
 * encounters, conditions and observations (the order in which a practice system would export them).
 * @param size - Total number of resources.
 * @param seed - PRNG seed; the same seed gives the same corpus.
 */
export function* generateCorpus(size: number, seed = 1): Generator<Resource> {
  const plan = planCorpus(size);
  for (let i = 0; i < plan.organizations; i++) {
    yield buildOrganization(i);
  }
  for (let i = 0; i < plan.practitioners; i++) {
    yield buildPractitioner(i, plan.organizations);
  }
  const weightRng = createRng(seed * 7919 + 1);
  const weights = new Float64Array(plan.patients);
  for (let i = 0; i < plan.patients; i++) {
    // Exponential weights: a heavy tail of frequent attenders.
    weights[i] = 0.05 - Math.log(1 - weightRng());
  }
  const encountersOf = allocator(weights, plan.encounters);
  const conditionsOf = allocator(weights, plan.conditions);
  const observationsOf = allocator(weights, plan.observations);
  const rng = createRng(seed);
  let encounterIndex = 0;
  let conditionIndex = 0;
  let observationIndex = 0;
  for (let p = 0; p < plan.patients; p++) {
    const pctx = patientContext(plan, p);
    const patient = buildPatient(pctx, rng, resourceId('Patient', p));
    yield patient;
    const ctx: ContactContext = {
      patientId: patient.id as string,
      practitionerId: resourceId('Practitioner', pctx.practitioner),
      organizationId: resourceId('Organization', pctx.organization),
    };
    const encounterCount = encountersOf(p);
    const days = Array.from({ length: encounterCount }, () => randomDay(rng)).sort((a, b) => a - b);
    const encounters: { id: string; start: string }[] = [];
    for (const day of days) {
      const encounter = buildEncounter(ctx, rng, resourceId('Encounter', encounterIndex++), day);
      encounters.push({ id: encounter.id as string, start: encounter.period?.start as string });
      yield encounter;
    }
    const conditionCount = conditionsOf(p);
    for (let c = 0; c < conditionCount; c++) {
      const encounter = encounters.length > 0 && rng() < 0.7 ? pick(rng, encounters) : undefined;
      yield buildCondition(ctx, rng, resourceId('Condition', conditionIndex++), encounter?.id);
    }
    const observationCount = observationsOf(p);
    for (let o = 0; o < observationCount; o++) {
      const encounter = encounters.length > 0 && rng() < 0.85 ? pick(rng, encounters) : undefined;
      yield buildObservation(ctx, rng, resourceId('Observation', observationIndex++), encounter);
    }
  }
}

/** Groups a stream into arrays of `size`. */
export function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) {
    yield batch;
  }
}
