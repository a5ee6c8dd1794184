// The population path of the selection: the facts of every chronically ill patient of a set of practices,
// found with a few set-based SQL statements instead of fetching patients one by one: list membership over
// the search index (idx_* tables), conditions, contacts and social facts over the derived indexes that the
// pure rules fill when a resource is written (derived-indexes.ts). They run in one transaction: the
// practices' patients and their qualifying Conditions go into temporary tables first, so the later
// statements join them (hash joins for a region, index lookups for one practice — the planner picks). The SQL
// applies only what depends on settings and date; tests/server/target/population-agreement.test.ts holds
// this path and the per-patient path equal.
import {
  type ChronicDiseaseList,
  ExternalSystems,
  PRACTICE_NURSE_ROLES,
  TargetPracticeRoleCodeSystem,
} from '@target/profiles';
import { membershipParams, practiceMembersSql } from '../../access/practice-members.ts';
import type { SqlRunner } from '../../store/database/database.ts';
import type { SearchParamRegistry } from '../../store/search/params.ts';

const lower = (value: string) => value.toLowerCase();

/** The search parameters the statements read, resolved to their idx_* keys once per run. */
export function paramIds(registry: SearchParamRegistry) {
  const id = (type: string, code: string): number => registry.idOf(type, code);
  return {
    ...membershipParams(registry),
    patientActive: id('Patient', 'active'),
    patientDeceased: id('Patient', 'deceased'),
    patientDeathDate: id('Patient', 'death-date'),
    roleCode: id('PractitionerRole', 'role'),
    roleActive: id('PractitionerRole', 'active'),
  };
}
export type ParamIds = ReturnType<typeof paramIds>;

/**
 * Fills `sel_listed` with the patients of the practices on the reference date: Patient.generalPractitioner
 * (or managingOrganization) names the practice Organization, or a Practitioner with a PractitionerRole at
 * it; inactive patients and those who died before the reference date are left out (isListedPatient).
 */
export async function createListed(sql: SqlRunner, p: ParamIds, practices: string[], beforeMs: number) {
  await sql.query(
    'CREATE TEMPORARY TABLE sel_listed (practice_id text NOT NULL, patient_id text NOT NULL, rid bigint NOT NULL) ON COMMIT DROP',
  );
  const params: unknown[] = [practices, new Date(beforeMs), p.patientActive, p.patientDeceased, p.patientDeathDate];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  await sql.query(
    `INSERT INTO sel_listed
     WITH members AS (${practiceMembersSql(p, '$1::text[]', add)})
     SELECT DISTINCT m.practice_id, r.id, r.rid
     FROM members m JOIN resource r ON r.rid = m.rid AND NOT r.deleted
     WHERE NOT EXISTS (SELECT 1 FROM idx_token a WHERE a.rid = m.rid AND a.param = $3 AND a.value = 'false')
       -- deceasedBoolean true (deceased without a date); a date of death counts only before the reference date
       AND NOT EXISTS (SELECT 1 FROM idx_token d WHERE d.rid = m.rid AND d.param = $4 AND d.value = 'true'
                       AND NOT EXISTS (SELECT 1 FROM idx_date dd WHERE dd.rid = m.rid AND dd.param = $5))
       AND NOT EXISTS (SELECT 1 FROM idx_date dd WHERE dd.rid = m.rid AND dd.param = $5 AND dd.low < $2)`,
    params,
  );
  await sql.query('CREATE INDEX ON sel_listed (patient_id)');
  await sql.query('ANALYZE sel_listed');
}

export interface ConditionRow {
  patient_id: string;
  condition_id: string;
  system: string;
  value: string;
  since: Date | null;
}

/**
 * Fills `sel_conditions`: counted (active, confirmed) Conditions of the listed patients that began before
 * the reference date, one row per coding on the disease list (conditions.ts qualifyingConditions), from the
 * condition facts stored per Condition (derived-indexes.ts). Codes compare as icpcPrefixesOf compares them;
 * the list's SNOMED CT and ICD-10 codes include the practice's own and the expanded descendants (diseaseListOf).
 */
