// Negotiated compression of the server's answers (Accept-Encoding: br, gzip; brotli preferred): JSON
// (application/fhir+json, application/json, the CapabilityStatement the app reads at launch above all), HTML,
// JavaScript and CSS. Bodies under 1 KB stay as they are (the headers would outweigh the saving). Bulk Data
// NDJSON files are streamed in parts with backpressure (jobs/routes.ts) and may be hundreds of MB: they are
// left uncompressed, so a download starts at once and the server spends no CPU per download; a reverse proxy
// may compress them. `Cache-Control: no-transform` is honoured.
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/** Smallest body worth compressing, in bytes. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/** Content types never compressed here: NDJSON streams (Bulk Data files). */
const STREAMED = /^application\/(?:fhir\+ndjson|x-ndjson|ndjson)\b/i;

function shouldCompress(req: Request, res: Response): boolean {
  const type = String(res.getHeader('Content-Type') ?? '');
  if (STREAMED.test(type)) {
    return false;
  }
  return compression.filter(req, res);
}

export function compressAnswers(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    filter: shouldCompress,
    // Brotli at quality 4 (the package's default) costs about gzip's CPU for a smaller body.
  });
}
