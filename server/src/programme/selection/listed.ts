// Who is on a practice's list, counted before a selection runs (issue 14): a practice with nobody listed gets
// an explanation instead of an empty Group and a settings resource, and the explanation says how many
// patients there are and how many are listed with any practice. The same membership statement as the
// population path (population-sql.ts createListed), so both count the same patients.
import { isNotFound, notFound, OperationOutcomeError } from '@medplum/core';
import { countingWindow } from '@target/profiles';
import type { PostgresRepository } from '../../store/repository.ts';
import { createListed, paramIds } from './population-sql.ts';
import { allPractices } from './practices.ts';

/** Patients listed with each practice on the reference date (0 for a practice without any). */
export async function listedCounts(
  repo: PostgresRepository,
  practices: readonly string[],
  referenceDate: string,
): Promise<Map<string, number>> {
  const counts = new Map(practices.map((id) => [id, 0]));
  if (practices.length === 0) {
    return counts;
  }
  // Only the end of the window matters for membership (a death before the reference date); the length does not.
  const { toMs } = countingWindow(referenceDate, 1);
  const rows = await repo.withTransaction(async (tx) => {
    await createListed(tx.sql, paramIds(repo.registry), [...practices], toMs);
    return tx.sql.query<{ practice_id: string; patients: number }>(
      'SELECT practice_id, count(DISTINCT patient_id)::int AS patients FROM sel_listed GROUP BY practice_id',
    );
  });
  for (const row of rows) {
    counts.set(row.practice_id, row.patients);
  }
  return counts;
}

export interface PatientCensus {
  /** Patient resources on record. */
  patients: number;
  /** Of them, listed with any TARGET practice on the reference date. */
  listedWithAny: number;
}

/** How many patients there are and how many any TARGET practice lists: the figures of the explanation. */
export async function patientCensus(repo: PostgresRepository, referenceDate: string): Promise<PatientCensus> {
  const patients = (await repo.search({ resourceType: 'Patient', count: 0, total: 'accurate' })).total ?? 0;
  const practices = await allPractices(repo);
  if (practices.length === 0) {
    return { patients, listedWithAny: 0 };
  }
  const { toMs } = countingWindow(referenceDate, 1);
  const [row] = await repo.withTransaction(async (tx) => {
    await createListed(tx.sql, paramIds(repo.registry), practices, toMs);
    return tx.sql.query<{ patients: number }>('SELECT count(DISTINCT patient_id)::int AS patients FROM sel_listed');
  });
  return { patients, listedWithAny: row?.patients ?? 0 };
}

/** Reads the practice Organization, so a practice that is not there answers 404 as a read does. */
export async function assertPracticeExists(repo: PostgresRepository, practiceId: string): Promise<void> {
  await repo.readResource('Organization', practiceId).catch((err: unknown) => {
    throw err instanceof OperationOutcomeError && isNotFound(err.outcome) ? new OperationOutcomeError(notFound) : err;
  });
}
