// Layers point down (docs/architecture.md, "Layers"): a file under server/src may import files of its own
// layer and of lower ones only, the store nothing but the ground floor, and no two folders each other.
// The layers are LAYERS in imports.ts; `npm run layers` prints the graph.
import { describe, expect, test } from 'vitest';
import {
  describeImport,
  type Import,
  type ImportGraph,
  isUpward,
  nodeCycles,
  rankOf,
  readImportGraph,
} from './imports.ts';

interface KnownUpward {
  readonly from: string;
  readonly to: string;
  /** Why it is still here and what removes it. */
  readonly because: string;
}

/**
 * Upward imports still tolerated while a piece moves down: at most four, each with the work that removes it.
 * None today (the last, access/operations.ts → fhir/operations/parameters.ts, went with definition-driven
 * operation input in platform/operation-input.ts). An entry whose import is gone fails the test.
 */
const KNOWN_UPWARD: readonly KnownUpward[] = [];
const MAX_KNOWN_UPWARD = 4;

const HOW_TO_FIX =
  'A layer may import its own and lower layers only (tests/architecture/imports.ts LAYERS). Define the interface ' +
  'the lower layer needs in it and let the higher layer implement it (store/access-filter.ts), or hand the ' +
  'piece in from the wiring (open-server-store.ts, app.ts).';

const isKnown = (edge: Import) => KNOWN_UPWARD.some((known) => known.from === edge.from && known.to === edge.to);

/** What breaks the rules in `graph`, each as a line naming the import. */
function violations(graph: ImportGraph) {
  const storeRank = rankOf('store');
  return {
    unresolved: graph.unresolved.map(({ from, specifier }) => `${from} imports ${specifier}, which is no file`),
    unplaced: graph.unplaced.map((file) => `${file} is in no layer: add its folder to LAYERS`),
    store: graph.imports
      .filter((edge) => edge.fromNode === 'store' && rankOf(edge.toNode) > storeRank)
      .map(describeImport),
    upward: graph.imports.filter((edge) => isUpward(edge) && !isKnown(edge)).map(describeImport),
    // The known exceptions are the only way around: without them, no two nodes may reach each other.
    cycles: nodeCycles(graph.imports.filter((edge) => !isKnown(edge))).map(
      (cycle) => `${cycle.nodes.join(', ')} import each other, e.g. ${cycle.example.join(' → ')}`,
    ),
    stale: KNOWN_UPWARD.filter(
      (known) => !graph.imports.some((edge) => edge.from === known.from && edge.to === known.to),
    ).map((known) => `${known.from} → ${known.to} is gone: remove it from KNOWN_UPWARD`),
  };
}

describe('server layers', () => {
  const graph = readImportGraph();
  const found = violations(graph);

  test('reads a graph: every file placed in a layer, every relative import a file', () => {
    expect(graph.files.length).toBeGreaterThan(100);
    expect(graph.imports.length).toBeGreaterThan(300);
    expect(found.unresolved, 'relative imports that name no file').toEqual([]);
    expect(found.unplaced, 'files in no layer').toEqual([]);
  });

  test('the store imports nothing above it (config.ts, platform/)', () => {
    expect(found.store, `store imports from above. ${HOW_TO_FIX}`).toEqual([]);
  });

  test(`no upward import but the known ones (at most ${MAX_KNOWN_UPWARD}, each on its way out)`, () => {
    expect(KNOWN_UPWARD.length).toBeLessThanOrEqual(MAX_KNOWN_UPWARD);
    expect(found.upward, `upward imports. ${HOW_TO_FIX}`).toEqual([]);
    expect(found.stale, 'known upward imports that no longer exist').toEqual([]);
  });

  test('no import cycle between folders', () => {
    expect(found.cycles, `folders that import each other. ${HOW_TO_FIX}`).toEqual([]);
  });

  test('catches a bad import: the checks above report a store file that imports access', () => {
    const bad = readImportGraph(undefined, {
      'store/bad.ts': "import type { AccessPolicy } from '../access/policy.ts';\nexport type Bad = AccessPolicy;\n",
    });
    const caught = violations(bad);
    const line = 'store/bad.ts → access/policy.ts (type only): store (layer 1) imports access (layer 2)';
    expect(caught.store).toContain(line);
    expect(caught.upward).toContain(line);
    expect(caught.cycles).toContain('store, access import each other, e.g. store → access → store');
  });
});
