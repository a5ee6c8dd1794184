// The practice selection (Group/$target-selection): facts of every patient by SQL over the search index,
// the rules of profiles/src/selection, then one selection Group and one care-burden Observation per
// chronically ill patient (and a subgroup Observation per HNHC patient), written in batches under stable
// ids so a re-run for the same practice and date updates instead of duplicating.
import { parseSearchRequest } from '@medplum/core';
import type { Group, Observation, Organization, Resource } from '@medplum/fhirtypes';
import {
  buildSelectionGroup,
  careBurdenObservation,
  countingWindow,
  type PopulationCutoffs,
  Profiles,
  subgroupObservation,
  type TargetCareBurdenCategoryCode,
  type TargetSubgroupCode,
} from '../../../../profiles/src/index.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { computePractice } from './compute.ts';
import { resultIds } from './ids.ts';
import { populationFacts } from './population.ts';
import { diseaseListOf, type PracticeSettings, practiceSettings, settingsByReference } from './settings-store.ts';

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
  group: string;
  settingsUsed: string;
  listed: number;
  chronicallyIll: number;
  categories: Record<TargetCareBurdenCategoryCode, number>;
  hnhc: number;
  subgroups: Partial<Record<TargetSubgroupCode, number>>;
  cutoffs: PopulationCutoffs;
}

export interface SelectionOptions {
  signal?: AbortSignal;
  onProgress?: (progress: SelectionProgress) => void;
  /** Resources per write statement. */
  batchSize?: number;
}

/** Ids of every TARGET practice (Organizations claiming TargetPracticeOrganization). */
export async function allPractices(repo: PostgresRepository): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await repo.searchResources<Organization>(
      parseSearchRequest('Organization', {
        _profile: Profiles.TargetPracticeOrganization,
        _count: '1000',
        _offset: String(offset),
        _sort: '_id',
      }),
    );
    ids.push(...page.map((o) => o.id as string));
    if (page.length < 1000) {
      return ids;
    }
  }
}

function summarize(
  practiceId: string,
  group: Group,
  settings: PracticeSettings,
  listed: number,
  cutoffs: PopulationCutoffs,
  members: ReturnType<typeof computePractice>['results'],
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
  };
}

/**
 * Runs the selection for the practices and stores the results.
 * @returns One summary per practice, in request order.
 */
export async function runSelection(
  repo: PostgresRepository,
  request: SelectionRequest,
  options: SelectionOptions = {},
): Promise<PracticeSummary[]> {
  const practices = request.practices ?? (await allPractices(repo));
  const explicit = request.settings ? await settingsByReference(repo, request.settings) : undefined;
  const batchSize = options.batchSize ?? 1000;
  const summaries: PracticeSummary[] = [];
  const issued = new Date().toISOString();
  const window = (days: number) => countingWindow(request.referenceDate, days);
  for (const [index, practiceId] of practices.entries()) {
    options.signal?.throwIfAborted();
    const settings = explicit ?? (await practiceSettings(repo, practiceId));
    const diseases = await diseaseListOf(repo, settings.settings);
    const [population] = await populationFacts(repo.sql, repo.registry, {
      practices: [practiceId],
      referenceDate: request.referenceDate,
      settings: settings.settings,
      diseases,
    });
    const { cutoffs, results } = computePractice(population.facts, request.referenceDate, settings.settings);
    const context = {
      referenceDate: request.referenceDate,
      window: window(settings.settings.countingPeriodDays),
      settingsUsed: settings.version,
      issued,
    };
    const observations: Resource[] = results.flatMap(({ assessment, classification }) => {
      const ids = {
        careBurden: resultIds.careBurden(practiceId, assessment.patientId, request.referenceDate),
        subgroup: resultIds.subgroup(practiceId, assessment.patientId, request.referenceDate),
      };
      const careBurden = careBurdenObservation(assessment, classification, { ...context, ids }) as Observation;
      const subgroup = subgroupObservation(assessment, classification, { ...context, ids }) as Observation | undefined;
      return subgroup ? [careBurden, subgroup] : [careBurden];
    });
    for (let i = 0; i < observations.length; i += batchSize) {
      options.signal?.throwIfAborted();
      await repo.upsertResources(observations.slice(i, i + batchSize));
      options.onProgress?.({
        done: index,
        total: practices.length,
        message: `practice ${index + 1} of ${practices.length}: ${Math.min(i + batchSize, observations.length)} of ${observations.length} results written`,
      });
    }
    const members = [...results].sort(
      (a, b) => b.assessment.score - a.assessment.score || (a.assessment.patientId < b.assessment.patientId ? -1 : 1),
    );
    const group = buildSelectionGroup({
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
    }) as Group;
    const [stored] = await repo.upsertResources([group]);
    summaries.push(summarize(practiceId, stored, settings, population.listed, cutoffs, results));
    options.onProgress?.({
      done: index + 1,
      total: practices.length,
      message: `practice ${index + 1} of ${practices.length} done`,
    });
  }
  return summaries;
}
