// Where the care-burden card's numbers come from. On a TARGET server: Patient/{id}/$care-burden (GET, never
// persisted) with the practice's settings and cut-offs, and the settings version it names for the weights.
// On any other SMART EHR: the shared package's careBurdenOfPatient over that EHR's Encounters and Conditions
// with the default settings and no practice cut-offs — a burden without category or HNHC, said so in words.
import {
  CareBurdenError,
  type CareBurdenInput,
  careBurdenOfPatient,
  countingWindow,
  type HnhcReason,
  hnhcReasons,
  outcomeText,
  type PopulationCutoffs,
  practiceSettingsOf,
  type ResolvedPracticeSettings,
  readCareBurdenObservation,
  readSubgroupObservation,
  resolveSettings,
  type SettingsVersion,
  type SubgroupInput,
  type TargetCareBurdenCategoryCode,
  tryRead,
  type WeightedContact,
  weightedContacts,
} from '@target/profiles';
import type { Basic, Observation, OperationOutcome, Parameters, ParametersParameter } from 'fhir/r4.js';
import type { MedplumReader } from '../../../fhir/medplum-reader.ts';

/** The settings a result was computed with, as far as the card shows them. */
export interface SettingsShown {
  /** The stored version (TARGET server); absent for the defaults used in the browser. */
  version?: SettingsVersion;
  /** The resolved values; absent when the stored version could not be read. */
  resolved?: ResolvedPracticeSettings;
}

export interface CareBurdenSummary {
  source: 'target-server' | 'browser';
  referenceDate: string;
  chronicallyIll: boolean;
  /** The counted window (first and last day). */
  window?: { start: string; end: string };
  score?: number;
  contacts: WeightedContact[];
  /** `Condition/{id}` of each qualifying chronic condition. */
  conditions: string[];
  diseaseCount?: number;
  isNew?: boolean;
  category?: TargetCareBurdenCategoryCode;
  hnhc?: boolean;
  hnhcReasons: HnhcReason[];
  cutoffs?: Partial<PopulationCutoffs>;
  settings: SettingsShown;
  subgroup?: SubgroupInput;
  /** The server's warning about the result (e.g. an empty counting window), in its words. */
  warning?: string;
}

function part(parameter: ParametersParameter | undefined, name: string) {
  return parameter?.part?.find((p) => p.name === name);
}

