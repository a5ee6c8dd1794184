// The care burden of one patient on a reference date, from their FHIR record: the one per-patient flow,
// used by the server's Patient/{id}/$care-burden and by the app on any SMART EHR. Facts from the record
// (record.ts) → assessment → the practice's cut-offs → category, HNHC flag and subgroup → the result
// Observations; the practice selection runs the same steps over facts from SQL (practice.ts, results.ts).
//
// The category is relative to the practice (DOMAIN.md "Categories": P90 and mean of its chronic population),
// so it needs the practice's cut-offs. Where they are unknown — an app on a foreign EHR sees one patient, not
// the practice — the result is the patient's own care burden only: score, contacts per type, chronic
// diseases and whether they are a new patient, with no category, HNHC flag or subgroup, and no Observation
// (TargetCareBurdenObservation requires a category and the settings version). Nothing is guessed.
import type { Observation, Patient } from 'fhir/r4.js';
import type { SettingsVersion } from '../builders/elements.ts';
import type { FhirReader } from '../fhir-reader/reader.ts';
import {
  assessPatient,
  classifyPatient,
  type PatientAssessment,
  type PatientClassification,
  type PatientFacts,
} from './assess.ts';
import type { ChronicDiseaseList } from './conditions.ts';
import { isListedPatient } from './facts.ts';
import { chronicDiseasesOf } from './practice-settings.ts';
import { patientFactsOf, practiceNursesOf } from './record.ts';
import { careBurdenResults, type ResultContext } from './results.ts';
import { type ResolvedPracticeSettings, resolveSettings } from './settings.ts';
import type { PopulationCutoffs } from './stratify.ts';
import { countingWindow, practiceMidnightMs } from './time.ts';

/** What the practice's cut-offs are computed with, handed to the provider. */
export interface CutoffContext {
  referenceDate: string;
  settings: ResolvedPracticeSettings;
  diseases: ChronicDiseaseList;
}

export interface CareBurdenOptions {
  referenceDate: string;
  /** The practice's resolved settings; default the DOMAIN.md defaults. */
  settings?: ResolvedPracticeSettings;
  /** The stored settings version they came from: the result Observations name it, and are only made with it. */
  settingsUsed?: SettingsVersion;
  /** Default: the list the settings name, read through the reader. */
  diseases?: ChronicDiseaseList;
  /** Default: the practice nurses found through the reader. */
  practiceNurses?: ReadonlySet<string>;
  /**
   * The practice's cut-offs on the reference date (asked only for a chronically ill patient); absent, or
   * answering undefined: unknown, and the result is the patient's own care burden without a category.
   */
  cutoffs?: (context: CutoffContext) => Promise<PopulationCutoffs | undefined>;
  /** Ids of the result Observations (stable ids make a re-run update instead of duplicate). */
  ids?: ResultContext['ids'];
  /** When the computation ran (Observation.issued); default now. */
  issued?: string;
}

export interface PatientCareBurden {
  /** `Patient/{id}`. */
  patient: string;
  facts: PatientFacts;
  /** Absent when the patient has no qualifying chronic disease: not chronically ill, no care burden. */
  assessment?: PatientAssessment;
  /** The practice's cut-offs; absent when unknown. */
  cutoffs?: PopulationCutoffs;
  /** Category, HNHC flag and subgroup within the practice; absent when its cut-offs are unknown. */
  classification?: PatientClassification;
  /** TargetCareBurdenObservation: with a classification and settingsUsed. */
  careBurden?: Observation;
  /** TargetSubgroupObservation, for an HNHC patient. */
  subgroup?: Observation;
}

/**
 * Why no care burden could be computed: `patient-not-found` (the reference reads nothing) or
 * `patient-not-listed` (inactive, or deceased before the reference date: not on the practice's list).
 */
export class CareBurdenError extends Error {
  readonly code: 'patient-not-found' | 'patient-not-listed';
  constructor(code: CareBurdenError['code'], message: string) {
    super(message);
    this.name = 'CareBurdenError';
    this.code = code;
  }
}

/** Throws CareBurdenError `patient-not-listed` unless the patient is on a practice list on the reference date. */
export function assertListedPatient(patient: Patient, referenceDate: string): void {
  if (!isListedPatient(patient, practiceMidnightMs(referenceDate))) {
    throw new CareBurdenError(
      'patient-not-listed',
      `Patient/${patient.id} is inactive or deceased on ${referenceDate}`,
    );
  }
}

/**
 * The care burden of one patient.
 * @param patient - The Patient, or a reference to read (`Patient/{id}`).
 * @throws CareBurdenError for a patient that is not there or not listed; SettingsError when the settings'
 *   chronic-disease ValueSet cannot be read; the reader's errors.
 */
export async function careBurdenOfPatient(
  reader: FhirReader,
  patient: Patient | string,
  options: CareBurdenOptions,
): Promise<PatientCareBurden> {
  const { referenceDate } = options;
  const resource = typeof patient === 'string' ? await reader.read<Patient>(patient) : patient;
  if (!resource?.id) {
    throw new CareBurdenError('patient-not-found', `there is no ${typeof patient === 'string' ? patient : 'Patient'}`);
  }
  const reference = `Patient/${resource.id}`;
  assertListedPatient(resource, referenceDate);
  const settings = options.settings ?? resolveSettings();
  const [diseases, practiceNurses] = await Promise.all([
    options.diseases ?? chronicDiseasesOf(reader, settings),
    options.practiceNurses ?? practiceNursesOf(reader),
  ]);
  const facts = await patientFactsOf(reader, resource, { referenceDate, settings, diseases, practiceNurses });
  const assessment = assessPatient(facts, referenceDate, settings);
  if (!assessment) {
    return { patient: reference, facts };
  }
  const cutoffs = await options.cutoffs?.({ referenceDate, settings, diseases });
  if (!cutoffs) {
    return { patient: reference, facts, assessment };
  }
  const classification = classifyPatient(assessment, facts, cutoffs, referenceDate, settings);
  const results = options.settingsUsed
    ? careBurdenResults(
        { assessment, classification },
        {
          referenceDate,
          window: countingWindow(referenceDate, settings.countingPeriodDays),
          settingsUsed: options.settingsUsed,
          issued: options.issued ?? new Date().toISOString(),
          ...(options.ids ? { ids: options.ids } : {}),
        },
      )
    : {};
  return { patient: reference, facts, assessment, cutoffs, classification, ...results };
}
