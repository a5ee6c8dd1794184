// GET /fhir/metadata: the CapabilityStatement every client reads before anything else (~1 MB of JSON). It
// only changes when the server restarts, so each representation is made once: the JSON of each `_summary` /
// `_elements` variant (R4 search.html#summary, "also on read"), its gzip and brotli encodings, and a weak
// ETag per variant, so a client that has it gets a 304 (If-None-Match) and one that has not gets bytes
// compressed beforehand (the compression middleware leaves an encoded body alone).
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { badRequest, OperationOutcomeError, parseSearchRequest } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import type { Request, RequestHandler, Response } from 'express';
import { FHIR_JSON, sendOutcome } from '../platform/outcomes.ts';
import { applyElementsFilter } from '../store/search/elements.ts';

/** Distinct `_elements` lists kept; more would let a client fill memory with variants (oldest go first). */
const MAX_VARIANTS = 32;
const SUMMARY_VALUES = new Set(['true', 'false', 'text', 'data']);

interface Variant {
  readonly json: Buffer;
  readonly etag: string;
  gzip?: Buffer;
  br?: Buffer;
}

function variantOf(resource: Resource, query: Record<string, string>): Variant {
  const body = Object.keys(query).length
    ? applyElementsFilter(resource, parseSearchRequest(resource.resourceType, query))
    : resource;
  const json = Buffer.from(JSON.stringify(body));
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
  const variants = new Map<string, Variant>();
  const variant = (query: Record<string, string>): Variant => {
    const key = JSON.stringify(query);
    let found = variants.get(key);
    if (found) {
      // Most recently used last, so the oldest is evicted first.
      variants.delete(key);
    } else {
      found = variantOf(capabilityStatement(), query);
      if (variants.size >= MAX_VARIANTS) {
        variants.delete(variants.keys().next().value as string);
      }
    }
    variants.set(key, found);
    return found;
  };
  return (req: Request, res: Response) => {
    let chosen: Variant;
    try {
      chosen = variant(variantQuery(req));
    } catch (err) {
      if (err instanceof OperationOutcomeError) {
        sendOutcome(res, err.outcome);
        return;
      }
      throw err;
    }
    res.setHeader('ETag', chosen.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', 'no-cache');
    res.type(FHIR_JSON);
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
