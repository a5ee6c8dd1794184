// The SMART test app (/ehr/test-app): static HTML and a little vanilla JS on the official SMART client,
// fhirclient, whose browser bundle is served from the installed package (never copied into the repo). No
// build step. Registered in the demo client registry as `target-test-app` (launch URL …/launch.html).
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { testAppHeaders } from './security.ts';

const FHIR_CLIENT_BUNDLE = createRequire(import.meta.url).resolve('fhirclient/build/fhir-client.min.js');

export function testAppRouter(): Router {
  const router = express.Router();
  router.use(testAppHeaders());
  router.get('/fhir-client.min.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').sendFile(FHIR_CLIENT_BUNDLE);
  });
  // index.html is the redirect target; `/` serves it too (both are registered redirect URIs).
  router.use(express.static(path.join(import.meta.dirname, 'test-app'), { index: 'index.html', maxAge: 0 }));
  return router;
}
