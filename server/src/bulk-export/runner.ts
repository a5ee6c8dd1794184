// The Bulk Data export job (Bulk Data Access IG v2, "$export"): reads the matching resources type by type
// in pages keyed by rid (never the whole set in memory), writes them as NDJSON files of at most
// `maxResourcesPerFile` resources into the job's file storage, and answers the manifest when done.
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { type AuthSnapshot, authFromSnapshot } from '../access/context.ts';
import { AccessPolicy } from '../access/policy.ts';
import type { JobService } from '../jobs/service.ts';
import type { JobContext, JobRecord, JobResponse, JobRunner } from '../jobs/types.ts';
import type { Database } from '../store/database/database.ts';
import type { SearchParamRegistry } from '../store/search/params.ts';
import { compartmentParamIds, patientCompartment } from '../store/search/patient-compartment.ts';
import { fromStored } from '../store/stored.ts';
import { groupMembers } from './group.ts';

export const EXPORT_JOB_KIND = 'bulk-export';

/**
 * Whether clients need an access token to download the files (manifest `requiresAccessToken`): they do,
 * the token of the client that started the export (jobs/routes.ts, access/jobs.ts).
 */
export const EXPORT_REQUIRES_ACCESS_TOKEN = true;

export interface ExportInput {
  readonly level: 'system' | 'patient' | 'group';
  readonly groupId?: string;
  /** `_type`: only these resource types (all when absent). */
  readonly types?: readonly string[];
  /** `_since`: only resources last updated after this instant. */
  readonly since?: string;
  /** Who asked for the export: the files hold only what their access policy allows (none: unrestricted). */
  readonly requester?: AuthSnapshot;
}

export interface ExportFile {
  readonly type: string;
  readonly name: string;
  readonly count: number;
}

export interface ExportResult {
  readonly transactionTime: string;
  readonly output: readonly ExportFile[];
  readonly error: readonly ExportFile[];
}

export interface ExportRunnerOptions {
  readonly db: Database;
  readonly registry: SearchParamRegistry;
  readonly jobs: JobService;
  /** Moves the audit trail's journal into the store, so that the files hold every AuditEvent written so far. */
  readonly settleAuditTrail: () => Promise<void>;
  /** At most this many resources per output file (default 50,000). */
  readonly maxResourcesPerFile?: number;
  /** Resources read per query (default 1000). */
  readonly pageSize?: number;
}

/** The resources an export covers, as SQL over `resource r`. */
interface Scope {
  readonly where: string;
  readonly params: unknown[];
}

