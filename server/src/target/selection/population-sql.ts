// The population path of the selection: the facts of every chronically ill patient of a set of practices,
// found with a few set-based SQL statements over the search index (idx_* tables) instead of fetching patients
// one by one. They run in one transaction: the practices' patients and their qualifying Conditions go into
// temporary tables first, so the later statements join them (hash joins for a region, index lookups for one
// practice — the planner picks). Each statement mirrors a rule of profiles/src/selection exactly — the index
// stores what FHIR search sees (codes and systems in lower case, dates as instant ranges) — and
// tests/server/target/population-agreement.test.ts holds both paths equal.
import {
  ACTIVE_CLINICAL_STATUSES,
  type ChronicDiseaseList,
  CONTACT_TYPES,
  ExternalSystems,
  MARITAL_STATUS_SYSTEM,
  MAX_PERIOD_LENGTH_SECONDS,
  NZA_CONTACT_TYPES,
  NZA_DECLARATION_SYSTEM,
  PRACTICE_NURSE_ROLES,
  TargetContactTypeCodeSystem,
  TargetHouseholdCodeSystem,
  TargetIncomeSourceCodeSystem,
  TargetObservationCodeSystem,
  TargetPracticeRoleCodeSystem,
  TELEPHONE_TYPES,
  UNCOUNTED_ENCOUNTER_STATUSES,
  USABLE_OBSERVATION_STATUSES,
} from '../../../../profiles/src/index.ts';
import type { SqlRunner } from '../../store/database.ts';
import type { SearchParamRegistry } from '../../store/search-params.ts';
import { membershipParams, practiceMembersSql } from './practice-members.ts';

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
    conditionSubject: id('Condition', 'subject'),
    conditionCode: id('Condition', 'code'),
    conditionClinical: id('Condition', 'clinical-status'),
    conditionVerification: id('Condition', 'verification-status'),
    conditionOnset: id('Condition', 'onset-date'),
    conditionRecorded: id('Condition', 'recorded-date'),
    encounterSubject: id('Encounter', 'subject'),
    encounterDate: id('Encounter', 'date'),
    encounterStatus: id('Encounter', 'status'),
    encounterClass: id('Encounter', 'class'),
    encounterType: id('Encounter', 'type'),
    encounterLength: id('Encounter', 'length'),
    encounterParticipant: id('Encounter', 'participant'),
    observationSubject: id('Observation', 'subject'),
    observationCode: id('Observation', 'code'),
    observationValue: id('Observation', 'value-concept'),
    observationDate: id('Observation', 'date'),
    observationStatus: id('Observation', 'status'),
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
 * Fills `sel_conditions`: coded, active, confirmed Conditions of the listed patients that began before the
 * reference date, one row per coding on the list (conditions.ts qualifyingConditions).
 */
export async function createConditions(sql: SqlRunner, p: ParamIds, list: ChronicDiseaseList, beforeMs: number) {
  const snomed = [...(list.mapped.get(ExternalSystems.SCT)?.keys() ?? [])];
  const icd10 = [...(list.mapped.get(ExternalSystems.ICD10)?.keys() ?? [])].map(lower);
  await sql.query(
    `CREATE TEMPORARY TABLE sel_conditions ON COMMIT DROP AS
     WITH patients AS (SELECT DISTINCT patient_id FROM sel_listed)
     SELECT s.target_id AS patient_id, r.id AS condition_id, c.system, c.value,
       COALESCE(NULLIF(o.low, '-infinity'), rd.low) AS since
     FROM idx_reference s
     JOIN patients l ON l.patient_id = s.target_id
     JOIN resource r ON r.rid = s.rid AND NOT r.deleted
     JOIN idx_token c ON c.rid = s.rid AND c.param = $2 AND (
          (c.system = $3 AND upper(left(c.value, 3)) = ANY($4::text[]))
       OR (c.system = $5 AND c.value = ANY($6::text[]))
       OR (c.system = $7 AND EXISTS (SELECT 1 FROM unnest($8::text[]) target WHERE left(c.value, length(target)) = target)))
     LEFT JOIN idx_date o ON o.rid = s.rid AND o.param = $9
     LEFT JOIN idx_date rd ON rd.rid = s.rid AND rd.param = $10
     WHERE s.param = $1 AND s.target_type = 'Patient'
       AND COALESCE(NULLIF(o.low, '-infinity'), rd.low, '-infinity') < $15
       AND EXISTS (SELECT 1 FROM idx_token t WHERE t.rid = s.rid AND t.param = $11 AND t.system = $12
                   AND t.value = ANY($13::text[]))
       AND NOT EXISTS (SELECT 1 FROM idx_token t WHERE t.rid = s.rid AND t.param = $14 AND t.system = $16
                       AND t.value <> 'confirmed')`,
    [
      p.conditionSubject,
      p.conditionCode,
      lower(ExternalSystems.ICPC),
      [...list.byIcpc.keys()],
      lower(ExternalSystems.SCT),
      snomed,
      lower(ExternalSystems.ICD10),
      icd10,
      p.conditionOnset,
      p.conditionRecorded,
      p.conditionClinical,
      lower(ExternalSystems.ConditionClinical),
      ACTIVE_CLINICAL_STATUSES,
      p.conditionVerification,
      new Date(beforeMs),
      lower(ExternalSystems.ConditionVerification),
    ],
  );
  await sql.query('ANALYZE sel_conditions');
  return sql.query<ConditionRow>('SELECT patient_id, condition_id, system, value, since FROM sel_conditions');
}

