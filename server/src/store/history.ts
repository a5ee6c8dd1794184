// History bundles at instance, type and system level (R4 http.html#history): newest version first,
// each entry with the request that made it and the response it got, deletes included.

import type { WithId } from '@medplum/core';
import { badRequest, OperationOutcomeError } from '@medplum/core';
import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import type { SqlRunner } from './database/database.ts';
import { MAX_OFFSET } from './search/bounds.ts';
import { fromStored } from './stored.ts';

export interface HistoryQuery {
  readonly resourceType?: string;
  readonly id?: string;
  /** Only versions written at or after this instant. */
  readonly since?: string;
  readonly count?: number;
  readonly offset?: number;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const DEFAULT_COUNT = 100;
const MAX_COUNT = 1000;

interface HistoryRow {
  resource_type: string;
  id: string;
  version: number;
  last_updated: Date;
  deleted: boolean;
  content: Resource | null;
}

export async function historyBundle<T extends Resource>(
  db: SqlRunner,
  fhirBaseUrl: string,
  query: HistoryQuery,
  /** Access control: the condition on a current `resource` row (alias given) whose versions may be listed. */
  restrict?: (alias: string, bind: (value: unknown) => string) => string | undefined,
): Promise<Bundle<WithId<T>>> {
  // As for search (README "Bounds"): _count is capped, a deeper _offset is refused rather than scanned.
  const count = Math.min(query.count ?? DEFAULT_COUNT, MAX_COUNT);
  const offset = query.offset ?? 0;
  if (!Number.isInteger(count) || count < 0) {
    throw new OperationOutcomeError(badRequest('_count must be a non-negative integer', '_count'));
  }
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    throw new OperationOutcomeError(
      badRequest(
        `_offset must be an integer from 0 to ${MAX_OFFSET}; narrow the history with _since instead`,
        '_offset',
      ),
    );
  }
  const params: unknown[] = [];
  const conditions: string[] = [];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.resourceType && query.id) {
    // By rid: the primary keys of both tables serve it.
    conditions.push(
      `h.rid = (SELECT rid FROM resource WHERE resource_type = ${add(query.resourceType)} AND id = ${add(query.id)})`,
    );
  } else if (query.resourceType) {
    conditions.push(`h.resource_type = ${add(query.resourceType)}`);
  }
  if (query.since !== undefined) {
    // An R4 instant (or a date): anything else is the client's mistake, never the database's.
    if (!INSTANT.test(query.since) || Number.isNaN(Date.parse(query.since))) {
      throw new OperationOutcomeError(
        badRequest(`_since must be an instant such as 2025-01-31T12:00:00Z, got "${query.since}"`, '_since'),
      );
    }
    conditions.push(`h.last_updated >= ${add(new Date(query.since).toISOString())}::timestamptz`);
  }
  const visible = restrict?.('acc_cur', add);
  if (visible !== undefined) {
    conditions.push(`EXISTS (SELECT 1 FROM resource acc_cur WHERE acc_cur.rid = h.rid AND ${visible})`);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  // Current versions live in `resource`, superseded ones in `resource_history` (see schema.ts).
  const versions = `(SELECT rid, resource_type, id, version, last_updated, deleted, content FROM resource
    UNION ALL SELECT rid, resource_type, id, version, last_updated, deleted, content FROM resource_history) h`;
  const [{ total }] = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM ${versions} ${where}`,
    params,
  );
  const rows = await db.query<HistoryRow>(
    `SELECT h.resource_type, h.id, h.version, h.last_updated, h.deleted, h.content FROM ${versions} ${where}
     ORDER BY h.last_updated DESC, h.version DESC, h.rid DESC LIMIT ${add(count)} OFFSET ${add(offset)}`,
    params,
  );
  const entry = rows.map((row) => historyEntry<T>(fhirBaseUrl, row));
  const path = [query.resourceType, query.id].filter(Boolean).join('/');
  const url = (pageOffset: number): string => {
    const search = new URLSearchParams();
    if (query.since) search.set('_since', query.since);
    search.set('_count', String(count));
    if (pageOffset) search.set('_offset', String(pageOffset));
    return `${fhirBaseUrl}/${path ? `${path}/` : ''}_history?${search}`;
  };
  const link: BundleLink[] = [{ relation: 'self', url: url(offset) }];
  if (count > 0 && offset + count < total) {
    link.push({ relation: 'next', url: url(offset + count) });
  }
  if (offset > 0) {
    link.push({ relation: 'previous', url: url(Math.max(0, offset - count)) });
  }
  return { resourceType: 'Bundle', type: 'history', total, link, ...(entry.length ? { entry } : {}) };
}

function historyEntry<T extends Resource>(fhirBaseUrl: string, row: HistoryRow): BundleEntry<WithId<T>> {
  const fullUrl = `${fhirBaseUrl}/${row.resource_type}/${row.id}`;
  const lastModified = row.last_updated.toISOString();
  const etag = `W/"${row.version}"`;
  if (row.deleted) {
    return {
      fullUrl,
      request: { method: 'DELETE', url: `${row.resource_type}/${row.id}` },
      response: { status: '204 No Content', etag, lastModified },
    };
  }
  const created = row.version === 1;
  return {
    fullUrl,
    resource: fromStored(row.content as WithId<T>),
    request: created
      ? { method: 'POST', url: row.resource_type }
      : { method: 'PUT', url: `${row.resource_type}/${row.id}` },
    response: { status: created ? '201 Created' : '200 OK', etag, lastModified },
  };
}
