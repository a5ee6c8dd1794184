// [type]/$validate and [type]/[id]/$validate (R4 resource-operation-validate.html): the same validation
// as on every write, without writing. The answer is always 200 with an OperationOutcome; errors are in
// its issues.
import { allOk, badRequest, OperationOutcomeError } from '@medplum/core';
import type { FhirRepository, FhirRequest, FhirResponse } from '@medplum/fhir-router';
import type { OperationDefinition, OperationOutcome, Parameters, Resource } from '@medplum/fhirtypes';
import { getServerValidator } from '../../store/validation/validation.ts';

export const validateOperation: OperationDefinition = {
  resourceType: 'OperationDefinition',
  id: 'Resource-validate',
  url: 'http://hl7.org/fhir/OperationDefinition/Resource-validate',
  name: 'validate',
  status: 'active',
  kind: 'operation',
  code: 'validate',
  // R4 names the abstract type here; @medplum/fhirtypes only lists concrete ones.
  resource: ['Resource'] as unknown as OperationDefinition['resource'],
  system: false,
  type: true,
  instance: true,
  parameter: [
    { name: 'resource', use: 'in', min: 0, max: '1', type: 'Resource' },
    { name: 'profile', use: 'in', min: 0, max: '1', type: 'uri' },
    { name: 'return', use: 'out', min: 1, max: '1', type: 'OperationOutcome' },
  ],
};

export async function validateHandler(req: FhirRequest, repo: FhirRepository): Promise<FhirResponse> {
  const { resourceType, id } = req.params;
  const body = req.body as Resource | undefined;
  let resource: Resource | undefined;
  let profile: string | undefined;
  if (body?.resourceType === 'Parameters') {
    const parameters = (body as Parameters).parameter ?? [];
    resource = parameters.find((p) => p.name === 'resource')?.resource;
    profile =
      parameters.find((p) => p.name === 'profile')?.valueUri ??
      parameters.find((p) => p.name === 'profile')?.valueCanonical;
  } else if (body?.resourceType) {
    resource = body;
  }
  if (!resource && id) {
    resource = await repo.readResource(resourceType, id);
  }
  if (!resource) {
    throw new OperationOutcomeError(badRequest('$validate needs a resource in the body'));
  }
  if (resource.resourceType !== resourceType) {
    throw new OperationOutcomeError(badRequest(`Expected a ${resourceType}, got ${resource.resourceType}`));
  }
  const issues = getServerValidator().validate(resource, profile);
  const outcome: OperationOutcome = issues.length
    ? { resourceType: 'OperationOutcome', issue: issues }
    : {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'information', code: 'informational', details: { text: 'All OK' } }],
      };
  return [allOk, outcome];
}
