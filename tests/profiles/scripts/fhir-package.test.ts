// The FHIR NPM package writer: one file per resource, .index.json, and a tarball whose bytes depend only
// on the content (so `npm run profiles:check` can compare builds).
import { chmodSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  listFiles,
  readTarball,
  resourceFileName,
  writePackage,
  writeTarball,
} from '../../../profiles/scripts/fhir-package.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fhir-package-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

const manifest = { name: 'test.package', version: '1.0.0', fhirVersions: ['4.0.1'] };
const resources = [
  { resourceType: 'ValueSet', id: 'b', url: 'http://x/ValueSet/b', version: '1.0.0' },
  {
    resourceType: 'StructureDefinition',
    id: 'a',
    url: 'http://x/StructureDefinition/a',
    kind: 'resource',
    type: 'Patient',
  },
];
const examples = [{ resourceType: 'Patient', id: 'p-example' }];

describe('FHIR package writer', () => {
  test('writes one file per resource, examples apart, and an index per folder', () => {
    const root = tempDir();
    writePackage(root, manifest, resources, examples);
    expect(listFiles(root)).toEqual([
      'package/.index.json',
      'package/StructureDefinition-a.json',
      'package/ValueSet-b.json',
      'package/example/.index.json',
      'package/example/Patient-p-example.json',
      'package/package.json',
    ]);
    const index = JSON.parse(readFileSync(path.join(root, 'package', '.index.json'), 'utf8'));
    expect(index).toEqual({
      'index-version': 1,
      files: [
        {
          filename: 'StructureDefinition-a.json',
          resourceType: 'StructureDefinition',
          id: 'a',
          url: 'http://x/StructureDefinition/a',
          kind: 'resource',
          type: 'Patient',
        },
        {
          filename: 'ValueSet-b.json',
          resourceType: 'ValueSet',
          id: 'b',
          url: 'http://x/ValueSet/b',
          version: '1.0.0',
        },
      ],
    });
  });

  test('refuses a resource without id and two resources with the same file name', () => {
    expect(() => resourceFileName({ resourceType: 'Patient' })).toThrow('without id');
    expect(() => writePackage(tempDir(), manifest, [resources[0], { ...resources[0] }])).toThrow('ValueSet-b.json');
  });

  test('the tarball depends on content only, not on file times or modes', async () => {
    const [a, b] = [tempDir(), tempDir()];
    writePackage(a, manifest, resources, examples);
    writePackage(b, manifest, resources, examples);
    utimesSync(path.join(b, 'package', 'ValueSet-b.json'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    chmodSync(path.join(b, 'package', 'package.json'), 0o600);
    await writeTarball(a, path.join(a, 'out.tgz'));
    await writeTarball(b, path.join(b, 'out.tgz'));
    expect(readFileSync(path.join(a, 'out.tgz')).equals(readFileSync(path.join(b, 'out.tgz')))).toBe(true);

    const entries = await readTarball(path.join(a, 'out.tgz'));
    expect([...entries.keys()]).toEqual(listFiles(path.join(a, 'package')).map((f) => `package/${f}`));
    expect(JSON.parse(entries.get('package/package.json')?.toString() ?? '')).toEqual(manifest);
  });
});
