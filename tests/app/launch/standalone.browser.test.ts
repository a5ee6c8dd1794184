// The built app in headless Chromium (Debian chromium via playwright-core), launched standalone against
// the foreign EHR stand-in (tests/support/foreign-ehr.ts) on its own port: discovery, the authorization
// redirect, the PKCE code exchange and the plain-FHIR session all cross origins as they would in a real
// deployment. The app is built with Vite's API and served by a small static server under a strict CSP.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FOREIGN_DEMO, type RunningForeignEhr, startForeignEhr } from '../../support/foreign-ehr.ts';

const CHROMIUM = '/usr/bin/chromium';
const APP_ROOT = path.resolve(import.meta.dirname, '../../../smart-app');
const STEP_TIMEOUT = 20_000;
/** Issue 15: the JS a launch loads before the first view, gzip. */
const INITIAL_JS_BUDGET = 400 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

interface StaticApp {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/** Serves `dir` at /app/ with the SPA fallback to index.html, under a CSP that allows only itself and `ehr`. */
async function serveApp(dir: string, ehrOrigin: string): Promise<StaticApp> {
  const requests: string[] = [];
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // Mantine sets CSS variables through style attributes and a <style> element.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${ehrOrigin}`,
  ].join('; ');
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://app');
    requests.push(pathname);
    if (!pathname.startsWith('/app/')) {
      res.writeHead(404).end();
      return;
    }
    let file = path.join(dir, path.normalize(pathname.slice('/app/'.length)));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      if (path.extname(pathname)) {
        res.writeHead(404).end();
        return;
      }
      file = path.join(dir, 'index.html');
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
    });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The JS files index.html loads at once (entry script and module preloads). */
function initialScripts(dir: string): string[] {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const sources = [
    ...html.matchAll(/<script[^>]+src="\/app\/([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="\/app\/([^"]+)"/g),
  ];
  return sources.map((m) => m[1] ?? m[2]);
}

describe('the built app launched standalone against a foreign SMART EHR', () => {
  let outDir: string;
  let ehr: RunningForeignEhr;
  let app: StaticApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
    }
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'target-app-'));
    // Vitest sets NODE_ENV=test, which Vite and the React plugin would follow (React's development build).
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        root: APP_ROOT,
        configFile: path.join(APP_ROOT, 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    ehr = await startForeignEhr();
    app = await serveApp(outDir, ehr.url);
    ehr.redirectUris.push(`${app.url}/app/callback`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await ehr?.close();
    if (outDir) {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  /** A fresh context (own sessionStorage) whose page records script errors and CSP violations. */
  async function newPage(width = 1280): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(message.text());
      }
    });
    page.on('pageerror', (error) => problems.push(error.message));
    return { page, problems };
  }

  function launchUrl(): string {
    return `${app.url}/app/launch?iss=${encodeURIComponent(ehr.fhirUrl)}`;
  }

  async function expectGpLayoutWithPatient(page: Page): Promise<void> {
    await page.waitForURL(`${app.url}/app/gp/patient`);
    const banner = page.getByTestId('patient-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-patient-id')).toBe(FOREIGN_DEMO.patient.id);
    expect(await banner.textContent()).toContain(`${FOREIGN_DEMO.patient.given} ${FOREIGN_DEMO.patient.family}`);
    expect(await page.getByTestId('practice-name').textContent()).toBe(FOREIGN_DEMO.organization.name);
    expect(await page.getByRole('link', { name: 'Patiënt' }).getAttribute('aria-current')).toBe('page');
  }

  test('launch → EHR authorization → PKCE code exchange → the GP layout with the patient in context', async () => {
    const { page, problems } = await newPage();
    const tokenRequests = () => ehr.requests.filter((r) => r.startsWith('POST /oauth/token')).length;
    await page.goto(launchUrl());
    await expectGpLayoutWithPatient(page);
    expect(tokenRequests()).toBe(1);
    // The type schemas came from the app's own origin, never from the EHR.
    expect(app.requests.some((r) => /^\/app\/assets\/fhir-schemas-\w+\.json$/.test(r))).toBe(true);

    // A reload keeps the tab's session: no new authorization, no new token.
    await page.reload();
    await expectGpLayoutWithPatient(page);
    expect(tokenRequests()).toBe(1);

    // The keyboard's first stop is the skip link.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#main');

    expect(ehr.unexpected).toEqual([]);
    expect(ehr.requests.filter((r) => /graphql|auth\/me|oauth2|expand-profile/.test(r))).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  test('the GP layout fits an 800 px EHR side panel without scrolling sideways', async () => {
    const { page, problems } = await newPage(800);
    await page.goto(launchUrl());
    await expectGpLayoutWithPatient(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    expect(await page.getByRole('navigation').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  test('refused consent says so in words, and “Opnieuw starten” launches again', async () => {
    const { page, problems } = await newPage();
    ehr.denyNext = true;
    await page.goto(launchUrl());
    const error = page.getByTestId('launch-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('denied');
    expect(await error.textContent()).toContain('geen toestemming gegeven');
    await page.getByRole('link', { name: 'Opnieuw starten' }).click();
    await expectGpLayoutWithPatient(page);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  test(`the initial JS stays within ${INITIAL_JS_BUDGET / 1024} kB gzip; the schemas are not part of it`, () => {
    const scripts = initialScripts(outDir);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, file) => sum + gzipSync(fs.readFileSync(path.join(outDir, file))).length, 0);
    console.info(`initial JS: ${scripts.join(', ')} = ${(gzipped / 1024).toFixed(1)} kB gzip`);
    expect(gzipped).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
    expect(scripts.some((file) => file.includes('fhir-schemas'))).toBe(false);
  });
});
