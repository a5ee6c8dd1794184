// The population path of the selection: the facts of every chronically ill patient of a set of practices,
// found with a few SQL aggregates over the search index (idx_* tables) instead of fetching patients one by
// one. Each query mirrors a rule of profiles/src/selection exactly — the index stores what FHIR search sees
// (codes and systems in lower case, dates as instant ranges) — and tests hold both paths equal.
import {
  ACTIVE_CLINICAL_STATUSES,
  type ChronicDiseaseList,
  CONTACT_TYPES,
  type ContactCounts,
  ExternalSystems,
  emptyContactCounts,
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
const MARITAL_STATUS = 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus';

/** The search parameters the queries read, resolved to their idx_* keys once per run. */
function paramIds(registry: SearchParamRegistry) {
  const id = (type: string, code: string): number => {
    const param = registry.get(type, code);
    if (!param) {
      throw new Error(`search parameter ${type}.${code} is not indexed`);
    }
    return param.id;
  };
  return {
    ...membershipParams(registry),
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
type ParamIds = ReturnType<typeof paramIds>;

export interface ListedPatient {
  practiceId: string;
  patientId: string;
  birthDate?: string;
  maritalStatus?: string;
}

/**
 * Patients of the practices on the reference date: Patient.generalPractitioner (or managingOrganization)
 * names the practice Organization, or a Practitioner with a PractitionerRole at it; inactive patients and
 * those who died before the reference date are left out (isListedPatient).
 */
async function listedPatients(sql: SqlRunner, p: ParamIds, practices: string[], beforeMs: number) {
  const params: unknown[] = [practices, new Date(beforeMs), p.patientDeathDate, MARITAL_STATUS];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  return sql.query<{ practice_id: string; patient_id: string; birth_date: string | null; marital: string | null }>(
    `WITH members AS (${practiceMembersSql(p, '$1::text[]', add)})
     SELECT m.practice_id, r.id AS patient_id, r.content->>'birthDate' AS birth_date,
       (SELECT c->>'code' FROM jsonb_array_elements(r.content->'maritalStatus'->'coding') c
         WHERE c->>'system' = $4 LIMIT 1) AS marital
     FROM members m JOIN resource r ON r.rid = m.rid AND NOT r.deleted
     WHERE COALESCE(r.content->>'active', 'true') <> 'false'
       AND COALESCE(r.content->>'deceasedBoolean', 'false') <> 'true'
       AND NOT EXISTS (SELECT 1 FROM idx_date dd WHERE dd.rid = m.rid AND dd.param = $3 AND dd.low < $2)`,
    params,
  );
}

export interface ConditionRow {
  patient_id: string;
  condition_id: string;
  system: string;
  value: string;
  since: Date | null;
}

/** Coded, active, confirmed Conditions of the patients begun before the reference date, one row per coding. */
async function conditionRows(
  sql: SqlRunner,
  p: ParamIds,
  patients: string[],
  list: ChronicDiseaseList,
  beforeMs: number,
): Promise<ConditionRow[]> {
  const snomed = [...(list.mapped.get(ExternalSystems.SCT)?.keys() ?? [])];
  const icd10 = [...(list.mapped.get(ExternalSystems.ICD10)?.keys() ?? [])].map(lower);
  return sql.query<ConditionRow>(
    `SELECT s.target_id AS patient_id, r.id AS condition_id, c.system, c.value, x.since
     FROM idx_reference s
     JOIN resource r ON r.rid = s.rid AND NOT r.deleted
     JOIN idx_token c ON c.rid = s.rid AND c.param = $3 AND (
          (c.system = $4 AND upper(left(c.value, 3)) = ANY($5::text[]))
       OR (c.system = $6 AND c.value = ANY($7::text[]))
       OR (c.system = $8 AND EXISTS (SELECT 1 FROM unnest($9::text[]) target
                                     WHERE left(c.value, length(target)) = target)))
     CROSS JOIN LATERAL (SELECT COALESCE(
         (SELECT NULLIF(o.low, '-infinity') FROM idx_date o WHERE o.rid = s.rid AND o.param = $10 LIMIT 1),
         (SELECT rd.low FROM idx_date rd WHERE rd.rid = s.rid AND rd.param = $11 LIMIT 1)) AS since) x
     WHERE s.param = $2 AND s.target_type = 'Patient' AND s.target_id = ANY($1::text[])
       AND (x.since IS NULL OR x.since < $16)
       AND EXISTS (SELECT 1 FROM idx_token t WHERE t.rid = s.rid AND t.param = $12 AND t.system = $13
                   AND t.value = ANY($14::text[]))
       AND NOT EXISTS (SELECT 1 FROM idx_token t WHERE t.rid = s.rid AND t.param = $15 AND t.system = $17
                       AND t.value <> 'confirmed')`,
    [
      patients,
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
}

export interface ContactWindowQuery {
  fromMs: number;
  toMs: number;
  countPracticeNurse: boolean;
}

/** Contacts per patient and contact type in the window (contacts.ts countContacts, in SQL). */
async function contactRows(sql: SqlRunner, p: ParamIds, patients: string[], q: ContactWindowQuery) {
  const explicitSystems = [...CONTACT_TYPES.map(() => lower(TargetContactTypeCodeSystem.url))];
  const explicitCodes = [...CONTACT_TYPES];
  const explicitTypes = [...CONTACT_TYPES];
  for (const [code, type] of Object.entries(NZA_CONTACT_TYPES)) {
    explicitSystems.push(lower(NZA_DECLARATION_SYSTEM));
    explicitCodes.push(code as never);
    explicitTypes.push(type);
  }
  return sql.query<{ patient_id: string; contact_type: string; contacts: number }>(
    `WITH explicit_codes AS (
       SELECT * FROM unnest($9::text[], $10::text[], $11::text[]) AS e(system, value, contact_type)
     ), nurses AS (
       SELECT 'PractitionerRole' AS target_type, r.id AS target_id
       FROM idx_token rc JOIN resource r ON r.rid = rc.rid AND NOT r.deleted
       WHERE rc.param = $17 AND rc.system = $18 AND rc.value = ANY($19::text[])
         AND NOT EXISTS (SELECT 1 FROM idx_token a WHERE a.rid = rc.rid AND a.param = $20 AND a.value = 'false')
       UNION
       SELECT 'Practitioner', pr.target_id
       FROM idx_token rc JOIN idx_reference pr ON pr.rid = rc.rid AND pr.param = $21 AND pr.target_type = 'Practitioner'
       WHERE rc.param = $17 AND rc.system = $18 AND rc.value = ANY($19::text[])
         AND NOT EXISTS (SELECT 1 FROM idx_token a WHERE a.rid = rc.rid AND a.param = $20 AND a.value = 'false')
     ), encounters AS (
       SELECT s.target_id AS patient_id, s.rid,
         CASE WHEN d.low > '-infinity' AND d.high < 'infinity' AND d.high >= d.low
                   AND extract(epoch FROM d.high - d.low) < $16
                   AND mod(extract(epoch FROM d.low), 86400) <> 0
                   AND mod(extract(epoch FROM d.high) + 0.001, 86400) <> 0
              THEN floor(extract(epoch FROM d.high - d.low)) END AS period_seconds
       FROM idx_reference s
       JOIN idx_date d ON d.rid = s.rid AND d.param = $3 AND d.low >= $4 AND d.low < $5
       WHERE s.param = $2 AND s.target_type = 'Patient' AND s.target_id = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM idx_token st WHERE st.rid = s.rid AND st.param = $6 AND st.value = ANY($7::text[]))
         AND ($8 OR NOT EXISTS (SELECT 1 FROM idx_reference pp JOIN nurses n
                                  ON n.target_type = pp.target_type AND n.target_id = pp.target_id
                                WHERE pp.rid = s.rid AND pp.param = $22))
     ), typed AS (
       SELECT e.patient_id,
         (SELECT ec.contact_type FROM idx_token t JOIN explicit_codes ec ON ec.system = t.system AND ec.value = t.value
          WHERE t.rid = e.rid AND t.param = $12
          ORDER BY array_position($11::text[], ec.contact_type) LIMIT 1) AS explicit_type,
         (SELECT c.value FROM idx_token c WHERE c.rid = e.rid AND c.param = $13 AND c.system = $14 LIMIT 1) AS class,
         EXISTS (SELECT 1 FROM idx_token t WHERE t.rid = e.rid AND t.param = $12 AND t.system || '|' || t.value = ANY($15::text[])) AS phone,
         COALESCE(
           (SELECT floor(q.value * CASE q.code WHEN 's' THEN 1 WHEN 'min' THEN 60 WHEN 'h' THEN 3600 ELSE 86400 END)
            FROM idx_quantity q WHERE q.rid = e.rid AND q.param = $23 AND q.system = $24
              AND q.code IN ('s', 'min', 'h', 'd') AND q.value IS NOT NULL LIMIT 1),
           e.period_seconds) AS seconds
       FROM encounters e
     )
     SELECT patient_id, contact_type, count(*)::int AS contacts FROM (
       SELECT patient_id, CASE
         WHEN explicit_type IS NOT NULL THEN explicit_type
         WHEN class = 'amb' THEN CASE WHEN seconds < 300 THEN 'consult-short' WHEN seconds >= 1200 THEN 'consult-long'
                                      ELSE 'consult' END
         WHEN class = 'hh' THEN CASE WHEN seconds >= 1200 THEN 'visit-long' ELSE 'visit' END
         WHEN class = 'vr' THEN CASE WHEN phone THEN 'phone' ELSE 'e-consult' END
       END AS contact_type
       FROM typed
     ) c WHERE contact_type IS NOT NULL
     GROUP BY patient_id, contact_type`,
    [
      patients,
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
      TELEPHONE_TYPES.map((t) => `${lower(t.system ?? '')}|${lower(t.code ?? '')}`),
      MAX_PERIOD_LENGTH_SECONDS,
      p.roleCode,
      lower(TargetPracticeRoleCodeSystem.url),
      PRACTICE_NURSE_ROLES,
      p.roleActive,
      p.rolePractitioner,
      p.encounterParticipant,
      p.encounterLength,
      lower(ExternalSystems.UCUM),
    ],
  );
}

/** The latest usable household and income-source Observation of each patient (subgroup.ts latestSocialValue). */
async function socialRows(sql: SqlRunner, p: ParamIds, patients: string[], beforeMs: number) {
  return sql.query<{ patient_id: string; kind: string; code: string; observation_id: string }>(
    `SELECT DISTINCT ON (s.target_id, k.value) s.target_id AS patient_id, k.value AS kind, v.value AS code,
       r.id AS observation_id
     FROM idx_reference s
     JOIN idx_token k ON k.rid = s.rid AND k.param = $3 AND k.system = $4 AND k.value IN ('household', 'income-source')
     JOIN idx_token v ON v.rid = s.rid AND v.param = $5 AND (
          (k.value = 'household' AND v.system = $6 AND v.value = ANY($7::text[]))
       OR (k.value = 'income-source' AND v.system = $8 AND v.value = ANY($9::text[])))
     JOIN idx_date d ON d.rid = s.rid AND d.param = $10 AND d.low > '-infinity' AND d.low < $11
     JOIN resource r ON r.rid = s.rid AND NOT r.deleted
     WHERE s.param = $2 AND s.target_type = 'Patient' AND s.target_id = ANY($1::text[])
       AND EXISTS (SELECT 1 FROM idx_token st WHERE st.rid = s.rid AND st.param = $12 AND st.value = ANY($13::text[]))
     ORDER BY s.target_id, k.value, d.low DESC, r.id COLLATE "C" DESC`,
    [
      patients,
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
}

export const populationQueries = { paramIds, listedPatients, conditionRows, contactRows, socialRows };
export type { ParamIds };
export function contactCountsFrom(rows: { contact_type: string; contacts: number }[]): ContactCounts {
  const counts = emptyContactCounts();
  for (const row of rows) {
    counts[row.contact_type as keyof ContactCounts] += row.contacts;
  }
  return counts;
}
