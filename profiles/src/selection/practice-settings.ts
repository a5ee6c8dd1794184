// A practice's settings resource (TargetPracticeSettings: one Basic per practice, versioned) read and edited
// through a FhirReader, for the server and the app alike. Reading finds the practice's resource and resolves
// it (settings.ts); editing applies a change to the stored shape and gives the new resource, checked by
// resolving it. Writing that resource is the caller's: the server's repository, or the app's FHIR client.
import type { Basic, Reference, ValueSet } from 'fhir/r4.js';
import type { SettingsVersion } from '../builders/elements.ts';
import {
  buildPracticeSettings,
  readPracticeSettings,
  type StoredPracticeSettings,
} from '../builders/practice-settings.ts';
import { TargetReadError } from '../builders/read-error.ts';
import { ExternalSystems } from '../external.ts';
import { type FhirReader, matchesOf } from '../fhir-reader/reader.ts';
import { Profiles, TargetConceptCodeSystem } from '../generated/canonical.ts';
import {
  type ChronicDiseaseList,
  chronicDiseaseList,
  DEFAULT_CHRONIC_DISEASES,
  icpcOfDisease,
  type MappedCode,
  withMappedCodes,
} from './conditions.ts';
import type { ChronicDiseaseTerminology } from './descendants.ts';
import {
  DEFAULT_SETTINGS,
  explicitSettings,
  type ResolvedPracticeSettings,
  resolveSettings,
  SettingsError,
} from './settings.ts';

/** One version of a practice's settings resource, in both shapes. */
export interface PracticeSettings {
  /** The TargetPracticeSettings resource as read. */
  resource: Basic;
  /** Its id and version: what results name as the settings they were computed with (settingsUsed). */
  version: SettingsVersion;
  /** What the resource holds: the practice's choices. */
  stored: StoredPracticeSettings;
  /** What the rules run with: the choices over the defaults. */
  resolved: ResolvedPracticeSettings;
}

/** Search token of the settings resource's Basic.code. */
export const PRACTICE_SETTINGS_CODE = `${TargetConceptCodeSystem.url}|practice-settings`;

/** Whether a resource is (or claims to be) a practice's settings: the profile, or the Basic.code the selection searches by. */
export function isPracticeSettingsResource(
  resource: Partial<Pick<Basic, 'meta' | 'code'>> & { resourceType: string },
): boolean {
  return (
    resource.resourceType === 'Basic' &&
    ((resource.meta?.profile ?? []).includes(Profiles.TargetPracticeSettings) ||
      (resource.code?.coding ?? []).some(
        (c) => c.system === TargetConceptCodeSystem.url && c.code === 'practice-settings',
      ))
  );
}

/**
 * What a settings resource holds and what the rules run with, checked: the one check for the selection (a
 * stored version), the server's write rule (a version about to be stored, maybe without id yet) and the app.
 * @throws SettingsError `unreadable` for a resource that is not a readable TargetPracticeSettings,
 *   `invalid-value` naming the setting the rules cannot run with.
 */
export function checkedPracticeSettings(resource: Basic): Pick<PracticeSettings, 'stored' | 'resolved'> {
  let stored: StoredPracticeSettings;
  try {
    stored = readPracticeSettings(resource).settings;
  } catch (err) {
    if (err instanceof TargetReadError) {
      throw new SettingsError(undefined, err.message, 'unreadable');
    }
    throw err;
  }
  return { stored, resolved: resolveSettings(stored) };
}

/**
 * A stored settings resource in both shapes.
 * @throws SettingsError `unreadable` for a resource that is not a readable TargetPracticeSettings (or has no
 *   id and version), `invalid-value` naming the setting the rules cannot run with.
 */
export function practiceSettingsOf(resource: Basic): PracticeSettings {
  const { stored, resolved } = checkedPracticeSettings(resource);
  if (!resource.id || !resource.meta?.versionId) {
    throw new SettingsError(undefined, 'a stored settings resource has an id and meta.versionId', 'unreadable');
  }
  return { resource, version: { id: resource.id, version: resource.meta.versionId }, stored, resolved };
}

/**
 * The settings resource of a practice, resolved.
 * @param practice - `Organization/{id}`.
 * @returns undefined when the practice has none yet (its results then use the defaults).
 * @throws SettingsError `duplicate` when it has several (which one counts is unknown), or as practiceSettingsOf.
 */
