// Patient/{id}/$care-burden: one patient's care burden on a reference date, computed from their FHIR record
// (per-patient path) with the practice's cut-offs (population path over the search index). Returns the
// care burden Observation and, for HNHC patients, the subgroup Observation; persist=true stores them under
// the same ids the practice selection uses.
import { allOk, badRequest, OperationOutcomeError } from '@medplum/core';
import type { FhirRequest, FhirResponse } from '@medplum/fhir-router';
import type { Observation, Parameters, ParametersParameter, Patient } from '@medplum/fhirtypes';
import {
  assessPatient,
  careBurdenObservation,
  classifyPatient,
  countingWindow,
  isListedPatient,
  OperationDefinitions,
  type PopulationCutoffs,
  practiceMidnightMs,
  practiceToday,
  subgroupObservation,
} from '@target/profiles';
import type { Patient as R4Patient } from 'fhir/r4.js';
import { operationInputReader } from '../../platform/operation-input.ts';
import { businessRule } from '../../platform/outcomes.ts';
import { assessAll, cutoffsOf } from '../../programme/selection/compute.ts';
import { resultIds } from '../../programme/selection/ids.ts';
import { patientFactsFromRecord, practiceFor, practiceNurses } from '../../programme/selection/patient-path.ts';
import { populationFacts } from '../../programme/selection/population.ts';
import { diseaseListOf, practiceSettings, settingsByReference } from '../../programme/selection/settings-store.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { packageOperation, profileType } from './definitions.ts';

export const careBurdenOperation = packageOperation(OperationDefinitions.TargetCareBurdenOperation);

const readInput = operationInputReader(
  careBurdenOperation,
  { date: 'string', practice: 'string', settings: 'string', persist: 'boolean' },
  { profileType },
);

function cutoffParameter(cutoffs: PopulationCutoffs): ParametersParameter {
  return {
    name: 'cutoffs',
    part: [
      { name: 'population', valueInteger: cutoffs.population },
      { name: 'mean', valueDecimal: cutoffs.mean },
      { name: 'high', valueDecimal: cutoffs.high },
      { name: 'medium', valueDecimal: cutoffs.medium },
      { name: 'hnhcTop', valueDecimal: cutoffs.hnhcTop },
    ].filter((p) => !Number.isNaN(p.valueDecimal ?? 0)),
  };
}

export async function careBurdenHandler(req: FhirRequest, fhirRepo: unknown): Promise<FhirResponse> {
  const repo = fhirRepo as PostgresRepository;
  const input = readInput(req);
  const referenceDate = input.date ?? practiceToday();
  const persist = input.persist ?? false;
  if (persist && input.settings) {
    // Stored results are the practice's own: one computed with other settings would sit under their ids.
    throw new OperationOutcomeError(
      badRequest("persist=true uses the practice's own settings; leave out settings", 'persist'),
    );
  }
  const patient = await repo.readResource<Patient>('Patient', req.params.id);
  if (!isListedPatient(patient as R4Patient, practiceMidnightMs(referenceDate))) {
    throw new OperationOutcomeError(businessRule(`Patient/${patient.id} is inactive or deceased on ${referenceDate}`));
  }
  const practiceId = await practiceFor(repo, patient, input.practice?.replace(/^Organization\//, ''));
  const settings = input.settings
    ? await settingsByReference(repo, input.settings)
    : await practiceSettings(repo, practiceId);
  const diseases = await diseaseListOf(repo, settings.resolved);
  const context = { referenceDate, settings: settings.resolved, diseases, nurses: await practiceNurses(repo) };
  const facts = await patientFactsFromRecord(repo, patient, context);
  const assessment = assessPatient(facts, referenceDate, settings.resolved);
  const output: Parameters = {
    resourceType: 'Parameters',
    parameter: [{ name: 'chronicallyIll', valueBoolean: !!assessment }],
  };
  if (!assessment) {
    return [allOk, output];
  }
  const [population] = await populationFacts(repo, { practices: [practiceId], ...context });
  const cutoffs = cutoffsOf(
    assessAll(population.facts, referenceDate, settings.resolved).map((a) => a.assessment),
    settings.resolved,
  );
  const classification = classifyPatient(assessment, facts, cutoffs, referenceDate, settings.resolved);
  const results = {
    referenceDate,
    window: countingWindow(referenceDate, settings.resolved.countingPeriodDays),
    settingsUsed: settings.version,
    issued: new Date().toISOString(),
    ids: {
      careBurden: resultIds.careBurden(practiceId, assessment.patientId, referenceDate),
      subgroup: resultIds.subgroup(practiceId, assessment.patientId, referenceDate),
    },
  };
  let observations = [
    careBurdenObservation(assessment, classification, results),
    subgroupObservation(assessment, classification, results),
  ].filter((o) => o !== undefined) as Observation[];
  if (persist) {
    observations = await repo.upsertResources(observations);
  }
  output.parameter?.push(
    ...observations.map((resource, i) => ({ name: i === 0 ? 'careBurden' : 'subgroup', resource })),
    cutoffParameter(cutoffs),
  );
  return [allOk, output];
}
