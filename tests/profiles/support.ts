// Shared set-up of the profile tests: the R4 base definitions, the TARGET validator (built from the
// committed package), and fresh copies of the generated examples to break.
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { TARGET_CANONICAL_BASE } from '../../profiles/src/generated/canonical.ts';
import { readTargetDefinitions, readTargetExamples } from '../../profiles/src/package.ts';
import type { TargetValidator } from '../../profiles/src/validate.ts';
import { getServerValidator } from '../../server/src/store/validation/validation.ts';

/** The server's own validator (R4 core definitions and terminology plus the TARGET package). */
export function targetValidator(): TargetValidator {
  return getServerValidator();
}

export const definitions = readTargetDefinitions();
export const examples = readTargetExamples() as unknown as Resource[];
/** The examples that claim a TARGET profile (the base-resource examples, e.g. Conditions, claim none). */
export const profiledExamples = examples.filter((e) =>
  e.meta?.profile?.some((url) => url.startsWith(`${TARGET_CANONICAL_BASE}/`)),
);

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
