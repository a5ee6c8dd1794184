// The SMART app at /app over real HTTP: the real production build (made here with Vite's API, as
// `npm run build -w smart-app` makes it, into a folder of this test) served with long-cached hashed assets,
// a revalidated index.html, the fallback to index.html for the app's routes, and a strict CSP; without a
// build, a 503 page that says how to build it.
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appRouter } from '../../../server/src/app-host/index.ts';
import { loadConfig } from '../../../server/src/config.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { useTestServer } from '../../support/server.ts';
import { buildSmartApp } from '../../support/smart-app-build.ts';

const FOREIGN_FHIR = 'https://ehr.example:8443';
/** Filled in by the build in beforeAll, before the server (useTestServer's beforeAll) starts. */
const appDir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-app-dist-'));

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string[]> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('the SMART app at /app', () => {
  beforeAll(async () => {
    await fs.cp(await buildSmartApp(), appDir, { recursive: true });
  }, 120_000);
  const server = useTestServer('pglite', { appDir, appFhirOrigins: [FOREIGN_FHIR] });

  async function indexHtml(): Promise<string> {
    return fs.readFile(path.join(appDir, 'index.html'), 'utf8');
  }

  test.each(['/app/', '/app', '/app/launch?iss=x&launch=y', '/app/callback', '/app/gp/worklist'])(
    '%s answers the app’s index.html, revalidated on every load',
    async (route) => {
      const response = await fetch(`${server.baseUrl}${route}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(await indexHtml());
    },
  );

  test('the hashed scripts and stylesheets of the build are served with a year’s immutable cache', async () => {
    const html = await indexHtml();
    const assets = [...html.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const response = await fetch(`${server.baseUrl}${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-type')).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
      const onDisk = await fs.readFile(path.join(appDir, asset.replace('/app/', '')), 'utf8');
      expect(await response.text()).toBe(onDisk);
    }
  });

  test('a missing file (a name with an extension) is a 404, not the app', async () => {
    for (const missing of ['/app/assets/index-00000000.js', '/app/favicon.ico', '/app/gp/old.css']) {
      const response = await fetch(`${server.baseUrl}${missing}`);
      expect(response.status, missing).toBe(404);
      expect(await response.text()).not.toContain('<div id="root">');
    }
  });

  test('the CSP allows only this server and the configured FHIR origins; inline styles (Mantine) but no inline scripts', async () => {
    const response = await fetch(`${server.baseUrl}/app/gp/patient`);
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", server.baseUrl, FOREIGN_FHIR]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'self'"]);
    // Nothing the page loads comes from elsewhere: every script and stylesheet of the build is on this server.
    const html = await response.text();
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  test('the app is compressed when the browser accepts it', async () => {
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(await indexHtml())?.[1] as string;
    const encoding = await new Promise<string | undefined>((resolve, reject) => {
      http
        .get(`${server.baseUrl}${script}`, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
          res.resume();
          resolve(res.headers['content-encoding']);
        })
        .on('error', reject);
    });
    expect(encoding).toBe('br');
  });
});

describe('/app without a build', () => {
  let base = '';
  let close = (): void => undefined;

  beforeAll(async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'target-app-none-'));
    const app = express();
    app.use(
      '/app',
      appRouter({
        appDir: path.join(empty, 'dist'),
        connectOrigins: [],
        logger: createLogger(loadConfig({}, { logLevel: 'silent' })),
      }),
    );
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    base = `http://127.0.0.1:${(listening.address() as { port: number }).port}`;
    close = () => listening.close();
  });
  afterAll(() => close());

  test.each(['/app/', '/app/launch', '/app/assets/index-1234.js'])(
    '%s answers 503 with a page saying how to build the app',
    async (route) => {
      const response = await fetch(`${base}${route}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('60');
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('npm run build -w smart-app');
      expect(html).toContain('De TARGET-app is nog niet gebouwd');
      expect(html).toContain('The TARGET app has not been built yet');
    },
  );
});
