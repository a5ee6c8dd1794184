// Patient/{id}/$care-burden: one patient's care burden on a reference date, computed from their FHIR record
// (per-patient path) with the practice's cut-offs (population path over the search index). Returns the
// care burden Observation and, for HNHC patients, the subgroup Observation; persist=true stores them under
// the same ids the practice selection uses.
import { allOk, badRequest, OperationOutcomeError } from '@medplum/core';
import type { FhirRequest, FhirResponse } from '@medplum/fhir-router';
import type { Observation, OperationDefinition, Parameters, ParametersParameter, Patient } from '@medplum/fhirtypes';
import {
  assessPatient,
  careBurdenObservation,
  classifyPatient,
  countingWindow,
  isListedPatient,
  type PopulationCutoffs,
  practiceMidnightMs,
  practiceToday,
  subgroupObservation,
  TARGET_CANONICAL_BASE,
} from '@target/profiles';
import type { Patient as R4Patient } from 'fhir/r4.js';
import { businessRule } from '../../platform/outcomes.ts';
import { assessAll, cutoffsOf } from '../../programme/selection/compute.ts';
import { resultIds } from '../../programme/selection/ids.ts';
import { patientFactsFromRecord, practiceFor, practiceNurses } from '../../programme/selection/patient-path.ts';
import { populationFacts } from '../../programme/selection/population.ts';
import { diseaseListOf, practiceSettings, settingsByReference } from '../../programme/selection/settings-store.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { booleanParameter, dateParameter, operationParameters } from './parameters.ts';

export const careBurdenOperation: OperationDefinition = {
  resourceType: 'OperationDefinition',
  id: 'Patient-care-burden',
  url: `${TARGET_CANONICAL_BASE}/OperationDefinition/Patient-care-burden`,
  name: 'CareBurden',
  title: 'Zorgzwaarte van een patiënt (care burden of one patient)',
  status: 'active',
  kind: 'operation',
  code: 'care-burden',
  resource: ['Patient'],
  system: false,
  type: false,
  instance: true,
  affectsState: true,
  parameter: [
    {
      name: 'date',
      use: 'in',
      min: 0,
      max: '1',
      type: 'date',
      documentation: 'Reference date; default today (Europe/Amsterdam).',
    },
    {
      name: 'practice',
      use: 'in',
      min: 0,
      max: '1',
      type: 'Reference',
      documentation: 'Organization, when the patient is listed with several.',
    },
    {
      name: 'settings',
      use: 'in',
      min: 0,
      max: '1',
      type: 'Reference',
      documentation: "Basic (TargetPracticeSettings) to use instead of the practice's own.",
    },
    {
      name: 'persist',
      use: 'in',
      min: 0,
      max: '1',
      type: 'boolean',
      documentation: 'Store the results (default false).',
    },
    { name: 'chronicallyIll', use: 'out', min: 1, max: '1', type: 'boolean' },
    { name: 'careBurden', use: 'out', min: 0, max: '1', type: 'Observation' },
    { name: 'subgroup', use: 'out', min: 0, max: '1', type: 'Observation' },
    { name: 'cutoffs', use: 'out', min: 0, max: '1', part: [] },
  ],
};

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
  const input = operationParameters(req);
  const referenceDate = dateParameter(input.date, 'date', practiceToday());
  const persist = booleanParameter(input.persist, 'persist', false);
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
  const diseases = await diseaseListOf(repo, settings.settings);
  const context = { referenceDate, settings: settings.settings, diseases, nurses: await practiceNurses(repo) };
  const facts = await patientFactsFromRecord(repo, patient, context);
  const assessment = assessPatient(facts, referenceDate, settings.settings);
  const output: Parameters = {
    resourceType: 'Parameters',
    parameter: [{ name: 'chronicallyIll', valueBoolean: !!assessment }],
  };
  if (!assessment) {
    return [allOk, output];
  }
  const [population] = await populationFacts(repo, { practices: [practiceId], ...context });
  const cutoffs = cutoffsOf(
    assessAll(population.facts, referenceDate, settings.settings).map((a) => a.assessment),
    settings.settings,
  );
  const classification = classifyPatient(assessment, facts, cutoffs, referenceDate, settings.settings);
  const results = {
    referenceDate,
    window: countingWindow(referenceDate, settings.settings.countingPeriodDays),
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
