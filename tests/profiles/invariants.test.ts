// Each TARGET invariant rejects a resource that breaks it: a valid example with one thing changed fails
// with exactly that invariant's key, at the expected expression.
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import { describe, expect, test } from 'vitest';
import { invariantCases, invariantPassCases, moreInvariantCases } from './fixtures.ts';
import { definitions, describeIssues, errors, example, targetValidator } from './support.ts';

/** Each TARGET invariant's element path and expression, from the generated StructureDefinitions. */
const invariants = new Map(
  definitions
    .filter((r) => r.resourceType === 'StructureDefinition')
    .flatMap(
      (sd) =>
        (sd.snapshot as { element: { path: string; constraint?: { key: string; expression: string }[] }[] }).element,
    )
    .flatMap((e) => (e.constraint ?? []).map((c) => [c.key, { path: e.path, expression: c.expression }] as const))
    .filter(([key]) => key.startsWith('target-')),
);

/** Evaluates an invariant with HL7's fhirpath.js, on every value of its element (as a validator does). */
function holdsInFhirpathJs(key: string, resource: unknown): unknown[] {
  const invariant = invariants.get(key);
  if (!invariant) {
    throw new Error(`No invariant ${key}`);
  }
  const isRoot = !invariant.path.includes('.');
  const expression = isRoot
    ? invariant.expression
    : `${invariant.path.replace('[x]', '')}.all(${invariant.expression})`;
  const result = fhirpath.evaluate(resource as object, expression, undefined, r4Model);
  if (!Array.isArray(result)) {
    throw new Error(`${key} needs asynchronous evaluation`);
  }
  return result;
}

describe('TARGET invariants', () => {
  test('every invariant of the package has one failing fixture here', () => {
    expect([...invariants.keys()].sort()).toEqual(invariantCases.map(([key]) => key).sort());
  });

  test('the extra fixtures name invariants of the package', () => {
    const keys = [...moreInvariantCases.map(([, key]) => key), ...invariantPassCases.map(([, key]) => key)];
    expect(keys.filter((key) => !invariants.has(key))).toEqual([]);
  });

  test.each(invariantCases)(
    '%s holds for %s and fails when broken, in HL7 fhirpath.js too',
    (key, exampleId, _expression, breakIt) => {
      const resource = example(exampleId);
      expect(holdsInFhirpathJs(key, resource)).toEqual([true]);
      breakIt(resource);
      expect(holdsInFhirpathJs(key, resource)).toEqual([false]);
    },
  );

  test.each(invariantCases)('%s rejects %s when broken, at %s', (key, exampleId, expression, breakIt) => {
    const resource = example(exampleId);
    breakIt(resource);
    const issues = errors(targetValidator().validate(resource));
    expect(describeIssues(issues)).toEqual([
      expect.stringMatching(new RegExp(`^${expression.replace(/[[\].]/g, '\\$&')}: Constraint ${key} not met: `)),
    ]);
    expect(issues[0].code).toBe('invariant');
  });

  test.each(moreInvariantCases)(
    'rejects %s (%s, from %s) at %s, in HL7 fhirpath.js too',
    (_what, key, exampleId, expression, breakIt) => {
      const resource = example(exampleId);
      breakIt(resource);
      expect(holdsInFhirpathJs(key, resource)).toEqual([false]);
      expect(describeIssues(errors(targetValidator().validate(resource)))).toEqual([
        expect.stringMatching(new RegExp(`^${expression.replace(/[[\].]/g, '\\$&')}: Constraint ${key} not met: `)),
      ]);
    },
  );

  test.each(invariantPassCases)('accepts %s (%s, from %s), in HL7 fhirpath.js too', (_what, key, exampleId, change) => {
    const resource = example(exampleId);
    change(resource);
    expect(holdsInFhirpathJs(key, resource)).toEqual([true]);
    expect(describeIssues(errors(targetValidator().validate(resource)))).toEqual([]);
  });
});
