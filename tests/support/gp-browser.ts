// The GP's browser for end-to-end runs and bench:app: Debian's chromium through playwright-core, a page that
// records script errors and CSP violations, and the EHR simulator's steps a GP takes before TARGET opens.
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface RecordedPage {
  readonly page: Page;
  /**
   * Script errors, CSP violations and console errors (failed resource loads left out: the simulator's sign-in
   * page is a 401 by design; so are requests the app cancelled itself).
   */
  readonly problems: string[];
}

/**
 * A fresh browser context (own cookies and storage) of `width` × 900 px; `locale` sets the browser's own
 * formats (a Dutch GP's date inputs read dd-mm-jjjj).
 */
export async function newRecordedPage(
  browser: Browser,
  width = 1440,
  stepTimeout = 20_000,
  locale?: string,
): Promise<RecordedPage> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    acceptDownloads: true,
    ...(locale ? { locale } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(stepTimeout);
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    // MedplumClient logs a request the app cancelled on purpose (a worklist page superseded by a new filter)
    // as an error when the cancel lands while the answer is read: not a problem of the page.
    const cancelled = text.startsWith('Error parsing response') && text.includes('AbortError');
    if (message.type() === 'error' && !text.startsWith('Failed to load resource') && !cancelled) {
      problems.push(text);
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, problems };
}

/** Signs in to the EHR simulator at `baseUrl`/ehr as a demo practice user. */
export async function signInToEhr(page: Page, baseUrl: string, password: string, username = 'huisarts'): Promise<void> {
  await page.goto(`${baseUrl}/ehr`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#ehr-login button[type=submit]');
  await page.waitForSelector('table#patients');
}

/** Finds the patient by family name in the simulator and opens their banner. */
export async function openEhrPatient(page: Page, patient: { id: string; family: string }): Promise<void> {
  await page.fill('#q', patient.family);
  await page.click('form[role=search] button[type=submit]');
  await page.click(`a[data-patient-id="${patient.id}"]`);
  await page.waitForSelector('[data-testid=banner-name]');
}

/** Clicks the simulator's "Start TARGET" button: an EHR launch of the TARGET app (`target-app`). */
export async function launchTargetApp(page: Page): Promise<void> {
  await page.click('button[name=client_id][value=target-app]');
}

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');
/** Full width and an EHR side panel. */
const SCREENSHOT_WIDTHS = [1440, 800] as const;

/** Both widths of the current view, full page, as docs/screenshots/<name>-<width>.png (shown in the README). */
export async function screenshots(page: Page, name: string): Promise<void> {
  await fs.promises.mkdir(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? { width: 1440, height: 900 };
  for (const width of SCREENSHOT_WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300); // charts re-measure after a resize
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

/** docs/screenshots/<name>.png of the page as it is (a print view, say). */
export function screenshotPath(name: string): string {
  return path.join(SCREENSHOTS, `${name}.png`);
}
