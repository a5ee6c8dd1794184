// Group/{id}/$worklist: one page of a selection Group's members for the practice worklist, filtered, sorted
// (Dutch surname order) and counted in SQL over the worklist's derived indexes (programme/worklist), so no
// one — browser or server — loads a 100,000-member Group whole. With the page: the care burden histogram of
// all members and the cut-offs of the settings version that made the Group.
import { allOk, badRequest, notFound, OperationOutcomeError, parseSearchRequest } from '@medplum/core';
import type { FhirRequest, FhirResponse, FhirRouteHandler } from '@medplum/fhir-router';
import type { Condition, Encounter, Observation, Parameters, ParametersParameter, Patient } from '@medplum/fhirtypes';
import {
  Extensions,
  HELD_ENCOUNTER_STATUSES,
  HNHC_TOP_PERCENTILE,
  OperationDefinitions,
  type ResolvedPracticeSettings,
  roundScore,
  TargetCareBurdenCategoryCodeSystem,
  TargetConceptCodeSystem,
  TargetSubgroupCodeSystem,
} from '@target/profiles';
import { AccessPolicy, forbidden } from '../../access/policy.ts';
import { operationInputReader } from '../../platform/operation-input.ts';
import { resultIds } from '../../programme/selection/ids.ts';
import { settingsByReference } from '../../programme/selection/settings-store.ts';
import {
  latestSelectionId,
  type ScoreStatistics,
  type SelectionRow,
  scoreBins,
  scoreStatistics,
  selectionRow,
  WORKLIST_SORT_KEYS,
  type WorklistRow,
  type WorklistSortKey,
  worklistPage,
} from '../../programme/worklist/worklist-sql.ts';
import type { PostgresRepository } from '../../store/repository.ts';
import { packageOperation } from './definitions.ts';

export const worklistOperation = packageOperation(OperationDefinitions.TargetWorklistOperation);

const readInput = operationInputReader(worklistOperation, {
  practice: 'string',
  category: 'string[]',
  subgroup: 'string[]',
  hnhc: 'boolean',
  invited: 'boolean',
  _sort: 'string',
  _count: 'number',
  _offset: 'number',
});

const DEFAULT_COUNT = 50;
const MAX_COUNT = 1000;
/** About this many bars in the histogram. */
const TARGET_BINS = 20;

function codesOf(values: string[] | undefined, known: Record<string, string>, name: string): string[] | undefined {
  const codes = values?.flatMap((v) => v.split(',')).map((v) => v.trim());
  const unknown = codes?.filter((code) => !(code in known));
  if (unknown?.length) {
    throw new OperationOutcomeError(
      badRequest(`Unknown ${name} "${unknown[0]}": one of ${Object.keys(known).join(', ')}`, name),
    );
  }
  return codes;
}

function sortOf(value: string | undefined): { sort: WorklistSortKey; descending: boolean } {
  const raw = value ?? '-score';
  const key = raw.replace(/^-/, '');
  if (!(WORKLIST_SORT_KEYS as readonly string[]).includes(key)) {
    throw new OperationOutcomeError(badRequest(`_sort must be one of ${WORKLIST_SORT_KEYS.join(', ')}`, '_sort'));
  }
  return { sort: key as WorklistSortKey, descending: raw.startsWith('-') };
}

function wholeNumber(value: number | undefined, fallback: number, max: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new OperationOutcomeError(badRequest(`${name} must be a whole number from 0 to ${max}`, name));
  }
  return n;
}

/** A bar width of 1, 2 or 5 times a power of ten (at least 0.5, the smallest contact weight). */
function binWidth(max: number): number {
  const raw = Math.max(max / TARGET_BINS, 0.5);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10;
  return step * power;
}

