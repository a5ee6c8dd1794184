// profiles/src/generated/canonical.ts lists exactly the canonical resources of the committed package.
import { describe, expect, test } from 'vitest';
import * as canonical from '../../profiles/src/generated/canonical.ts';
import { definitions } from './support.ts';

function urlsOf(type: string, predicate: (r: (typeof definitions)[number]) => boolean = () => true): string[] {
  return definitions
    .filter((r) => r.resourceType === type && predicate(r))
    .map((r) => String(r.url))
    .sort();
}

describe('generated canonical module', () => {
  test.each([
    ['Profiles', canonical.Profiles, urlsOf('StructureDefinition', (sd) => sd.type !== 'Extension')],
    ['Extensions', canonical.Extensions, urlsOf('StructureDefinition', (sd) => sd.type === 'Extension')],
    ['ValueSets', canonical.ValueSets, urlsOf('ValueSet')],
    ['CodeSystems', canonical.CodeSystems, urlsOf('CodeSystem')],
    ['ConceptMaps', canonical.ConceptMaps, urlsOf('ConceptMap')],
    ['Questionnaires', canonical.Questionnaires, urlsOf('Questionnaire')],
    ['OperationDefinitions', canonical.OperationDefinitions, urlsOf('OperationDefinition')],
  ] as const)('%s has every URL of the package, under its name', (_name, map: Record<string, string>, urls) => {
    expect(Object.values(map).sort()).toEqual(urls);
    for (const [key, url] of Object.entries(map)) {
      expect(definitions.find((r) => r.url === url)?.name).toBe(key);
    }
  });

  test('every URL is under the canonical base of sushi-config.yaml', () => {
    const urls = definitions.map((r) => String(r.url));
    expect(urls.every((url) => url.startsWith(`${canonical.TARGET_CANONICAL_BASE}/`))).toBe(true);
  });

  test('each CodeSystem constant lists its codes and displays', () => {
    for (const cs of definitions.filter((r) => r.resourceType === 'CodeSystem')) {
      const constant = (canonical as unknown as Record<string, { url: string; codes: Record<string, string> }>)[
        String(cs.name)
      ];
      const concepts = cs.concept as { code: string; display: string }[];
      expect(constant.url).toBe(cs.url);
      expect(constant.codes).toEqual(Object.fromEntries(concepts.map((c) => [c.code, c.display])));
    }
  });
});
