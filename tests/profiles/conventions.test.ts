// The conventions of profiles/STYLE: one artefact per FSH file named after it, one naming scheme, and a
// short and definition on every element a profile or extension constrains.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { definitions, examples } from './support.ts';

const fshDir = path.resolve(import.meta.dirname, '..', '..', 'profiles', 'input', 'fsh');
const FOLDERS = [
  'profiles',
  'extensions',
  'terminology',
  'questionnaires',
  'operations',
  'invariants',
  'rulesets',
  'examples',
];
const DECLARATION = /^(Profile|Extension|CodeSystem|ValueSet|Instance|Invariant|RuleSet):\s*([A-Za-z0-9-]+)/gm;

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

interface ElementDefinition {
  id: string;
  short?: string;
  definition?: string;
  [key: string]: unknown;
}

/** Differential entries SUSHI writes by itself: extension url, extension slicing, unused value[x]/extension. */
function isAutomatic(element: ElementDefinition, keys: string[]): boolean {
  return (
    (/(^|\.)url$/.test(element.id) && keys.join() === 'fixedUri') ||
    (/\.extension$/.test(element.id) && keys.every((k) => k === 'max' || k === 'slicing' || k === 'min')) ||
    (element.id === 'Extension.value[x]' && keys.join() === 'max')
  );
}

describe('FSH sources', () => {
  test.each(FOLDERS)('every file in %s/ declares one artefact named like the file', (folder) => {
    const files = readdirSync(path.join(fshDir, folder));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const declared = [...readFileSync(path.join(fshDir, folder, file), 'utf8').matchAll(DECLARATION)].map(
        (m) => m[2],
      );
      expect({ file, declared }).toEqual({ file, declared: [path.basename(file, '.fsh')] });
    }
  });
});

describe('naming scheme', () => {
  test.each(definitions.map((r) => [`${r.resourceType}/${r.id}`, r] as const))('%s', (_label, resource) => {
    const name = String(resource.name);
    expect(name).toMatch(/^Target[A-Z][A-Za-z]+$/);
    expect(String(resource.title)).toMatch(/^TARGET /);
    if (resource.resourceType === 'OperationDefinition') {
      // HL7's id scheme for operations ([resource]-[code], as ValueSet-expand), so the URL names the
      // operation; the name ends in Operation, as CodeSystems end in CodeSystem.
      expect(name).toMatch(/Operation$/);
      expect(resource.id).toBe(`${(resource.resource as string[])[0]}-${resource.code}`);
      return;
    }
    const stem =
      resource.resourceType === 'StructureDefinition'
        ? name
        : name.replace(new RegExp(`${resource.resourceType}$`), '');
    expect(resource.id).toBe(kebab(stem));
  });

  test('OperationDefinitions carry the version and status of sushi-config.yaml', () => {
    const config = readFileSync(path.resolve(fshDir, '..', '..', 'sushi-config.yaml'), 'utf8');
    const setting = (key: string) => new RegExp(`^${key}: (.+)$`, 'm').exec(config)?.[1];
    const operations = definitions.filter((r) => r.resourceType === 'OperationDefinition');
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) {
      expect({ id: operation.id, version: operation.version, status: operation.status }).toEqual({
        id: operation.id,
        version: setting('version'),
        status: setting('status'),
      });
    }
  });

  test('examples are named …-example', () => {
    expect(examples.filter((e) => !e.id?.endsWith('-example')).map((e) => e.id)).toEqual([]);
  });
});

describe('element documentation', () => {
  const structureDefinitions = definitions.filter((r) => r.resourceType === 'StructureDefinition');

  test.each(structureDefinitions.map((sd) => [String(sd.name), sd] as const))(
    '%s has a short and a definition on every constrained element',
    (_name, sd) => {
      const elements = (sd.differential as { element: ElementDefinition[] }).element.slice(1);
      const undocumented = elements
        .filter((element) => {
          const keys = Object.keys(element).filter(
            (k) => !['id', 'path', 'short', 'definition', 'sliceName'].includes(k),
          );
          return keys.length > 0 && !isAutomatic(element, keys) && !(element.short && element.definition);
        })
        .map((element) => element.id);
      expect(undocumented).toEqual([]);
    },
  );
});
