// The SMART app's production build for tests that serve it: made with Vite's API from smart-app/vite.config.ts,
// as `npm run build -w smart-app` makes it, but into a folder of the test's own (the checkout's smart-app/dist
// may be missing, as after `npm ci --ignore-scripts`, or stale). About two seconds.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';

const SMART_APP = path.resolve(import.meta.dirname, '../../smart-app');

/** Builds the app into a new temporary folder and returns it (pass it as the server's `appDir`). */
export async function buildSmartApp(): Promise<string> {
  const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-app-dist-'));
  // Vitest sets NODE_ENV=test, which Vite and the React plugin would follow (React's development build).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: SMART_APP,
      configFile: path.join(SMART_APP, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}
