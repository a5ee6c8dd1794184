// Base R4 validation of every resource before it is stored (cardinality, types, required elements,
// value formats) with @medplum/core's validator. Profiles are checked on top of this by the profile layer.
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { unprocessable } from '../fhir/outcomes.ts';

export function assertValidResource(resource: Resource): void {
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource);
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      throw new OperationOutcomeError(unprocessable(err.outcome.issue));
    }
    throw err;
  }
  const errors = issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  if (errors.length > 0) {
    throw new OperationOutcomeError(unprocessable(errors));
  }
}
