// Shared by the builder tests: the TARGET validator and the generated examples (./../support.ts), typed
// with the @types/fhir R4 types the mapping module's public API uses.
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { Resource } from 'fhir/r4.js';
import { TargetReadError } from '../../../profiles/src/builders/read-error.ts';
import { describeIssues, errors, example as medplumExample, targetValidator } from '../support.ts';

/** The error issues of the TARGET validator for `resource`, as `expression: text` lines. */
export function validationErrors(resource: Resource): string[] {
  return describeIssues(errors(targetValidator().validate(resource as unknown as MedplumResource)));
}

/** A deep copy of the generated example with this id. */
export function example<T extends Resource>(id: string): T {
  return medplumExample(id) as unknown as T;
}

/** A deep copy of `resource` with `change` applied, for breaking one part of a built resource. */
export function broken<T extends Resource>(resource: T, change: (copy: T) => void): T {
  const copy = structuredClone(resource);
  change(copy);
  return copy;
}

/** The code and path of the TargetReadError `read` throws (any other error is rethrown). */
export function readFailure(read: () => unknown): { code: string; path: string } | 'read' {
  try {
    read();
  } catch (err) {
    if (err instanceof TargetReadError) {
      return { code: err.code, path: err.path };
    }
    throw err;
  }
  return 'read';
}
