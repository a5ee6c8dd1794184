// Bulk Data export kick-off (Bulk Data Access IG v2: export.html#bulk-data-kick-off-request):
//   GET|POST [base]/$export, [base]/Patient/$export, [base]/Group/[id]/$export
// with Prefer: respond-async. Validates the parameters, submits a job and answers 202 with the status URL
// in Content-Location; the job (bulk/export-runner.ts) writes the NDJSON files.
import { badRequest, isResourceType, OperationOutcomeError } from '@medplum/core';
import type { FhirRepository, FhirRequest, FhirResponse, FhirRouteHandler } from '@medplum/fhir-router';
import type { OperationDefinition, OperationDefinitionParameter, Parameters } from '@medplum/fhirtypes';
import { jobRequester } from '../../access/jobs.ts';
import { EXPORT_JOB_KIND, type ExportInput } from '../../bulk-export/runner.ts';
import { acceptedResponse, requireRespondAsync } from '../../jobs/responses.ts';
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
const NOT_IMPLEMENTED = new Set([
  '_typeFilter',
  '_elements',
  '_until',
  'patient',
  'includeAssociatedData',
  'organizeOutputBy',
  'allowPartialManifests',
]);
const FORMATTING = new Set(['_format', '_pretty']);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Every value of every parameter, from the query string and (POST) a Parameters body. */
function exportParameters(req: FhirRequest): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const add = (name: string, value: string | undefined): void => {
    values.set(name, [...(values.get(name) ?? []), ...(value === undefined ? [] : [value])]);
  };
  for (const [name, value] of Object.entries(req.query ?? {})) {
    for (const v of [value].flat()) {
      add(name, v);
    }
  }
  const body = req.body as Parameters | undefined;
  if (req.method === 'POST' && body && Object.keys(body).length > 0) {
    if (body.resourceType !== 'Parameters') {
      throw new OperationOutcomeError(badRequest('$export by POST takes a Parameters resource'));
    }
    for (const p of body.parameter ?? []) {
      add(p.name, p.valueString ?? p.valueInstant ?? p.valueCode ?? (p.resource ? '(resource)' : undefined));
    }
  }
  return values;
}

/** Checks the kick-off parameters (Bulk Data v2 query parameters) and turns them into the job input. */
export function parseExportRequest(req: FhirRequest, level: ExportInput['level']): ExportInput {
  const params = exportParameters(req);
  const notImplemented = [...params.keys()].filter((name) => NOT_IMPLEMENTED.has(name));
  if (notImplemented.length > 0) {
    throw new OperationOutcomeError(
      badRequest(`$export does not support ${notImplemented.join(', ')}`, notImplemented[0]),
    );
  }
  const unknown = [...params.keys()].filter(
    (name) => !FORMATTING.has(name) && !PARAMETERS.some((p) => p.name === name),
  );
  if (unknown.length > 0) {
    throw new OperationOutcomeError(badRequest(`Unknown $export parameter ${unknown.join(', ')}`, unknown[0]));
  }
  const format = params.get('_outputFormat');
  if (format && (format.length !== 1 || !OUTPUT_FORMATS.has(format[0]))) {
    throw new OperationOutcomeError(
      badRequest(`_outputFormat must be application/fhir+ndjson, got "${format.join(',')}"`, '_outputFormat'),
    );
  }
  const since = params.get('_since');
  if (since && (since.length !== 1 || !INSTANT.test(since[0]) || Number.isNaN(Date.parse(since[0])))) {
    throw new OperationOutcomeError(
      badRequest(`_since must be one instant such as 2025-01-31T12:00:00Z, got "${since.join(',')}"`, '_since'),
    );
  }
  let types: string[] | undefined;
  if (params.has('_type')) {
    types = [...new Set((params.get('_type') ?? []).flatMap((v) => v.split(',')).map((t) => t.trim()))];
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
    ...(since ? { since: new Date(since[0]).toISOString() } : {}),
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
