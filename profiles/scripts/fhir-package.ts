// Writes folders and tarballs in the FHIR NPM package layout
// (https://hl7.org/fhir/packages.html): `package/package.json`, one JSON file per resource named
// `<resourceType>-<id>.json`, an `.index.json` in each folder, examples in `package/example/`.
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { create as createTar, list as listTar } from 'tar';

/** A FHIR resource as plain JSON; the build only reads the fields below. */
export interface FhirResource {
  resourceType: string;
  id?: string;
  url?: string;
  version?: string;
  kind?: string;
  type?: string;
  supplements?: string;
  content?: string;
  [key: string]: unknown;
}

export interface PackageManifest {
  name: string;
  version: string;
  fhirVersions: string[];
  [key: string]: unknown;
}

/** Stable JSON text: two-space indent and a final newline, as SUSHI and the IG Publisher write it. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function resourceFileName(resource: FhirResource): string {
  if (!resource.id) {
    throw new Error(`A ${resource.resourceType} without id cannot be written to a package`);
  }
  return `${resource.resourceType}-${resource.id}.json`;
}

/** Writes the resources and their `.index.json` (index-version 1) into `dir`; returns the file names. */
export function writeResourceFolder(dir: string, resources: readonly FhirResource[]): string[] {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, FhirResource>();
  for (const resource of resources) {
    const fileName = resourceFileName(resource);
    if (files.has(fileName)) {
      throw new Error(`Two resources would both be written to ${fileName}`);
    }
    files.set(fileName, resource);
  }
  const names = [...files.keys()].sort();
  for (const name of names) {
    writeFileSync(path.join(dir, name), toJsonText(files.get(name)));
  }
  const index = {
    'index-version': 1,
    files: names.map((filename) => indexEntry(filename, files.get(filename) as FhirResource)),
  };
  writeFileSync(path.join(dir, '.index.json'), toJsonText(index));
  return names;
}

function indexEntry(filename: string, resource: FhirResource): Record<string, string> {
  const entry: Record<string, string> = { filename, resourceType: resource.resourceType };
  for (const key of ['id', 'url', 'version', 'kind', 'type', 'supplements', 'content'] as const) {
    const value = resource[key];
    if (typeof value === 'string') {
      entry[key] = value;
    }
  }
  return entry;
}

/** Writes `<root>/package/…` (and `<root>/package/example/…` when there are examples). */
export function writePackage(
  root: string,
  manifest: PackageManifest,
  resources: readonly FhirResource[],
  examples: readonly FhirResource[] = [],
): void {
  const packageDir = path.join(root, 'package');
  writeResourceFolder(packageDir, resources);
  if (examples.length > 0) {
    writeResourceFolder(path.join(packageDir, 'example'), examples);
  }
  writeFileSync(path.join(packageDir, 'package.json'), toJsonText(manifest));
}

/** Every file below `dir`, relative to it, with forward slashes, sorted (dot files included). */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * Packs `<root>/package` into a gzipped tarball with fixed modes and mtimes, sorted entries and the
 * gzip OS byte set to "unknown", so the bytes depend only on the package content.
 */
export async function writeTarball(root: string, tarballPath: string): Promise<void> {
  const entries = listFiles(path.join(root, 'package')).map((file) => `package/${file}`);
  for (const entry of entries) {
    chmodSync(path.join(root, entry), 0o644); // the tar header carries the mode; keep it independent of umask
  }
  const chunks: Buffer[] = [];
  const stream = createTar({ cwd: root, portable: true, noDirRecurse: true, mtime: new Date(0), gzip: false }, entries);
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  const gzipped = gzipSync(Buffer.concat(chunks), { level: 9 });
  gzipped[9] = 0xff; // RFC 1952 §2.3.1 OS field: "unknown" (zlib writes the build platform's code)
  writeFileSync(tarballPath, gzipped);
}

/** The files in a tarball with their contents, for comparisons that must not depend on the zlib build. */
export async function readTarball(tarballPath: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  await listTar({
    file: tarballPath,
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => files.set(entry.path, Buffer.concat(chunks)));
    },
  });
  return files;
}
