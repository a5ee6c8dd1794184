// Builds the SMART app (smart-app/dist, served at /app) when it is missing or older than its sources. Runs as
// the root `prepare` script (after every `npm install` / `npm ci`) and before `npm start` (`prestart`), so
// `npm install && npm start` serves the app with no extra step, and a `git pull` that changed the app's sources
// rebuilds it at the next start; an up-to-date build costs only a walk over the source files' dates.
// A failed build does not stop the install or the start: the server runs and /app answers 503 saying how to
// build (`npm run build:app` builds and fails loudly). Plain JavaScript, like require-node.mjs: it runs before
// anything else.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '../..');
const APP = path.join(ROOT, 'smart-app');
const BUILT = path.join(APP, 'dist', 'index.html');
/** What the build reads: the app, the shared package it bundles, the dependencies' lock. */
const SOURCES = [
  path.join(APP, 'src'),
  path.join(APP, 'public'),
  path.join(APP, 'index.html'),
  path.join(APP, 'vite.config.ts'),
  path.join(APP, 'package.json'),
  path.join(ROOT, 'profiles', 'src'),
  path.join(ROOT, 'package-lock.json'),
];

/** The newest modification time (ms) of the files under `entries`; 0 when there are none. */
export function newestSource(entries) {
  let newest = 0;
  const visit = (entry) => {
    let stat;
    try {
      stat = fs.statSync(entry);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry)) {
        visit(path.join(entry, name));
      }
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const entry of entries) {
    visit(entry);
  }
  return newest;
}

/** Why the app must be built ('missing' or 'stale'), or undefined when the build is up to date. */
export function buildNeeded(builtFile = BUILT, sources = SOURCES) {
  let built;
  try {
    built = fs.statSync(builtFile).mtimeMs;
  } catch {
    return 'missing';
  }
  return newestSource(sources) > built ? 'stale' : undefined;
}

function main() {
  if (!fs.existsSync(path.join(APP, 'src'))) {
    return; // A checkout without the app's sources (a server-only deployment): nothing to build.
  }
  const reason = buildNeeded();
  if (!reason) {
    return;
  }
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  process.stdout.write(`Building the SMART app (smart-app/dist, ${reason})…\n`);
  const result = fs.existsSync(vite)
    ? spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: APP, stdio: 'inherit' })
    : { status: 1, error: new Error('vite is not installed: run npm install') };
  if (result.status !== 0) {
    process.stderr.write(
      [
        `The SMART app could not be built${result.error ? ` (${result.error.message})` : ''}.`,
        'The server still starts; /app answers 503 until `npm run build:app` succeeds.',
        '',
      ].join('\n'),
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
