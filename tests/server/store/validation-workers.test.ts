// Validation on worker threads (store/validation-workers.ts) finds exactly what validation on this thread
// finds, for valid and invalid resources, TARGET-profiled or plain R4.
import type { Patient, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateDemo } from '../../../server/src/demo/generate.ts';
import { storedForm, validationErrors } from '../../../server/src/store/validation/validation.ts';
import { ValidationWorkers } from '../../../server/src/store/validation/workers.ts';
import { generateCorpus } from '../../support/corpus.ts';

function sample(): Resource[] {
  const demo = [...generateDemo({ patients: 60, practices: 1, seed: 3, referenceDate: '2025-06-30' })];
  const corpus = generateCorpus(20250630).filter((_, i) => i % 10 === 0);
  const invalid: Resource[] = [
    { resourceType: 'Patient', id: 'bad-gender', gender: 'x' } as unknown as Patient,
    { resourceType: 'Observation', id: 'no-code', status: 'final' } as Resource,
    { ...(demo.find((r) => r.resourceType === 'Patient') as Patient), id: 'profiled-bad', birthDate: '30-06-1950' },
  ];
  return [...demo, ...corpus, ...invalid, { resourceType: 'Patient', name: [{ family: 'Zonder-id' }] }];
}

describe('validation on worker threads', () => {
  const workers = new ValidationWorkers(2);
  beforeAll(() => workers.started());
  afterAll(() => workers.close());

  test('finds the same errors as validating on this thread, resource by resource', async () => {
    const resources = sample();
    const onWorkers = await workers.validate(resources);
    const here = resources.map((r) =>
      validationErrors(storedForm(r, r.id ?? 'placeholder', 1, new Date().toISOString())),
    );
    expect(onWorkers).toEqual(here);
    const rejected = (onWorkers ?? []).flatMap((errors, i) => (errors.length ? [resources[i].id] : []));
    expect(rejected).toEqual(['bad-gender', 'no-code', 'profiled-bad']);
    expect(resources.length).toBeGreaterThan(500);
  });

  test('spreads requests over the workers and answers each one', async () => {
    const resources = sample().slice(0, 40);
    const answers = await Promise.all([1, 2, 3, 4].map(() => workers.validate(resources)));
    expect(answers.every((errors) => errors?.length === 40)).toBe(true);
  });
});

test('stopped workers take no requests: the caller validates on its own thread', async () => {
  const workers = new ValidationWorkers(1);
  await workers.started();
  expect(await workers.validate([])).toEqual([]);
  await workers.close();
  expect(workers.validate([{ resourceType: 'Patient' }])).toBeUndefined();
});
