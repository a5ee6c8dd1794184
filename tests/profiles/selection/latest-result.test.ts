import type { Observation } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildCareBurdenObservation,
  type CareBurdenInput,
  readCareBurdenObservation,
} from '../../../profiles/src/builders/care-burden.ts';
import { latestCareBurden, UnreadableCareBurdenError } from '../../../profiles/src/selection/latest-result.ts';
import { example } from '../builders/support.ts';
import { MemoryReader } from '../fhir-reader/memory-reader.ts';

const PATIENT = 'Patient/target-patient-example';

/** The generated care-burden example, read: a high, HNHC result for the window 2024-01-02 … 2024-12-31. */
const generated = (): CareBurdenInput =>
  readCareBurdenObservation(example<Observation>('target-care-burden-observation-example'));

/** A stored result like the generated one, with changes. */
function result(id: string, changes: Partial<CareBurdenInput> = {}): Observation {
  return buildCareBurdenObservation({ ...generated(), id, ...changes });
}

const window2025 = { start: '2025-01-02', end: '2025-12-31' };

describe('the latest care-burden result of a patient', () => {
  test('is the generated example when it is the only one, read with its id', async () => {
    const latest = await latestCareBurden(
      new MemoryReader([example('target-care-burden-observation-example')]),
      PATIENT,
    );
    expect(latest).toEqual({ ...generated(), id: 'target-care-burden-observation-example' });
  });

  test('is none for a patient without results', async () => {
    expect(await latestCareBurden(new MemoryReader([result('other')]), 'Patient/someone-else')).toBeUndefined();
  });

  test('is the one with the latest counted window, whatever the order stored', async () => {
    const reader = new MemoryReader([
      result('newer', { window: window2025, category: 'low', hnhc: false }),
      result('older'),
    ]);
    expect(await latestCareBurden(reader, PATIENT)).toMatchObject({ id: 'newer', category: 'low', hnhc: false });
  });

  test('of two results for one window is the one computed last (issued)', async () => {
    const reader = new MemoryReader([
      result('later', { issued: '2025-01-02T06:00:00+01:00', category: 'medium' }),
      result('earlier', { issued: '2025-01-01T06:00:00+01:00' }),
    ]);
    expect(await latestCareBurden(reader, PATIENT)).toMatchObject({ id: 'later', category: 'medium' });
  });

  test('counts amended results, not those entered in error', async () => {
    const reader = new MemoryReader([
      result('mistake', { window: window2025, status: 'entered-in-error' }),
      result('corrected', { status: 'amended' }),
    ]);
    expect(await latestCareBurden(reader, PATIENT)).toMatchObject({ id: 'corrected', status: 'amended' });
  });

  test('asks for this patient’s final and amended care-burden Observations, newest first', async () => {
    const reader = new MemoryReader();
    await latestCareBurden(reader, PATIENT);
    const [search] = reader.searches();
    expect(new URLSearchParams(search.split('?')[1])).toEqual(
      new URLSearchParams({
        subject: PATIENT,
        code: 'https://target.drenthe.example/fhir/CodeSystem/target-observation|care-burden',
        status: 'final,amended',
        _sort: '-date',
        _count: '20',
      }),
    );
  });

  test('that the profile’s reader refuses is reported, never guessed around', async () => {
    const broken = result('broken', { window: window2025 });
    broken.component = broken.component?.filter((c) => !c.valueCodeableConcept);
    const failure = latestCareBurden(new MemoryReader([broken, result('older')]), PATIENT);
    await expect(failure).rejects.toBeInstanceOf(UnreadableCareBurdenError);
    await expect(failure).rejects.toMatchObject({
      observation: 'Observation/broken',
      message: expect.stringMatching(/^Observation\/broken cannot be read: Observation.component:category/),
    });
  });
});
