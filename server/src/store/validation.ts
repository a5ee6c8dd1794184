// Every resource is validated before it is stored: base R4 (cardinality, types, formats, invariants,
// required bindings) and every TARGET profile it claims, by the shared validator of profiles/src.
// Failure is a 422 listing every issue with its FHIRPath expression; nothing is written.
import { OperationOutcomeError } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { createTargetValidator, type TargetValidator } from '../../../profiles/src/validate.ts';
import { unprocessable } from '../fhir/outcomes.ts';
import { loadFhirDefinitions } from './fhir-definitions.ts';
import { loadR4Terminology } from './terminology.ts';

let serverValidator: TargetValidator | undefined;

/** The process-wide validator: R4 core definitions and terminology plus the TARGET package. */
export function getServerValidator(): TargetValidator {
  if (!serverValidator) {
    loadFhirDefinitions();
    serverValidator = createTargetValidator(undefined, loadR4Terminology());
  }
  return serverValidator;
}

export function assertValidResource(resource: Resource, validator: TargetValidator = getServerValidator()): void {
  const errors = validator
    .validate(resource)
    .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  if (errors.length > 0) {
    throw new OperationOutcomeError(unprocessable(errors));
  }
}
