// The practice settings of the selection as stored: one TargetPracticeSettings (Basic) per practice,
// versioned like any resource. A practice without one gets the DOMAIN.md defaults written out explicitly,
// so every result can point at the exact version (and values) it was computed with.
import { badRequest, conflict, isNotFound, notFound, OperationOutcomeError, parseSearchRequest } from '@medplum/core';
import type { Basic, ValueSet } from '@medplum/fhirtypes';
import {
  buildPracticeSettings,
  type ChronicDiseaseList,
  chronicDiseaseList,
  DEFAULT_CHRONIC_DISEASES,
  DEFAULT_SETTINGS,
  ExternalSystems,
  explicitSettings,
  readPracticeSettings,
  resolveSettings,
  type SelectionSettings,
  SettingsError,
  type SettingsVersion,
  TargetConceptCodeSystem,
  TargetReadError,
} from '@target/profiles';
import type { Basic as R4Basic } from 'fhir/r4.js';
import { businessRule } from '../../platform/outcomes.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { stableId } from './ids.ts';

export interface PracticeSettings {
  resource: Basic;
  version: SettingsVersion;
  settings: SelectionSettings;
}

const SETTINGS_CODE = `${TargetConceptCodeSystem.url}|practice-settings`;

/** Reads settings from a stored resource; a resource the rules cannot use is a 422 naming the setting. */
export function settingsOf(resource: Basic): PracticeSettings {
  try {
    const read = readPracticeSettings(resource as R4Basic);
    return {
      resource,
      version: { id: resource.id as string, version: resource.meta?.versionId as string },
      settings: resolveSettings(read.settings),
    };
  } catch (err) {
    if (err instanceof SettingsError) {
      throw new OperationOutcomeError(businessRule(`Practice settings: ${err.message}`, err.setting));
    }
    if (err instanceof TargetReadError) {
      throw new OperationOutcomeError(businessRule(`Practice settings: ${err.message}`));
    }
    throw err;
  }
}

/** The practice's settings resource, created with the defaults when it has none yet. */
export async function practiceSettings(repo: PostgresRepository, practiceId: string): Promise<PracticeSettings> {
  await repo.readResource('Organization', practiceId).catch((err: unknown) => {
    throw err instanceof OperationOutcomeError && isNotFound(err.outcome) ? new OperationOutcomeError(notFound) : err;
  });
  const found = await repo.searchResources<Basic>(
    parseSearchRequest('Basic', { subject: `Organization/${practiceId}`, code: SETTINGS_CODE }),
  );
  if (found.length > 1) {
    throw new OperationOutcomeError(
      conflict(`Organization/${practiceId} has ${found.length} settings resources; keep one`),
    );
  }
  if (found.length === 1) {
    return settingsOf(found[0]);
  }
  // A stable id: two first runs at once write versions of one resource instead of two resources.
  const id = stableId('practice-settings', practiceId);
  const defaults = buildPracticeSettings({
    id,
    practice: { reference: `Organization/${practiceId}` },
    created: new Date().toISOString().slice(0, 10),
    settings: explicitSettings(DEFAULT_SETTINGS),
  }) as Basic;
  // Two racing first runs both write the defaults; upsertResources makes the second one version 2.
  const [created] = await repo.upsertResources([defaults]);
  return settingsOf(created);
}

/** Settings named explicitly by reference (`Basic/{id}` or a version of it) instead of the practice's own. */
export async function settingsByReference(repo: PostgresRepository, reference: string): Promise<PracticeSettings> {
  const match = /^Basic\/([^/]+)(?:\/_history\/([^/]+))?$/.exec(reference);
  if (!match) {
    throw new OperationOutcomeError(badRequest(`settings must reference Basic/{id}, got "${reference}"`, 'settings'));
  }
  const resource = match[2]
    ? await repo.readVersion<Basic>('Basic', match[1], match[2])
    : await repo.readResource<Basic>('Basic', match[1]);
  return settingsOf(resource);
}

/** The qualifying-disease list of the settings: the default one, or the ICPC codes of the practice's ValueSet. */
export async function diseaseListOf(
  repo: PostgresRepository,
  settings: SelectionSettings,
): Promise<ChronicDiseaseList> {
  if (settings.chronicDiseaseValueSet === DEFAULT_SETTINGS.chronicDiseaseValueSet) {
    return DEFAULT_CHRONIC_DISEASES;
  }
  const [valueSet] = await repo.searchResources<ValueSet>(
    parseSearchRequest('ValueSet', { url: settings.chronicDiseaseValueSet }),
  );
  if (!valueSet) {
    throw new OperationOutcomeError(
      businessRule(`Chronic-disease ValueSet ${settings.chronicDiseaseValueSet} is not on this server`),
    );
  }
  const codes = [
    ...(valueSet.compose?.include ?? [])
      .filter((i) => i.system === ExternalSystems.ICPC)
      .flatMap((i) => i.concept ?? []),
    ...(valueSet.expansion?.contains ?? []).filter((c) => c.system === ExternalSystems.ICPC),
  ].flatMap((c) => (c.code ? [c.code] : []));
  if (codes.length === 0) {
    throw new OperationOutcomeError(
      businessRule(`Chronic-disease ValueSet ${settings.chronicDiseaseValueSet} lists no ICPC-1-NL codes`),
    );
  }
  return chronicDiseaseList(codes);
}
