// The app build step of `npm install` (prepare) and `npm start` (prestart): it builds when smart-app/dist is
// missing or older than any source the build reads, and otherwise leaves it alone.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildNeeded } from '../../server/scripts/build-app.mjs';

async function setTime(file: string, secondsAgo: number): Promise<void> {
  const when = new Date(Date.now() - secondsAgo * 1000);
  await fs.utimes(file, when, when);
}

describe('when the app is built', () => {
  test('missing build → build; build newer than every source → nothing; one source newer, however deep → build', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-build-app-'));
    const built = path.join(dir, 'dist', 'index.html');
    const src = path.join(dir, 'src');
    const deep = path.join(src, 'doors', 'gp', 'worklist', 'WorklistPage.tsx');
    const config = path.join(dir, 'vite.config.ts');
    await fs.mkdir(path.dirname(deep), { recursive: true });
    await fs.writeFile(deep, 'export {}');
    await fs.writeFile(config, 'export default {}');
    const sources = [src, config, path.join(dir, 'public-that-does-not-exist')];

    expect(buildNeeded(built, sources)).toBe('missing');

    await fs.mkdir(path.dirname(built), { recursive: true });
    await fs.writeFile(built, '<!doctype html>');
    await setTime(deep, 120);
    await setTime(config, 120);
    await setTime(built, 60);
    expect(buildNeeded(built, sources)).toBeUndefined();

    await setTime(deep, 30);
    expect(buildNeeded(built, sources)).toBe('stale');
    await setTime(deep, 120);
    await setTime(config, 10);
    expect(buildNeeded(built, sources)).toBe('stale');
  });
});
