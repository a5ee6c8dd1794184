import type { Encounter, Observation } from 'fhir/r4.js';
import { describe, expect, test } from 'vitest';
import {
  buildCareBurdenObservation,
  type CareBurdenInput,
  readCareBurdenObservation,
} from '../../../profiles/src/builders/care-burden.ts';
import {
  DEFAULT_INVITATION,
  isSelectedForConversation,
  otherConversationDue,
} from '../../../profiles/src/conversation/due.ts';
import type { TargetCareBurdenCategoryCode } from '../../../profiles/src/generated/canonical.ts';
import { example } from '../builders/support.ts';
import { MemoryReader } from '../fhir-reader/memory-reader.ts';

const PATIENT = 'Patient/target-patient-example';

/** The generated care-burden example (high, HNHC, window 2024-01-02 … 2024-12-31), with changes. */
function careBurden(changes: Partial<CareBurdenInput> = {}): Observation {
  const generated = readCareBurdenObservation(example<Observation>('target-care-burden-observation-example'));
  return buildCareBurdenObservation({ ...generated, ...changes });
}

/** The generated other-conversation example (finished, 3 February 2025), with changes. */
function conversation(changes: Partial<Encounter> = {}): Encounter {
  return { ...example<Encounter>('target-other-conversation-encounter-example'), ...changes };
}

describe('selected for the other conversation', () => {
  test.each<[TargetCareBurdenCategoryCode, boolean, boolean]>([
    ['high', false, true],
    ['high', true, true],
    ['medium', true, true],
    ['low', true, true],
    ['new', true, true],
    ['medium', false, false],
    ['low', false, false],
    ['new', false, false],
  ])('by default: category %s with HNHC %s is %s', (category, hnhc, selected) => {
    expect(isSelectedForConversation({ category, hnhc })).toBe(selected);
  });

  test('by the practice’s choice of categories, with or without HNHC', () => {
    const invitation = { categories: ['high', 'medium'] as const, hnhc: false };
    expect(isSelectedForConversation({ category: 'medium', hnhc: false }, invitation)).toBe(true);
    expect(isSelectedForConversation({ category: 'low', hnhc: true }, invitation)).toBe(false);
  });

  test('by default invites the high category and every HNHC patient', () => {
    expect(DEFAULT_INVITATION).toEqual({ categories: ['high'], hnhc: true });
  });
});

describe('due for the other conversation', () => {
  test('not without a care-burden result', async () => {
    expect(await otherConversationDue(new MemoryReader(), PATIENT)).toEqual({ due: false, reason: 'no-result' });
  });

  test('not when the latest result does not select the patient', async () => {
    const reader = new MemoryReader([careBurden({ id: 'low', category: 'low', hnhc: false })]);
    expect(await otherConversationDue(reader, PATIENT)).toMatchObject({
      due: false,
      reason: 'not-selected',
      careBurden: { id: 'low' },
    });
  });

  test('when selected and no conversation was held since the start of the result’s window', async () => {
    const reader = new MemoryReader([
      careBurden({ id: 'cb' }),
      conversation({ id: 'last-year', period: { start: '2023-11-06T10:00:00+01:00' } }),
    ]);
    expect(await otherConversationDue(reader, PATIENT)).toMatchObject({
      due: true,
      reason: 'selected',
      careBurden: { id: 'cb', category: 'high', hnhc: true },
    });
  });

  test('not when selected but the conversation was held since (the generated example, 3 February 2025)', async () => {
    const reader = new MemoryReader([careBurden({ id: 'cb' }), example('target-other-conversation-encounter-example')]);
    expect(await otherConversationDue(reader, PATIENT)).toEqual({
      due: false,
      reason: 'held',
      careBurden: expect.objectContaining({ id: 'cb' }),
      conversation: 'Encounter/target-other-conversation-encounter-example',
    });
  });

  test('not when the conversation was held during the counted window', async () => {
    const reader = new MemoryReader([
      careBurden({ id: 'cb' }),
      conversation({ period: { start: '2024-01-02T09:00:00+01:00' } }),
    ]);
    expect(await otherConversationDue(reader, PATIENT)).toMatchObject({ due: false, reason: 'held' });
  });

  test.each<Encounter['status']>(['planned', 'cancelled', 'entered-in-error', 'unknown'])(
    'when the only conversation since is %s: it was not held',
    async (status) => {
      const reader = new MemoryReader([careBurden({ id: 'cb' }), conversation({ status })]);
      expect(await otherConversationDue(reader, PATIENT)).toMatchObject({ due: true, reason: 'selected' });
    },
  );

  test('names the latest conversation held since', async () => {
    const reader = new MemoryReader([
      careBurden({ id: 'cb' }),
      conversation({ id: 'first', period: { start: '2024-05-01T10:00:00+02:00' } }),
      conversation({ id: 'second', period: { start: '2025-02-03T10:00:00+01:00' } }),
    ]);
    expect(await otherConversationDue(reader, PATIENT)).toMatchObject({ conversation: 'Encounter/second' });
  });

  test('by the practice’s own invitation', async () => {
    const reader = new MemoryReader([careBurden({ id: 'cb', category: 'medium', hnhc: false })]);
    expect(await otherConversationDue(reader, PATIENT)).toMatchObject({ due: false, reason: 'not-selected' });
    const invitation = { categories: ['high', 'medium'] as const, hnhc: true };
    expect(await otherConversationDue(reader, PATIENT, invitation)).toMatchObject({ due: true });
  });

  test('asks for the patient’s other-conversation Encounters from the first day of the window', async () => {
    const reader = new MemoryReader([careBurden({ id: 'cb' })]);
    await otherConversationDue(reader, PATIENT);
    expect(reader.searches()[1]).toBe(
      `Encounter?_count=1000&subject=${encodeURIComponent(PATIENT)}&type=${encodeURIComponent(
        'https://target.drenthe.example/fhir/CodeSystem/target-concept|other-conversation',
      )}&date=ge2024-01-02`,
    );
  });
});
