// Facts of every chronically ill patient of a set of practices, from the SQL aggregates of
// population-sql.ts, grouped per practice. Conditions are read first, so contacts and social data are only
// aggregated for the patients who pass the chronic-disease gate.
import {
  type ChronicDiseaseList,
  type ContactCounts,
  countingWindow,
  emptyContactCounts,
  icpcPrefixesOf,
  type PatientFacts,
  type QualifyingCondition,
  type ResolvedPracticeSettings,
  type TargetHouseholdCode,
  type TargetIncomeSourceCode,
} from '@target/profiles';
import type { PostgresRepository } from '../../store/repository.ts';
import {
  type ConditionRow,
  contactRows,
  createConditions,
  createListed,
  listedRows,
  paramIds,
  socialRows,
} from './population-sql.ts';

export interface PopulationRequest {
  practices: string[];
  referenceDate: string;
  settings: ResolvedPracticeSettings;
  diseases: ChronicDiseaseList;
}

export interface PracticePopulation {
  practiceId: string;
  /** Patients on the list (chronically ill or not). */
  listed: number;
  /** Facts of the chronically ill, ordered by patient id. */
  facts: PatientFacts[];
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

/**
 * The facts of every chronically ill patient of the practices, grouped per practice (in request order).
 * @param repo - Runs the statements in one read transaction (the temporary tables live in it).
 */
export async function populationFacts(
  repo: PostgresRepository,
  request: PopulationRequest,
  onProgress?: (step: string) => void,
): Promise<PracticePopulation[]> {
  const params = paramIds(repo.registry);
  const window = countingWindow(request.referenceDate, request.settings.countingPeriodDays);
  const { listed, conditions, contacts, social } = await repo.withTransaction(async (tx) => {
    const sql = tx.sql;
    // The statements hash-join whole regions: give this one transaction room for that in memory.
    await sql.query(`SET LOCAL work_mem = '256MB'`);
    await createListed(sql, params, request.practices, window.toMs);
    onProgress?.('patients listed');
    const conditionRowsFound = await createConditions(sql, request.diseases, window.toMs);
    onProgress?.('chronic conditions found');
    const contactRowsFound = await contactRows(sql, params, {
      fromMs: window.fromMs,
      toMs: window.toMs,
      countPracticeNurse: request.settings.countPracticeNurse,
    });
    onProgress?.('contacts counted');
    return {
      listed: await listedRows(sql),
      conditions: conditionRowsFound,
      contacts: contactRowsFound,
      social: await socialRows(sql, window.toMs),
    };
  });
  const facts = new Map<string, PatientFacts>();
  for (const [patientId, qualifyingConditions] of qualifying(conditions, request.diseases)) {
    facts.set(patientId, { patientId, contacts: emptyContactCounts(), conditions: qualifyingConditions });
  }
  for (const row of contacts) {
    const patient = facts.get(row.patient_id);
    if (patient) {
      patient.contacts[row.contact_type as keyof ContactCounts] += row.contacts;
    }
  }
  for (const row of social.patients) {
    const patient = facts.get(row.patient_id);
    if (patient && row.birth_date) {
      patient.birthDate = row.birth_date;
    }
    if (patient && row.marital) {
      patient.maritalStatus = row.marital;
    }
  }
  for (const row of social.observations) {
    const patient = facts.get(row.patient_id);
    const value = { observation: `Observation/${row.observation_id}` };
    if (patient && row.kind === 'household') {
      patient.household = { code: row.code as TargetHouseholdCode, ...value };
    } else if (patient) {
      patient.incomeSource = { code: row.code as TargetIncomeSourceCode, ...value };
    }
  }
  const byPractice = new Map<string, PracticePopulation>(
    request.practices.map((practiceId) => [practiceId, { practiceId, listed: 0, facts: [] }]),
  );
  for (const row of listed) {
    const practice = byPractice.get(row.practice_id) as PracticePopulation;
    practice.listed += 1;
    const patient = facts.get(row.patient_id);
    if (patient) {
      practice.facts.push(patient);
    }
  }
  for (const practice of byPractice.values()) {
    practice.facts.sort((a, b) => (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0));
  }
  return [...byPractice.values()];
}
