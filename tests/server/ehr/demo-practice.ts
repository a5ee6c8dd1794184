// A small seeded demo practice with its selection run, for the EHR simulator, CDS Hooks and browser tests:
// patients whose stored care-burden result is high or HNHC, low, or absent, picked from what the selection
// wrote (never assumed).
import { parseSearchRequest } from '@medplum/core';
import type { Observation, Patient, PractitionerRole } from '@medplum/fhirtypes';
import { readCareBurdenObservation, TargetObservationCodeSystem, TargetPracticeRoleCodeSystem } from '@target/profiles';
import type { Observation as R4Observation } from 'fhir/r4.js';
import { resourceId } from '../../../server/src/demo/random.ts';
import { seedDemo } from '../../../server/src/demo/seed.ts';
import { runSelection } from '../../../server/src/programme/selection/selection.ts';
import type { PostgresRepository } from '../../../server/src/store/repository.ts';

export const REFERENCE_DATE = '2025-06-30';

export interface DemoPractice {
  readonly practiceId: string;
  /** A patient whose latest care-burden result is category high or HNHC. */
  readonly highPatient: Patient;
  /** A patient whose latest care-burden result is category low. */
  readonly lowPatient: Patient;
  /** A patient of the practice without any care-burden result. */
  readonly patientWithoutResult: Patient;
  /** Another one, for tests that give a patient results of their own. */
  readonly sparePatient: Patient;
  /** `Practitioner/…` of the practice's first GP (the demo user huisarts). */
  readonly gp: string;
  readonly patients: number;
}

export async function seedDemoPractice(repo: PostgresRepository, patients = 40): Promise<DemoPractice> {
  await seedDemo(repo, { patients, practices: 1, seed: 1, referenceDate: REFERENCE_DATE });
  const practiceId = resourceId('Organization', 0, 1);
  await runSelection(repo, { practices: [practiceId], referenceDate: REFERENCE_DATE });
  const observations = await repo.searchResources<Observation>(
    parseSearchRequest('Observation', { code: `${TargetObservationCodeSystem.url}|care-burden`, _count: '1000' }),
  );
  const results = observations.map((o) => ({
    patientId: o.subject?.reference?.replace('Patient/', '') as string,
    ...readCareBurdenObservation(o as R4Observation),
  }));
  const high = results.find((r) => r.category === 'high' || r.hnhc);
  const low = results.find((r) => r.category === 'low');
  const all = await repo.searchResources<Patient>(
    parseSearchRequest('Patient', { organization: `Organization/${practiceId}`, _count: '1000', _sort: '_id' }),
  );
  const withResult = new Set(results.map((r) => r.patientId));
  const [without, spare] = all.filter((p) => !withResult.has(p.id as string));
  const [gpRole] = await repo.searchResources<PractitionerRole>(
    parseSearchRequest('PractitionerRole', {
      role: `${TargetPracticeRoleCodeSystem.url}|gp`,
      _sort: '_id',
      _count: '1',
    }),
  );
  if (!high || !low || !without || !spare || !gpRole?.practitioner?.reference) {
    throw new Error('the seeded practice lacks a high, a low or a no-result patient, or a GP');
  }
  const byId = new Map(all.map((p) => [p.id, p]));
  return {
    practiceId,
    highPatient: byId.get(high.patientId) as Patient,
    lowPatient: byId.get(low.patientId) as Patient,
    patientWithoutResult: without,
    sparePatient: spare,
    gp: gpRole.practitioner.reference,
    patients: all.length,
  };
}
