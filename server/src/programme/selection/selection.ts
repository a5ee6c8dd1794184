// The practice selection (Group/$target-selection): facts of every patient by SQL over the search index,
// the rules of profiles/src/selection, then one selection Group and one care-burden Observation per
// chronically ill patient (and a subgroup Observation per HNHC patient), written in batches under stable
// ids so a re-run for the same practice and date updates instead of duplicating.
import type { Group, OperationOutcome, Resource } from '@medplum/fhirtypes';
import {
  buildSelectionGroup,
  type ChronicDiseaseTerminology,
  careBurdenResults,
  classifyPractice,
  countingWindow,
  isCountingWindowEmpty,
  mergeOutcomes,
  type PatientResult,
  type PopulationCutoffs,
  type PracticeSettings,
  Profiles,
  readSelectionGroup,
  type TargetCareBurdenCategoryCode,
  type TargetSubgroupCode,
  terminologyOutcome,
  unlistedPracticeOutcome,
} from '@target/profiles';
import type { OperationOutcome as R4OperationOutcome } from 'fhir/r4.js';
import type { PostgresRepository } from '../../store/repository.ts';
import { assertValidResource } from '../../store/validation/validation.ts';
import { WritePipeline } from '../../store/write/pipeline.ts';
import { fromR4, toR4 } from '../repository-reader.ts';
import { resultIds } from './ids.ts';
import { assertPracticeExists, listedCounts, type PatientCensus, patientCensus } from './listed.ts';
import { emptyWindowWarning, type PracticePopulation, populationFacts } from './population.ts';
import { allPractices } from './practices.ts';
import { diseaseListOf, practiceSettings, settingsByReference } from './settings-store.ts';

export { allPractices };

export interface SelectionRequest {
  /** Organization ids; all TARGET practices when absent. */
  practices?: string[];
  referenceDate: string;
  /** `Basic/{id}[/_history/{v}]`: run with these settings instead of each practice's own. */
  settings?: string;
}

export interface SelectionProgress {
  done: number;
  total: number;
  message: string;
}

export interface PracticeSummary {
  practiceId: string;
  /** Absent when no patient is listed with the practice: nothing is written then. */
  group?: string;
  settingsUsed?: string;
  listed: number;
  chronicallyIll: number;
  categories: Record<TargetCareBurdenCategoryCode, number>;
  hnhc: number;
  subgroups: Partial<Record<TargetSubgroupCode, number>>;
  cutoffs: PopulationCutoffs;
  /**
   * What the result rests on, in words: a counting window without contacts, a terminology server that did
   * not answer (warnings.ts), no patient listed (unlisted.ts).
   */
  outcome?: OperationOutcome;
}

export interface SelectionOptions {
  signal?: AbortSignal;
  onProgress?: (progress: SelectionProgress) => void;
  /** Resources per write statement. */
  batchSize?: number;
  /** Practices per pass of the population statements (default PRACTICES_PER_PASS). */
  practicesPerPass?: number;
  /** Adds SNOMED CT descendants to the chronic-disease list (terminology.ts); absent: the map and codes only. */
  terminology?: ChronicDiseaseTerminology;
  /**
   * Whether the explanation for a practice nobody is listed with counts the server's patients (default true:
   * the server, an administrator); false for a caller acting for one practice.
   */
  serverWideCounts?: boolean;
}

function summarize(
  practiceId: string,
  group: Group,
  settings: PracticeSettings,
  listed: number,
  cutoffs: PopulationCutoffs,
  members: readonly PatientResult[],
  outcome: OperationOutcome | undefined,
): PracticeSummary {
  const categories: Record<TargetCareBurdenCategoryCode, number> = { high: 0, medium: 0, low: 0, new: 0 };
  const subgroups: Partial<Record<TargetSubgroupCode, number>> = {};
  let hnhc = 0;
  for (const { classification } of members) {
    categories[classification.category] += 1;
    hnhc += classification.hnhc ? 1 : 0;
    const subgroup = classification.subgroup?.subgroup;
    if (subgroup) {
      subgroups[subgroup] = (subgroups[subgroup] ?? 0) + 1;
    }
  }
  return {
    practiceId,
    group: `Group/${group.id}`,
    settingsUsed: `Basic/${settings.version.id}/_history/${settings.version.version}`,
    listed,
    chronicallyIll: members.length,
    categories,
    hnhc,
    subgroups,
    cutoffs,
    ...(outcome ? { outcome } : {}),
  };
}

/**
 * Practices per pass of the population statements (~50,000 patients at the usual practice size). The next
 * pass's statements run while this pass's results are written, so PostgreSQL and this thread both keep
 * working: 480k-patient region end to end ~88 s with passes of 20, ~90–93 s in one pass, 115 s with passes
 * of 10 that waited for the writes (measured before token texts moved into their rows; docs/benchmarks.md).
 */
const PRACTICES_PER_PASS = 20;

interface PracticeRun {
  practiceId: string;
  settings: PracticeSettings;
  /** Said with the practice's result whatever it holds (the terminology server did not answer). */
  notes?: R4OperationOutcome;
}

