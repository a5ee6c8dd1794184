// Serves the SMART app's production build (smart-app/dist, built by Vite with base /app/) at /app: the hashed
// files under /app/assets/ with a year's cache (immutable: a new build has new names), every other file and
// index.html revalidated on each load (no-cache) so a new build is picked up at once, and every path without a
// file extension answered with index.html (the app's own router reads /app/launch, /app/callback,
// /app/gp/worklist, …). Without a build (npm ci --ignore-scripts, a failed build) /app answers 503 with a page
// saying how to build it, and the rest of the server runs on.
import fs from 'node:fs/promises';
import path from 'node:path';
import express, { type Router } from 'express';
import type { Logger } from '../platform/logger.ts';
import { appHeaders } from './headers.ts';
import { appUnavailablePage } from './unavailable-page.ts';

export const APP_MOUNT_PATH = '/app';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export interface AppHostOptions {
  /** The build folder (config TARGET_APP_DIR). */
  readonly appDir: string;
  /** Origins the app may connect to besides its own: this server's public one and the configured FHIR servers. */
  readonly connectOrigins: readonly string[];
  readonly logger: Logger;
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

export function appRouter(options: AppHostOptions): Router {
  const { appDir, logger } = options;
  const indexFile = path.join(appDir, 'index.html');
  let warned = false;
  const router = express.Router();
  router.use(appHeaders(options.connectOrigins));
  router.use(
    '/assets',
    express.static(path.join(appDir, 'assets'), {
      index: false,
      redirect: false,
      setHeaders: (res) => res.set('Cache-Control', `public, max-age=${ONE_YEAR_SECONDS}, immutable`),
    }),
  );
  router.use(
    express.static(appDir, {
      index: false,
      redirect: false,
      setHeaders: (res) => res.set('Cache-Control', 'no-cache'),
    }),
  );
  router.use(async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    if (!(await exists(indexFile))) {
      if (!warned) {
        warned = true;
        logger.warn({ appDir }, 'the SMART app is not built: /app answers 503 (npm run build -w smart-app)');
      }
      res.status(503).set({ 'Cache-Control': 'no-store', 'Retry-After': '60' }).type('html').send(appUnavailablePage());
      return;
    }
    // A missing file (its name has an extension) is a 404, not the app: a stale script URL must not get HTML.
    if (path.extname(req.path) !== '') {
      res.status(404).set('Cache-Control', 'no-cache').type('text').send('Not found');
      return;
    }
    res.sendFile(indexFile, { headers: { 'Cache-Control': 'no-cache' } }, (err) => {
      if (err && !res.headersSent) {
        next(err);
      }
    });
  });
  return router;
}