export interface ContactWindowQuery {
  fromMs: number;
  toMs: number;
  countPracticeNurse: boolean;
}

/** Contacts per chronically ill patient and contact type in the window (contacts.ts countContacts, in SQL). */
export async function contactRows(sql: SqlRunner, p: ParamIds, q: ContactWindowQuery) {
  const explicitSystems: string[] = CONTACT_TYPES.map(() => lower(TargetContactTypeCodeSystem.url));
  const explicitCodes: string[] = [...CONTACT_TYPES];
  const explicitTypes: string[] = [...CONTACT_TYPES];
  for (const [code, type] of Object.entries(NZA_CONTACT_TYPES)) {
    explicitSystems.push(lower(NZA_DECLARATION_SYSTEM));
    explicitCodes.push(code);
    explicitTypes.push(type);
  }
  return sql.query<{ patient_id: string; contact_type: string; contacts: number }>(
    `WITH chronic AS (SELECT DISTINCT patient_id FROM sel_conditions),
     encounters AS MATERIALIZED (
       SELECT s.target_id AS patient_id, s.rid,
         CASE WHEN d.low > '-infinity' AND d.high < 'infinity' AND d.high >= d.low
                   AND extract(epoch FROM d.high - d.low) < $14
                   AND mod(extract(epoch FROM d.low), 86400) <> 0
                   AND mod(extract(epoch FROM d.high) + 0.001, 86400) <> 0
              THEN floor(extract(epoch FROM d.high - d.low)) END AS period_seconds
       FROM idx_reference s
       JOIN chronic c ON c.patient_id = s.target_id
       JOIN idx_date d ON d.rid = s.rid AND d.param = $2 AND d.low >= $3 AND d.low < $4
       WHERE s.param = $1 AND s.target_type = 'Patient'
     ),
     -- Only the Encounter.type codings that matter: explicit contact types and telephone codes (few rows).
     type_codes AS (
       SELECT x.system, x.value, array_position($10::text[], x.contact_type) AS position, false AS phone
       FROM unnest($8::text[], $9::text[], $10::text[]) AS x(system, value, contact_type)
       UNION ALL
       SELECT system, value, NULL, true FROM unnest($15::text[], $24::text[]) AS p(system, value)
     ),
     typed_codes AS (
       SELECT t.rid, min(c.position) AS position, bool_or(c.phone) AS phone
       FROM type_codes c JOIN idx_token t ON t.param = $11 AND t.value = c.value AND t.system = c.system
       JOIN encounters e ON e.rid = t.rid
       GROUP BY t.rid
     ),
     lengths AS (
       SELECT q.rid, min(floor(q.value * CASE q.code WHEN 's' THEN 1 WHEN 'min' THEN 60 WHEN 'h' THEN 3600 ELSE 86400 END))
         AS seconds
       FROM idx_quantity q JOIN encounters e ON e.rid = q.rid
       WHERE q.param = $16 AND q.system = $17 AND q.code IN ('s', 'min', 'h', 'd') AND q.value IS NOT NULL
       GROUP BY q.rid
     ),
     nurse_roles AS (
       SELECT rc.rid FROM idx_token rc
       WHERE rc.param = $18 AND rc.system = $19 AND rc.value = ANY($20::text[])
         AND NOT EXISTS (SELECT 1 FROM idx_token a WHERE a.rid = rc.rid AND a.param = $21 AND a.value = 'false')
     ),
     nurses AS (
       SELECT 'PractitionerRole' AS target_type, r.id AS target_id
       FROM nurse_roles n JOIN resource r ON r.rid = n.rid AND NOT r.deleted
       UNION
       SELECT 'Practitioner', pr.target_id
       FROM nurse_roles n JOIN idx_reference pr ON pr.rid = n.rid AND pr.param = $22 AND pr.target_type = 'Practitioner'
     ),
     nurse_contacts AS (
       SELECT DISTINCT pp.rid FROM idx_reference pp JOIN encounters e ON e.rid = pp.rid
       JOIN nurses n ON n.target_type = pp.target_type AND n.target_id = pp.target_id
       WHERE pp.param = $23
     ),
     typed AS (
       SELECT e.patient_id, CASE
         WHEN tk.position IS NOT NULL THEN ($10::text[])[tk.position]
         WHEN k.value = 'amb' THEN
           CASE WHEN COALESCE(l.seconds, e.period_seconds) < 300 THEN 'consult-short'
                WHEN COALESCE(l.seconds, e.period_seconds) >= 1200 THEN 'consult-long' ELSE 'consult' END
         WHEN k.value = 'hh' THEN CASE WHEN COALESCE(l.seconds, e.period_seconds) >= 1200 THEN 'visit-long' ELSE 'visit' END
         WHEN k.value = 'vr' THEN CASE WHEN tk.phone THEN 'phone' ELSE 'e-consult' END
       END AS contact_type
       FROM encounters e
       LEFT JOIN idx_token k ON k.rid = e.rid AND k.param = $12 AND k.system = $13
       LEFT JOIN typed_codes tk ON tk.rid = e.rid
       LEFT JOIN lengths l ON l.rid = e.rid
       LEFT JOIN nurse_contacts nc ON nc.rid = e.rid
       WHERE NOT EXISTS (SELECT 1 FROM idx_token u WHERE u.rid = e.rid AND u.param = $5 AND u.value = ANY($6::text[]))
         AND ($7 OR nc.rid IS NULL)
     )
     SELECT patient_id, contact_type, count(*)::int AS contacts FROM typed
     WHERE contact_type IS NOT NULL GROUP BY patient_id, contact_type`,
    [
      p.encounterSubject,
      p.encounterDate,
      new Date(q.fromMs),
      new Date(q.toMs),
      p.encounterStatus,
      UNCOUNTED_ENCOUNTER_STATUSES,
      q.countPracticeNurse,
      explicitSystems,
      explicitCodes,
      explicitTypes,
      p.encounterType,
      p.encounterClass,
      lower(ExternalSystems.ActCode),
      MAX_PERIOD_LENGTH_SECONDS,
      TELEPHONE_TYPES.map((t) => lower(t.system ?? '')),
      p.encounterLength,
      lower(ExternalSystems.UCUM),
      p.roleCode,
      lower(TargetPracticeRoleCodeSystem.url),
      PRACTICE_NURSE_ROLES,
      p.roleActive,
      p.rolePractitioner,
      p.encounterParticipant,
      TELEPHONE_TYPES.map((t) => lower(t.code ?? '')),
    ],
  );
}