export async function createConditions(sql: SqlRunner, list: ChronicDiseaseList, beforeMs: number) {
  const snomed = [...(list.mapped.get(ExternalSystems.SCT)?.keys() ?? [])];
  const icd10 = [...(list.mapped.get(ExternalSystems.ICD10)?.keys() ?? [])].map((code) => code.toUpperCase());
  await sql.query(
    `CREATE TEMPORARY TABLE sel_conditions ON COMMIT DROP AS
     SELECT c.patient_id, c.condition_id, c.system, c.code AS value, c.since_at AS since
     FROM target_condition c
     WHERE coalesce(c.since_at, 'epoch') < $7
       AND ((c.system = $1 AND upper(left(c.code, 3)) = ANY($2::text[]))
         OR (c.system = $3 AND c.code = ANY($4::text[]))
         OR (c.system = $5 AND EXISTS (SELECT 1 FROM unnest($6::text[]) target
                                       WHERE upper(left(c.code, length(target))) = target)))
       -- A semi-join: a patient listed with several practices must not double the rows.
       AND EXISTS (SELECT 1 FROM sel_listed l WHERE l.patient_id = c.patient_id)`,
    [
      ExternalSystems.ICPC,
      [...list.byIcpc.keys()],
      ExternalSystems.SCT,
      snomed,
      ExternalSystems.ICD10,
      icd10,
      new Date(beforeMs),
    ],
  );
  await sql.query('ANALYZE sel_conditions');
  return sql.query<ConditionRow>('SELECT patient_id, condition_id, system, value, since FROM sel_conditions');
}

/** The settings the contact rules depend on, beside the window. */
export interface ContactRules {
  countPracticeNurse: boolean;
  countUnattributed: boolean;
}

export interface ContactWindowQuery extends ContactRules {
  fromMs: number;
  toMs: number;
}

/**
 * What decides whether a contact fact counts for a practice, apart from its window (contacts.ts
 * countsAsContact), over `target_contact c` of a patient listed with practice `practiceId` (an SQL
 * expression). Two CTEs: `nurses (refs)`, the practice nurses as practiceNurseReferences names them (each
 * active PractitionerRole with a nurse code, and its Practitioner reference as written), and `staff
 * (practice_id, refs)`, who works at each practice as contactPractice names them (every PractitionerRole at it
 * and its Practitioner reference); the query joins `staff s` on the practice (LEFT JOIN) and `nurses`. A
 * contact counts when its serviceProvider is the practice, or without serviceProvider when someone of the
 * practice took part or unattributed contacts count (contacts.ts contactProvider).
 */
function countedContactSql(
  p: ParamIds,
  practices: readonly string[],
  rules: ContactRules,
  add: (value: unknown) => string,
  practiceId: string,
) {
  const roleOrganization = add(p.roleOrganization);
  const rolePractitioner = add(p.rolePractitioner);
  const ctes = `nurse_roles AS (
       SELECT rc.rid FROM idx_token rc
       WHERE rc.param = ${add(p.roleCode)} AND rc.system = ${add(lower(TargetPracticeRoleCodeSystem.url))}
         AND rc.value = ANY(${add(PRACTICE_NURSE_ROLES)}::text[])
         AND NOT EXISTS (SELECT 1 FROM idx_token a WHERE a.rid = rc.rid AND a.param = ${add(p.roleActive)} AND a.value = 'false')
     ),
     nurses AS (
       SELECT coalesce(array_agg(reference), '{}') AS refs FROM (
         SELECT 'PractitionerRole/' || r.id AS reference
         FROM nurse_roles n JOIN resource r ON r.rid = n.rid AND NOT r.deleted
         UNION
         SELECT pr.reference FROM nurse_roles n
         JOIN idx_reference pr ON pr.rid = n.rid AND pr.param = ${rolePractitioner} AND pr.reference IS NOT NULL
       ) x
     ),
     staff AS (
       SELECT o.target_id AS practice_id, array_agg(DISTINCT x.reference) AS refs
       FROM idx_reference o
       JOIN resource r ON r.rid = o.rid AND NOT r.deleted
       CROSS JOIN LATERAL (
         SELECT 'PractitionerRole/' || r.id AS reference
         UNION ALL
         SELECT pr.reference FROM idx_reference pr
         WHERE pr.rid = o.rid AND pr.param = ${rolePractitioner} AND pr.reference IS NOT NULL
       ) x
       WHERE o.param = ${roleOrganization} AND o.target_type = 'Organization'
         AND o.target_id = ANY(${add(practices)}::text[])
       GROUP BY o.target_id
     )`;
  const counts = `(${add(rules.countPracticeNurse)} OR NOT c.participants ?| nurses.refs)
       AND CASE WHEN c.service_provider IS NOT NULL THEN c.service_provider = 'Organization/' || ${practiceId}
                ELSE c.participants ?| coalesce(s.refs, '{}') OR ${add(rules.countUnattributed)} END`;
  return { ctes, counts };
}

