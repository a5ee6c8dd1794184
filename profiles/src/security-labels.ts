// Security labels (R4 security-labels.html) that TARGET puts in meta.security. One of our own: results of
// the practice's selection (care burden, subgroup, selection Group) are working data of the practice, not
// part of the record a patient sees; the server's access policy keeps resources carrying it from patient
// tokens, and an app shows them to practice staff only. Test data carries v3 ActReason HTEST (the profiles'
// TargetTestData rule set, and every demo resource), so nobody takes it for a real person's record.
import type { Coding, Resource } from 'fhir/r4.js';
import { ExternalSystems } from './external.ts';
import { TARGET_CANONICAL_BASE } from './generated/canonical.ts';

export const TARGET_SECURITY_LABEL_SYSTEM = `${TARGET_CANONICAL_BASE}/CodeSystem/target-security-label`;

export const PRACTICE_INTERNAL_LABEL: Readonly<Coding> = Object.freeze({
  system: TARGET_SECURITY_LABEL_SYSTEM,
  code: 'practice-internal',
  display: 'Practice-internal working data (not shown to the patient)',
});

/** v3 ActReason HTEST: test health data. */
export const TEST_DATA_LABEL: Readonly<Coding> = Object.freeze({
  system: ExternalSystems.ActReason,
  code: 'HTEST',
  display: 'test health data',
});

/** meta for a practice-internal resource claiming `profile`. */
export function practiceInternalMeta(profile: string): { profile: string[]; security: Coding[] } {
  return { profile: [profile], security: [{ ...PRACTICE_INTERNAL_LABEL }] };
}

/** Whether meta.security carries the label (same system and code; display and version do not matter). */
export function hasSecurityLabel(resource: Pick<Resource, 'meta'>, label: Pick<Coding, 'system' | 'code'>): boolean {
  return (resource.meta?.security ?? []).some((s) => s.system === label.system && s.code === label.code);
}

/** Practice-internal working data: never shown to the patient (care burden, subgroup, selection). */
export function isPracticeInternal(resource: Pick<Resource, 'meta'>): boolean {
  return hasSecurityLabel(resource, PRACTICE_INTERNAL_LABEL);
}

/** Test data (v3 ActReason HTEST), e.g. the demo practice: shown as such. */
export function isTestData(resource: Pick<Resource, 'meta'>): boolean {
  return hasSecurityLabel(resource, TEST_DATA_LABEL);
}
