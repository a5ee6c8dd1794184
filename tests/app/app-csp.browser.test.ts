// The production build served at /app in headless Chromium: the app renders (Mantine's styles applied) under
// the server's strict CSP with no violation and no script error, and every request it makes stays on this
// server. (The SMART launch of the app itself is the launch test's.)
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, newRecordedPage } from '../support/gp-browser.ts';
import { useTestServer } from '../support/server.ts';
import { buildSmartApp } from '../support/smart-app-build.ts';

const appDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'target-app-csp-'));

describe('the app at /app in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    await fsp.cp(await buildSmartApp(), appDir, { recursive: true });
    browser = await launchChromium();
  }, 120_000);
  const server = useTestServer('pglite', { appDir });

  afterAll(async () => {
    await browser?.close();
  });

  test('renders under its CSP with no violation, no script error and no request to another origin', async () => {
    const { page, problems } = await newRecordedPage(browser);
    const elsewhere: string[] = [];
    const failed: string[] = [];
    // Failed loads are checked by URL below: the browser's own /favicon.ico request is none of the app's.
    page.on('response', (answer) => {
      if (answer.status() >= 400 && answer.url().startsWith(`${server.baseUrl}/app/`)) {
        failed.push(`${answer.status()} ${answer.url()}`);
      }
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(server.baseUrl) && !request.url().startsWith('data:')) {
        elsewhere.push(request.url());
      }
    });
    const response = await page.goto(`${server.baseUrl}/app/gp/worklist`);
    expect(response?.status()).toBe(200);
    // Opened without a launch, the app renders its own page that says so (a Mantine alert).
    const launchError = page.getByTestId('launch-error');
    await launchError.waitFor();
    expect(await launchError.getAttribute('data-code')).toBe('no-session');
    expect(await page.textContent('body')).toContain('TARGET');
    // Mantine's stylesheet and its run-time <style> elements apply: the alert has Mantine's font, not the UA's,
    // and its background from Mantine's CSS variables.
    const alert = page.getByRole('alert');
    expect(await alert.evaluate((element) => getComputedStyle(element).fontFamily)).not.toMatch(/^"?Times/);
    expect(await alert.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    expect(problems).toEqual([]);
    expect(failed).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.context().close();
  }, 60_000);
});
