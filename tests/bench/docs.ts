// Records a benchmark run in docs/benchmarks.md: each run is a section between markers, replaced when the
// same benchmark runs again on the same day with the same arguments.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';

const FILE = new URL('../../docs/benchmarks.md', import.meta.url);

/**
 * Adds or replaces one run's section.
 * @param bench - The benchmark's name in the markers (`fhir`, `selection`).
 * @param key - Date and arguments of the run.
 * @param section - The markdown of the run.
 * @param intro - The file's opening text when the file does not exist yet.
 * @returns The file written.
 */
export async function writeBenchSection(bench: string, key: string, section: string, intro: string): Promise<string> {
  let text: string;
  try {
    text = await fs.readFile(FILE, 'utf8');
  } catch {
    text = intro;
  }
  const begin = `<!-- bench:${bench} ${key} -->`;
  const end = `<!-- /bench:${bench} ${key} -->`;
  const block = `${begin}\n${section.trim()}\n${end}`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  text =
    from >= 0 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  await fs.writeFile(FILE, text.endsWith('\n') ? text : `${text}\n`);
  // The repository lints Markdown too (`biome check .`): align the tables the way the formatter wants.
  const biome = new URL('../../node_modules/.bin/biome', import.meta.url).pathname;
  const formatted = spawnSync(biome, ['format', '--write', FILE.pathname], { encoding: 'utf8' });
  if (formatted.status !== 0) {
    process.stderr.write(`biome format failed on ${FILE.pathname}: ${formatted.stderr || formatted.error?.message}\n`);
  }
  return FILE.pathname;
}