export function exportRunner(options: ExportRunnerOptions): JobRunner<ExportInput, ExportResult> {
  const maxPerFile = options.maxResourcesPerFile ?? 50_000;
  const pageSize = Math.min(options.pageSize ?? 1000, maxPerFile);
  const { db, jobs } = options;

  return {
    async run(input: ExportInput, ctx: JobContext): Promise<ExportResult> {
      // Resources changed after this instant may or may not be in the files (Bulk Data: transactionTime).
      const transactionTime = new Date().toISOString();
      if (!input.types || input.types.includes('AuditEvent')) {
        await options.settleAuditTrail();
      }
      const errors: OperationOutcome[] = [];
      const scope = await exportScope(options, input, errors);
      const counts = await db.query<{ resource_type: string; n: number }>(
        `SELECT r.resource_type, count(*)::int AS n FROM resource r WHERE ${scope.where}
         GROUP BY r.resource_type ORDER BY r.resource_type`,
        scope.params,
      );
      const total = counts.reduce((sum, row) => sum + row.n, 0);
      const output: ExportFile[] = [];
      let done = 0;
      await ctx.progress({ done, total, message: progressMessage(done, total) });
      for (const { resource_type: type } of counts) {
        let file: { name: string; count: number; parts: number } | undefined;
        let afterRid = 0;
        for (;;) {
          ctx.signal.throwIfAborted();
          const typeIndex = scope.params.length + 1;
          const rows = await db.query<{ rid: number; content: Resource }>(
            `SELECT r.rid, r.content FROM resource r
             WHERE ${scope.where} AND r.resource_type = $${typeIndex} AND r.rid > $${typeIndex + 1}
             ORDER BY r.rid LIMIT ${pageSize}`,
            [...scope.params, type, afterRid],
          );
          if (rows.length === 0) {
            break;
          }
          afterRid = rows[rows.length - 1].rid;
          let offset = 0;
          while (offset < rows.length) {
            if (!file || file.count === maxPerFile) {
              file = { name: `${type}-${output.filter((f) => f.type === type).length + 1}.ndjson`, count: 0, parts: 0 };
              output.push({ type, name: file.name, count: 0 });
            }
            const slice = rows.slice(offset, offset + (maxPerFile - file.count));
            const lines = slice.map((row) => `${JSON.stringify(fromStored(row.content))}\n`).join('');
            await jobs.files.appendPart(ctx.jobId, file.name, file.parts++, lines);
            file.count += slice.length;
            output[output.length - 1] = { type, name: file.name, count: file.count };
            offset += slice.length;
          }
          done += rows.length;
          await ctx.progress({ done, total, message: progressMessage(done, total) });
        }
      }
      const error: ExportFile[] = [];
      if (errors.length > 0) {
        const name = 'OperationOutcome-errors-1.ndjson';
        await jobs.files.appendPart(ctx.jobId, name, 0, errors.map((e) => `${JSON.stringify(e)}\n`).join(''));
        error.push({ type: 'OperationOutcome', name, count: errors.length });
      }
      return { transactionTime, output, error };
    },

    complete(result: ExportResult, job: JobRecord): JobResponse {
      const link = (file: ExportFile) => ({ type: file.type, url: jobs.fileUrl(job.id, file.name), count: file.count });
      return {
        status: 200,
        contentType: 'application/json',
        body: {
          transactionTime: result.transactionTime,
          request: job.request,
          requiresAccessToken: EXPORT_REQUIRES_ACCESS_TOKEN,
          output: result.output.map(link),
          error: result.error.map(link),
        },
      };
    },
  };
}

function progressMessage(done: number, total: number): string {
  return `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} resources`;
}

/** The WHERE clause over `resource r` for the export's level, types and _since. */
async function exportScope(
  options: ExportRunnerOptions,
  input: ExportInput,
  errors: OperationOutcome[],
): Promise<Scope> {
  const params: unknown[] = [];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = ['NOT r.deleted'];
  if (input.since) {
    conditions.push(`r.last_updated > ${add(input.since)}::timestamptz`);
  }
  // The requester's scopes and compartment, as for a search by the same token.
  const requester = input.requester ? authFromSnapshot(input.requester) : undefined;
  const allowed = AccessPolicy.of(requester, options.registry).rowCondition('r', 's', add);
  if (allowed !== undefined) {
    conditions.push(allowed);
  }
  if (input.level === 'system') {
    if (input.types) {
      conditions.push(`r.resource_type = ANY(${add(input.types)}::text[])`);
    }
    return { where: conditions.join(' AND '), params };
  }
  // Patient and Group level: Patients themselves plus every resource in their compartments.
  const types = input.types ?? [...patientCompartment().keys()];
  conditions.push(`r.resource_type = ANY(${add(types)}::text[])`);
  const paramIds = add(compartmentParamIds(options.registry, types));
  const inCompartment = (targetFilter: string): string =>
    `EXISTS (SELECT 1 FROM idx_reference x WHERE x.rid = r.rid AND x.param = ANY(${paramIds}::smallint[])
     AND x.target_type = 'Patient'${targetFilter})`;
  if (input.level === 'patient') {
    conditions.push(`(r.resource_type = 'Patient' OR ${inCompartment('')})`);
  } else {
    const ids = add(await groupMembers(options.db, input.groupId as string, errors));
    conditions.push(
      `((r.resource_type = 'Patient' AND r.id = ANY(${ids}::text[])) OR ${inCompartment(` AND x.target_id = ANY(${ids}::text[])`)})`,
    );
  }
  return { where: conditions.join(' AND '), params };
}
