// What the worklist reads from a TARGET server: the practice's latest selection (Group/$worklist at type
// level) and pages of it through Group/{id}/$worklist — never the whole Group. Pure parsing of the
// operation's Parameters into typed rows; the fetching goes through the session's MedplumClient.
import type { MedplumClient } from '@medplum/core';
import type { Coding, Parameters, ParametersParameter } from '@medplum/fhirtypes';
import type { InvitationStatus, TargetCareBurdenCategoryCode, TargetSubgroupCode } from '@target/profiles';

export type WorklistSortKey = 'score' | 'name' | 'category' | 'birthdate';

export interface WorklistFilter {
  readonly categories: readonly TargetCareBurdenCategoryCode[];
  readonly subgroups: readonly TargetSubgroupCode[];
  readonly hnhc?: boolean;
  readonly invited?: boolean;
}

export interface WorklistSort {
  readonly key: WorklistSortKey;
  readonly descending: boolean;
}

export const NO_FILTER: WorklistFilter = { categories: [], subgroups: [] };
export const DEFAULT_SORT: WorklistSort = { key: 'score', descending: true };

export interface WorklistMember {
  readonly patientId: string;
  readonly name?: string;
  readonly birthDate?: string;
  readonly score: number;
  readonly category: TargetCareBurdenCategoryCode;
  readonly hnhc: boolean;
  readonly subgroup?: TargetSubgroupCode;
  readonly conditions: readonly Coding[];
  readonly lastConversation?: string;
  /** `Task/{id}` of the practice's latest invitation. */
  readonly invitation?: string;
  readonly invitationStatus?: InvitationStatus;
  /** When the practice's next open follow-up of an other conversation is due (yyyy-mm-dd). */
  readonly followUpDue?: string;
}

export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

export interface WorklistPageData {
  readonly total: number;
  readonly referenceDate: string;
  /** `Basic/{id}/_history/{version}`: the settings version that made the Group. */
  readonly settingsUsed: string;
  readonly mean?: number;
  readonly high?: number;
  readonly medium?: number;
  readonly bins: readonly HistogramBin[];
  readonly members: readonly WorklistMember[];
}

/** The selection Group as the page needs it (no members). */
export interface SelectionSummary {
  readonly id: string;
  readonly referenceDate?: string;
  readonly settingsUsed?: string;
  readonly quantity?: number;
}

/** The query string of one page. */
export function worklistQuery(filter: WorklistFilter, sort: WorklistSort, offset: number, count: number): string {
  const query = new URLSearchParams();
  for (const category of filter.categories) {
    query.append('category', category);
  }
  for (const subgroup of filter.subgroups) {
    query.append('subgroup', subgroup);
  }
  if (filter.hnhc !== undefined) {
    query.set('hnhc', String(filter.hnhc));
  }
  if (filter.invited !== undefined) {
    query.set('invited', String(filter.invited));
  }
  query.set('_sort', `${sort.descending ? '-' : ''}${sort.key}`);
  query.set('_count', String(count));
  query.set('_offset', String(offset));
  return query.toString();
}

type Part = ParametersParameter;

function partsOf(parameter: Part): Map<string, Part[]> {
  const parts = new Map<string, Part[]>();
  for (const part of parameter.part ?? []) {
    parts.set(part.name as string, [...(parts.get(part.name as string) ?? []), part]);
  }
  return parts;
}

