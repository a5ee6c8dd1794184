// Shared set-up of the profile tests: the R4 base definitions, the TARGET validator (built from the
// committed package), and fresh copies of the generated examples to break.
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { readTargetDefinitions, readTargetExamples } from '../../profiles/src/package.ts';
import { createTargetValidator, type TargetValidator } from '../../profiles/src/validate.ts';
import { loadFhirDefinitions } from '../../server/src/store/fhir-definitions.ts';

let validator: TargetValidator | undefined;

export function targetValidator(): TargetValidator {
  if (!validator) {
    loadFhirDefinitions();
    validator = createTargetValidator();
  }
  return validator;
}

export const definitions = readTargetDefinitions();
export const examples = readTargetExamples() as unknown as Resource[];

/** A deep copy of the generated example with this id, to change in one test. */
export function example<T extends Resource = Resource>(id: string): T {
  const found = examples.find((e) => e.id === id);
  if (!found) {
    throw new Error(`No generated example ${id}`);
  }
  return structuredClone(found) as T;
}

export function errors(issues: OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  return issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
}

/** Issues as `expression: text` lines, for readable assertion failures. */
export function describeIssues(issues: OperationOutcomeIssue[]): string[] {
  return issues.map((issue) => `${issue.expression?.join(',')}: ${issue.details?.text}`);
}
