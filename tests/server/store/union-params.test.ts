// Parameters R4 defines as the union of others (Observation combo-*) store no index rows of their own:
// searches read their parts' rows (the differential test compares the answers with the oracle's).
import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../../server/src/store/database/database.ts';
import { migrate } from '../../../server/src/store/database/schema.ts';
import { SearchParamRegistry } from '../../../server/src/store/search/params.ts';
import { emptyIndexRows, indexResource } from '../../../server/src/store/write/indexer.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useFreshDatabase } from '../../support/fresh-database.ts';

const bloodPressure: Observation = {
  resourceType: 'Observation',
  id: 'bp',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure' }] },
  component: [
    {
      code: { coding: [{ system: 'http://loinc.org', code: '8480-6', display: 'Systolic' }] },
      valueQuantity: { value: 150, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
    },
  ],
};

describe.each(DATABASE_KINDS)('union search parameters on %s', (kind) => {
  const databases = useFreshDatabase(kind);

  test('the combo-* parameters of Observation are unions of their parts, and no other parameter is', async () => {
    const { db } = await databases.open();
    await migrate(db);
    const registry = await SearchParamRegistry.load(db);
    const unions = Object.fromEntries(
      registry.unionParams().map((p) => [`${p.resourceType}.${p.code}`, p.unionOf?.map((part) => part.code)]),
    );
    expect(unions).toEqual({
      'Observation.combo-code': ['code', 'component-code'],
      'Observation.combo-data-absent-reason': ['data-absent-reason', 'component-data-absent-reason'],
      'Observation.combo-value-concept': ['value-concept', 'component-value-concept'],
      'Observation.combo-value-quantity': ['value-quantity', 'component-value-quantity'],
      'Observation.combo-code-value-concept': ['code-value-concept', 'component-code-value-concept'],
      'Observation.combo-code-value-quantity': ['code-value-quantity', 'component-code-value-quantity'],
    });
    const comboCode = registry.get('Observation', 'combo-code');
    expect(comboCode?.rowIds).toEqual([
      registry.idOf('Observation', 'code'),
      registry.idOf('Observation', 'component-code'),
    ]);
    expect(() => registry.idOf('Observation', 'combo-code')).toThrow(/no index rows of its own/);
    expect(() => registry.idOf('Observation', 'no-such-parameter')).toThrow(/is not indexed/);
  });

  test('indexing an Observation writes its parts rows once and no rows for the unions', async () => {
    const { db } = await databases.open();
    await migrate(db);
    const registry = await SearchParamRegistry.load(db);
    const rows = emptyIndexRows();
    indexResource(registry, bloodPressure, 1, rows);
    const unionIds = new Set(registry.unionParams().map((p) => p.id));
    const written = [...rows.token.param, ...rows.quantity.param, ...rows.composite.param];
    expect(written.filter((param) => unionIds.has(param))).toEqual([]);
    const tokenValues = (code: string) =>
      rows.token.value.filter((_, i) => rows.token.param[i] === registry.idOf('Observation', code));
    expect(tokenValues('code')).toEqual(['85354-9']);
    expect(tokenValues('component-code')).toEqual(['8480-6']);
  });

  test('rows an earlier version stored for a union parameter are deleted once, at the next start', async () => {
    const first = await databases.open();
    let db = first.db;
    await migrate(db);
    const comboCode = (await SearchParamRegistry.load(db)).get('Observation', 'combo-code')?.id as number;
    // What an earlier version left behind: its own rows, and the flag saying they are there.
    await db.query("INSERT INTO idx_token (param, rid, system, value) VALUES ($1, 1, 'http://loinc.org', '8480-6')", [
      comboCode,
    ]);
    await db.query("INSERT INTO idx_token (param, rid, text) VALUES ($1, 1, 'systolic')", [comboCode]);
    await db.query('UPDATE search_param SET has_own_rows = true WHERE param = $1', [comboCode]);
    await db.close(); // a restart: the next start finds the rows

    db = await openDatabase(first.config);
    await SearchParamRegistry.load(db);
    const left = await db.query<{ n: number }>('SELECT count(*) AS n FROM idx_token WHERE param = $1', [comboCode]);
    expect(Number(left[0].n)).toBe(0);
    const flag = await db.query<{ has_own_rows: boolean }>('SELECT has_own_rows FROM search_param WHERE param = $1', [
      comboCode,
    ]);
    expect(flag[0].has_own_rows).toBe(false);
    await db.close();
  });
});