/**
 * Per chronically ill patient: birth date and marital status from the Patient, and the latest usable
 * household and income-source Observation (subgroup.ts latestSocialValue; ties to the greatest id).
 */
export async function socialRows(sql: SqlRunner, p: ParamIds, beforeMs: number) {
  const patients = await sql.query<{ patient_id: string; birth_date: string | null; marital: string | null }>(
    `SELECT DISTINCT ON (r.id) r.id AS patient_id, r.content->>'birthDate' AS birth_date,
       (SELECT c->>'code' FROM jsonb_array_elements(r.content->'maritalStatus'->'coding') c
         WHERE c->>'system' = $1 LIMIT 1) AS marital
     FROM (SELECT DISTINCT patient_id FROM sel_conditions) c
     JOIN sel_listed l ON l.patient_id = c.patient_id
     JOIN resource r ON r.rid = l.rid`,
    [MARITAL_STATUS_SYSTEM],
  );
  const observations = await sql.query<{ patient_id: string; kind: string; code: string; observation_id: string }>(
    `SELECT DISTINCT ON (s.target_id, k.value) s.target_id AS patient_id, k.value AS kind, v.value AS code,
       r.id AS observation_id
     FROM idx_reference s
     JOIN (SELECT DISTINCT patient_id FROM sel_conditions) c ON c.patient_id = s.target_id
     JOIN idx_token k ON k.rid = s.rid AND k.param = $2 AND k.system = $3 AND k.value IN ('household', 'income-source')
     JOIN idx_token v ON v.rid = s.rid AND v.param = $4 AND (
          (k.value = 'household' AND v.system = $5 AND v.value = ANY($6::text[]))
       OR (k.value = 'income-source' AND v.system = $7 AND v.value = ANY($8::text[])))
     JOIN idx_date d ON d.rid = s.rid AND d.param = $9 AND d.low > '-infinity' AND d.low < $10
     JOIN resource r ON r.rid = s.rid AND NOT r.deleted
     WHERE s.param = $1 AND s.target_type = 'Patient'
       AND EXISTS (SELECT 1 FROM idx_token st WHERE st.rid = s.rid AND st.param = $11 AND st.value = ANY($12::text[]))
     ORDER BY s.target_id, k.value, d.low DESC, r.id COLLATE "C" DESC`,
    [
      p.observationSubject,
      p.observationCode,
      lower(TargetObservationCodeSystem.url),
      p.observationValue,
      lower(TargetHouseholdCodeSystem.url),
      Object.keys(TargetHouseholdCodeSystem.codes),
      lower(TargetIncomeSourceCodeSystem.url),
      Object.keys(TargetIncomeSourceCodeSystem.codes),
      p.observationDate,
      new Date(beforeMs),
      p.observationStatus,
      USABLE_OBSERVATION_STATUSES,
    ],
  );
  return { patients, observations };
}

/** Every (practice, patient) pair of the run. */
export async function listedRows(sql: SqlRunner) {
  return sql.query<{ practice_id: string; patient_id: string }>(
    'SELECT DISTINCT practice_id, patient_id FROM sel_listed',
  );
}
