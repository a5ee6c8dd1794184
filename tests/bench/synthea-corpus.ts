// A Synthea-shaped corpus for the import benchmark and tests: one `batch` Bundle of providers (Organizations and
// Practitioners created with ifNoneExist, as Synthea's hospitalInformation / practitionerInformation files)
// and one `transaction` Bundle per patient whose entries are POSTs with urn:uuid fullUrls, referencing each
// other by urn:uuid and the providers by conditional references (`Organization?identifier=…`). `asNdjson`
// gives the same resources as a Bulk export would hold them: ids kept, every reference literal.
import fs from 'node:fs/promises';
import path from 'node:path';
import type {
  Bundle,
  BundleEntry,
  Coding,
  Condition,
  Encounter,
  Observation,
  Organization,
  Patient,
  Practitioner,
  Resource,
} from '@medplum/fhirtypes';
import { createRng, pick, pickWeighted } from '../../server/src/demo/random.ts';

export const SYNTHEA_SYSTEM = 'https://github.com/synthetichealth/synthea';
export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const DAY_MS = 86_400_000;

/** Encounter class (v3 ActCode) and type (SNOMED), with relative frequencies. */
const CLASSES: readonly (readonly [readonly [Coding, Coding], number])[] = [
  [
    [
      { code: 'AMB', display: 'ambulatory' },
      { code: '185349003', display: 'Encounter for check up' },
    ],
    7,
  ],
  [
    [
      { code: 'EMER', display: 'emergency' },
      { code: '50849002', display: 'Emergency room admission' },
    ],
    2,
  ],
  [
    [
      { code: 'IMP', display: 'inpatient encounter' },
      { code: '183452005', display: 'Emergency hospital admission' },
    ],
    1,
  ],
];

const CONDITIONS: readonly Coding[] = [
  { code: '44054006', display: 'Diabetes mellitus type 2 (disorder)' },
  { code: '59621000', display: 'Essential hypertension (disorder)' },
  { code: '55822004', display: 'Hyperlipidemia (disorder)' },
  { code: '15777000', display: 'Prediabetes (finding)' },
  { code: '195662009', display: 'Acute viral pharyngitis (disorder)' },
  { code: '10509002', display: 'Acute bronchitis (disorder)' },
  { code: '40055000', display: 'Chronic sinusitis (disorder)' },
  { code: '271737000', display: 'Anemia (disorder)' },
  { code: '13645005', display: 'Chronic obstructive lung disease (disorder)' },
];

/**
 * With `chronicDescendants`, Conditions are drawn from these as well: the SNOMED CT codes issue 14's corpus
 * used below the ConceptMap's former parents (type 2 diabetes, chronic congestive heart failure, chronic
 * obstructive bronchitis, emphysema, Alzheimer's disease, childhood asthma, chronic migraine).
 */
export const CHRONIC_DESCENDANTS: readonly Coding[] = [
  { code: '88805009', display: 'Chronic congestive heart failure (disorder)' },
  { code: '185086009', display: 'Chronic obstructive bronchitis (disorder)' },
  { code: '87433001', display: 'Pulmonary emphysema (disorder)' },
  { code: '26929004', display: "Alzheimer's disease (disorder)" },
  { code: '233678006', display: 'Childhood asthma (disorder)' },
  { code: '124171000119105', display: 'Chronic intractable migraine without aura (disorder)' },
];

/** AMB contact lengths in minutes with `chronicDescendants`: short, normal and long consults. */
const AMB_MINUTES = [3, 10, 30] as const;

