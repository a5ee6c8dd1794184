// A deterministic, realistic corpus of a Dutch general practice network (~2,700 valid R4 resources with
// fixed ids such as `pat-0001`), for search tests that need volume and variety: the differential test
// against @medplum/fhir-router's MemoryRepository and hand-written expectations.
import type { Resource } from '@medplum/fhirtypes';
import { generateCare } from './corpus/care.ts';
import { generateClinical } from './corpus/clinical.ts';
import { generateContact } from './corpus/contact.ts';
import { generateDirectory } from './corpus/directory.ts';
import { Rng } from './corpus/random.ts';

export { SYSTEM } from './corpus/systems.ts';

export const CORPUS_SIZES = {
  patients: 320,
  practitioners: 30,
  encounters: 620,
  conditions: 380,
  observations: 720,
  episodes: 90,
  responses: 70,
  goals: 90,
  carePlans: 60,
  careTeams: 40,
  serviceRequests: 80,
  tasks: 80,
  consents: 50,
  communications: 60,
  appointments: 110,
} as const;

/**
 * Generates the corpus for a seed: same seed, same resources in the same order (no clock, no Math.random).
 * Resources come grouped by type, referenced types first.
 */
export function generateCorpus(seed: number): Resource[] {
  const rng = new Rng(seed);
  const directory = generateDirectory(rng, CORPUS_SIZES);
  const { patients } = directory;
  const practitionerCount = CORPUS_SIZES.practitioners;
  const clinical = generateClinical(rng, patients, practitionerCount, CORPUS_SIZES);
  const care = generateCare(rng, { patients, conditions: clinical.conditions, practitionerCount }, CORPUS_SIZES);
  const contact = generateContact(
    rng,
    {
      patients,
      conditions: clinical.conditions,
      practitionerCount,
      serviceRequestIds: care.serviceRequests.map((r) => r.id as string),
    },
    CORPUS_SIZES,
  );
  return [
    ...directory.organizations,
    ...directory.locations,
    ...directory.practitioners,
    ...directory.roles,
    ...directory.services,
    ...patients,
    ...contact.groups,
    ...clinical.encounters,
    ...clinical.episodes,
    ...clinical.conditions,
    ...clinical.observations,
    ...care.questionnaires,
    ...care.responses,
    ...care.goals,
    ...care.careTeams,
    ...care.serviceRequests,
    ...care.carePlans,
    ...care.tasks,
    ...contact.consents,
    ...contact.communications,
    ...contact.appointments,
  ];
}
