// The practice settings of the selection in the repository: what needs the repository's write (a practice
// without settings gets the DOMAIN.md defaults written out on first use, so every result can point at the
// exact version it was computed with) and the mapping of the package's SettingsError to HTTP. Reading and
// editing the settings themselves are the package's (profiles/src/selection/practice-settings.ts).
import { badRequest, conflict, isNotFound, notFound, OperationOutcomeError } from '@medplum/core';
import type { Basic } from '@medplum/fhirtypes';
import {
  type ChronicDiseaseList,
  type ChronicDiseaseTerminology,
  chronicDiseasesOf,
  defaultPracticeSettings,
  findPracticeSettings,
  type PracticeSettings,
  practiceSettingsOf,
  type ResolvedPracticeSettings,
  SettingsError,
} from '@target/profiles';
import { businessRule } from '../../platform/outcomes.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { fromR4, RepositoryReader, toR4 } from '../repository-reader.ts';
import { stableId } from './ids.ts';

/** A SettingsError as the answer: 409 for a practice with two settings resources, else 422 naming the setting. */
export function settingsOutcome(err: SettingsError): OperationOutcomeError {
  if (err.reason === 'duplicate') {
    return new OperationOutcomeError(conflict(err.message));
  }
  return new OperationOutcomeError(businessRule(`Practice settings: ${err.message}`, err.setting));
}

/** `work()`, with a SettingsError it throws turned into its OperationOutcome. */
export async function withSettingsOutcomes<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof SettingsError ? settingsOutcome(err) : err;
  }
}

/** The practice's settings, its resource created with the defaults when it has none yet. */
export async function practiceSettings(repo: PostgresRepository, practiceId: string): Promise<PracticeSettings> {
  await repo.readResource('Organization', practiceId).catch((err: unknown) => {
    throw err instanceof OperationOutcomeError && isNotFound(err.outcome) ? new OperationOutcomeError(notFound) : err;
  });
  const practice = `Organization/${practiceId}`;
  return withSettingsOutcomes(async () => {
    const found = await findPracticeSettings(new RepositoryReader(repo), practice);
    if (found) {
      return found;
    }
    // A stable id: two first runs at once write versions of one resource instead of two resources (the
    // second becomes version 2 through upsertResources).
    const defaults = defaultPracticeSettings({
      id: stableId('practice-settings', practiceId),
      practice: { reference: practice },
      created: new Date().toISOString().slice(0, 10),
    });
    const [created] = await repo.upsertResources([fromR4(defaults)]);
    return practiceSettingsOf(toR4(created));
  });
}

/** Settings named explicitly by reference (`Basic/{id}` or a version of it) instead of the practice's own. */
export async function settingsByReference(repo: PostgresRepository, reference: string): Promise<PracticeSettings> {
  const match = /^Basic\/([^/]+)(?:\/_history\/([^/]+))?$/.exec(reference);
  if (!match) {
    throw new OperationOutcomeError(badRequest(`settings must reference Basic/{id}, got "${reference}"`, 'settings'));
  }
  // Read through the repository itself, so a deleted resource answers 410 and a foreign one 404, as a read does.
  const resource = match[2]
    ? await repo.readVersion<Basic>('Basic', match[1], match[2])
    : await repo.readResource<Basic>('Basic', match[1]);
  return withSettingsOutcomes(async () => practiceSettingsOf(toR4(resource)));
}

/**
 * The chronic-disease list the settings name (a ValueSet of this server, or the default list) with the
 * practice's own codes and, with a terminology server, the SNOMED CT descendants: what both selection paths
 * count with (population-sql.ts reads its codes, the per-patient path matches against it). `onWarning` hears
 * why the terminology server did not expand in full (the answer says so).
 */
export function diseaseListOf(
  repo: PostgresRepository,
  settings: ResolvedPracticeSettings,
  terminology?: ChronicDiseaseTerminology,
  onWarning?: (message: string) => void,
): Promise<ChronicDiseaseList> {
  return withSettingsOutcomes(() => chronicDiseasesOf(new RepositoryReader(repo), settings, terminology, onWarning));
}
