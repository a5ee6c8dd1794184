// CodeSystem/$lookup (R4 codesystem-operation-lookup.html) for the code systems this server holds.
import { allOk, badRequest, notFound, OperationOutcomeError } from '@medplum/core';
import type { FhirRequest, FhirResponse } from '@medplum/fhir-router';
import type { OperationDefinition, Parameters } from '@medplum/fhirtypes';
import { operationInputReader } from '../../platform/operation-input.ts';
import { getServerValidator } from '../../store/validation/validation.ts';

export const lookupOperation: OperationDefinition = {
  resourceType: 'OperationDefinition',
  id: 'CodeSystem-lookup',
  url: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup',
  name: 'lookup',
  status: 'active',
  kind: 'operation',
  code: 'lookup',
  resource: ['CodeSystem'],
  system: false,
  type: true,
  instance: false,
  parameter: [
    { name: 'code', use: 'in', min: 1, max: '1', type: 'code' },
    { name: 'system', use: 'in', min: 1, max: '1', type: 'uri' },
    { name: 'name', use: 'out', min: 1, max: '1', type: 'string' },
    { name: 'version', use: 'out', min: 0, max: '1', type: 'string' },
    { name: 'display', use: 'out', min: 1, max: '1', type: 'string' },
  ],
};

// As for $expand, optional parameters of the full R4 definition (date, displayLanguage) are left unread.
const readInput = operationInputReader(lookupOperation, { system: 'string', code: 'string' }, { unknown: 'ignore' });

export async function lookupHandler(req: FhirRequest): Promise<FhirResponse> {
  // Both are 1..1 in the definition: the reader refuses a request without them.
  const { system, code } = readInput(req) as { system: string; code: string };
  const terminology = getServerValidator().terminology;
  const codeSystem = terminology.codeSystem(system);
  if (!codeSystem) {
    throw new OperationOutcomeError(notFound);
  }
  const known = terminology.expandCodeSystem(system)?.has(`${system}|${code}`);
  if (!known) {
    throw new OperationOutcomeError(badRequest(`Code "${code}" is not in CodeSystem ${system}`, 'code'));
  }
  const result: Parameters = {
    resourceType: 'Parameters',
    parameter: [
      { name: 'name', valueString: codeSystem.name ?? codeSystem.title ?? system },
      ...(codeSystem.version ? [{ name: 'version', valueString: codeSystem.version }] : []),
      { name: 'display', valueString: terminology.display(system, code) ?? code },
    ],
  };
  return [allOk, result];
}
