// Facts of every chronically ill patient of a set of practices, from the SQL aggregates of
// population-sql.ts, grouped per practice. Conditions are read first, so contacts and social data are only
// aggregated for the patients who pass the chronic-disease gate.
import {
  type ChronicDiseaseList,
  countingWindow,
  icpcPrefixesOf,
  type PatientFacts,
  type QualifyingCondition,
  type SelectionSettings,
  type TargetHouseholdCode,
  type TargetIncomeSourceCode,
} from '../../../../profiles/src/index.ts';
import type { SqlRunner } from '../../store/database.ts';
import type { SearchParamRegistry } from '../../store/search-params.ts';
import { type ConditionRow, contactCountsFrom, populationQueries as q } from './population-sql.ts';

export interface PopulationRequest {
  practices: string[];
  referenceDate: string;
  settings: SelectionSettings;
  diseases: ChronicDiseaseList;
}

export interface PracticePopulation {
  practiceId: string;
  /** Patients on the list (chronically ill or not). */
  listed: number;
  /** Facts of the chronically ill, ordered by patient id. */
  facts: PatientFacts[];
}

/** Patient ids are handed to the queries in slices, so one statement never carries a huge array. */
const SLICE = 20_000;

function slices<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += SLICE) {
    out.push(items.slice(i, i + SLICE));
  }
  return out;
}

function qualifying(rows: ConditionRow[], diseases: ChronicDiseaseList): Map<string, QualifyingCondition[]> {
  const byCondition = new Map<string, { patient: string; diseases: Set<string>; since?: string }>();
  for (const row of rows) {
    const entry = byCondition.get(row.condition_id) ?? {
      patient: row.patient_id,
      diseases: new Set<string>(),
      ...(row.since ? { since: row.since.toISOString() } : {}),
    };
    for (const prefix of icpcPrefixesOf({ system: row.system, code: row.value }, diseases)) {
      entry.diseases.add(diseases.byIcpc.get(prefix) as string);
    }
    byCondition.set(row.condition_id, entry);
  }
  const byPatient = new Map<string, QualifyingCondition[]>();
  for (const [id, entry] of byCondition) {
    if (entry.diseases.size === 0) {
      continue;
    }
    const list = byPatient.get(entry.patient) ?? [];
    list.push({
      reference: `Condition/${id}`,
      diseases: [...entry.diseases],
      ...(entry.since ? { since: entry.since } : {}),
    });
    byPatient.set(entry.patient, list);
  }
  return byPatient;
}

export async function populationFacts(
  sql: SqlRunner,
  registry: SearchParamRegistry,
  request: PopulationRequest,
  onProgress?: (done: number, total: number) => void,
): Promise<PracticePopulation[]> {
  const params = q.paramIds(registry);
  const window = countingWindow(request.referenceDate, request.settings.countingPeriodDays);
  const listed = await q.listedPatients(sql, params, request.practices, window.toMs);
  const facts = new Map<string, PatientFacts>();
  const ids = [...new Set(listed.map((row) => row.patient_id))];
  let done = 0;
  for (const slice of slices(ids)) {
    const conditions = qualifying(
      await q.conditionRows(sql, params, slice, request.diseases, window.toMs),
      request.diseases,
    );
    const chronic = [...conditions.keys()];
    const contacts = new Map<string, { contact_type: string; contacts: number }[]>();
    const windowQuery = {
      fromMs: window.fromMs,
      toMs: window.toMs,
      countPracticeNurse: request.settings.countPracticeNurse,
    };
    for (const row of chronic.length ? await q.contactRows(sql, params, chronic, windowQuery) : []) {
      contacts.set(row.patient_id, [...(contacts.get(row.patient_id) ?? []), row]);
    }
    const social = chronic.length ? await q.socialRows(sql, params, chronic, window.toMs) : [];
    for (const patientId of chronic) {
      facts.set(patientId, {
        patientId,
        contacts: contactCountsFrom(contacts.get(patientId) ?? []),
        conditions: conditions.get(patientId) ?? [],
      });
    }
    for (const row of social) {
      const patient = facts.get(row.patient_id) as PatientFacts;
      const value = { observation: `Observation/${row.observation_id}` };
      if (row.kind === 'household') {
        patient.household = { code: row.code as TargetHouseholdCode, ...value };
      } else {
        patient.incomeSource = { code: row.code as TargetIncomeSourceCode, ...value };
      }
    }
    done += slice.length;
    onProgress?.(done, ids.length);
  }
  const byPractice = new Map<string, PracticePopulation>(
    request.practices.map((practiceId) => [practiceId, { practiceId, listed: 0, facts: [] }]),
  );
  const seen = new Set<string>();
  for (const row of listed) {
    const practice = byPractice.get(row.practice_id) as PracticePopulation;
    const key = `${row.practice_id}|${row.patient_id}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    practice.listed += 1;
    const patient = facts.get(row.patient_id);
    if (patient) {
      practice.facts.push({
        ...patient,
        ...(row.birth_date ? { birthDate: row.birth_date } : {}),
        ...(row.marital ? { maritalStatus: row.marital } : {}),
      });
    }
  }
  for (const practice of byPractice.values()) {
    practice.facts.sort((a, b) => (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0));
  }
  return [...byPractice.values()];
}
