// `npm run layers`: the server's folder graph (who imports whom, how many import statements) lowest layer
// first, then every upward import and every cycle. The rules themselves are in layers.test.ts.
import { describeImport, isUpward, LAYERS, nodeCycles, nodeGraph, nodeOf, rankOf, readImportGraph } from './imports.ts';

const graph = readImportGraph();
const nodes = nodeGraph(graph.imports);
const upward = graph.imports.filter(isUpward);
const filesPerNode = new Map<string, number>();
for (const file of graph.files) {
  const node = nodeOf(file);
  if (node) filesPerNode.set(node, (filesPerNode.get(node) ?? 0) + 1);
}

console.log('Layer  Node                 Files  Imports (import statements per node, ↑ = upward)');
for (const [rank, layer] of LAYERS.entries()) {
  for (const node of layer) {
    const targets = [...(nodes.get(node) ?? new Map<string, number>())]
      .sort(([a], [b]) => rankOf(b) - rankOf(a) || a.localeCompare(b))
      .map(([target, count]) => `${target}${rankOf(target) > rank ? ' ↑' : ''} ${count}`);
    const files = String(filesPerNode.get(node) ?? 0).padStart(5);
    console.log(`${String(rank).padStart(5)}  ${node.padEnd(20)} ${files}  ${targets.join(', ') || '—'}`);
  }
}
console.log(`\n${upward.length} upward import(s)${upward.length ? ':' : ''}`);
for (const edge of upward) console.log(`  ${describeImport(edge)}`);
const cycles = nodeCycles(graph.imports);
console.log(`\n${cycles.length} cycle(s) between nodes${cycles.length ? ':' : ''}`);
for (const cycle of cycles) console.log(`  ${cycle.nodes.join(', ')} (e.g. ${cycle.example.join(' → ')})`);
for (const { from, specifier } of graph.unresolved) console.log(`unresolved: ${from} imports ${specifier}`);
for (const file of graph.unplaced) console.log(`in no layer: ${file}`);
