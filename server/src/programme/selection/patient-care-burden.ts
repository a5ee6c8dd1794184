// Patient/{id}/$care-burden on the server: the package's per-patient flow (careBurdenOfPatient) over the
// caller's repository, in the patient's practice — the practice they are listed with, or the one asked for —
// with that practice's settings and its cut-offs from the population path (SQL over the search index), so
// one patient gets the same result as in the practice selection. The package's errors become OperationOutcomes.
import { badRequest, notFound, OperationOutcomeError } from '@medplum/core';
import type { Patient } from '@medplum/fhirtypes';
import {
  assertListedPatient,
  assessPatients,
  CareBurdenError,
  type CutoffContext,
  careBurdenOfPatient,
  type FhirReader,
  type PatientCareBurden,
  type PopulationCutoffs,
  practiceCutoffs,
  practicesOfPatient,
  SettingsError,
} from '@target/profiles';
import type { Patient as R4Patient } from 'fhir/r4.js';
import { businessRule } from '../../platform/outcomes.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { RepositoryReader, toR4 } from '../repository-reader.ts';
import { resultIds } from './ids.ts';
import { populationFacts } from './population.ts';
import { practiceSettings, settingsByReference, settingsOutcome } from './settings-store.ts';

/** The practice (Organization id) a patient's care burden is computed in: the one asked for, or their only one. */
export async function practiceFor(reader: FhirReader, patient: R4Patient, asked?: string): Promise<string> {
  const practices = (await practicesOfPatient(reader, patient)).map((p) => p.replace(/^Organization\//, ''));
  if (asked) {
    if (!practices.includes(asked)) {
      throw new OperationOutcomeError(
        businessRule(`Patient/${patient.id} is not listed with Organization/${asked}`, 'practice'),
      );
    }
    return asked;
  }
  if (practices.length === 0) {
    throw new OperationOutcomeError(
      businessRule(
        `Patient/${patient.id} is not listed with a practice (generalPractitioner)`,
        'Patient.generalPractitioner',
      ),
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

/** The practice's cut-offs on the reference date, from the facts of its whole list (population path). */
export async function cutoffsBySql(
  repo: PostgresRepository,
  practiceId: string,
  context: CutoffContext,
): Promise<PopulationCutoffs> {
  const [population] = await populationFacts(repo, { practices: [practiceId], ...context });
  const assessed = assessPatients(population.facts, context.referenceDate, context.settings);
  return practiceCutoffs(
    assessed.map((a) => a.assessment),
    context.settings,
  );
}

export interface PatientCareBurdenRequest {
  referenceDate: string;
  /** Organization id, when the patient is listed with several practices. */
  practice?: string;
  /** `Basic/{id}[/_history/{v}]`: settings to use instead of the practice's own. */
  settings?: string;
}

/** One patient's care burden in their practice, with the result ids the practice selection uses. */
export async function patientCareBurden(
  repo: PostgresRepository,
  patientId: string,
  request: PatientCareBurdenRequest,
): Promise<PatientCareBurden> {
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
    return await careBurdenOfPatient(reader, patient, {
      referenceDate,
      settings: settings.resolved,
      settingsUsed: settings.version,
      cutoffs: (context) => cutoffsBySql(repo, practiceId, context),
      ids: {
        careBurden: resultIds.careBurden(practiceId, patientId, referenceDate),
        subgroup: resultIds.subgroup(practiceId, patientId, referenceDate),
      },
    });
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
