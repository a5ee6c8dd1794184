import fs from 'node:fs';
import path from 'node:path';
import { convertToSearchableTokens, evalFhirPathTyped, type TypedValue, toTypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../../server/src/demo/generate.ts';
import { openServerStore } from '../../../server/src/open-server-store.ts';
import { createLogger } from '../../../server/src/platform/logger.ts';
import type { Store } from '../../../server/src/store/open.ts';
import { compileSearchExpression } from '../../../server/src/store/search/expression.ts';
import {
  emptyIndexRows,
  indexResource,
  normalizeString,
  searchableTokens,
} from '../../../server/src/store/write/indexer.ts';
import { generateCorpus } from '../../support/corpus.ts';
import { makeTestConfig, type TestConfig } from '../../support/database.ts';

// The compiled search expressions must give exactly what @medplum/core's FHIRPath evaluator gives, for
// every search parameter of every resource type, or the index would disagree with FHIR search semantics.

const PACKAGE = path.resolve(import.meta.dirname, '../../../profiles/generated/package');

/** Resources with the constructs a shortcut could get wrong: primitive extensions, choice types, contained. */
const TRICKY: Resource[] = [
  {
    resourceType: 'Patient',
    id: 'ext',
    birthDate: '1950-02-03',
    _birthDate: { extension: [{ url: 'http://example.org/x', valueString: 'about' }] },
    name: [
      {
        family: 'Jansen',
        given: ['Anna', 'Maria'],
        _given: [null, { extension: [{ url: 'http://e/x', valueCode: 'CL' }] }],
      },
    ],
    deceasedDateTime: '2024-05-06T07:08:09+02:00',
    contained: [{ resourceType: 'Practitioner', id: 'gp', name: [{ family: 'Bakker' }] }],
    generalPractitioner: [
      { reference: '#gp' },
      { identifier: { system: 'http://fhir.nl/fhir/NamingSystem/uzi', value: '1' } },
    ],
  } as unknown as Resource,
  {
    resourceType: 'Observation',
    id: 'choice',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '1-8' }], text: 'Text' },
    subject: { reference: 'Patient/ext' },
    effectiveDateTime: '2025-01-01',
    _effectiveDateTime: { extension: [{ url: 'http://e/y', valueBoolean: true }] },
    valueString: 'positief',
    component: [
      {
        code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
        valueQuantity: { value: 120, unit: 'mm[Hg]' },
      },
      {
        code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
        valueQuantity: { value: 120, unit: 'mm[Hg]' },
      },
      { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valuePeriod: { start: '2025-01-01' } },
      { code: { text: 'x' }, valueCodeableConcept: { text: 'y' } },
    ],
  } as unknown as Resource,
  {
    resourceType: 'Encounter',
    id: 'empty-parts',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: 'https://other.example/fhir/Patient/9/_history/2' },
    participant: [{ individual: { reference: 'PractitionerRole/r1' } }, {}],
    period: { start: '2025-03-04T10:00:00+01:00' },
    length: { value: 12, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' },
  } as unknown as Resource,
];

function packageResources(): Resource[] {
  return fs
    .readdirSync(PACKAGE)
    .filter((file) => file.endsWith('.json') && file !== 'package.json' && !file.startsWith('.'))
    .map((file) => JSON.parse(fs.readFileSync(path.join(PACKAGE, file), 'utf8')) as Resource)
    .filter((resource) => typeof resource.resourceType === 'string');
}

const plain = (values: TypedValue[]) => values.map(({ type, value }) => ({ type, value }));