function member(parameter: Part): WorklistMember {
  const parts = partsOf(parameter);
  const one = (name: string) => parts.get(name)?.[0];
  return {
    patientId: (one('patient')?.valueReference?.reference ?? '').replace(/^Patient\//, ''),
    ...(one('name')?.valueString ? { name: one('name')?.valueString } : {}),
    ...(one('birthDate')?.valueDate ? { birthDate: one('birthDate')?.valueDate } : {}),
    score: one('score')?.valueDecimal ?? 0,
    category: one('category')?.valueCode as TargetCareBurdenCategoryCode,
    hnhc: one('hnhc')?.valueBoolean ?? false,
    ...(one('subgroup') ? { subgroup: one('subgroup')?.valueCode as TargetSubgroupCode } : {}),
    conditions: (parts.get('condition') ?? []).flatMap((p) => (p.valueCoding ? [p.valueCoding] : [])),
    ...(one('lastConversation') ? { lastConversation: one('lastConversation')?.valueDateTime } : {}),
    ...(one('invitation')
      ? {
          invitation: one('invitation')?.valueReference?.reference,
          invitationStatus: one('invitationStatus')?.valueCode as InvitationStatus,
        }
      : {}),
    ...(one('followUpDue')?.valueDate ? { followUpDue: one('followUpDue')?.valueDate } : {}),
  };
}

/** The operation's answer as typed data. */
export function parseWorklist(parameters: Parameters): WorklistPageData {
  const all = parameters.parameter ?? [];
  const find = (name: string) => all.find((p) => p.name === name);
  return {
    total: find('total')?.valueInteger ?? 0,
    referenceDate: find('referenceDate')?.valueDate ?? '',
    settingsUsed: find('settingsUsed')?.valueReference?.reference ?? '',
    ...(find('mean') ? { mean: find('mean')?.valueDecimal } : {}),
    ...(find('high') ? { high: find('high')?.valueDecimal } : {}),
    ...(find('medium') ? { medium: find('medium')?.valueDecimal } : {}),
    bins: all
      .filter((p) => p.name === 'bin')
      .map((p) => {
        const parts = partsOf(p);
        return {
          from: parts.get('from')?.[0]?.valueDecimal ?? 0,
          to: parts.get('to')?.[0]?.valueDecimal ?? 0,
          count: parts.get('count')?.[0]?.valueInteger ?? 0,
        };
      }),
    members: all.filter((p) => p.name === 'member').map(member),
  };
}

/** One page of Group `groupId` ($worklist); always fresh from the server (the list changes with invitations). */
export async function fetchWorklistPage(
  medplum: MedplumClient,
  groupId: string,
  filter: WorklistFilter,
  sort: WorklistSort,
  offset: number,
  count: number,
  signal?: AbortSignal,
): Promise<WorklistPageData> {
  const url = `${medplum.fhirUrl('Group', groupId, '$worklist').toString()}?${worklistQuery(filter, sort, offset, count)}`;
  const answer = await medplum.get<Parameters>(url, { cache: 'no-cache', signal });
  return parseWorklist(answer);
}

/**
 * The practice's latest selection (type-level Group/$worklist with no rows): its id, date, size and settings
 * version; undefined when the practice has none. Not a Group search: that would make the server read a
 * 100,000-member Group whole.
 */
export async function fetchLatestSelection(
  medplum: MedplumClient,
  practiceId: string,
  signal?: AbortSignal,
): Promise<SelectionSummary | undefined> {
  const query = new URLSearchParams({ practice: `Organization/${practiceId}`, _count: '0' });
  const url = `${medplum.fhirUrl('Group', '$worklist').toString()}?${query.toString()}`;
  const answer = await medplum.get<Parameters>(url, { cache: 'no-cache', signal });
  const find = (name: string) => answer.parameter?.find((p) => p.name === name);
  const group = find('group')?.valueReference?.reference;
  if (!group) {
    return undefined;
  }
  return {
    id: group.replace(/^Group\//, ''),
    referenceDate: find('referenceDate')?.valueDate,
    settingsUsed: find('settingsUsed')?.valueReference?.reference,
    quantity: find('members')?.valueInteger,
  };
}

/** The version number in `Basic/{id}/_history/{version}`. */
export function settingsVersionOf(reference: string | undefined): string | undefined {
  return reference ? /\/_history\/([^/]+)$/.exec(reference)?.[1] : undefined;
}