/** The summary of a practice nobody is listed with: zero counts and why (unlisted.ts); nothing written. */
function unlistedSummary(
  practiceId: string,
  referenceDate: string,
  census: PatientCensus | undefined,
): PracticeSummary {
  return {
    practiceId,
    listed: 0,
    chronicallyIll: 0,
    categories: { high: 0, medium: 0, low: 0, new: 0 },
    hnhc: 0,
    subgroups: {},
    cutoffs: { population: 0, mean: Number.NaN, hnhcTop: Number.NaN, high: Number.NaN, medium: Number.NaN },
    outcome: fromR4(unlistedPracticeOutcome({ practiceId, referenceDate, ...(census ? { census } : {}) })),
  };
}

/**
 * Runs the selection for the practices and stores the results. Practices whose settings have the same
 * values share the passes of the population queries (PRACTICES_PER_PASS practices each); results are
 * written practice by practice, in batches, while the next pass's statements run.
 * @returns One summary per practice, in request order.
 */
export async function runSelection(
  repo: PostgresRepository,
  request: SelectionRequest,
  options: SelectionOptions = {},
): Promise<PracticeSummary[]> {
  const practices = [...new Set(request.practices ?? (await allPractices(repo)))];
  const explicit = request.settings ? await settingsByReference(repo, request.settings) : undefined;
  const summaries = new Map<string, PracticeSummary>();
  // Before any settings are read (a first use writes them): a practice nobody is listed with gets only an
  // explanation, and nothing is written for it.
  const listed = await listedCounts(repo, practices, request.referenceDate);
  const unlisted = practices.filter((id) => listed.get(id) === 0);
  if (unlisted.length > 0) {
    const census = options.serverWideCounts === false ? undefined : await patientCensus(repo, request.referenceDate);
    for (const practiceId of unlisted) {
      await assertPracticeExists(repo, practiceId);
      summaries.set(practiceId, unlistedSummary(practiceId, request.referenceDate, census));
    }
  }
  const runs: PracticeRun[] = [];
  for (const practiceId of practices.filter((id) => !summaries.has(id))) {
    runs.push({ practiceId, settings: explicit ?? (await practiceSettings(repo, practiceId)) });
  }
  const bySettings = Map.groupBy(runs, (run) => JSON.stringify(run.settings.resolved));
  let done = summaries.size;
  const progress = (message: string) => options.onProgress?.({ done, total: practices.length, message });
  // One pipeline for every practice: the next practice's results are built and indexed while the database
  // still writes the previous one's (a practice is often a single batch, so a pipeline per practice would
  // leave Node and PostgreSQL taking turns).
  const pipeline = new WritePipeline(4);
  // The population statements of the next pass, running while this pass's results are built and written.
  let nextPass: Promise<PracticePopulation[]> | undefined;
  try {
    for (const group of bySettings.values()) {
      const settings = group[0].settings.resolved;
      const terminologyWarnings: string[] = [];
      const diseases = await diseaseListOf(repo, settings, options.terminology, (message) =>
        terminologyWarnings.push(message),
      );
      const notes = terminologyOutcome(terminologyWarnings);
      const perPass = options.practicesPerPass ?? PRACTICES_PER_PASS;
      const passes: PracticeRun[][] = [];
      for (let first = 0; first < group.length; first += perPass) {
        passes.push(group.slice(first, first + perPass));
      }
      const factsOf = (pass: PracticeRun[]): Promise<PracticePopulation[]> => {
        const facts = populationFacts(
          repo,
          { practices: pass.map((run) => run.practiceId), referenceDate: request.referenceDate, settings, diseases },
          progress,
        );
        facts.catch(() => undefined); // awaited below; a failure while an earlier pass writes is not lost
        return facts;
      };
      nextPass = factsOf(passes[0]);
      for (const [passIndex, pass] of passes.entries()) {
        const populations = await (nextPass as Promise<PracticePopulation[]>);
        nextPass = passIndex + 1 < passes.length ? factsOf(passes[passIndex + 1]) : undefined;
        for (const [index, population] of populations.entries()) {
          options.signal?.throwIfAborted();
          const run = { ...pass[index], notes };
          await writePractice(repo, request, run, population, { ...options, pipeline }, (summary) => {
            summaries.set(population.practiceId, summary);
            done += 1;
            progress(`${done} of ${practices.length} practices written`);
          });
        }
      }
    }
    await pipeline.drain();
  } catch (err) {
    // A failed or cancelled run must not leave statements or writes running unobserved.
    await nextPass?.catch(() => undefined);
    await pipeline.settle();
    throw err;
  }
  return practices.map((id) => summaries.get(id) as PracticeSummary);
}

/**
 * A re-run for the same practice and date: results of the previous run that this run does not write again
 * (the patient is no longer chronically ill, or no longer HNHC) are deleted, so no stale result contradicts
 * the new Group. The previous Group says which ones existed.
 */
