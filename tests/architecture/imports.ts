// The server's import graph, read from the source text: every relative import of every .ts file under
// server/src, the layer each file belongs to, and the imports that point up. Used by layers.test.ts (the
// rules) and graph.ts (`npm run layers`, the picture for docs/architecture.md). No TypeScript compiler: a
// relative import in this code base is always a string literal in `import … from`, `export … from`,
// `import '…'` or `import('…')`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SERVER_SRC = path.resolve(import.meta.dirname, '../../server/src');

/**
 * The layers, lowest first. An import may go to its own layer or any lower one. A node is a folder (with
 * everything under it) or a single file at server/src; config.ts and platform/ share the ground floor and
 * app.ts and http-server.ts the wiring floor; programme/repository-reader.ts (the server's FhirReader for the
 * package's rules) sits with the selection, under every folder that reads through it.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['config.ts', 'platform'],
  ['store'],
  ['access'],
  ['audit'],
  ['jobs'],
  ['programme/repository-reader.ts', 'programme/selection', 'programme/practice-lists', 'programme/worklist'],
  ['bulk-export'],
  ['fhir'],
  ['bulk-import'],
  ['oauth'],
  ['programme/cds-hooks'],
  ['demo'],
  ['ehr', 'app-host'],
  ['app.ts', 'http-server.ts', 'open-server-store.ts'],
  ['cli'],
  ['main.ts'],
];

const NODES = LAYERS.flat();
const RANK = new Map(LAYERS.flatMap((nodes, rank) => nodes.map((node) => [node, rank] as const)));

export interface Import {
  /** Importing file, relative to server/src. */
  from: string;
  /** Imported file, relative to server/src. */
  to: string;
  fromNode: string;
  toNode: string;
  /** `import type` / `export type`: no runtime edge, still a design dependency. */
  typeOnly: boolean;
}

export interface ImportGraph {
  files: string[];
  imports: Import[];
  /** Relative imports that name no file (the test fails on any). */
  unresolved: { from: string; specifier: string }[];
  /** Files under server/src that belong to no layer (the test fails on any). */
  unplaced: string[];
}

/** The layer node of a file relative to server/src: the longest folder prefix, or the file itself. */
export function nodeOf(file: string): string | undefined {
  let best: string | undefined;
  for (const node of NODES) {
    const matches = node.endsWith('.ts') ? file === node : file.startsWith(`${node}/`);
    if (matches && (!best || node.length > best.length)) best = node;
  }
  return best;
}

export function rankOf(node: string): number {
  const rank = RANK.get(node);
  if (rank === undefined) throw new Error(`${node} is in no layer`);
  return rank;
}

export function isUpward(edge: Pick<Import, 'fromNode' | 'toNode'>): boolean {
  return rankOf(edge.toNode) > rankOf(edge.fromNode);
}

export function describeImport(edge: Import): string {
  const kind = edge.typeOnly ? ' (type only)' : '';
  return `${edge.from} → ${edge.to}${kind}: ${edge.fromNode} (layer ${rankOf(edge.fromNode)}) imports ${edge.toNode} (layer ${rankOf(edge.toNode)})`;
}

const IMPORT_PATTERNS = [
  /\b(import|export)\s+(type\s+)?[^'";]*?\bfrom\s*'(\.{1,2}\/[^']+)'/g,
  /\bimport\s*'(\.{1,2}\/[^']+)'/g,
  /\bimport\s*\(\s*'(\.{1,2}\/[^']+)'\s*\)/g,
];

function relativeSpecifiers(source: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const match of source.matchAll(IMPORT_PATTERNS[0])) found.push({ specifier: match[3], typeOnly: !!match[2] });
  for (const match of source.matchAll(IMPORT_PATTERNS[1])) found.push({ specifier: match[1], typeOnly: false });
  for (const match of source.matchAll(IMPORT_PATTERNS[2])) found.push({ specifier: match[1], typeOnly: false });
  return found;
}

function listTsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Reads the graph from disk; `extra` adds imaginary files (path relative to server/src → source) for tests. */
export function readImportGraph(root = SERVER_SRC, extra: Record<string, string> = {}): ImportGraph {
  const sources = new Map<string, string>();
  for (const full of listTsFiles(root)) sources.set(toPosix(path.relative(root, full)), readFileSync(full, 'utf8'));
  for (const [file, source] of Object.entries(extra)) sources.set(file, source);

  const graph: ImportGraph = { files: [...sources.keys()].sort(), imports: [], unresolved: [], unplaced: [] };
  for (const [from, source] of sources) {
    const fromNode = nodeOf(from);
    if (!fromNode) graph.unplaced.push(from);
    for (const { specifier, typeOnly } of relativeSpecifiers(source)) {
      const to = toPosix(path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)));
      if (!sources.has(to) && !existsSync(path.join(root, to))) {
        graph.unresolved.push({ from, specifier });
        continue;
      }
      if (to.startsWith('../')) continue; // outside server/src (none today; profiles come by package name)
      const toNode = nodeOf(to);
      if (!fromNode || !toNode) continue;
      graph.imports.push({ from, to, fromNode, toNode, typeOnly });
    }
  }
  graph.imports.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return graph;
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** Node → node → number of importing statements, without a node's imports of itself. */
export function nodeGraph(imports: readonly Import[]): Map<string, Map<string, number>> {
  const graph = new Map<string, Map<string, number>>(NODES.map((node) => [node, new Map()]));
  for (const edge of imports) {
    if (edge.fromNode === edge.toNode) continue;
    const targets = graph.get(edge.fromNode) as Map<string, number>;
    targets.set(edge.toNode, (targets.get(edge.toNode) ?? 0) + 1);
  }
  return graph;
}

export interface NodeCycle {
  /** The nodes that reach each other, lowest layer first. */
  nodes: string[];
  /** One shortest closed path through them from the lowest node, to show where to cut. */
  example: string[];
}

/** The node cycles: each strongly connected component of more than one node (Tarjan). */
export function nodeCycles(imports: readonly Import[]): NodeCycle[] {
  const graph = nodeGraph(imports);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components.map((component) => {
    const nodes = component.sort((a, b) => rankOf(a) - rankOf(b) || a.localeCompare(b));
    return { nodes, example: cyclePath(graph, nodes) };
  });
}

/** A shortest closed path from the component's lowest node back to itself, inside the component. */
function cyclePath(graph: Map<string, Map<string, number>>, nodes: string[]): string[] {
  const component = new Set(nodes);
  const start = nodes[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at) as string) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return nodes;
}
