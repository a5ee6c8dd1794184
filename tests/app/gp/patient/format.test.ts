// Dates in the GP app: a FHIR date is the calendar date it names; a dateTime is the date it fell on in the
// practice's time zone (Drenthe), also in the hour after midnight, when UTC is still on the day before.
import { describe, expect, test } from 'vitest';
import { formatDay } from '../../../../smart-app/src/doors/gp/patient/format.ts';

describe('formatDay', () => {
  test('a dateTime just after midnight in Drenthe is dated that day, not the UTC day before', () => {
    expect(formatDay('2026-12-06T23:50:07.338Z', 'nl')).toBe('7-12-2026');
    expect(formatDay('2026-07-01T22:30:00Z', 'nl')).toBe('2-7-2026'); // summer time: UTC+2
    expect(formatDay('2026-12-07T00:30:00+01:00', 'en')).toBe('07/12/2026');
  });

  test('a date is the calendar date it names, in any time zone', () => {
    expect(formatDay('2026-12-06', 'nl')).toBe('6-12-2026');
    expect(formatDay('1950-03-01', 'en')).toBe('01/03/1950');
  });

  test('nothing or an unreadable value is shown as nothing', () => {
    expect(formatDay(undefined, 'nl')).toBe('');
    expect(formatDay('not a date', 'nl')).toBe('');
  });
});