const MEASUREMENTS: readonly (readonly [string, string, string, number, number])[] = [
  ['8480-6', 'Systolic blood pressure', 'mm[Hg]', 128, 18],
  ['8462-4', 'Diastolic blood pressure', 'mm[Hg]', 80, 10],
  ['29463-7', 'Body weight', 'kg', 78, 15],
  ['39156-5', 'Body mass index (BMI) [Ratio]', 'kg/m2', 27, 4],
  ['4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '%', 6, 1],
];

/** A random version 4 UUID from the generator (deterministic for a seed). */
function uuid(rng: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(rng() * 4)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function post(resource: Resource, id: string, ifNoneExist?: string): BundleEntry {
  return {
    fullUrl: `urn:uuid:${id}`,
    resource,
    request: { method: 'POST', url: resource.resourceType, ...(ifNoneExist ? { ifNoneExist } : {}) },
  };
}

export interface SyntheaCorpus {
  /** The providers, first (Synthea's hospital and practitioner files sort before the patients). */
  readonly providers: Bundle;
  readonly patients: Bundle[];
}

/**
 * Generates the corpus.
 * @param patients - Patient Bundles (about 45 resources each: 4–19 Encounters, 1–5 Conditions, 0–5
 *   Observations per Encounter).
 * @param seed - The same seed gives the same Bundles, uuids included.
 */
export interface SyntheaShape {
  /**
   * Conditions also from CHRONIC_DESCENDANTS, one in five of them resolved; AMB contacts of 3, 10 or 30
   * minutes, none starting on a UTC midnight (which reads as a bare date). Off by default, so the benchmark's
   * corpus stays the same for a seed.
   */
  readonly chronicDescendants?: boolean;
}

export function syntheaCorpus(patients: number, seed = 1, shape: SyntheaShape = {}): SyntheaCorpus {
  const rng = createRng(seed * 104_729 + 17);
  const organizations = Math.max(3, Math.ceil(patients / 15));
  const providerEntries: BundleEntry[] = [];
  const orgs: string[] = [];
  const npis: string[] = [];
  for (let i = 0; i < organizations; i++) {
    const id = uuid(rng);
    orgs.push(id);
    const organization: Organization = {
      resourceType: 'Organization',
      identifier: [{ system: SYNTHEA_SYSTEM, value: id }],
      active: true,
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] }],
      name: `Provider ${i + 1} Health Center`,
      address: [{ line: [`${i + 1} Main Street`], city: 'Springfield', state: 'MA', country: 'US' }],
    };
    providerEntries.push(post(organization, id, `identifier=${SYNTHEA_SYSTEM}|${id}`));
    for (let p = 0; p < 2; p++) {
      const npi = String(9_999_900_000 + i * 2 + p);
      npis.push(npi);
      const practitioner: Practitioner = {
        resourceType: 'Practitioner',
        identifier: [{ system: NPI_SYSTEM, value: npi }],
        active: true,
        name: [{ family: `Doctor${i}`, given: [p === 0 ? 'Ann' : 'Bob'], prefix: ['Dr.'] }],
        gender: p === 0 ? 'female' : 'male',
      };
      providerEntries.push(post(practitioner, uuid(rng), `identifier=${NPI_SYSTEM}|${npi}`));
    }
  }
  const bundles: Bundle[] = [];
  for (let i = 0; i < patients; i++) {
    bundles.push(patientBundle(rng, orgs, npis, shape));
  }
  return { providers: { resourceType: 'Bundle', type: 'batch', entry: providerEntries }, patients: bundles };
}

