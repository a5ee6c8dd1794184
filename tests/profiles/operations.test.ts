// The package's OperationDefinitions describe what the operations return: every output part the server
// writes from a code of our CodeSystems or a field of the selection's results has its parameter.
import { describe, expect, test } from 'vitest';
import {
  OperationDefinitions,
  TargetCareBurdenCategoryCodeSystem,
  TargetSubgroupCodeSystem,
} from '../../profiles/src/generated/canonical.ts';
import { DEFAULT_SETTINGS, populationCutoffs } from '../../profiles/src/selection/index.ts';
import { definitions } from './support.ts';

interface Parameter {
  name: string;
  use: string;
  type?: string;
  part?: Parameter[];
}

function outPartNames(url: string, parameter: string): string[] {
  const definition = definitions.find((d) => d.url === url);
  const out = ((definition?.parameter ?? []) as Parameter[]).find((p) => p.name === parameter && p.use === 'out');
  return (out?.part ?? []).map((p) => p.name);
}

describe('OperationDefinitions', () => {
  test('$target-selection names a selection part for every care burden category and subgroup', () => {
    const parts = outPartNames(OperationDefinitions.TargetSelectionOperation, 'selection');
    expect(parts).toEqual(
      expect.arrayContaining([
        ...Object.keys(TargetCareBurdenCategoryCodeSystem.codes).map((code) => `category-${code}`),
        ...Object.keys(TargetSubgroupCodeSystem.codes).map((code) => `subgroup-${code}`),
      ]),
    );
  });

  test('$care-burden names a cutoffs part for every cut-off of the population', () => {
    const cutoffs = populationCutoffs([1, 2, 3], DEFAULT_SETTINGS);
    expect(outPartNames(OperationDefinitions.TargetCareBurdenOperation, 'cutoffs').sort()).toEqual(
      Object.keys(cutoffs).sort(),
    );
  });

  test('both name an outcome: the OperationOutcome with the warnings about a result', () => {
    const definition = (url: string) => (definitions.find((d) => d.url === url)?.parameter ?? []) as Parameter[];
    const selection = definition(OperationDefinitions.TargetSelectionOperation).find((p) => p.name === 'selection');
    expect(selection?.part?.find((p) => p.name === 'outcome')).toMatchObject({ use: 'out', type: 'OperationOutcome' });
    expect(definition(OperationDefinitions.TargetCareBurdenOperation).find((p) => p.name === 'outcome')).toMatchObject({
      use: 'out',
      type: 'OperationOutcome',
    });
  });
});
