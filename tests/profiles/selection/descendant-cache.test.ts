import { describe, expect, test } from 'vitest';
import { FhirReadError } from '../../../profiles/src/fhir-reader/http.ts';
import { chronicDiseaseList, icpcPrefixesOf } from '../../../profiles/src/selection/conditions.ts';
import { SnomedDescendants } from '../../../profiles/src/selection/descendant-cache.ts';
import { SCT } from './support.ts';

/** Made-up descendants only the (stand-in) expander knows. */
const NEW_DIABETES = '9990011000146101';
const NEW_COPD = '9990012000146108';
const HOUR = 3_600_000;

/** T90 (diabetes) and R95 (COPD): two ICPC codes with SNOMED CT codes, so two expressions. */
const LIST = chronicDiseaseList(['T90', 'R95']);

/** An expander whose answers the test sets, recording the ECL of each request, on a clock the test moves. */
function setup(options: { maxExpressions?: number } = {}) {
  const asked: string[] = [];
  const clock = { now: 0 };
  const warnings: string[] = [];
  let fail: Error | undefined;
  const expander = {
    baseUrl: 'https://tx.example/fhir',
    expand: async (valueSet: string) => {
      const ecl = decodeURIComponent(valueSet.split('fhir_vs=ecl/')[1]);
      asked.push(ecl);
      if (fail) {
        throw fail;
      }
      return { codes: ecl.includes('<< 73211009') ? [NEW_DIABETES] : [NEW_COPD], truncated: false };
    },
  };
  const descendants = new SnomedDescendants({
    expander,
    now: () => clock.now,
    onWarning: (message) => warnings.push(message),
    ...options,
  });
  return {
    descendants,
    asked,
    clock,
    warnings,
    failWith: (error: Error | undefined) => {
      fail = error;
    },
  };
}

const counts = (list: typeof LIST, code: string) => icpcPrefixesOf({ system: SCT, code }, list);

describe('SNOMED CT descendants from a terminology server, cached', () => {
  test('are added to the list, one expression per ICPC code', async () => {
    const { descendants, asked, warnings } = setup();
    const list = await descendants.withDescendants(LIST);
    expect(counts(list, NEW_DIABETES)).toEqual(['T90']);
    expect(counts(list, NEW_COPD)).toEqual(['R95']);
    expect(asked).toHaveLength(2);
    expect(warnings).toEqual([]);
  });

  test('are asked once a day: a second selection within the day is served from memory', async () => {
    const { descendants, asked, clock } = setup();
    await descendants.withDescendants(LIST);
    clock.now = 23 * HOUR;
    expect(counts(await descendants.withDescendants(LIST), NEW_DIABETES)).toEqual(['T90']);
    expect(asked).toHaveLength(2);
    clock.now = 25 * HOUR;
    await descendants.withDescendants(LIST);
    expect(asked).toHaveLength(4);
  });

  test('two selections at once share the requests', async () => {
    const { descendants, asked } = setup();
    await Promise.all([descendants.withDescendants(LIST), descendants.withDescendants(LIST)]);
    expect(asked).toHaveLength(2);
  });

  test('a server that does not answer is a warning, not a failure: the list keeps its own codes', async () => {
    const { descendants, warnings, failWith } = setup();
    failWith(new FhirReadError(0, 'ValueSet/$expand: no answer from https://tx.example/fhir (fetch failed)'));
    const list = await descendants.withDescendants(LIST);
    expect(counts(list, NEW_DIABETES)).toEqual([]);
    expect(counts(list, '44054006')).toEqual(['T90']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Terminology server https:\/\/tx\.example\/fhir: \d of 2 chronic-disease expansions/);
    expect(warnings[0]).toContain('no answer from https://tx.example/fhir');
    expect(warnings[0]).toContain('are not counted for R95, T90');
  });

  test('after no answer the server is not asked again for five minutes, so a selection does not wait', async () => {
    const { descendants, asked, clock, failWith } = setup();
    failWith(new FhirReadError(0, 'no answer'));
    await descendants.withDescendants(LIST);
    const tried = asked.length;
    clock.now = 4 * 60_000;
    await descendants.withDescendants(LIST);
    expect(asked).toHaveLength(tried);
    failWith(undefined);
    clock.now = 6 * 60_000;
    expect(counts(await descendants.withDescendants(LIST), NEW_DIABETES)).toEqual(['T90']);
  });

  test('when a refresh fails, the earlier expansion is used and the warning says so', async () => {
    const { descendants, clock, warnings, failWith } = setup();
    await descendants.withDescendants(LIST);
    clock.now = 25 * HOUR;
    failWith(new FhirReadError(503, 'ValueSet/$expand: 503'));
    const list = await descendants.withDescendants(LIST);
    expect(counts(list, NEW_DIABETES)).toEqual(['T90']);
    expect(warnings[0]).toContain('except those of an earlier expansion still kept');
  });

  test('an expression the server refuses is not asked again for five minutes; the others still are', async () => {
    const { descendants, asked, failWith } = setup();
    failWith(new FhirReadError(422, 'ECL syntax error'));
    await descendants.withDescendants(LIST);
    failWith(undefined);
    await descendants.withDescendants(LIST);
    expect(asked).toHaveLength(2);
  });

  test('keeps at most maxExpressions expansions, the least recently used out first', async () => {
    const { descendants, asked } = setup({ maxExpressions: 1 });
    await descendants.withDescendants(LIST);
    await descendants.withDescendants(chronicDiseaseList(['R95']));
    expect(asked).toHaveLength(3);
  });

  test('a cut expansion is used, with a warning', async () => {
    const warnings: string[] = [];
    const descendants = new SnomedDescendants({
      expander: { baseUrl: 'https://tx.example/fhir', expand: async () => ({ codes: [NEW_COPD], truncated: true }) },
      onWarning: (message) => warnings.push(message),
    });
    expect(counts(await descendants.withDescendants(chronicDiseaseList(['R95'])), NEW_COPD)).toEqual(['R95']);
    expect(warnings).toEqual([
      'Terminology server https://tx.example/fhir: the expansions of R95 were cut at their code limit.',
    ]);
  });

  test('each call hears its own warnings (to answer them), besides the shared onWarning (the log)', async () => {
    const { descendants, warnings, failWith } = setup();
    failWith(new FhirReadError(0, 'fetch failed'));
    const first: string[] = [];
    await descendants.withDescendants(LIST, (message) => first.push(message));
    // The next call is not sent (the server was down a moment ago) and is told so too.
    const second: string[] = [];
    await descendants.withDescendants(LIST, (message) => second.push(message));
    expect(first).toEqual([warnings[0]]);
    expect(second).toEqual([warnings[1]]);
    expect(first[0]).toContain('2 of 2 chronic-disease expansions failed (fetch failed)');
  });
});
