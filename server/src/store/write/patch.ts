// Applies a JSON Patch (RFC 6902) or a FHIRPath Patch (Parameters, R4 fhirpatch.html) to a resource in place.

import type { Operation } from '@medplum/core';
import {
  applyPatch,
  badRequest,
  fhirpathPatchTypedValue,
  normalizeOperationOutcome,
  OperationOutcomeError,
  parseFhirPathPatchParameters,
  toTypedValue,
} from '@medplum/core';
import type { Parameters, Resource } from '@medplum/fhirtypes';

export function applyResourcePatch(resource: Resource, patch: Operation[] | Parameters): void {
  const { resourceType, id } = resource;
  try {
    if (Array.isArray(patch)) {
      const errors = applyPatch(resource, patch).filter(Boolean) as Error[];
      if (errors.length > 0) {
        throw new OperationOutcomeError(badRequest(errors.map((e) => e.message).join('\n')));
      }
    } else {
      fhirpathPatchTypedValue(toTypedValue(resource), parseFhirPathPatchParameters(patch));
    }
  } catch (err) {
    throw new OperationOutcomeError(normalizeOperationOutcome(err));
  }
  if (resource.resourceType !== resourceType || resource.id !== id) {
    throw new OperationOutcomeError(badRequest('A patch may not change resourceType or id'));
  }
}
