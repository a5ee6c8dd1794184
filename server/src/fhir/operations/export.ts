// Bulk Data export kick-off (Bulk Data Access IG v2: export.html#bulk-data-kick-off-request):
//   GET|POST [base]/$export, [base]/Patient/$export, [base]/Group/[id]/$export
// with Prefer: respond-async. Validates the parameters, submits a job and answers 202 with the status URL
// in Content-Location; the job (bulk/export-runner.ts) writes the NDJSON files.
import { badRequest, isResourceType, OperationOutcomeError } from '@medplum/core';
import type { FhirRepository, FhirRequest, FhirResponse, FhirRouteHandler } from '@medplum/fhir-router';
import type { OperationDefinition, OperationDefinitionParameter } from '@medplum/fhirtypes';
import { jobRequester } from '../../access/jobs.ts';
import { EXPORT_JOB_KIND, type ExportInput } from '../../bulk-export/runner.ts';
import { acceptedResponse, requireRespondAsync } from '../../jobs/responses.ts';
import { operationInputReader } from '../../platform/operation-input.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { isInPatientCompartment } from '../../store/search/patient-compartment.ts';
import type { TargetServices } from './services.ts';

const BULK = 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition';

const PARAMETERS: OperationDefinitionParameter[] = [
  { name: '_outputFormat', use: 'in', min: 0, max: '1', type: 'string' },
  { name: '_since', use: 'in', min: 0, max: '1', type: 'instant' },
  { name: '_type', use: 'in', min: 0, max: '*', type: 'string' },
];

function exportDefinition(id: string, level: Partial<OperationDefinition>): OperationDefinition {
  return {
    resourceType: 'OperationDefinition',
    id,
    url: `${BULK}/${id}`,
    name: id.replace(/(^|-)(\w)/g, (_m, _dash, c: string) => c.toUpperCase()),
    status: 'active',
    kind: 'operation',
    code: 'export',
    system: false,
    type: false,
    instance: false,
    ...level,
    parameter: PARAMETERS,
  };
}

export const exportOperation = exportDefinition('export', { system: true });
export const patientExportOperation = exportDefinition('patient-export', { resource: ['Patient'], type: true });
export const groupExportOperation = exportDefinition('group-export', { resource: ['Group'], instance: true });

/** Bulk Data v2: the three spellings of NDJSON a server must accept. */
const OUTPUT_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
/** Parameters defined by the IG that this server does not implement: a 400 rather than a silently wider export. */
const NOT_IMPLEMENTED = [
  '_typeFilter',
  '_elements',
  '_until',
  'patient',
  'includeAssociatedData',
  'organizeOutputBy',
  'allowPartialManifests',
];
/** One reader for the three levels: they share their parameters. */
const readInput = operationInputReader(
  exportOperation,
  { _outputFormat: 'string', _since: 'string', _type: 'string[]' },
  { notImplemented: NOT_IMPLEMENTED },
);

/** Checks the kick-off parameters (Bulk Data v2 query parameters) and turns them into the job input. */
export function parseExportRequest(req: FhirRequest, level: ExportInput['level']): ExportInput {
  const input = readInput(req);
  const format = input._outputFormat;
  if (format !== undefined && !OUTPUT_FORMATS.has(format)) {
    throw new OperationOutcomeError(
      badRequest(`_outputFormat must be application/fhir+ndjson, got "${format}"`, '_outputFormat'),
    );
  }
  const since = input._since;
  let types: string[] | undefined;
  if (input._type) {
    types = [...new Set(input._type.flatMap((v) => v.split(',')).map((t) => t.trim()))];
    const unknownTypes = types.filter((t) => !isResourceType(t));
    if (unknownTypes.length > 0 || types.length === 0) {
      throw new OperationOutcomeError(badRequest(`_type: unknown resource type ${unknownTypes.join(', ')}`, '_type'));
    }
    // Patient and Group level export the Patient compartment only (export.html#query-parameters).
    const outside = level === 'system' ? [] : types.filter((t) => !isInPatientCompartment(t));
    if (outside.length > 0) {
      throw new OperationOutcomeError(
        badRequest(`_type: ${outside.join(', ')} not in the Patient compartment, so not in a ${level} export`, '_type'),
      );
    }
    types.sort();
  }
  return {
    level,
    ...(level === 'group' ? { groupId: req.params.id } : {}),
    ...(types ? { types } : {}),
    ...(since ? { since: new Date(since).toISOString() } : {}),
  };
}

/** The kick-off handler for one level of export. */
export function exportHandler(services: TargetServices, level: ExportInput['level']): FhirRouteHandler {
  return async (req: FhirRequest, repo: FhirRepository): Promise<FhirResponse> => {
    requireRespondAsync(req, '$export');
    const input = { ...parseExportRequest(req, level), requester: jobRequester() };
    // Bulk Data: the client must be allowed to read (search) every type it asks for; without _type, the
    // export holds the types its scopes allow (the job applies the caller's access policy to every row).
    for (const type of input.types ?? []) {
      (repo as PostgresRepository).access.assertPermits(type, 's');
    }
    if (level === 'group') {
      // 404 (410 when deleted) now, not a failed job later.
      await repo.readResource('Group', req.params.id);
    }
    const job = await services.jobs.submit(EXPORT_JOB_KIND, input, { request: `${services.fhirBaseUrl}/${req.url}` });
    services.logger.info({ job: job.id, level, types: input.types, since: input.since }, 'bulk export accepted');
    return acceptedResponse(services.jobs, job);
  };
}
