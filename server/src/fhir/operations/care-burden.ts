// Patient/{id}/$care-burden: one patient's care burden on a reference date, computed from their FHIR record
// (per-patient path) with the practice's cut-offs (population path over the search index). Returns the
// care burden Observation and, for HNHC patients, the subgroup Observation; persist=true stores them under
// the same ids the practice selection uses.
import { allOk, badRequest, OperationOutcomeError } from '@medplum/core';
import type { FhirRequest, FhirResponse, FhirRouteHandler } from '@medplum/fhir-router';
import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { OperationDefinitions, type PopulationCutoffs, practiceToday } from '@target/profiles';
import { operationInputReader } from '../../platform/operation-input.ts';
import { methodNotAllowed } from '../../platform/outcomes.ts';
import { fromR4 } from '../../programme/repository-reader.ts';
import { patientCareBurden } from '../../programme/selection/patient-care-burden.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { packageOperation, profileType } from './definitions.ts';
import type { TargetServices } from './services.ts';

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

/** The handler, with the server's terminology for the chronic-disease list (as the practice selection's). */
export function careBurdenHandler(services: Pick<TargetServices, 'terminology'>): FhirRouteHandler {
  return (req, fhirRepo) => careBurden(req, fhirRepo as PostgresRepository, services);
}

async function careBurden(
  req: FhirRequest,
  repo: PostgresRepository,
  services: Pick<TargetServices, 'terminology'>,
): Promise<FhirResponse> {
  const input = readInput(req);
  const referenceDate = input.date ?? practiceToday();
  const persist = input.persist ?? false;
  if (persist && input.settings) {
    // Stored results are the practice's own: one computed with other settings would sit under their ids.
    throw new OperationOutcomeError(
      badRequest("persist=true uses the practice's own settings; leave out settings", 'persist'),
    );
  }
  if (persist && req.method === 'GET') {
    // R4 operations.html: an operation that affects state is invoked with POST only; GET must stay safe.
    throw new OperationOutcomeError(
      methodNotAllowed('GET', `Patient/${req.params.id}/$care-burden?persist=true (it stores results: use POST)`),
    );
  }
  const result = await patientCareBurden(
    repo,
    req.params.id,
    { referenceDate, practice: input.practice?.replace(/^Organization\//, ''), settings: input.settings },
    services.terminology,
  );
  const output: Parameters = {
    resourceType: 'Parameters',
    parameter: [{ name: 'chronicallyIll', valueBoolean: result.assessment !== undefined }],
  };
  const outcome = result.outcome ? [{ name: 'outcome', resource: result.outcome }] : [];
  if (!result.careBurden || !result.cutoffs) {
    output.parameter?.push(...outcome);
    return [allOk, output];
  }
  const results = [result.careBurden, ...(result.subgroup ? [result.subgroup] : [])].map(fromR4);
  // Stored with the server's rights, as the practice selection stores them: the caller may run this for the
  // patient (access/operations.ts: own practice, Observation cu) and read them, and result ids are derived
  // from practice, patient and date, so a resource someone else put under one must not block the result.
  const [careBurden, subgroup] = persist ? await repo.withOptions({}).upsertResources(results) : results;
  output.parameter?.push(
    { name: 'careBurden', resource: careBurden },
    ...(subgroup ? [{ name: 'subgroup', resource: subgroup }] : []),
    cutoffParameter(result.cutoffs),
    ...outcome,
  );
  return [allOk, output];
}
