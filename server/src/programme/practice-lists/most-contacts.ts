// Per patient, the organisation that provided most of their GP contacts: the rows of the selection's contact
// index (target_contact, derived-indexes.ts: Encounters the selection counts as contacts — AMB, HH, VR, never
// emergency or inpatient) grouped by serviceProvider. Ties go to the organisation of the latest contact, then
// to the smaller id, so a re-run picks the same one.
import type { PostgresRepository } from '../../store/repository.ts';

interface ProviderRow {
  patient_id: string;
  provider: string;
  contacts: number;
  latest: Date;
}

/** Organization id per patient (only patients with a contact whose serviceProvider is an Organization). */
export async function mostContactedProviders(
  repo: PostgresRepository,
  patients?: readonly string[],
): Promise<Map<string, string>> {
  const rows = await repo.withTransaction((tx) =>
    tx.sql.query<ProviderRow>(
      `SELECT c.patient_id, substr(c.service_provider, 14) AS provider, count(*)::int AS contacts,
              max(c.start_at) AS latest
       FROM target_contact c
       WHERE c.service_provider LIKE 'Organization/%'
         AND ($1::text[] IS NULL OR c.patient_id = ANY($1::text[]))
       GROUP BY c.patient_id, c.service_provider`,
      [patients ? [...patients] : null],
    ),
  );
  const best = new Map<string, ProviderRow>();
  for (const row of rows) {
    const current = best.get(row.patient_id);
    if (!current || beats(row, current)) {
      best.set(row.patient_id, row);
    }
  }
  return new Map([...best].map(([patient, row]) => [patient, row.provider]));
}

function beats(a: ProviderRow, b: ProviderRow): boolean {
  if (a.contacts !== b.contacts) {
    return a.contacts > b.contacts;
  }
  const at = (row: ProviderRow) => new Date(row.latest).getTime();
  if (at(a) !== at(b)) {
    return at(a) > at(b);
  }
  return a.provider < b.provider;
}
