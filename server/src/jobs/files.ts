// Output files of jobs, stored in the database (table job_file_part) so that whichever server process
// answers the download can stream them. A file is a sequence of parts written in order; each part is a
// block of complete lines, so a download never holds more than a few parts in memory.
import type { SqlRunner } from '../store/database/database.ts';

/** Parts read per query while streaming a download. */
const PARTS_PER_READ = 4;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class JobFiles {
  private readonly sql: SqlRunner;

  constructor(sql: SqlRunner) {
    this.sql = sql;
  }

  /** Whether `name` may be used as a file name (it appears in URLs). */
  static isValidName(name: string): boolean {
    return FILE_NAME.test(name);
  }

  /** Appends the next part of a file; `part` numbers start at 0 and increase by one per call. */
  async appendPart(jobId: string, name: string, part: number, content: string): Promise<void> {
    if (!JobFiles.isValidName(name)) {
      throw new Error(`Invalid job file name "${name}"`);
    }
    await this.sql.query('INSERT INTO job_file_part (job_id, name, part, content) VALUES ($1, $2, $3, $4)', [
      jobId,
      name,
      part,
      content,
    ]);
  }

  async exists(jobId: string, name: string): Promise<boolean> {
    const rows = await this.sql.query('SELECT 1 FROM job_file_part WHERE job_id = $1 AND name = $2 LIMIT 1', [
      jobId,
      name,
    ]);
    return rows.length > 0;
  }

  /** The file's content, part by part (keyset over the part number). */
  async *read(jobId: string, name: string): AsyncGenerator<string> {
    let after = -1;
    for (;;) {
      const rows = await this.sql.query<{ part: number; content: string }>(
        `SELECT part, content FROM job_file_part WHERE job_id = $1 AND name = $2 AND part > $3
         ORDER BY part LIMIT ${PARTS_PER_READ}`,
        [jobId, name, after],
      );
      for (const row of rows) {
        yield row.content;
      }
      if (rows.length < PARTS_PER_READ) {
        return;
      }
      after = rows[rows.length - 1].part;
    }
  }

  /** Removes every file of a job (cancelled, failed, or deleted by the client). */
  async remove(jobId: string): Promise<void> {
    await this.sql.query('DELETE FROM job_file_part WHERE job_id = $1', [jobId]);
  }
}
