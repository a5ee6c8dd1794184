// Reading import sources: files and folders of NDJSON (one resource per line, optionally gzipped; FHIR Bulk
// Data's format) and JSON files holding a Bundle or one resource. NDJSON is streamed line by line, so a file
// of any size costs memory for one line at a time; a JSON file is one document and is read whole.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Bundle } from '@medplum/fhirtypes';
import type { ImportLocation } from './report.ts';

/** One thing read from a source, in file order. */
export type SourceItem =
  /** A parsed JSON value that should be a resource; the writer checks that it is one. */
  | { readonly kind: 'resource'; readonly resource: unknown; readonly location: ImportLocation }
  /** A transaction or batch Bundle, to run through the FHIR router as a whole. */
  | { readonly kind: 'bundle'; readonly bundle: Bundle; readonly location: ImportLocation }
  /** A line or file that could not be read as JSON. */
  | { readonly kind: 'error'; readonly reason: string; readonly location: ImportLocation };

/** A path given on the command line that cannot be imported: a usage error, reported before any work. */
export class ImportPathError extends Error {}

const EXTENSIONS = ['.ndjson', '.ndjson.gz', '.json'];

function isSourceFile(name: string): boolean {
  return EXTENSIONS.some((extension) => name.endsWith(extension));
}

/**
 * Synthea writes the organisations and practitioners that every patient Bundle references conditionally
 * into hospitalInformation*.json and practitionerInformation*.json; they must be imported first, while
 * plain name order would put them after the (capitalised) patient files.
 */
function importOrder(a: string, b: string): number {
  const rank = (file: string): number => (/^(hospital|practitioner)Information/.test(path.basename(file)) ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

async function walk(folder: string, found: string[]): Promise<void> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      await walk(full, found);
    } else if (entry.isFile() && isSourceFile(entry.name)) {
      found.push(full);
    }
  }
}

/**
 * The files to import, in import order.
 * @param paths - Files and folders (folders are searched recursively for *.ndjson, *.ndjson.gz and *.json).
 * @throws ImportPathError when a path does not exist, cannot be read, or holds nothing to import.
 */
export async function listSourceFiles(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) {
    throw new ImportPathError('No path given: name NDJSON files, JSON Bundles or folders holding them.');
  }
  const files: string[] = [];
  for (const given of paths) {
    let stat: Awaited<ReturnType<typeof fs.stat>>;
    try {
      stat = await fs.stat(given);
      await fs.access(given, fs.constants.R_OK);
    } catch (err) {
      throw new ImportPathError(`Cannot read ${given}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      try {
        await walk(given, found);
      } catch (err) {
        throw new ImportPathError(`Cannot read ${given}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      if (found.length === 0) {
        throw new ImportPathError(`No ${EXTENSIONS.join(', ')} files in ${given}`);
      }
      files.push(...found.sort(importOrder));
    } else if (isSourceFile(given)) {
      files.push(given);
    } else {
      throw new ImportPathError(`${given} is not a ${EXTENSIONS.join(', ')} file`);
    }
  }
  return files;
}

/** Reads one source file item by item. Read failures (a truncated gzip stream) end the file with an error. */
export async function* readSource(file: string): AsyncGenerator<SourceItem> {
  try {
    if (file.endsWith('.json')) {
      yield* readJsonFile(file);
    } else {
      yield* readNdjson(file);
    }
  } catch (err) {
    yield { kind: 'error', reason: `cannot read the file: ${(err as Error).message}`, location: { source: file } };
  }
}

async function* readNdjson(file: string): AsyncGenerator<SourceItem> {
  const raw = createReadStream(file);
  let input: NodeJS.ReadableStream = raw;
  if (file.endsWith('.gz')) {
    const gunzip = createGunzip();
    raw.on('error', (err) => gunzip.destroy(err));
    input = raw.pipe(gunzip);
  }
  const lines = readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.length === 0 || text.trim().length === 0) {
        continue; // Blank lines (a trailing newline, hand-edited files) carry nothing.
      }
      const location = { source: file, line };
      try {
        const json = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
        yield { kind: 'resource', resource: JSON.parse(json), location };
      } catch (err) {
        yield { kind: 'error', reason: `not valid JSON: ${(err as Error).message}`, location };
      }
    }
  } finally {
    lines.close();
    raw.destroy();
  }
}

async function* readJsonFile(file: string): AsyncGenerator<SourceItem> {
  const location = { source: file };
  let value: unknown;
  try {
    value = JSON.parse((await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (err) {
    yield { kind: 'error', reason: `not valid JSON: ${(err as Error).message}`, location };
    return;
  }
  const bundle = value as Bundle;
  if (bundle?.resourceType !== 'Bundle') {
    yield { kind: 'resource', resource: value, location };
    return;
  }
  switch (bundle.type) {
    case 'transaction':
    case 'batch':
      yield { kind: 'bundle', bundle, location };
      return;
    case 'collection':
    case 'searchset':
      // The Bundle is only a container here: each resource stands on its own, as an NDJSON line would.
      for (const [entry, item] of (bundle.entry ?? []).entries()) {
        if (item.search?.mode === 'outcome') {
          continue; // Search warnings, not data.
        }
        yield item.resource
          ? { kind: 'resource', resource: item.resource, location: { source: file, entry } }
          : { kind: 'error', reason: 'entry has no resource', location: { source: file, entry } };
      }
      return;
    default:
      // Documents, messages and the like are resources in their own right.
      yield { kind: 'resource', resource: value, location };
  }
}

/**
 * Counts the resources in the sources cheaply enough to run before an import, for a progress bar: the
 * non-blank lines of plain NDJSON files. Undefined when a gzipped or JSON source makes the count unknown.
 */
export async function countResources(files: readonly string[]): Promise<number | undefined> {
  if (!files.every((file) => file.endsWith('.ndjson'))) {
    return undefined;
  }
  let total = 0;
  for (const file of files) {
    // A line counts when it holds something other than whitespace before its newline.
    let lineHasContent = false;
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte === 0x0a) {
          total += lineHasContent ? 1 : 0;
          lineHasContent = false;
        } else if (!lineHasContent && byte !== 0x20 && byte !== 0x0d && byte !== 0x09) {
          lineHasContent = true;
        }
      }
    }
    total += lineHasContent ? 1 : 0;
  }
  return total;
}
