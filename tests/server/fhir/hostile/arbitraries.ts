// fast-check arbitraries of hostile input: strings aimed at SQL and regular expressions, mutated TARGET
// resources, and URL pieces sent without normalisation.
import type { Resource } from '@medplum/fhirtypes';
import { readTargetExamples } from '@target/profiles/node';
import fc from 'fast-check';

/** Strings that break naive SQL quoting: string literals, dollar quotes, comments, LIKE wildcards, casts. */
export const SQL_INJECTIONS = [
  "'",
  "''",
  "' OR 1=1 --",
  "' OR '1'='1",
  '" OR ""="',
  "'; DROP TABLE resource; --",
  "x'); DELETE FROM resource_history; --",
  ';--',
  '$$',
  '$tag$ SELECT 1 $tag$',
  '\\',
  "\\'",
  '\\\\',
  '%',
  '_',
  '%_%',
  '*',
  '::text',
  '1)::int',
  "E'\\x00'",
  "' UNION SELECT content FROM resource --",
  '/* */',
  '--',
  'NULL',
  '0x7fffffffffffffff',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '{}',
  '[]',
  'ℌ𝔢𝔩𝔩𝔬',
  'Ǆ\u0130\u0131ß',
  '\u202e',
  '\ufeff',
  '\ud83d\ude00',
];

/** Inputs shaped to make a backtracking regular expression or a LIKE pattern run long. */
export const reDoSString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('a', '(a+)+', '(a|a)*', '%', '_', '\\', '(', '[', '.*', 'aa+', '0', '-', ' ', ',', '|', '$'),
    fc.integer({ min: 16, max: 2000 }),
    fc.constantFrom('', '!', 'b', '$', 'X', "'"),
  )
  .map(([piece, times, tail]) => piece.repeat(Math.ceil(times / piece.length)) + tail);

/** Any hostile string: SQL injection, ReDoS shape, random unicode, control characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SQL_INJECTIONS) },
  { weight: 2, arbitrary: reDoSString },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.toWellFormed()) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...SQL_INJECTIONS), fc.string({ maxLength: 10 }), fc.constantFrom(...SQL_INJECTIONS))
      .map((parts) => parts.join('')),
  },
);

/**
 * A hostile string as it goes into a URL: percent-encoded, or raw when the raw text is valid in a URL (so
 * malformed escapes like `%zz` and `%C0%AE` reach the server as they are).
 */
export const urlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: hostileString.map(encodeURIComponent) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '%',
      '%zz',
      '%C0%AE',
      '%FF%FE',
      '%E0%80%80',
      '%25',
      '%2F..%2F',
      "'%20OR%201=1--",
      '%27%3B--',
      '%5C',
      '+',
      '&&&',
      '==',
      '%26x%3D1',
      '%00',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }).map((s) => s.replace(/[\s#]/g, '+')) },
);

/** Every TARGET example (and the base-resource ones), fresh copies to mutate. */
export const targetExamples: readonly Resource[] = readTargetExamples() as unknown as Resource[];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON value with hostile leaves. */
export const hostileJson: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.oneof(fc.integer(), fc.double(), fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.1)),
    hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('resourceType', 'id', 'extension', 'meta')),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

/** Paths to every value inside `value` (object keys and array indexes). */
function pathsIn(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((child, index) => [index, child])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [key, child] of children) {
    const path = [...prefix, key];
    out.push(path);
    pathsIn(child, path, out);
  }
  return out;
}

type Mutation = 'replace' | 'delete' | 'wrap-in-array' | 'unwrap-array' | 'hostile-string' | 'duplicate-key';

/** A TARGET example with one to three of its values replaced, removed, wrapped or made hostile. */
export const mutatedResource: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.constantFrom(...targetExamples),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom<Mutation>(
          'replace',
          'delete',
          'wrap-in-array',
          'unwrap-array',
          'hostile-string',
          'duplicate-key',
        ),
        hostileJson,
        hostileString,
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([example, mutations]) => {
    const resource = structuredClone(example) as unknown as Record<string, unknown>;
    for (const [pick, mutation, json, text] of mutations) {
      const paths = pathsIn(resource);
      if (paths.length === 0) {
        continue;
      }
      const path = paths[pick % paths.length];
      const parent = path
        .slice(0, -1)
        .reduce<Record<string | number, unknown>>(
          (node, key) => node[key] as Record<string | number, unknown>,
          resource as Record<string | number, unknown>,
        );
      const key = path[path.length - 1];
      const current = parent[key];
      switch (mutation) {
        case 'replace':
          parent[key] = json;
          break;
        case 'delete':
          if (Array.isArray(parent)) {
            parent.splice(key as number, 1);
          } else {
            delete parent[key];
          }
          break;
        case 'wrap-in-array':
          parent[key] = [current, current];
          break;
        case 'unwrap-array':
          parent[key] = Array.isArray(current) ? current[0] : { value: current };
          break;
        case 'hostile-string':
          parent[key] = text;
          break;
        case 'duplicate-key':
          if (Array.isArray(parent)) {
            parent.push(current, current);
            break;
          }
          parent[`${String(key)}_`] = current;
          parent[`_${String(key)}`] = { extension: [{ url: text, valueString: text }] };
          break;
      }
    }
    return resource;
  });

/** Ids: valid FHIR ids, ids of the examples, and ones that are not ids at all (sent percent-encoded). */
export const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...targetExamples.map((example) => example.id as string)),
  fc.stringMatching(/^[A-Za-z0-9\-.]{1,64}$/),
  fc.constantFrom('..', '.', '%2e%2e', '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(65), '_history', '$export', '%20', '*'),
  hostileString.filter((s) => s.length > 0).map(encodeURIComponent),
);
