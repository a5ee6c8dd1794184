// Security labels (R4 security-labels.html) that TARGET puts in meta.security. One of our own: results of
// the practice's selection (care burden, subgroup, selection Group) are working data of the practice, not
// part of the record a patient sees; the server's access policy keeps resources carrying it from patient
// tokens.
import type { Coding } from 'fhir/r4.js';
import { TARGET_CANONICAL_BASE } from './generated/canonical.ts';

export const TARGET_SECURITY_LABEL_SYSTEM = `${TARGET_CANONICAL_BASE}/CodeSystem/target-security-label`;

export const PRACTICE_INTERNAL_LABEL: Readonly<Coding> = Object.freeze({
  system: TARGET_SECURITY_LABEL_SYSTEM,
  code: 'practice-internal',
  display: 'Practice-internal working data (not shown to the patient)',
});

/** meta for a practice-internal resource claiming `profile`. */
export function practiceInternalMeta(profile: string): { profile: string[]; security: Coding[] } {
  return { profile: [profile], security: [{ ...PRACTICE_INTERNAL_LABEL }] };
}
