// The browser entry of @target/profiles must bundle for a browser: the SMART app imports it. A real Vite build
// (browser resolve conditions) of the entry proves it, where a text scan for `node:` would miss a dependency
// that pulls in Node built-ins further down.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build, type Plugin } from 'vite';
import { describe, expect, test } from 'vitest';

const PROFILES = path.resolve(import.meta.dirname, '../../profiles');

/** Fails the build on the first Node built-in any module of the bundle imports (Vite would stub it silently). */
function refuseNodeBuiltins(): Plugin {
  return {
    name: 'refuse-node-builtins',
    enforce: 'pre',
    resolveId(source, importer) {
      if (isBuiltin(source)) {
        this.error(`${path.relative(PROFILES, importer ?? '?')} imports the Node built-in "${source}"`);
      }
      return null;
    },
  };
}

/** Bundles one entry as a browser library, in memory; returns the JavaScript it produced. */
async function browserBundle(entry: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root: PROFILES,
    plugins: [refuseNodeBuiltins()],
    build: { write: false, minify: true, lib: { entry, formats: ['es'], fileName: 'profiles' } },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
  return chunks.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('\n');
}

/** The size of the JavaScript of browserBundle. */
async function bundleForBrowser(entry: string): Promise<number> {
  return (await browserBundle(entry)).length;
}

describe('@target/profiles in a browser', () => {
  test('the browser entry (package export ".") bundles with Vite for the browser', async () => {
    const packageJson = (await import('../../profiles/package.json', { with: { type: 'json' } })).default;
    const entry = path.resolve(PROFILES, packageJson.exports['.']);
    const size = await bundleForBrowser(entry);
    // Every canonical, builder, reader and selection rule: far more than an empty module.
    expect(size).toBeGreaterThan(20_000);
  });

  test('the extraction entry (package export "./extract") bundles for the browser, with fhirpath.js', async () => {
    const packageJson = (await import('../../profiles/package.json', { with: { type: 'json' } })).default;
    const code = await browserBundle(path.resolve(PROFILES, packageJson.exports['./extract']));
    expect(code).toContain('sdc-questionnaire-observationExtract');
    expect(code).toContain('antlr4'); // fhirpath.js's parser
  });

  test('a bundle that uses the main entry but not extraction leaves fhirpath.js out (no side effects)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'browser-entry-'));
    const entry = path.join(dir, 'entry.ts');
    const index = path.resolve(PROFILES, 'src/index.ts');
    writeFileSync(
      entry,
      `import { buildPatient } from ${JSON.stringify(index)};\nexport const build = buildPatient;\n`,
    );
    const code = await browserBundle(entry);
    expect(code).toContain('StructureDefinition/target-patient');
    expect(code).not.toContain('antlr4');
    expect(code.length).toBeLessThan(100_000);
  });

  test('the check fails for a module that imports a Node built-in', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'browser-entry-'));
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(entry, "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n");
    await expect(bundleForBrowser(entry)).rejects.toThrow(/imports the Node built-in "node:fs"/);
  });

  test('the Node entry is not browser-safe, and says so by its name (./node)', async () => {
    const packageJson = (await import('../../profiles/package.json', { with: { type: 'json' } })).default;
    await expect(bundleForBrowser(path.resolve(PROFILES, packageJson.exports['./node']))).rejects.toThrow(
      /Node built-in/,
    );
  });
});
