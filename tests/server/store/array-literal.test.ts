// The writer sends its column arrays as PostgreSQL array literals it builds itself (faster than
// node-postgres' escaping): every value must come back from the database exactly as it went in.
import { describe, expect, test } from 'vitest';
import { arrayLiteral } from '../../../server/src/store/write/writer.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useFreshDatabase } from '../../support/fresh-database.ts';

const AWKWARD_STRINGS = [
  'plain',
  '',
  'NULL',
  'null',
  'with space',
  'comma, inside',
  '{braces}',
  'a "quoted" word',
  'back\\slash',
  'ends with backslash\\',
  '\\"both\\"',
  "single 'quote'",
  'new\nline\ttab',
  'ĳsselkade — ü ø 🙂',
  'http://loinc.org|8480-6',
];

describe.each(DATABASE_KINDS)('array literals on %s', (kind) => {
  const databases = useFreshDatabase(kind);

  test('strings, nulls, numbers and booleans round-trip unchanged', async () => {
    const { db } = await databases.open();
    const [row] = await db.query<{ texts: (string | null)[]; numbers: string[]; ids: string[]; flags: boolean[] }>(
      'SELECT $1::text[] AS texts, $2::numeric[]::text[] AS numbers, $3::bigint[]::text[] AS ids, $4::bool[] AS flags',
      [
        arrayLiteral([...AWKWARD_STRINGS, null]),
        arrayLiteral([0, -1.5, 120.25, 1e-7, null]),
        arrayLiteral([1, 9007199254740991]),
        arrayLiteral([true, false, null]),
      ],
    );
    expect(row.texts).toEqual([...AWKWARD_STRINGS, null]);
    expect(row.numbers).toEqual(['0', '-1.5', '120.25', '0.0000001', null]);
    expect(row.ids).toEqual(['1', '9007199254740991']);
    expect(row.flags).toEqual([true, false, null]);
  });

  test('an empty column is an empty array', async () => {
    const { db } = await databases.open();
    const [row] = await db.query<{ n: number }>('SELECT cardinality($1::text[]) AS n', [arrayLiteral([])]);
    expect(Number(row.n)).toBe(0);
  });

  test('a value of another type is refused instead of written wrongly', () => {
    expect(() => arrayLiteral([new Date()])).toThrow(TypeError);
    expect(() => arrayLiteral([{ a: 1 }])).toThrow(TypeError);
  });
});
