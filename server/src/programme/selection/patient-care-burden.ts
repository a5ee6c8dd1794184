// Patient/{id}/$care-burden on the server: the package's per-patient flow (careBurdenOfPatient) over the
// caller's repository, in the patient's practice — the practice they are listed with, or the one asked for —
// with that practice's settings and its cut-offs from the population path (SQL over the search index), so
// one patient gets the same result as in the practice selection. The package's errors become OperationOutcomes.
import { badRequest, notFound, OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome, Patient } from '@medplum/fhirtypes';
import {
  assertListedPatient,
  assessPatients,
  CareBurdenError,
  type ChronicDiseaseTerminology,
  type CutoffContext,
  careBurdenOfPatient,
  type FhirReader,
  isCountingWindowEmpty,
  listingHint,
  mergeOutcomes,
  type PatientCareBurden,
  type PopulationCutoffs,
  practiceCutoffs,
  practicesOfPatient,
  SettingsError,
  terminologyOutcome,
  unlistedPatientText,
} from '@target/profiles';
import type { Patient as R4Patient } from 'fhir/r4.js';
import { businessRule } from '../../platform/outcomes.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { fromR4, RepositoryReader, toR4 } from '../repository-reader.ts';
import { resultIds } from './ids.ts';
import { emptyWindowWarning, populationFacts } from './population.ts';
import { diseaseListOf, practiceSettings, settingsByReference, settingsOutcome } from './settings-store.ts';

/** The practice (Organization id) a patient's care burden is computed in: the one asked for, or their only one. */
export async function practiceFor(reader: FhirReader, patient: R4Patient, asked?: string): Promise<string> {
  const practices = (await practicesOfPatient(reader, patient)).map((p) => p.replace(/^Organization\//, ''));
  if (asked) {
    if (!practices.includes(asked)) {
      throw new OperationOutcomeError(
        businessRule(
          `Patient/${patient.id} is not listed with Organization/${asked}. ${listingHint(asked)}`,
          'practice',
        ),
      );
    }
    return asked;
  }
  if (practices.length === 0) {
    throw new OperationOutcomeError(
      businessRule(unlistedPatientText(patient.id as string), 'Patient.generalPractitioner'),
    );
  }
  if (practices.length > 1) {
    throw new OperationOutcomeError(
      badRequest(
        `Patient/${patient.id} is listed with ${practices.map((p) => `Organization/${p}`).join(', ')}: name one as practice`,
        'practice',
      ),
    );
  }
  return practices[0];
}

/**
 * The practice's cut-offs on the reference date, from the facts of its whole list (population path), and
 * whether its counting window holds no contact (warnings.ts isCountingWindowEmpty).
 */
export async function cutoffsBySql(
  repo: PostgresRepository,
  practiceId: string,
  context: CutoffContext,
): Promise<{ cutoffs: PopulationCutoffs; emptyWindow: boolean }> {
  const [population] = await populationFacts(repo, { practices: [practiceId], ...context });
  const assessments = assessPatients(population.facts, context.referenceDate, context.settings).map(
    (a) => a.assessment,
  );
  return { cutoffs: practiceCutoffs(assessments, context.settings), emptyWindow: isCountingWindowEmpty(assessments) };
}

export interface PatientCareBurdenRequest {
  referenceDate: string;
  /** Organization id, when the patient is listed with several practices. */
  practice?: string;
  /** `Basic/{id}[/_history/{v}]`: settings to use instead of the practice's own. */
  settings?: string;
}

export interface PracticePatientCareBurden extends PatientCareBurden {
  /**
   * Warnings: the practice's counting window holds no contact (asked only for a chronically ill patient), the
   * terminology server did not answer.
   */
  outcome?: OperationOutcome;
}

/**
 * One patient's care burden in their practice, with the result ids the practice selection uses.
 * @param terminology - Adds SNOMED CT descendants to the chronic-disease list, as the practice selection's.
 */
export async function patientCareBurden(
  repo: PostgresRepository,
  patientId: string,
  request: PatientCareBurdenRequest,
  terminology?: ChronicDiseaseTerminology,
): Promise<PracticePatientCareBurden> {
  const { referenceDate } = request;
  const reader = new RepositoryReader(repo);
  const patient = toR4(await repo.readResource<Patient>('Patient', patientId));
  try {
    // Before the practice and its settings (which a first use writes): an unlisted patient changes nothing.
    assertListedPatient(patient, referenceDate);
    const practiceId = await practiceFor(reader, patient, request.practice);
    const settings = request.settings
      ? await settingsByReference(repo, request.settings)
      : await practiceSettings(repo, practiceId);
    let emptyWindow = false;
    const terminologyWarnings: string[] = [];
    const result = await careBurdenOfPatient(reader, patient, {
      referenceDate,
      settings: settings.resolved,
      settingsUsed: settings.version,
      practice: `Organization/${practiceId}`,
      // The list the population path counts with; the cut-offs below are computed with it too.
      diseases: await diseaseListOf(repo, settings.resolved, terminology, (message) =>
        terminologyWarnings.push(message),
      ),
      cutoffs: async (context) => {
        const practice = await cutoffsBySql(repo, practiceId, context);
        emptyWindow = practice.emptyWindow;
        return practice.cutoffs;
      },
      ids: {
        careBurden: resultIds.careBurden(practiceId, patientId, referenceDate),
        subgroup: resultIds.subgroup(practiceId, patientId, referenceDate),
      },
    });
    const outcome = mergeOutcomes(
      emptyWindow ? await emptyWindowWarning(repo, practiceId, referenceDate, settings.resolved) : undefined,
      terminologyOutcome(terminologyWarnings),
    );
    return outcome ? { ...result, outcome: fromR4(outcome) } : result;
  } catch (err) {
    if (err instanceof SettingsError) {
      throw settingsOutcome(err);
    }
    if (err instanceof CareBurdenError) {
      throw new OperationOutcomeError(err.code === 'patient-not-found' ? notFound : businessRule(err.message));
    }
    throw err;
  }
}
