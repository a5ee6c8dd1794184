// Reads the generated TARGET FHIR package (profiles/generated/package), so the server and tests load
// profiles, terminology and examples from the committed build output, never from FSH at runtime.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The package folder, relative to this module (profiles/src → profiles/generated/package). */
export const TARGET_PACKAGE_DIR = path.resolve(import.meta.dirname, '..', 'generated', 'package');

export interface PackageResource {
  resourceType: string;
  id?: string;
  url?: string;
  meta?: { profile?: string[] };
  [key: string]: unknown;
}

interface PackageIndex {
  files: { filename: string }[];
}

function readFolder<T extends PackageResource>(dir: string): T[] {
  const index = JSON.parse(readFileSync(path.join(dir, '.index.json'), 'utf8')) as PackageIndex;
  return index.files.map((file) => JSON.parse(readFileSync(path.join(dir, file.filename), 'utf8')) as T);
}

/**
 * StructureDefinitions (with snapshots), CodeSystems, ValueSets, ConceptMaps, the Questionnaire and the
 * OperationDefinitions.
 */
export function readTargetDefinitions<T extends PackageResource = PackageResource>(
  packageDir = TARGET_PACKAGE_DIR,
): T[] {
  return readFolder<T>(packageDir);
}

/** The examples (package/example), each with meta.profile naming its TARGET profile where it has one. */
export function readTargetExamples<T extends PackageResource = PackageResource>(packageDir = TARGET_PACKAGE_DIR): T[] {
  return readFolder<T>(path.join(packageDir, 'example'));
}