function patientBundle(rng: () => number, orgs: string[], npis: string[], shape: SyntheaShape): Bundle {
  const patientId = uuid(rng);
  const patientRef = `urn:uuid:${patientId}`;
  const birth = Date.UTC(1930, 0, 1) + Math.floor(rng() * 90 * 365) * DAY_MS;
  const patient: Patient = {
    resourceType: 'Patient',
    identifier: [{ system: SYNTHEA_SYSTEM, value: patientId }],
    name: [{ use: 'official', family: `Family${Math.floor(rng() * 500)}`, given: ['Sam'] }],
    gender: rng() < 0.5 ? 'female' : 'male',
    birthDate: new Date(birth).toISOString().slice(0, 10),
    address: [{ line: [`${Math.floor(rng() * 900)} Elm Street`], city: 'Springfield', state: 'MA', country: 'US' }],
  };
  const entries: BundleEntry[] = [post(patient, patientId)];
  const encounters: { ref: string; start: string }[] = [];
  const encounterCount = 4 + Math.floor(rng() * 16);
  for (let e = 0; e < encounterCount; e++) {
    const id = uuid(rng);
    const [cls, type] = pickWeighted(rng, CLASSES);
    const day = Date.UTC(2015, 0, 1) + Math.floor(rng() * 3650) * DAY_MS;
    const startMs = shape.chronicDescendants
      ? day + (1 + Math.floor(rng() * 599)) * 60_000
      : day + Math.floor(rng() * 600) * 60_000;
    const start = new Date(startMs).toISOString();
    const ambMinutes = shape.chronicDescendants ? pick(rng, AMB_MINUTES) : 30;
    const encounter: Encounter = {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: ACT_CODE, ...cls },
      type: [{ coding: [{ system: SNOMED, ...type }], text: type.display }],
      subject: { reference: patientRef },
      participant: [{ individual: { reference: `Practitioner?identifier=${NPI_SYSTEM}|${pick(rng, npis)}` } }],
      period: {
        start,
        end: new Date(
          startMs + (cls.code === 'IMP' ? 2 * DAY_MS : cls.code === 'AMB' ? ambMinutes : 30) * 60_000,
        ).toISOString(),
      },
      serviceProvider: { reference: `Organization?identifier=${SYNTHEA_SYSTEM}|${pick(rng, orgs)}` },
    };
    entries.push(post(encounter, id));
    encounters.push({ ref: `urn:uuid:${id}`, start });
  }
  const conditionCount = 1 + Math.floor(rng() * 5);
  for (let c = 0; c < conditionCount; c++) {
    const at = pick(rng, encounters);
    const code = pick(rng, shape.chronicDescendants ? [...CONDITIONS, ...CHRONIC_DESCENDANTS] : CONDITIONS);
    const status = shape.chronicDescendants && rng() < 0.2 ? 'resolved' : 'active';
    const condition: Condition = {
      resourceType: 'Condition',
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: status }],
      },
      verificationStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
      },
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }],
        },
      ],
      code: { coding: [{ system: SNOMED, ...code }], text: code.display },
      subject: { reference: patientRef },
      encounter: { reference: at.ref },
      onsetDateTime: at.start,
      recordedDate: at.start,
    };
    entries.push(post(condition, uuid(rng)));
  }
  for (const at of encounters) {
    const count = Math.floor(rng() * 6);
    for (let o = 0; o < count; o++) {
      const [code, display, unit, mean, sd] = pick(rng, MEASUREMENTS);
      const observation: Observation = {
        resourceType: 'Observation',
        status: 'final',
        category: [
          {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }],
          },
        ],
        code: { coding: [{ system: LOINC, code, display }], text: display },
        subject: { reference: patientRef },
        encounter: { reference: at.ref },
        effectiveDateTime: at.start,
        issued: at.start,
        valueQuantity: {
          value: Math.round((mean + (rng() - 0.5) * 2 * sd) * 10) / 10,
          unit,
          system: 'http://unitsofmeasure.org',
          code: unit,
        },
      };
      entries.push(post(observation, uuid(rng)));
    }
  }
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

/**
 * The corpus's resources as NDJSON lines would hold them: each with the id its Bundle import gives it (the
 * uuid of its fullUrl), urn:uuid and conditional references replaced by `Type/id`.
 */
export function asNdjson(corpus: SyntheaCorpus): Resource[] {
  const byQuery = new Map<string, string>();
  for (const entry of corpus.providers.entry ?? []) {
    const resource = entry.resource as Resource;
    byQuery.set(`${resource.resourceType}?${entry.request?.ifNoneExist}`, reference(entry));
  }
  const resources: Resource[] = [];
  for (const bundle of [corpus.providers, ...corpus.patients]) {
    const byUrn = new Map((bundle.entry ?? []).map((entry) => [entry.fullUrl as string, reference(entry)]));
    for (const entry of bundle.entry ?? []) {
      const text = JSON.stringify(entry.resource).replace(
        /"reference":"([^"]+)"/g,
        (_all, ref: string) => `"reference":"${byUrn.get(ref) ?? byQuery.get(ref) ?? ref}"`,
      );
      const { resourceType, ...rest } = JSON.parse(text) as Resource;
      resources.push({ resourceType, id: idOf(entry), ...rest } as Resource);
    }
  }
  return resources;
}

function idOf(entry: BundleEntry): string {
  return (entry.fullUrl as string).slice('urn:uuid:'.length);
}

function reference(entry: BundleEntry): string {
  return `${entry.resource?.resourceType}/${idOf(entry)}`;
}

/** Resources in the corpus (every Bundle entry). */
export function corpusSize(corpus: SyntheaCorpus): number {
  return [corpus.providers, ...corpus.patients].reduce((sum, bundle) => sum + (bundle.entry?.length ?? 0), 0);
}

/**
 * Writes the corpus as Synthea does: the providers in hospitalInformation1.json (Synthea's provider files sort
 * before the patients' and are imported first), then one file per patient.
 */
export async function writeSyntheaBundles(folder: string, corpus: SyntheaCorpus): Promise<void> {
  await fs.mkdir(folder, { recursive: true });
  await fs.writeFile(path.join(folder, 'hospitalInformation1.json'), JSON.stringify(corpus.providers));
  for (const [i, bundle] of corpus.patients.entries()) {
    await fs.writeFile(path.join(folder, `Patient_${String(i).padStart(6, '0')}.json`), JSON.stringify(bundle));
  }
}