async function withdrawStaleResults(
  repo: PostgresRepository,
  practiceId: string,
  referenceDate: string,
  results: readonly PatientResult[],
): Promise<void> {
  const previous = await repo
    .readResource<Group>('Group', resultIds.selection(practiceId, referenceDate))
    .catch(() => undefined);
  if (!previous) {
    return;
  }
  const now = new Map(results.map((r) => [r.assessment.patientId, r.classification.subgroup !== undefined]));
  for (const member of readSelectionGroup(toR4(previous)).members) {
    const patientId = member.patient.reference?.replace(/^Patient\//, '') ?? '';
    const stillSelected = now.has(patientId);
    const stale = [
      ...(stillSelected ? [] : [resultIds.careBurden(practiceId, patientId, referenceDate)]),
      ...(member.subgroup && !now.get(patientId) ? [resultIds.subgroup(practiceId, patientId, referenceDate)] : []),
    ];
    for (const id of stale) {
      await repo.deleteResource('Observation', id).catch(() => undefined);
    }
  }
}

/**
 * Submits a practice's result Observations in batches and then its Group (written once its batches are
 * stored, so the Group never lists results that are not there yet); `onWritten` receives the summary then.
 */
async function writePractice(
  repo: PostgresRepository,
  request: SelectionRequest,
  run: PracticeRun,
  population: PracticePopulation,
  options: SelectionOptions & { pipeline: WritePipeline },
  onWritten: (summary: PracticeSummary) => void,
): Promise<void> {
  const { practiceId, settings } = run;
  const batchSize = options.batchSize ?? 1000;
  const { cutoffs, results } = classifyPractice(population.facts, request.referenceDate, settings.resolved);
  const emptyWindow = isCountingWindowEmpty(results.map((r) => r.assessment))
    ? await emptyWindowWarning(repo, practiceId, request.referenceDate, settings.resolved)
    : undefined;
  const merged = mergeOutcomes(emptyWindow, run.notes);
  const outcome = merged && fromR4(merged);
  const context = {
    referenceDate: request.referenceDate,
    window: countingWindow(request.referenceDate, settings.resolved.countingPeriodDays),
    settingsUsed: settings.version,
    issued: new Date().toISOString(),
  };
  const observations: Resource[] = results.flatMap((result) => {
    const patientId = result.assessment.patientId;
    const ids = {
      careBurden: resultIds.careBurden(practiceId, patientId, request.referenceDate),
      subgroup: resultIds.subgroup(practiceId, patientId, request.referenceDate),
    };
    const { careBurden, subgroup } = careBurdenResults(result, { ...context, ids });
    return subgroup ? [fromR4(careBurden), fromR4(subgroup)] : [fromR4(careBurden)];
  });
  // Every result is built by the same pure builders from typed values: the first care burden and subgroup
  // Observation of each practice (and the Group) are validated against their profiles, the rest are written
  // as validated by that check — full validation would cost about half of the write time (docs/benchmarks.md).
  for (const sample of [
    observations.find((o) => o.meta?.profile?.[0] === Profiles.TargetCareBurdenObservation),
    observations.find((o) => o.meta?.profile?.[0] === Profiles.TargetSubgroupObservation),
  ]) {
    if (sample) {
      assertValidResource(sample);
    }
  }
  const batches: Promise<void>[] = [];
  for (let i = 0; i < observations.length; i += batchSize) {
    options.signal?.throwIfAborted();
    const batch = observations.slice(i, i + batchSize);
    const { done } = await options.pipeline.submit(() => repo.upsertResources(batch, { validatedByCaller: true }));
    batches.push(done);
  }
  const members = [...results].sort(
    (a, b) => b.assessment.score - a.assessment.score || (a.assessment.patientId < b.assessment.patientId ? -1 : 1),
  );
  const groupInput = {
    id: resultIds.selection(practiceId, request.referenceDate),
    name: `TARGET-selectie ${request.referenceDate}`,
    referenceDate: request.referenceDate,
    settingsUsed: settings.version,
    practice: { reference: `Organization/${practiceId}` },
    members: members.map(({ assessment, classification }) => ({
      patient: { reference: `Patient/${assessment.patientId}` },
      score: assessment.score,
      category: classification.category,
      hnhc: classification.hnhc,
      ...(classification.subgroup ? { subgroup: classification.subgroup.subgroup } : {}),
    })),
  };
  const group = fromR4(buildSelectionGroup(groupInput));
  // The same holds for the Group: validating a practice's whole Group took ~130 ms (a profile check per
  // member extension), so the builder's output is validated on the highest and lowest scoring members.
  const { members: all } = groupInput;
  const sample = all.length <= 20 ? all : [...all.slice(0, 10), ...all.slice(-10)];
  assertValidResource(fromR4(buildSelectionGroup({ ...groupInput, members: sample })));
  options.signal?.throwIfAborted();
  await options.pipeline.submit(async () => {
    await Promise.all(batches);
    await withdrawStaleResults(repo, practiceId, request.referenceDate, results);
    const [stored] = await repo.upsertResources([group], { validatedByCaller: true });
    onWritten(summarize(practiceId, stored, settings, population.listed, cutoffs, results, outcome));
  });
}
