// Stable ids for computed results: the same practice, patient and reference date always give the same id,
// so a re-run updates the earlier result instead of adding a second one.
import { createHash } from 'node:crypto';

/** A UUID-shaped id (version 5 layout) from the SHA-1 of the parts. */
export function stableId(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((Number.parseInt(hex[16], 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const resultIds = {
  selection: (practiceId: string, date: string) => stableId('target-selection', practiceId, date),
  careBurden: (practiceId: string, patientId: string, date: string) =>
    stableId('care-burden', practiceId, patientId, date),
  subgroup: (practiceId: string, patientId: string, date: string) => stableId('subgroup', practiceId, patientId, date),
};
