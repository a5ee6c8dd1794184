// Reading and writing a practice's settings over the launch's FHIR API, with the package's rules: the
// practice's TargetPracticeSettings (findPracticeSettings), the source text of each key from the settings
// CodeSystem the server publishes, whether this user may change them, and the save (a new version with
// If-Match, so two people editing at once cannot silently overwrite each other).
import type { Basic as MedplumBasic } from '@medplum/fhirtypes';
import {
  chronicDiseasesOf,
  DEFAULT_SETTINGS,
  defaultPracticeSettings,
  type FhirReader,
  findPracticeSettings,
  matchesOf,
  PRACTICE_SETTINGS_CODE,
  type PracticeSettings,
  practiceSettingsOf,
  type ResolvedPracticeSettings,
  readPracticeSettings,
  resolveSettings,
  TargetPracticeRoleCodeSystem,
  TargetSettingCodeSystem,
} from '@target/profiles';
import type { Basic, CodeSystem, PractitionerRole } from 'fhir/r4.js';
import type { SmartSession } from '../../../launch/session.ts';

export interface LoadedSettings {
  /** The stored resource; undefined while the practice has none (the selection then writes the defaults). */
  readonly current: PracticeSettings | undefined;
  /** The values the rules run with. */
  readonly resolved: ResolvedPracticeSettings;
  /** Setting key → its definition in the settings CodeSystem (absent when the server does not publish it). */
  readonly definitions: ReadonlyMap<string, string>;
  readonly mayEdit: boolean;
}

/**
 * The practice roles the server lets change the practice's records (server/src/access/roles.ts: the token
 * roles gp and practice-nurse are "practice" writers; the demo directory gives them these role codes).
 */
const EDITING_ROLES: ReadonlySet<string> = new Set(['gp', 'practice-nurse']);

/** Whether the granted scopes allow updating a Basic (SMART v2 `…/Basic.u`, `…/*.cruds`; v1 `.write`, `.*`). */
export function scopeAllowsSettingsUpdate(scope: string): boolean {
  return scope.split(/\s+/).some((s) => {
    const match = /^(user|system)\/(Basic|\*)\.([a-z*]+)$/.exec(s);
    return match !== null && (match[3] === 'write' || match[3] === '*' || /^c?r?u[ds]*$/.test(match[3]));
  });
}

async function definitionsOf(reader: FhirReader): Promise<Map<string, string>> {
  const bundle = await reader.search<CodeSystem>('CodeSystem', { url: TargetSettingCodeSystem.url });
  const [codeSystem] = matchesOf<CodeSystem>(bundle, 'CodeSystem');
  return new Map(
    (codeSystem?.concept ?? []).flatMap((c) => (c.definition ? [[c.code, c.definition] as [string, string]] : [])),
  );
}

/** Whether the signed-in user holds a role at the practice that may change its records. */
async function holdsEditingRole(reader: FhirReader, session: SmartSession, practice: string): Promise<boolean> {
  const user = session.fhirUser ?? '';
  const params: Record<string, string> | undefined = user.startsWith('Practitioner/')
    ? { practitioner: user, organization: practice }
    : user.startsWith('PractitionerRole/')
      ? { _id: user.slice('PractitionerRole/'.length), organization: practice }
      : undefined;
  if (!params) {
    return false;
  }
  const roles = matchesOf<PractitionerRole>(
    await reader.search<PractitionerRole>('PractitionerRole', params),
    'PractitionerRole',
  );
  return roles.some((role) =>
    (role.code ?? [])
      .flatMap((c) => c.coding ?? [])
      .some((c) => c.system === TargetPracticeRoleCodeSystem.url && EDITING_ROLES.has(c.code ?? '')),
  );
}

export async function loadSettings(
  reader: FhirReader,
  session: SmartSession,
  practiceId: string,
): Promise<LoadedSettings> {
  const practice = `Organization/${practiceId}`;
  const [current, definitions, roleMayEdit] = await Promise.all([
    findPracticeSettings(reader, practice),
    definitionsOf(reader),
    holdsEditingRole(reader, session, practice),
  ]);
  return {
    current,
    resolved: current?.resolved ?? DEFAULT_SETTINGS,
    definitions,
    mayEdit: roleMayEdit && scopeAllowsSettingsUpdate(session.scope),
  };
}

/**
 * The practice's current settings as the package edits them: the stored version, or the defaults of a
 * practice that has none yet (then saving creates its first resource).
 */
export function editableSettings(loaded: LoadedSettings, practiceId: string): PracticeSettings {
  if (loaded.current) {
    return loaded.current;
  }
  const resource = defaultPracticeSettings({ practice: { reference: `Organization/${practiceId}` } });
  return { resource, version: { id: '', version: '' }, stored: {}, resolved: DEFAULT_SETTINGS };
}

/**
 * The checks the selection would make of the new version beyond its values: the chronic-disease list it
 * names exists and holds every disease a practice code is added to (the package's chronicDiseasesOf).
 * @throws SettingsError naming the setting.
 */
export async function checkDiseaseList(reader: FhirReader, next: Basic): Promise<void> {
  await chronicDiseasesOf(reader, resolveSettings(readPracticeSettings(next).settings));
}

/** Thrown when a first settings resource was created by someone else meanwhile: ours was not stored. */
export class SettingsCreatedMeanwhileError extends Error {}

/**
 * Stores the next version: an update with If-Match on the version that was edited (a stale one is the
 * server's 412), or for a practice without settings a conditional create (one resource per practice).
 * @throws the MedplumClient's OperationOutcomeError for a refusal, with the server's OperationOutcome.
 */
export async function saveSettings(
  session: SmartSession,
  loaded: LoadedSettings,
  practiceId: string,
  next: Basic,
): Promise<PracticeSettings> {
  if (loaded.current) {
    const saved = await session.medplum.updateResource(next as MedplumBasic, {
      headers: { 'If-Match': `W/"${loaded.current.version.version}"` },
    });
    return practiceSettingsOf(saved as Basic);
  }
  const query = new URLSearchParams({ subject: `Organization/${practiceId}`, code: PRACTICE_SETTINGS_CODE });
  const saved = (await session.medplum.createResourceIfNoneExist(next as MedplumBasic, query.toString())) as Basic;
  // If-None-Exist answers with the resource that exists: then this edit was not stored.
  if (JSON.stringify(saved.extension) !== JSON.stringify(next.extension)) {
    throw new SettingsCreatedMeanwhileError('the practice got its first settings meanwhile');
  }
  return practiceSettingsOf(saved);
}
