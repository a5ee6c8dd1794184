// One page of a selection's members in SQL over the worklist's derived indexes (derived-indexes.ts): filter,
// count, sort (Dutch surname order through the patient's sort key) and page, then names, birth dates and the
// latest invitation and the next open follow-up for the page's rows only. Also the histogram and the cut-off statistics over all members.
import { OPEN_FOLLOW_UP_STATUSES } from '@target/profiles';
import type { SqlRunner } from '../../store/database/database.ts';

export const WORKLIST_SORT_KEYS = ['score', 'name', 'category', 'birthdate'] as const;
export type WorklistSortKey = (typeof WORKLIST_SORT_KEYS)[number];

export interface WorklistFilter {
  readonly categories?: readonly string[];
  readonly subgroups?: readonly string[];
  readonly hnhc?: boolean;
  readonly invited?: boolean;
}

export interface WorklistPageQuery extends WorklistFilter {
  readonly groupRid: number;
  /** The practice whose invitations count (the Group's). */
  readonly practiceId: string;
  readonly sort: WorklistSortKey;
  readonly descending: boolean;
  readonly count: number;
  readonly offset: number;
}

export interface WorklistRow {
  readonly patientId: string;
  readonly score: number;
  readonly category: string;
  readonly hnhc: boolean;
  readonly subgroup?: string;
  readonly name?: string;
  readonly birthDate?: string;
  readonly invitationId?: string;
  readonly invitationStatus?: string;
  /** The practice's next open follow-up (TargetFollowUpTask) of the patient, and when it is due. */
  readonly followUpId?: string;
  readonly followUpDue?: string;
}

export interface SelectionRow {
  readonly rid: number;
  /** The Group's current version: what it holds never changes within one. */
  readonly version: number;
  readonly practiceId: string;
  readonly referenceDate: string;
  readonly settingsUsed: string;
  readonly members: number;
}

/** The selection Group `id` as the member index knows it; undefined when it is none (or deleted). */
export async function selectionRow(sql: SqlRunner, id: string): Promise<SelectionRow | undefined> {
  const [row] = await sql.query<SelectionRow>(
    `SELECT s.rid::int AS "rid", r.version, s.practice_id AS "practiceId", s.reference_date AS "referenceDate",
        s.settings_used AS "settingsUsed", s.members
      FROM resource r JOIN target_selection s ON s.rid = r.rid
      WHERE r.resource_type = 'Group' AND r.id = $1 AND NOT r.deleted`,
    [id],
  );
  return row;
}

/** The practice's latest selection Group (latest reference date, then the latest written); undefined: none. */
export async function latestSelectionId(sql: SqlRunner, practiceId: string): Promise<string | undefined> {
  const [row] = await sql.query<{ id: string }>(
    `SELECT r.id FROM target_selection s JOIN resource r ON r.rid = s.rid AND NOT r.deleted
      WHERE s.practice_id = $1 ORDER BY s.reference_date DESC, r.last_updated DESC LIMIT 1`,
    [practiceId],
  );
  return row?.id;
}

type Params = unknown[];

