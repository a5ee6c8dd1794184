// Browser-facing protections of the FHIR API: security headers on every answer (a JSON API never needs to
// run scripts, be framed or sniffed) and CORS for the registered SMART apps' origins only, so an app on
// another origin can call the API with its token and any other site cannot read the answers.
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';

/** Headers a client may send and read beyond the CORS-safelisted ones (FHIR http.html). */
const REQUEST_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  'Prefer',
  'If-Match',
  'If-None-Exist',
  'If-None-Match',
  'X-Request-Id',
];
const RESPONSE_HEADERS = [
  'Location',
  'Content-Location',
  'ETag',
  'Last-Modified',
  'X-Progress',
  'Retry-After',
  'WWW-Authenticate',
  'X-Request-Id',
];

export function apiSecurity(appOrigins: () => ReadonlySet<string>): express.Router {
  const router = express.Router();
  router.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      // Registered apps on other origins read the API through CORS.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  router.use(
    cors({
      origin: (origin, callback) => callback(null, origin === undefined || appOrigins().has(origin)),
      allowedHeaders: REQUEST_HEADERS,
      exposedHeaders: RESPONSE_HEADERS,
      maxAge: 600,
    }),
  );
  // Patient records must not stay in a browser's or proxy's cache, and an app that reads the same URL again
  // (a worklist page after a new selection) must get the current answer, not a heuristically cached one.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  return router;
}