export async function findPracticeSettings(
  reader: FhirReader,
  practice: string,
): Promise<PracticeSettings | undefined> {
  const found = matchesOf<Basic>(
    await reader.search<Basic>('Basic', { subject: practice, code: PRACTICE_SETTINGS_CODE }),
    'Basic',
  );
  if (found.length > 1) {
    throw new SettingsError(undefined, `${practice} has ${found.length} settings resources; keep one`, 'duplicate');
  }
  return found.length === 1 ? practiceSettingsOf(found[0]) : undefined;
}

/**
 * A first settings resource for a practice: every default written out, so each result can point at the
 * exact values it was computed with (and a later change of a default does not silently change them).
 */
export function defaultPracticeSettings(input: { id?: string; practice: Reference; created?: string }): Basic {
  return buildPracticeSettings({ ...input, settings: explicitSettings(DEFAULT_SETTINGS) });
}

/**
 * The next version of a settings resource: the change applied over the current values, every value written
 * out (as at creation); same id, practice and author.
 * @param changes - The settings to change, in the stored shape (a weight changes only its own contact type; the
 *   practice's chronic-disease codes change as one list).
 * @param created - When this version was made (Basic.created).
 * @throws SettingsError `invalid-value` naming the setting when the result cannot be used.
 */
export function changedPracticeSettings(
  current: PracticeSettings,
  changes: StoredPracticeSettings,
  created: string,
): Basic {
  const settings: StoredPracticeSettings = {
    ...explicitSettings(current.resolved),
    ...changes,
    contactWeights: { ...current.resolved.contactWeights, ...changes.contactWeights },
  };
  resolveSettings(settings);
  return buildPracticeSettings({ ...readPracticeSettings(current.resource), created, settings });
}

/**
 * The chronic-disease list the settings name: the ICPC-1-NL codes of the default list or of the practice's own
 * ValueSet (icpcList), the practice's own SNOMED CT and ICD-10 codes (setting `chronic-disease-code`) added to
 * the map, and — with a terminology — the SNOMED CT descendants of every code the list counts. Both selection
 * paths and the app take their list from here. `onWarning` hears why the terminology did not expand in full.
 * @throws SettingsError `unknown-value-set` when the ValueSet is not found or lists no ICPC-1-NL code;
 *   `invalid-value` (chronic-disease-code) when a practice's code is for a disease not on its list.
 */
export async function chronicDiseasesOf(
  reader: FhirReader,
  settings: ResolvedPracticeSettings,
  terminology?: ChronicDiseaseTerminology,
  onWarning?: (message: string) => void,
): Promise<ChronicDiseaseList> {
  const icpc = await icpcList(reader, settings);
  const list = withMappedCodes(icpc, practiceCodes(icpc, settings));
  return terminology ? terminology.withDescendants(list, onWarning) : list;
}

/** The practice's own codes, each for an ICPC code of its disease on the list. */
function practiceCodes(list: ChronicDiseaseList, settings: ResolvedPracticeSettings): MappedCode[] {
  return settings.chronicDiseaseCodes.map(({ disease, system, code }) => {
    const icpc = icpcOfDisease(list, disease);
    if (!icpc) {
      throw new SettingsError(
        'chronic-disease-code',
        `${system}|${code} is added to ${disease}, which is not on the chronic-disease list ${settings.chronicDiseaseValueSet}`,
      );
    }
    return { system, code, icpc };
  });
}

/** The ICPC-1-NL codes of the list the settings name (compose.include concepts and expansion of its ValueSet). */
async function icpcList(reader: FhirReader, settings: ResolvedPracticeSettings): Promise<ChronicDiseaseList> {
  const url = settings.chronicDiseaseValueSet;
  if (url === DEFAULT_SETTINGS.chronicDiseaseValueSet) {
    return DEFAULT_CHRONIC_DISEASES;
  }
  const [valueSet] = matchesOf<ValueSet>(await reader.search<ValueSet>('ValueSet', { url }), 'ValueSet');
  const fail = (message: string) => new SettingsError('chronic-disease-valueset', message, 'unknown-value-set');
  if (!valueSet) {
    throw fail(`Chronic-disease ValueSet ${url} is not on this server`);
  }
  const codes = [
    ...(valueSet.compose?.include ?? [])
      .filter((i) => i.system === ExternalSystems.ICPC)
      .flatMap((i) => i.concept ?? []),
    ...(valueSet.expansion?.contains ?? []).filter((c) => c.system === ExternalSystems.ICPC),
  ].flatMap((c) => (c.code ? [c.code] : []));
  if (codes.length === 0) {
    throw fail(`Chronic-disease ValueSet ${url} lists no ICPC-1-NL codes`);
  }
  return chronicDiseaseList(codes);
}