function cutoffsOf(parameter: ParametersParameter | undefined): Partial<PopulationCutoffs> | undefined {
  if (!parameter) {
    return undefined;
  }
  const decimal = (name: string) => part(parameter, name)?.valueDecimal;
  const entries = {
    population: part(parameter, 'population')?.valueInteger,
    mean: decimal('mean'),
    high: decimal('high'),
    medium: decimal('medium'),
    hnhcTop: decimal('hnhcTop'),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

function isComplete(cutoffs: Partial<PopulationCutoffs> | undefined): cutoffs is PopulationCutoffs {
  return ['population', 'mean', 'high', 'medium', 'hnhcTop'].every(
    (k) => cutoffs?.[k as keyof PopulationCutoffs] !== undefined,
  );
}

/** The settings version a stored result names, read (vread); undefined values when it cannot be read. */
async function settingsOf(reader: MedplumReader, version: SettingsVersion): Promise<SettingsShown> {
  try {
    const basic = await reader.read<Basic>(`Basic/${version.id}/_history/${version.version}`);
    return { version, ...(basic ? { resolved: practiceSettingsOf(basic).resolved } : {}) };
  } catch {
    // The card then derives each weight from the stored points and says so; nothing else depends on it.
    return { version };
  }
}

/** The card's numbers from a TargetCareBurdenObservation and what came with it. */
export async function summaryOfStored(
  reader: MedplumReader,
  stored: CareBurdenInput,
  context: { referenceDate: string; cutoffs?: Partial<PopulationCutoffs>; subgroup?: SubgroupInput; warning?: string },
): Promise<CareBurdenSummary> {
  const settings = await settingsOf(reader, stored.settingsUsed);
  const { cutoffs } = context;
  return {
    source: 'target-server',
    referenceDate: context.referenceDate,
    chronicallyIll: true,
    window: stored.window,
    score: stored.score,
    contacts: weightedContacts(stored.contacts, settings.resolved?.contactWeights),
    conditions: stored.qualifyingConditions.flatMap((c) => (c.reference ? [c.reference] : [])),
    diseaseCount: stored.chronicConditionCount,
    isNew: stored.category === 'new',
    category: stored.category,
    hnhc: stored.hnhc,
    hnhcReasons:
      stored.hnhc && isComplete(cutoffs) ? hnhcReasons(stored.score, stored.chronicConditionCount, cutoffs) : [],
    settings,
    ...(cutoffs ? { cutoffs } : {}),
    ...(context.subgroup ? { subgroup: context.subgroup } : {}),
    ...(context.warning ? { warning: context.warning } : {}),
  };
}

/**
 * GET Patient/{id}/$care-burden?date=… on a TARGET server (R4 operations: a GET is safe, nothing is stored).
 * @param practiceId - The practice the user signed in for: named, so a patient listed with several practices
 *   is computed in the user's own.
 */
export async function careBurdenFromServer(
  reader: MedplumReader,
  operationUrl: string,
  referenceDate: string,
  practiceId?: string,
): Promise<CareBurdenSummary> {
  const query = new URLSearchParams({ date: referenceDate });
  if (practiceId) {
    query.set('practice', `Organization/${practiceId}`);
  }
  const url = `${operationUrl}?${query}`;
  const answer = await reader.get<Parameters>(url, `GET $care-burden?date=${referenceDate}`);
  const parameter = (name: string) => answer.parameter?.find((p) => p.name === name);
  const chronicallyIll = parameter('chronicallyIll')?.valueBoolean === true;
  const observation = parameter('careBurden')?.resource as Observation | undefined;
  const outcome = parameter('outcome')?.resource as OperationOutcome | undefined;
  const warning = outcome ? outcomeText(outcome) : undefined;
  if (!chronicallyIll || !observation) {
    return {
      source: 'target-server',
      referenceDate,
      chronicallyIll,
      contacts: [],
      conditions: [],
      hnhcReasons: [],
      settings: {},
      ...(warning ? { warning } : {}),
    };
  }
  const subgroupResource = parameter('subgroup')?.resource as Observation | undefined;
  const subgroup = subgroupResource ? tryRead(readSubgroupObservation, subgroupResource) : undefined;
  return summaryOfStored(reader, readCareBurdenObservation(observation), {
    referenceDate,
    cutoffs: cutoffsOf(parameter('cutoffs')),
    ...(subgroup ? { subgroup } : {}),
    ...(warning ? { warning } : {}),
  });
}

/** A patient the rules cannot compute for (not found, not on a practice list): said in words, not as a crash. */
export class NoCareBurdenError extends Error {
  readonly code: CareBurdenError['code'];
  constructor(error: CareBurdenError) {
    super(error.message);
    this.name = 'NoCareBurdenError';
    this.code = error.code;
  }
}

/** The care burden computed in the browser from the EHR's own record, with the default settings. */
export async function careBurdenInBrowser(
  reader: MedplumReader,
  patientId: string,
  referenceDate: string,
): Promise<CareBurdenSummary> {
  const settings = resolveSettings();
  let result: Awaited<ReturnType<typeof careBurdenOfPatient>>;
  try {
    result = await careBurdenOfPatient(reader, `Patient/${patientId}`, { referenceDate, settings });
  } catch (err) {
    if (err instanceof CareBurdenError) {
      throw new NoCareBurdenError(err);
    }
    throw err;
  }
  const { assessment } = result;
  const window = countingWindow(referenceDate, settings.countingPeriodDays);
  return {
    source: 'browser',
    referenceDate,
    chronicallyIll: assessment !== undefined,
    window: { start: window.start, end: window.end },
    contacts: assessment ? weightedContacts(assessment.contacts, settings.contactWeights) : [],
    conditions: result.facts.conditions.map((c) => c.reference),
    hnhcReasons: [],
    settings: { resolved: settings },
    ...(assessment ? { score: assessment.score, diseaseCount: assessment.diseaseCount, isNew: assessment.isNew } : {}),
  };
}
