// Workflow rules over two versions of a resource (a Task's allowed status transitions, say), checked by the
// repository on every write path: create, update, patch, upsert and delete, inside the write's transaction
// and before anything is written, whoever writes (a caller or the server itself). The store knows how to
// apply them, not what they say: the programme hands them in (open-server-store.ts).
import type { Resource } from '@medplum/fhirtypes';

export interface WriteRule {
  readonly resourceType: string;
  /**
   * Throws (an OperationOutcomeError, e.g. 422) when `before` may not become `after`. `before` is undefined
   * for a create (or a create-on-update), `after` for a delete.
   */
  check(before: Resource | undefined, after: Resource | undefined): void;
}

/** Whether any rule concerns `resourceType` (so the store reads the current version for it). */
export function hasWriteRule(rules: readonly WriteRule[], resourceType: string): boolean {
  return rules.some((rule) => rule.resourceType === resourceType);
}

export function checkWriteRules(
  rules: readonly WriteRule[],
  resourceType: string,
  before: Resource | undefined,
  after: Resource | undefined,
): void {
  for (const rule of rules) {
    if (rule.resourceType === resourceType) {
      rule.check(before, after);
    }
  }
}
