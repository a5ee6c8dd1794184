// The `job` table (schema.ts migration 4): every state change is one conditional UPDATE, so two
// processes racing on one job (a cancel on one, completion on the other) cannot both win.
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { SqlRunner } from '../store/database/database.ts';
import type { JobProgress, JobRecord, JobStatus } from './types.ts';

interface JobRow {
  id: string;
  kind: string;
  status: JobStatus;
  request: string;
  input: unknown;
  progress: JobProgress | null;
  result: unknown;
  error: OperationOutcome | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS = 'id, kind, status, request, input, progress, result, error, created_at, started_at, finished_at';
const ACTIVE = `status IN ('queued', 'running')`;

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    request: row.request,
    input: row.input,
    progress: row.progress ?? undefined,
    result: row.result ?? undefined,
    error: row.error ?? undefined,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString(),
    finishedAt: row.finished_at?.toISOString(),
  };
}

/** JSON parameters travel as text: node-postgres would send a JS array as a PostgreSQL array. */
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

export class JobStore {
  private readonly sql: SqlRunner;

  constructor(sql: SqlRunner) {
    this.sql = sql;
  }

  async insert(job: { id: string; kind: string; request: string; input: unknown; owner: string }): Promise<JobRecord> {
    const [row] = await this.sql.query<JobRow>(
      `INSERT INTO job (id, kind, status, request, input, owner) VALUES ($1, $2, 'queued', $3, $4::jsonb, $5)
       RETURNING ${COLUMNS}`,
      [job.id, job.kind, job.request, json(job.input ?? null), job.owner],
    );
    return toRecord(row);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const [row] = await this.sql.query<JobRow>(`SELECT ${COLUMNS} FROM job WHERE id = $1`, [id]);
    return row ? toRecord(row) : undefined;
  }

  /** queued → running; undefined when the job is no longer queued (cancelled meanwhile). */
  async claim(id: string): Promise<JobRecord | undefined> {
    const [row] = await this.sql.query<JobRow>(
      `UPDATE job SET status = 'running', started_at = now(), heartbeat_at = now()
       WHERE id = $1 AND status = 'queued' RETURNING ${COLUMNS}`,
      [id],
    );
    return row ? toRecord(row) : undefined;
  }

  /** Saves progress; false when the job is no longer running (cancelled by another process). */
  async saveProgress(id: string, progress: JobProgress): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE job SET progress = $2::jsonb, heartbeat_at = now() WHERE id = $1 AND status = 'running' RETURNING 1`,
      [id, json(progress)],
    );
    return rows.length > 0;
  }

  /** running → completed; false when the job was cancelled before it could complete. */
  async complete(id: string, result: unknown, progress: JobProgress | undefined): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE job SET status = 'completed', result = $2::jsonb, progress = coalesce($3::jsonb, progress),
       finished_at = now() WHERE id = $1 AND status = 'running' RETURNING 1`,
      [id, json(result ?? null), json(progress)],
    );
    return rows.length > 0;
  }

  /** queued/running → failed with the reason. */
  async fail(id: string, error: OperationOutcome): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE job SET status = 'failed', error = $2::jsonb, finished_at = now() WHERE id = $1 AND ${ACTIVE} RETURNING 1`,
      [id, json(error)],
    );
    return rows.length > 0;
  }

  /** Any state but cancelled → cancelled (a finished job is "deleted": its files go too). */
  async cancel(id: string, reason: OperationOutcome): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE job SET status = 'cancelled', error = $2::jsonb, finished_at = now()
       WHERE id = $1 AND status <> 'cancelled' RETURNING 1`,
      [id, json(reason)],
    );
    return rows.length > 0;
  }

  /** Marks this process alive for its jobs; returns the ids still queued or running (others were cancelled). */
  async heartbeat(owner: string): Promise<Set<string>> {
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE job SET heartbeat_at = now() WHERE owner = $1 AND ${ACTIVE} RETURNING id`,
      [owner],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Fails the jobs whose process stopped without finishing them: those not heard of for `staleAfterMs`
   * (or every active job, when no other process can be running any). Returns their ids.
   */
  async failInterrupted(error: OperationOutcome, staleAfterMs: number | undefined): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE job SET status = 'failed', error = $1::jsonb, finished_at = now()
       WHERE ${ACTIVE} AND ($2::float8 IS NULL OR heartbeat_at < now() - $2::float8 * interval '1 millisecond')
       RETURNING id`,
      [json(error), staleAfterMs ?? null],
    );
    return rows.map((row) => row.id);
  }
}
