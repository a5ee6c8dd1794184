// The public API of the mapping module: profiles/src/index.ts (browser-safe, for server and app) and
// profiles/src/node.ts (plus the validator and package readers, which read the package from disk).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import * as api from '../../profiles/src/index.ts';
import * as nodeApi from '../../profiles/src/node.ts';

/** Every module index.ts loads at runtime (type-only imports are erased), as paths. */
function runtimeGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)';/gms)].map(
      (m) => m[1],
    );
    graph.set(file, specifiers);
    for (const spec of specifiers.filter((s) => s.startsWith('.'))) {
      visit(path.resolve(path.dirname(file), spec));
    }
  };
  visit(entry);
  return graph;
}

describe('mapping module API', () => {
  test('index.ts loads no node: or @medplum module at runtime, so the app can bundle it', () => {
    const graph = runtimeGraph(path.resolve(import.meta.dirname, '../../profiles/src/index.ts'));
    expect(graph.size).toBeGreaterThan(10);
    const nodeImports = [...graph].flatMap(([file, specs]) =>
      specs.filter((s) => s.startsWith('node:') || s.startsWith('@medplum/')).map((s) => `${file}: ${s}`),
    );
    expect(nodeImports).toEqual([]);
  });

  test('every builder has its reader', () => {
    const builders = Object.keys(api).filter((name) => name.startsWith('build'));
    expect(builders.length).toBe(18);
    for (const builder of builders) {
      expect(api).toHaveProperty(builder.replace(/^build/, 'read'));
    }
  });

  test('node.ts adds the validator factory and the package readers', () => {
    expect(typeof nodeApi.createTargetValidator).toBe('function');
    expect(typeof nodeApi.readTargetDefinitions).toBe('function');
    expect(nodeApi.buildCareBurdenObservation).toBe(api.buildCareBurdenObservation);
  });
});
