// The production build served at /app in headless Chromium: the app renders (Mantine's styles applied) under
// the server's strict CSP with no violation and no script error, and every request it makes stays on this
// server. (The SMART launch of the app itself is the launch test's.)
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useTestServer } from '../support/server.ts';
import { buildSmartApp } from '../support/smart-app-build.ts';

const CHROMIUM = '/usr/bin/chromium';
const appDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'target-app-csp-'));

describe('the app at /app in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
    }
    await fsp.cp(await buildSmartApp(), appDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);
  const server = useTestServer('pglite', { appDir });

  afterAll(async () => {
    await browser?.close();
  });

  test('renders under its CSP with no violation, no script error and no request to another origin', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    const failed: string[] = [];
    // Failed loads are checked by URL below: the browser's own /favicon.ico request is none of the app's.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(message.text());
      }
    });
    page.on('response', (answer) => {
      if (answer.status() >= 400 && answer.url().startsWith(`${server.baseUrl}/app/`)) {
        failed.push(`${answer.status()} ${answer.url()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(server.baseUrl) && !request.url().startsWith('data:')) {
        elsewhere.push(request.url());
      }
    });
    const response = await page.goto(`${server.baseUrl}/app/gp/worklist`);
    expect(response?.status()).toBe(200);
    await page.waitForSelector('h1');
    expect(await page.textContent('body')).toContain('TARGET');
    // Mantine's stylesheet and its run-time <style> elements apply: the heading has Mantine's font, not the UA's.
    const font = await page.$eval('h1', (h1) => getComputedStyle(h1).fontFamily);
    expect(font).not.toMatch(/^"?Times/);
    expect(problems).toEqual([]);
    expect(failed).toEqual([]);
    expect(elsewhere).toEqual([]);
    await context.close();
  }, 60_000);
});