/**
 * Contacts per listed chronically ill patient, practice and contact type in the window (contacts.ts
 * countContacts), from the contact facts stored per Encounter (derived-indexes.ts): per practice, since
 * whose contact it is depends on the practice (a patient listed with two practices has two counts).
 */
export async function contactRows(sql: SqlRunner, p: ParamIds, practices: readonly string[], q: ContactWindowQuery) {
  const params: unknown[] = [new Date(q.fromMs), new Date(q.toMs)];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const { ctes, counts } = countedContactSql(p, practices, q, add, 'ch.practice_id');
  return sql.query<{ practice_id: string; patient_id: string; contact_type: string; contacts: number }>(
    `WITH chronic AS (
       SELECT DISTINCT l.practice_id, l.patient_id FROM sel_listed l
       WHERE EXISTS (SELECT 1 FROM sel_conditions c WHERE c.patient_id = l.patient_id)
     ),
     ${ctes}
     SELECT ch.practice_id, c.patient_id, c.contact_type, count(*)::int AS contacts
     FROM target_contact c JOIN chronic ch ON ch.patient_id = c.patient_id
       LEFT JOIN staff s ON s.practice_id = ch.practice_id
       CROSS JOIN nurses
     WHERE c.start_at >= $1 AND c.start_at < $2 AND ${counts}
     GROUP BY ch.practice_id, c.patient_id, c.contact_type`,
    params,
  );
}

/**
 * The start of the latest contact that counts for the practice of `sel_listed` (one practice), at any date:
 * the rules of contactRows without the window, over every listed patient. Asked only when the practice's
 * window holds no contact (warnings.ts): it reads every contact of the list.
 */
export async function latestContactRow(sql: SqlRunner, p: ParamIds, practiceId: string, rules: ContactRules) {
  const params: unknown[] = [];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const { ctes, counts } = countedContactSql(p, [practiceId], rules, add, 'l.practice_id');
  const [row] = await sql.query<{ latest: Date | null }>(
    `WITH ${ctes}
     SELECT max(c.start_at) AS latest
     FROM target_contact c JOIN sel_listed l ON l.patient_id = c.patient_id
       LEFT JOIN staff s ON s.practice_id = l.practice_id
       CROSS JOIN nurses
     WHERE ${counts}`,
    params,
  );
  return row?.latest ?? null;
}

/**
 * Per chronically ill patient: birth date and marital status stored per Patient, and the latest household and
 * income-source fact before the reference date (subgroup.ts latestSocialValue: ties to the greatest id),
 * from the social facts stored per Observation (both derived indexes, derived-indexes.ts).
 */
export async function socialRows(sql: SqlRunner, beforeMs: number) {
  const patients = await sql.query<{ patient_id: string; birth_date: string | null; marital: string | null }>(
    `SELECT p.patient_id, p.birth_date, p.marital_status AS marital
     FROM (SELECT DISTINCT patient_id FROM sel_conditions) c JOIN target_patient p ON p.patient_id = c.patient_id`,
  );
  const observations = await sql.query<{ patient_id: string; kind: string; code: string; observation_id: string }>(
    `SELECT DISTINCT ON (s.patient_id, s.kind) s.patient_id, s.kind, s.code, s.observation_id
     FROM target_social s JOIN (SELECT DISTINCT patient_id FROM sel_conditions) c ON c.patient_id = s.patient_id
     WHERE s.measured_at < $1
     ORDER BY s.patient_id, s.kind, s.measured_at DESC, s.observation_id COLLATE "C" DESC`,
    [new Date(beforeMs)],
  );
  return { patients, observations };
}

/** Every (practice, patient) pair of the run. */
export async function listedRows(sql: SqlRunner) {
  return sql.query<{ practice_id: string; patient_id: string }>(
    'SELECT DISTINCT practice_id, patient_id FROM sel_listed',
  );
}
