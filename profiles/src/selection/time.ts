// Dates and instants for the counting window. FHIR dates and dateTimes are read the way the server's
// search index reads them (@medplum/core toPeriod): a value without time or zone stands for the whole
// UTC day (or month/year) it names, from its first to its last millisecond. The SQL selection compares
// index rows written with exactly that rule, so both paths see the same instants.

/** The practices are Dutch: a reference date starts at midnight in Amsterdam. */
export const PRACTICE_TIME_ZONE = 'Europe/Amsterdam';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const START_FILL = '0000-01-01T00:00:00.000';
const END_FILL = 'xxxx-12-31T23:59:59.999';

function fill(value: string, filler: string): number | undefined {
  let zone = 'Z';
  let local = value;
  const offsetAt = Math.max(value.indexOf('+', 10), value.indexOf('-', 10));
  if (offsetAt > -1) {
    zone = value.slice(offsetAt);
    local = value.slice(0, offsetAt);
  } else if (value.endsWith('Z')) {
    local = value.slice(0, -1);
  }
  const ms = Date.parse(local + filler.slice(local.length) + zone);
  return Number.isNaN(ms) ? undefined : ms;
}

/** First millisecond of a FHIR date/dateTime/instant (undefined when it does not parse). */
export function startMs(value: string | undefined): number | undefined {
  return value === undefined ? undefined : fill(value, START_FILL);
}

/** Last millisecond of a FHIR date/dateTime/instant: "2025-03-04" ends at 23:59:59.999Z. */
export function endMs(value: string | undefined): number | undefined {
  return value === undefined ? undefined : fill(value, END_FILL);
}

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: PRACTICE_TIME_ZONE, timeZoneName: 'longOffset' });

/** Minutes the practice time zone is ahead of UTC at an instant. */
function zoneOffsetMinutes(ms: number): number {
  const name = offsetFormat.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** The instant a calendar date begins in the practice time zone. */
export function practiceMidnightMs(date: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // Date.parse rolls 2025-02-30 over to 2 March: only a date that reads back the same exists.
  if (!DATE.test(date) || Number.isNaN(utcMidnight) || new Date(utcMidnight).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  }
  // Daylight-saving changes happen at night, never at midnight, so one correction is exact.
  return utcMidnight - zoneOffsetMinutes(utcMidnight - 12 * 3_600_000) * 60_000;
}

/** `date` shifted by whole days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The counted window: the `days` calendar days before the reference date, in the practice's time zone.
 * A contact counts when it starts at or after `fromMs` and before `toMs` (the reference date itself is not
 * in the window). `start` and `end` are its first and last day, for Observation.effectivePeriod.
 */
export interface CountingWindow {
  readonly start: string;
  readonly end: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export function countingWindow(referenceDate: string, days: number): CountingWindow {
  const start = addDays(referenceDate, -days);
  return {
    start,
    end: addDays(referenceDate, -1),
    fromMs: practiceMidnightMs(start),
    toMs: practiceMidnightMs(referenceDate),
  };
}

/** Whole years between a birth date and the reference date (the age on that date). */
export function ageOn(birthDate: string, referenceDate: string): number | undefined {
  const birth = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(birthDate);
  const ref = /^(\d{4})-(\d{2})-(\d{2})/.exec(referenceDate);
  if (!birth || !ref) {
    return undefined;
  }
  // A birth date of only a year (or year-month) counts from its first day, as the search index does.
  const [by, bm, bd] = [Number(birth[1]), Number(birth[2] ?? 1), Number(birth[3] ?? 1)];
  const [ry, rm, rd] = [Number(ref[1]), Number(ref[2]), Number(ref[3])];
  return ry - by - (rm < bm || (rm === bm && rd < bd) ? 1 : 0);
}

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: PRACTICE_TIME_ZONE });

/** Today's date in the practice time zone (the default reference date). */
export function practiceToday(now: Date = new Date()): string {
  return dateFormat.format(now);
}

/** The calendar date of an instant in the practice time zone. */
export function practiceDateOf(ms: number): string {
  return dateFormat.format(ms);
}
