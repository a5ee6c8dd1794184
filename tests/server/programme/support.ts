// Builders shared by the selection's server tests: an Encounter as another system records it, naming its
// provider by serviceProvider, its participant, both or neither.
import type { Encounter } from '@medplum/fhirtypes';
import { ExternalSystems } from '@target/profiles';

let count = 0;

/**
 * A finished 10-minute Encounter of class `cls` at 10:00 UTC on `day` (YYYY-MM-DD): 11:00 or 12:00 in
 * Amsterdam, the same day. `provider` becomes serviceProvider, `by` the one participant.
 */
export function encounterOn(patientId: string, cls: string, day: string, who: { provider?: string; by?: string } = {}) {
  return {
    resourceType: 'Encounter',
    id: `contact-${++count}`,
    status: 'finished',
    class: { system: ExternalSystems.ActCode, code: cls },
    subject: { reference: `Patient/${patientId}` },
    period: { start: `${day}T10:00:00Z`, end: `${day}T10:10:00Z` },
    ...(who.provider ? { serviceProvider: { reference: who.provider } } : {}),
    ...(who.by ? { participant: [{ individual: { reference: who.by } }] } : {}),
  } satisfies Encounter;
}