function bind(params: Params, value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/** The WHERE conditions on member row `m` for a filter. */
function filterSql(filter: WorklistFilter, practiceId: string, params: Params): string[] {
  const where: string[] = [];
  if (filter.categories?.length) {
    where.push(`m.category = ANY(${bind(params, filter.categories)}::text[])`);
  }
  if (filter.subgroups?.length) {
    where.push(`m.subgroup = ANY(${bind(params, filter.subgroups)}::text[])`);
  }
  if (filter.hnhc !== undefined) {
    where.push(`m.hnhc = ${bind(params, filter.hnhc)}::boolean`);
  }
  if (filter.invited !== undefined) {
    // Invited as evaluation counts it (countsAsInvited): an invitation of this practice, not cancelled. A
    // hashed subplan over the practice's invitations: the same plan with or without table statistics (a
    // fresh selection's member rows have none until autovacuum, and PGlite has no autovacuum).
    // (A deleted Task's derived rows are gone with it.)
    const invited = `(SELECT i.patient_id FROM target_invitation i
      WHERE i.practice_id = ${bind(params, practiceId)} AND i.status <> 'cancelled')`;
    where.push(`m.patient_id ${filter.invited ? 'IN' : 'NOT IN'} ${invited}`);
  }
  return where;
}

const CATEGORY_ORDER = `array_position(ARRAY['high','medium','low','new']::text[], m.category)`;

/** The ORDER BY of the page; ties keep the Group's own order. */
function orderSql(sort: WorklistSortKey, descending: boolean): { join: string; order: string } {
  const dir = descending ? 'DESC' : 'ASC';
  switch (sort) {
    case 'name':
      // Folded keys (lower case, no diacritics): the C collation orders them alike on every database.
      return {
        join: 'LEFT JOIN target_patient_name n ON n.patient_id = m.patient_id',
        order: `n.sort_key COLLATE "C" ${dir} NULLS LAST, m.position`,
      };
    case 'birthdate':
      return {
        join: 'LEFT JOIN target_patient p ON p.patient_id = m.patient_id',
        order: `p.birth_date ${dir} NULLS LAST, m.position`,
      };
    case 'category':
      return { join: '', order: `${CATEGORY_ORDER} ${dir}, m.score DESC, m.position` };
    default:
      return { join: '', order: `m.score ${dir}, m.position` };
  }
}

/** The matching members' count and one page of them, in order. */
export async function worklistPage(
  sql: SqlRunner,
  query: WorklistPageQuery,
): Promise<{ total: number; rows: WorklistRow[] }> {
  const countParams: Params = [query.groupRid];
  const countWhere = ['m.rid = $1', ...filterSql(query, query.practiceId, countParams)];
  const [{ total }] = await sql.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM target_group_member m WHERE ${countWhere.join(' AND ')}`,
    countParams,
  );
  if (query.count === 0 || query.offset >= total) {
    return { total, rows: [] };
  }
  const params: Params = [query.groupRid];
  const where = ['m.rid = $1', ...filterSql(query, query.practiceId, params)];
  const { join, order } = orderSql(query.sort, query.descending);
  const limit = bind(params, query.count);
  const offset = bind(params, query.offset);
  const practice = bind(params, query.practiceId);
  // The page first (only the sort's own join), then the rest for its rows only.
  const rows = await sql.query<{
    patient_id: string;
    score: string | number;
    category: string;
    hnhc: boolean;
    subgroup: string | null;
    display: string | null;
    birth_date: string | null;
    task_id: string | null;
    status: string | null;
    follow_up_id: string | null;
    follow_up_due: string | null;
  }>(
    `WITH page AS (
        SELECT m.position, m.patient_id, m.score, m.category, m.hnhc, m.subgroup, row_number() OVER () AS rank
        FROM (SELECT m.* FROM target_group_member m ${join} WHERE ${where.join(' AND ')}
          ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) m)
      SELECT page.patient_id, page.score, page.category, page.hnhc, page.subgroup,
        (SELECT n.display FROM target_patient_name n WHERE n.patient_id = page.patient_id LIMIT 1) AS display,
        (SELECT p.birth_date FROM target_patient p WHERE p.patient_id = page.patient_id LIMIT 1) AS birth_date,
        inv.task_id, inv.status, fu.task_id AS follow_up_id, fu.due_date AS follow_up_due
      FROM page
      LEFT JOIN LATERAL (SELECT i.task_id, i.status FROM target_invitation i
          WHERE i.practice_id = ${practice} AND i.patient_id = page.patient_id
          ORDER BY i.authored_on DESC NULLS LAST, i.task_id DESC LIMIT 1) inv ON true
      LEFT JOIN LATERAL (SELECT f.task_id, f.due_date FROM target_follow_up f
          WHERE f.practice_id = ${practice} AND f.patient_id = page.patient_id
            AND f.status IN (${OPEN_FOLLOW_UP_STATUSES.map((s) => `'${s}'`).join(', ')})
          ORDER BY f.due_date, f.task_id LIMIT 1) fu ON true
      ORDER BY page.rank`,
    params,
  );
  return {
    total,
    rows: rows.map((row) => ({
      patientId: row.patient_id,
      score: Number(row.score),
      category: row.category,
      hnhc: row.hnhc,
      ...(row.subgroup ? { subgroup: row.subgroup } : {}),
      ...(row.display ? { name: row.display } : {}),
      ...(row.birth_date ? { birthDate: row.birth_date } : {}),
      ...(row.task_id ? { invitationId: row.task_id, invitationStatus: row.status ?? undefined } : {}),
      ...(row.follow_up_id && row.follow_up_due
        ? { followUpId: row.follow_up_id, followUpDue: row.follow_up_due }
        : {}),
    })),
  };
}

export interface ScoreStatistics {
  /** Members not in category new: the population the cut-offs are computed over. */
  readonly population: number;
  readonly mean?: number;
  /** The percentile `percentile` of the population's scores (linear interpolation, as the selection's). */
  readonly atPercentile?: number;
  readonly max: number;
}

/** Mean, one percentile and the maximum of a selection's scores, over members not in category new. */
export async function scoreStatistics(sql: SqlRunner, groupRid: number, percentile: number): Promise<ScoreStatistics> {
  const [row] = await sql.query<{ population: number; mean: string | null; at: number | null; max: string | null }>(
    `SELECT count(*) FILTER (WHERE category <> 'new')::int AS population,
        avg(score) FILTER (WHERE category <> 'new') AS mean,
        percentile_cont($2::float8) WITHIN GROUP (ORDER BY score::float8) FILTER (WHERE category <> 'new') AS at,
        max(score) AS max
      FROM target_group_member WHERE rid = $1`,
    [groupRid, percentile / 100],
  );
  return {
    population: row.population,
    ...(row.mean === null ? {} : { mean: Number(row.mean) }),
    ...(row.at === null ? {} : { atPercentile: Number(row.at) }),
    max: row.max === null ? 0 : Number(row.max),
  };
}

/** Members per bar of width `width` (bar i holds scores in [i·width, (i+1)·width)). */
export async function scoreBins(sql: SqlRunner, groupRid: number, width: number): Promise<Map<number, number>> {
  const rows = await sql.query<{ bin: number; n: number }>(
    `SELECT floor(score / $2::numeric)::int AS bin, count(*)::int AS n FROM target_group_member
      WHERE rid = $1 GROUP BY 1 ORDER BY 1`,
    [groupRid, width],
  );
  return new Map(rows.map((row) => [row.bin, row.n]));
}
