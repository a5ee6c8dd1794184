// Every resource is validated before it is stored: base R4 (cardinality, types, formats, invariants,
// required bindings) and every TARGET profile it claims, by the shared validator of profiles/src.
// Failure is a 422 listing every issue with its FHIRPath expression; nothing is written.
import { OperationOutcomeError } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { createTargetValidator, type TargetValidator } from '@target/profiles/node';
import { unprocessable } from '../../platform/outcomes.ts';
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
  const errors = validationErrors(resource, validator);
  if (errors.length > 0) {
    throw new OperationOutcomeError(unprocessable(errors));
  }
}

/**
 * A resource as it is stored: the server's id, `meta.versionId` and `meta.lastUpdated` (whatever the input
 * said there). Validation runs on this form, on this thread (repository.ts) or a worker (validation-workers.ts).
 */
export function storedForm<T extends Resource>(
  resource: T,
  id: string,
  version: number,
  lastUpdated: string,
): T & { id: string } {
  const { versionId: _v, lastUpdated: _l, ...meta } = resource.meta ?? {};
  return { ...resource, id, meta: { ...meta, versionId: String(version), lastUpdated } } as T & { id: string };
}

/** The error and fatal issues of a resource, empty when it may be stored. */
export function validationErrors(resource: Resource, validator: TargetValidator = getServerValidator()) {
  return validator.validate(resource).filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
}
