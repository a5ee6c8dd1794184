// Key structural rules of the profiles: cardinality (also of slices), fixed values and required bindings.
// Each case breaks one rule of a valid example and expects exactly that error.
import { describe, expect, test } from 'vitest';
import { constraintCases } from './fixtures.ts';
import { describeIssues, errors, example, targetValidator } from './support.ts';

describe('TARGET profile constraints', () => {
  test.each(constraintCases)('%s', (_rule, exampleId, expected, breakIt) => {
    const resource = example(exampleId);
    breakIt(resource);
    expect(describeIssues(errors(targetValidator().validate(resource)))).toEqual([expected]);
  });
});
