// GET /fhir/metadata: the CapabilityStatement every client reads before anything else (~1 MB of JSON). It
// only changes when the server restarts, so each fixed representation is made once: the JSON of the whole
// statement and of each `_summary` (R4 search.html#summary, "also on read"), its gzip and brotli encodings,
// and a weak ETag each, so a client that has it gets a 304 (If-None-Match) and one that has not gets bytes
// compressed beforehand (the compression middleware leaves an encoded body alone). `_elements` lists are
// the client's choice, unbounded: they are filtered per request and compressed by the middleware (streamed
// off the event loop), never kept, so nobody can fill memory or the CPU with variants (no token is needed).
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { badRequest, OperationOutcomeError, parseSearchRequest } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import type { Request, RequestHandler, Response } from 'express';
import { FHIR_JSON, sendOutcome } from '../platform/outcomes.ts';
import { applyElementsFilter } from '../store/search/elements.ts';

const SUMMARY_VALUES = new Set(['true', 'false', 'text', 'data']);

interface Variant {
  readonly json: Buffer;
  readonly etag: string;
  gzip?: Buffer;
  br?: Buffer;
}

/** The statement's JSON, filtered by `_summary` / `_elements` when asked. */
function representation(resource: Resource, query: Record<string, string>): Buffer {
  const body = Object.keys(query).length
    ? applyElementsFilter(resource, parseSearchRequest(resource.resourceType, query))
    : resource;
  return Buffer.from(JSON.stringify(body));
}

function variantOf(resource: Resource, query: Record<string, string>): Variant {
  const json = representation(resource, query);
  const etag = `W/"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
  return { json, etag };
}

/** The encoding to send: brotli, then gzip, as the client accepts (q=0 refuses one), else none. */
function negotiate(req: Request): 'br' | 'gzip' | undefined {
  if (req.acceptsEncodings('br') === 'br') {
    return 'br';
  }
  return req.acceptsEncodings('gzip') === 'gzip' ? 'gzip' : undefined;
}

/** The `_summary` and `_elements` of the request, checked; other parameters are ignored (as on a read). */
function variantQuery(req: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of ['_summary', '_elements']) {
    const value = req.query[name];
    if (value === undefined) {
      continue;
    }
    if (typeof value !== 'string') {
      throw new OperationOutcomeError(badRequest(`${name} may be given once`, name));
    }
    if (name === '_summary' && !SUMMARY_VALUES.has(value)) {
      // count is for searches: a CapabilityStatement is one resource.
      throw new OperationOutcomeError(badRequest(`_summary must be true, false, text or data, got "${value}"`, name));
    }
    query[name] = value;
  }
  if (query._summary === 'false') {
    delete query._summary;
  }
  return query;
}

/** The route handler for `GET /metadata`; `capabilityStatement` is read once, at the first request. */
export function metadataHandler(capabilityStatement: () => Resource): RequestHandler {
  // At most five: the whole statement and _summary=true|text|data.
  const variants = new Map<string, Variant>();
  const variant = (summary: string | undefined): Variant => {
    const key = summary ?? '';
    let found = variants.get(key);
    if (!found) {
      found = variantOf(capabilityStatement(), summary ? { _summary: summary } : {});
      variants.set(key, found);
    }
    return found;
  };
  return (req: Request, res: Response) => {
    let query: Record<string, string>;
    try {
      query = variantQuery(req);
    } catch (err) {
      if (err instanceof OperationOutcomeError) {
        sendOutcome(res, err.outcome);
        return;
      }
      throw err;
    }
    res.type(FHIR_JSON);
    if (query._elements !== undefined) {
      // Express sets a weak ETag of the body and answers a matching If-None-Match with 304.
      res.send(representation(capabilityStatement(), query));
      return;
    }
    const chosen = variant(query._summary);
    res.setHeader('ETag', chosen.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const encoding = negotiate(req);
    let body = chosen.json;
    if (encoding === 'br') {
      // Quality 6: about 0.1 s once for the full statement, 15% smaller than gzip (11 would take seconds).
      chosen.br ??= brotliCompressSync(chosen.json, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: chosen.json.length },
      });
      body = chosen.br;
    } else if (encoding === 'gzip') {
      chosen.gzip ??= gzipSync(chosen.json);
      body = chosen.gzip;
    }
    if (encoding) {
      res.setHeader('Content-Encoding', encoding);
    }
    res.setHeader('Content-Length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