describe('compiled search expressions', () => {
  let testConfig: TestConfig;
  let store: Store;
  const resources = [
    ...TRICKY,
    ...generateCorpus(11),
    ...generateDemo({ patients: 150, practices: 1, seed: 5, referenceDate: '2025-06-30' }),
    ...packageResources(),
  ];

  beforeAll(async () => {
    testConfig = await makeTestConfig('pglite');
    store = await openServerStore(testConfig.config, createLogger({ logLevel: 'silent' }));
  });
  afterAll(async () => {
    await store.close();
    await testConfig.cleanup();
  });

  it('give the same values as the FHIRPath evaluator for every parameter of every resource', () => {
    let compared = 0;
    let nonEmpty = 0;
    for (const resource of resources) {
      const typed = [toTypedValue(resource)];
      for (const param of store.registry.paramsOf(resource.resourceType)) {
        const expected = plain(evalFhirPathTyped(param.expression, typed));
        expect(plain(param.evaluate(typed)), `${resource.resourceType}/${resource.id} ${param.code}`).toEqual(expected);
        compared += 1;
        nonEmpty += expected.length > 0 ? 1 : 0;
        for (const component of param.components ?? []) {
          for (const element of evalFhirPathTyped(param.expression, typed)) {
            expect(plain(component.evaluate([element]))).toEqual(
              plain(evalFhirPathTyped(component.expression, [element])),
            );
          }
        }
      }
    }
    // The corpus really exercises the parameters: thousands of resources, most parameters with values.
    expect(resources.length).toBeGreaterThan(4000);
    expect(nonEmpty).toBeGreaterThan(compared / 5);
  });

  it("token rows carry the codes and :text texts of @medplum/core's token conversion, displays in their code's row", () => {
    const TEXT = '\u0000text';
    let withText = 0;
    for (const resource of resources) {
      const typed = [toTypedValue(resource)];
      for (const param of store.registry.paramsOf(resource.resourceType)) {
        if (param.type !== 'token' || param.unionOf) {
          continue;
        }
        const values = param.evaluate(typed);
        const expected = convertToSearchableTokens(values, { textSearchSystem: TEXT });
        const rows = searchableTokens(values);
        const where = `${resource.resourceType}/${resource.id} ${param.code}`;
        const codes = (list: { system: string | null | undefined; value: string | null | undefined }[]) =>
          new Set(list.map((t) => `${t.system?.toLowerCase() ?? ''}|${t.value?.toLowerCase() ?? ''}`));
        expect(codes(rows.filter((t) => t.system !== null || t.value !== null)), where).toEqual(
          codes(expected.filter((t) => t.system !== TEXT)),
        );
        expect(new Set(rows.flatMap((t) => (t.text ? [t.text] : []))), where).toEqual(
          new Set(expected.flatMap((t) => (t.system === TEXT && t.value ? [normalizeString(t.value)] : []))),
        );
        withText += rows.filter((t) => t.text && t.value).length;
      }
    }
    expect(withText).toBeGreaterThan(1000);
    // A display shares its coding's row; a concept's own text is a row without a code.
    const concept = {
      coding: [{ system: 'http://loinc.org', code: '8480-6', display: 'Systolisch' }],
      text: 'Bloeddruk',
    };
    expect(searchableTokens([{ type: 'CodeableConcept', value: concept }])).toEqual([
      { system: null, value: null, text: 'bloeddruk' },
      { system: 'http://loinc.org', value: '8480-6', text: 'systolisch' },
    ]);
    // A missing system is not the system "null": two tokens, as @medplum/core gives.
    const codings = [
      { type: 'Coding', value: { system: 'null', code: 'x' } },
      { type: 'Coding', value: { code: 'x' } },
    ];
    expect(searchableTokens(codings).map((t) => t.system)).toEqual(['null', null]);
  });

  it('de-duplicates the tokens of a parameter with many values as it does a few (by key past 32)', () => {
    const identifier = (system: string | undefined, value: string) => ({
      type: 'Identifier',
      value: { system, value },
    });
    const distinct = Array.from({ length: 40 }, (_, i) => identifier('urn:s', `v${i}`));
    const values = [
      ...distinct,
      ...distinct,
      identifier('null', 'x'),
      identifier(undefined, 'x'),
      identifier(undefined, 'x'),
    ];
    const tokens = searchableTokens(values);
    expect(tokens).toHaveLength(42);
    expect(tokens.slice(0, 40).map((t) => t.value)).toEqual(distinct.map((_, i) => `v${i}`));
    expect(tokens.slice(40).map((t) => t.system)).toEqual(['null', null]);
  });

  it('index primitive extensions, repeated values and choice types as the evaluator does', () => {
    const patient = store.registry.get('Patient', 'birthdate');
    expect(patient?.evaluate([toTypedValue(TRICKY[0])]).map((v) => v.type)).toEqual(['date']);
    const combo = store.registry.get('Observation', 'combo-value-quantity');
    // Equal quantities are one value in a union (quantity equality), equal codes of two components are two.
    expect(combo?.evaluate([toTypedValue(TRICKY[1])])).toHaveLength(1);
    const codes = store.registry.get('Observation', 'combo-code');
    expect(codes?.evaluate([toTypedValue(TRICKY[1])])).toHaveLength(5);
    const rows = emptyIndexRows();
    indexResource(store.registry, TRICKY[1], 1, rows);
    expect(rows.date.param).toContain(store.registry.idOf('Observation', 'date'));
  });

  it('leave what is not a property path (functions, $this) to the evaluator itself', () => {
    const observation = toTypedValue(TRICKY[1]);
    for (const expression of [
      "Observation.component.where(code.coding.code = '8480-6').value",
      'Observation.component.first().code',
      '$this.status',
      'Observation.subject.resolve()',
    ]) {
      expect(plain(compileSearchExpression(expression)([observation])), expression).toEqual(
        plain(evalFhirPathTyped(expression, [observation])),
      );
    }
  });
});
