import { describe, expect, test } from 'vitest';
import {
  addDays,
  ageOn,
  countingWindow,
  endMs,
  practiceMidnightMs,
  startMs,
} from '../../../profiles/src/selection/time.ts';
import { ms } from './support.ts';

describe('FHIR dates as instants (as the search index reads them)', () => {
  test.each([
    ['a date', '2025-03-04', '2025-03-04T00:00:00.000Z', '2025-03-04T23:59:59.999Z'],
    ['a year', '2024', '2024-01-01T00:00:00.000Z', '2024-12-31T23:59:59.999Z'],
    ['a dateTime with an offset', '2025-03-04T10:00:00+01:00', '2025-03-04T09:00:00.000Z', '2025-03-04T09:00:00.999Z'],
    ['a dateTime west of UTC', '2025-03-04T10:00:00-05:00', '2025-03-04T15:00:00.000Z', '2025-03-04T15:00:00.999Z'],
    ['an instant in UTC', '2025-03-04T10:00:00.250Z', '2025-03-04T10:00:00.250Z', '2025-03-04T10:00:00.250Z'],
  ])('%s (%s) runs from its first to its last millisecond', (_name, value, first, last) => {
    expect(startMs(value)).toBe(ms(first));
    expect(endMs(value)).toBe(ms(last));
  });

  test('an absent or unreadable value has no instant', () => {
    expect(startMs(undefined)).toBeUndefined();
    expect(endMs(undefined)).toBeUndefined();
    expect(startMs('not a date')).toBeUndefined();
  });
});

describe('midnight in Amsterdam', () => {
  test.each([
    ['winter time (CET, UTC+1)', '2025-01-15', '2025-01-14T23:00:00Z'],
    ['summer time (CEST, UTC+2)', '2025-07-01', '2025-06-30T22:00:00Z'],
    ['the Sunday summer time starts (still CET at midnight)', '2025-03-30', '2025-03-29T23:00:00Z'],
    ['the day after summer time starts', '2025-03-31', '2025-03-30T22:00:00Z'],
    ['the Sunday winter time starts (still CEST at midnight)', '2025-10-26', '2025-10-25T22:00:00Z'],
    ['the day after winter time starts', '2025-10-27', '2025-10-26T23:00:00Z'],
  ])('in %s: %s begins at %s', (_name, date, instant) => {
    expect(practiceMidnightMs(date)).toBe(ms(instant));
  });

  test.each(['2025-3-1', '2025-03-01T00:00:00Z', '01-03-2025', ''])('rejects "%s", which is not a date', (value) => {
    expect(() => practiceMidnightMs(value)).toThrow(RangeError);
  });

  test('rejects 2025-02-30, a day that does not exist, instead of rolling it over to 2 March', () => {
    expect(() => practiceMidnightMs('2025-02-30')).toThrow(RangeError);
  });
});

describe('calendar days', () => {
  test.each([
    ['2025-03-01', -365, '2024-03-01'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-03-30', 1, '2025-03-31'],
  ])('%s shifted by %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('the counting window', () => {
  test('is the 365 calendar days before the reference date, from Amsterdam midnight to Amsterdam midnight', () => {
    expect(countingWindow('2025-03-01', 365)).toEqual({
      start: '2024-03-01',
      end: '2025-02-28',
      fromMs: ms('2024-02-29T23:00:00Z'),
      toMs: ms('2025-02-28T23:00:00Z'),
    });
  });

  test('uses summer time offsets in summer', () => {
    expect(countingWindow('2025-07-01', 365)).toEqual({
      start: '2024-07-01',
      end: '2025-06-30',
      fromMs: ms('2024-06-30T22:00:00Z'),
      toMs: ms('2025-06-30T22:00:00Z'),
    });
  });

  test('mixes offsets when the window starts in winter time and ends in summer time', () => {
    expect(countingWindow('2025-04-15', 30)).toEqual({
      start: '2025-03-16',
      end: '2025-04-14',
      fromMs: ms('2025-03-15T23:00:00Z'),
      toMs: ms('2025-04-14T22:00:00Z'),
    });
  });

  test('of one day is the day before the reference date', () => {
    expect(countingWindow('2025-01-15', 1)).toEqual({
      start: '2025-01-14',
      end: '2025-01-14',
      fromMs: ms('2025-01-13T23:00:00Z'),
      toMs: ms('2025-01-14T23:00:00Z'),
    });
  });
});

describe('age on the reference date', () => {
  test.each([
    ['on the 65th birthday', '1960-03-01', '2025-03-01', 65],
    ['the day before the 65th birthday', '1960-03-02', '2025-03-01', 64],
    ['born on 29 February, on 28 February of a common year', '2000-02-29', '2025-02-28', 24],
    ['born on 29 February, on 1 March of a common year', '2000-02-29', '2025-03-01', 25],
    ['with only a birth year (counted from 1 January)', '1960', '2025-01-01', 65],
    ['with only a birth year and month (counted from its first day)', '1960-03', '2025-02-28', 64],
    ['on the day of birth', '2025-03-01', '2025-03-01', 0],
  ])('is computed %s', (_name, birthDate, referenceDate, age) => {
    expect(ageOn(birthDate, referenceDate)).toBe(age);
  });

  test('is unknown for a birth date that is not a date', () => {
    expect(ageOn('unknown', '2025-03-01')).toBeUndefined();
  });
});