/** Type level: the latest selection of the named practice, or of the practice user's own. */
async function latestOfPractice(repo: PostgresRepository, practice: string | undefined): Promise<string | undefined> {
  const own = AccessPolicy.from(repo.access).auth?.organization;
  const asked = practice?.replace(/^Organization\//, '') ?? own;
  if (asked === undefined) {
    throw new OperationOutcomeError(badRequest('Name the practice (practice=Organization/[id])', 'practice'));
  }
  if (own !== undefined && asked !== own) {
    throw new OperationOutcomeError(
      forbidden(`$worklist pages through your own practice's selections only (practice=Organization/${own})`),
    );
  }
  return latestSelectionId(repo.sql, asked);
}

/**
 * The selection Group `id`, when the caller may page through it; else 404, as a read of it answers. A
 * practice user may page through their own practice's selections (managingEntity) — the operation's own
 * rule, and what the practice compartment allows for them; checked on the selection's index row, since the
 * compartment's row check over a Group's 100,000 member references alone costs 0.4 s. Other callers
 * (administrators) go through the row check.
 */
async function visibleSelection(repo: PostgresRepository, id: string): Promise<SelectionRow> {
  const own = AccessPolicy.from(repo.access).auth?.organization;
  if (own === undefined) {
    await repo.access.assertRow(repo.sql, 'Group', id, 'r');
  }
  const selection = await selectionRow(repo.sql, id);
  if (selection && own !== undefined && selection.practiceId !== own) {
    throw new OperationOutcomeError(notFound);
  }
  if (!selection) {
    // Whether such a Group exists at all is for whoever may read it.
    await repo.access.assertRow(repo.sql, 'Group', id, 'r');
    const [exists] = await repo.sql.query(
      "SELECT 1 FROM resource WHERE resource_type = 'Group' AND id = $1 AND NOT deleted",
      [id],
    );
    throw new OperationOutcomeError(
      exists ? badRequest(`Group/${id} is not a TARGET selection Group (TargetSelectionGroup)`) : notFound,
    );
  }
  return selection;
}

interface SelectionFigures {
  readonly settings?: ResolvedPracticeSettings;
  readonly stats: ScoreStatistics;
  readonly width: number;
  readonly bins: ReadonlyMap<number, number>;
}

/**
 * Histogram and cut-off statistics per Group version and percentile: a version never changes, and each costs
 * two scans. The settings are read for every request with the caller's rights (a Group may name settings its
 * reader may not see: then the default percentile), so what one caller could read never reaches another.
 */
const statisticsCache = new Map<string, Promise<Omit<SelectionFigures, 'settings'>>>();
const FIGURES_CACHED = 50;

async function selectionFigures(repo: PostgresRepository, selection: SelectionRow): Promise<SelectionFigures> {
  const settings = await settingsByReference(repo, selection.settingsUsed)
    .then((s) => s.resolved)
    .catch(() => undefined);
  const percentile = settings?.categoryMethod === 'percentile' ? settings.highPercentile : HNHC_TOP_PERCENTILE;
  const key = `${repo.fhirBaseUrl} ${selection.rid} ${selection.version} ${percentile}`;
  let statistics = statisticsCache.get(key);
  if (!statistics) {
    statistics = computeStatistics(repo, selection, percentile);
    statistics.catch(() => statisticsCache.delete(key));
    statisticsCache.set(key, statistics);
    if (statisticsCache.size > FIGURES_CACHED) {
      statisticsCache.delete(statisticsCache.keys().next().value as string);
    }
  }
  return { settings, ...(await statistics) };
}

async function computeStatistics(
  repo: PostgresRepository,
  selection: SelectionRow,
  percentile: number,
): Promise<Omit<SelectionFigures, 'settings'>> {
  const stats = await scoreStatistics(repo.sql, selection.rid, percentile);
  const width = binWidth(stats.max);
  const bins = await scoreBins(repo.sql, selection.rid, width);
  return { stats, width, bins };
}

export function worklistHandler(): FhirRouteHandler {
  return (req, fhirRepo) => worklist(req, fhirRepo as PostgresRepository);
}

async function worklist(req: FhirRequest, repo: PostgresRepository): Promise<FhirResponse> {
  const input = readInput(req);
  const categories = codesOf(input.category, TargetCareBurdenCategoryCodeSystem.codes, 'category');
  const subgroups = codesOf(input.subgroup, TargetSubgroupCodeSystem.codes, 'subgroup');
  const { sort, descending } = sortOf(input._sort);
  const count = wholeNumber(input._count, DEFAULT_COUNT, MAX_COUNT, '_count');
  const offset = wholeNumber(input._offset, 0, Number.MAX_SAFE_INTEGER, '_offset');
  if (req.params.id && input.practice) {
    throw new OperationOutcomeError(badRequest('practice is for Group/$worklist (type level) only', 'practice'));
  }
  const id = req.params.id ?? (await latestOfPractice(repo, input.practice));
  if (id === undefined) {
    // Type level, and the practice has no selection yet: an empty answer, not an error.
    return [allOk, { resourceType: 'Parameters', parameter: [{ name: 'total', valueInteger: 0 }] }];
  }
  const selection = await visibleSelection(repo, id);
  const { settings, stats, width, bins } = await selectionFigures(repo, selection);
  const page = await worklistPage(repo.sql, {
    groupRid: selection.rid,
    practiceId: selection.practiceId,
    categories,
    subgroups,
    hnhc: input.hnhc,
    invited: input.invited,
    sort,
    descending,
    count,
    offset,
  });
  const details = await pageDetails(repo, selection.practiceId, selection.referenceDate, page.rows);
  const output: ParametersParameter[] = [
    { name: 'group', valueReference: { reference: `Group/${id}` } },
    { name: 'members', valueInteger: selection.members },
    { name: 'total', valueInteger: page.total },
    { name: 'referenceDate', valueDate: selection.referenceDate },
    { name: 'settingsUsed', valueReference: { reference: selection.settingsUsed } },
  ];
  if (stats.population > 0 && stats.mean !== undefined && settings) {
    const mean = roundScore(stats.mean);
    const fixed = settings.categoryMethod === 'fixed';
    const high = fixed ? settings.highThreshold : roundScore(stats.atPercentile ?? Number.NaN);
    const medium = fixed ? settings.mediumThreshold : mean;
    output.push(
      { name: 'mean', valueDecimal: mean },
      ...(high === undefined || Number.isNaN(high) ? [] : [{ name: 'high', valueDecimal: high }]),
      ...(medium === undefined ? [] : [{ name: 'medium', valueDecimal: medium }]),
    );
  }
  const lastBin = selection.members > 0 ? Math.floor(stats.max / width) : -1;
  for (let bin = 0; bin <= lastBin; bin++) {
    output.push({
      name: 'bin',
      part: [
        { name: 'from', valueDecimal: roundScore(bin * width) },
        { name: 'to', valueDecimal: roundScore((bin + 1) * width) },
        { name: 'count', valueInteger: bins.get(bin) ?? 0 },
      ],
    });
  }
  output.push(...page.rows.map((row) => memberParameter(row, details)));
  return [allOk, { resourceType: 'Parameters', parameter: output } satisfies Parameters];
}

interface PageDetails {
  readonly conditions: Map<string, { system?: string; code?: string; display?: string }[]>;
  readonly lastConversation: Map<string, string>;
  /** The page's patients the caller may read now: a selection is a snapshot, its patients may have moved on. */
  readonly readable: Set<string>;
}

/**
 * The page's qualifying conditions (from each patient's care burden Observation of this selection) and last
 * other conversation held, read with the caller's rights: a page of at most 1,000 patients, two reads and
 * one search.
 */
async function pageDetails(
  repo: PostgresRepository,
  practiceId: string,
  referenceDate: string,
  rows: readonly WorklistRow[],
): Promise<PageDetails> {
  const conditions = new Map<string, { system?: string; code?: string; display?: string }[]>();
  const lastConversation = new Map<string, string>();
  if (rows.length === 0) {
    return { conditions, lastConversation, readable: new Set() };
  }
  // Names and birth dates come from the derived name table, kept current: shown only for patients the caller
  // may read today (a patient who left the practice stays in its older selections without them).
  const readablePatients = await repo.searchResources<Patient>(
    parseSearchRequest('Patient', {
      _id: rows.map((row) => row.patientId).join(','),
      _elements: 'id',
      _count: String(rows.length),
    }),
  );
  const readable = new Set(readablePatients.map((patient) => patient.id as string));
  const observations = await repo.readReferences<Observation>(
    rows.map((row) => ({ reference: `Observation/${resultIds.careBurden(practiceId, row.patientId, referenceDate)}` })),
  );
  const qualifying = new Map<string, string[]>();
  for (const [i, observation] of observations.entries()) {
    if (observation instanceof Error) {
      continue;
    }
    const refs = (observation.extension ?? [])
      .filter((e) => e.url === Extensions.TargetQualifyingCondition)
      .flatMap((e) => (e.valueReference?.reference ? [e.valueReference.reference] : []));
    qualifying.set(rows[i].patientId, refs);
  }
  const conditionRefs = [...new Set([...qualifying.values()].flat())];
  const read = conditionRefs.length
    ? await repo.readReferences<Condition>(conditionRefs.map((reference) => ({ reference })))
    : [];
  const codings = new Map(
    conditionRefs.map((ref, i) => {
      const condition = read[i];
      const coding = condition instanceof Error ? undefined : condition?.code?.coding?.[0];
      return [ref, coding] as const;
    }),
  );
  for (const [patientId, refs] of qualifying) {
    conditions.set(
      patientId,
      refs.flatMap((ref) => {
        const coding = codings.get(ref);
        return coding ? [{ system: coding.system, code: coding.code, display: coding.display }] : [];
      }),
    );
  }
  const encounters = await repo.searchResources<Encounter>(
    parseSearchRequest('Encounter', {
      subject: rows.map((row) => `Patient/${row.patientId}`).join(','),
      type: `${TargetConceptCodeSystem.url}|other-conversation`,
      status: HELD_ENCOUNTER_STATUSES.join(','),
      _count: '1000',
    }),
  );
  for (const encounter of encounters) {
    const patientId = encounter.subject?.reference?.replace(/^Patient\//, '');
    const start = encounter.period?.start;
    if (patientId && start && (lastConversation.get(patientId) ?? '') < start) {
      lastConversation.set(patientId, start);
    }
  }
  return { conditions, lastConversation, readable };
}

function memberParameter(row: WorklistRow, details: PageDetails): ParametersParameter {
  return {
    name: 'member',
    part: [
      { name: 'patient', valueReference: { reference: `Patient/${row.patientId}` } },
      ...(row.name && details.readable.has(row.patientId) ? [{ name: 'name', valueString: row.name }] : []),
      ...(row.birthDate && details.readable.has(row.patientId)
        ? [{ name: 'birthDate', valueDate: row.birthDate }]
        : []),
      { name: 'score', valueDecimal: row.score },
      { name: 'category', valueCode: row.category },
      { name: 'hnhc', valueBoolean: row.hnhc },
      ...(row.subgroup ? [{ name: 'subgroup', valueCode: row.subgroup }] : []),
      ...(details.conditions.get(row.patientId) ?? []).map((coding) => ({ name: 'condition', valueCoding: coding })),
      ...(details.lastConversation.has(row.patientId)
        ? [{ name: 'lastConversation', valueDateTime: details.lastConversation.get(row.patientId) }]
        : []),
      ...(row.invitationId
        ? [
            { name: 'invitation', valueReference: { reference: `Task/${row.invitationId}` } },
            { name: 'invitationStatus', valueCode: row.invitationStatus },
          ]
        : []),
      ...(row.followUpId
        ? [
            { name: 'followUp', valueReference: { reference: `Task/${row.followUpId}` } },
            { name: 'followUpDue', valueDate: row.followUpDue },
          ]
        : []),
    ],
  };
}
