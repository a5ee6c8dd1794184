// Dates for synthetic data as whole days since 1970-01-01, turned into FHIR date and dateTime strings
// without Date objects (the generator formats millions of them). Times are Dutch wall-clock times with the
// Europe/Amsterdam offset of that day: +01:00, or +02:00 from the last Sunday of March to the last Sunday of
// October (EU summer time; the switch is at night, so every daytime contact has its day's offset).

export const DAY_MS = 86_400_000;

/** Day number of a `YYYY-MM-DD` date; throws on anything else. */
export function parseDay(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new Error(`expected a date as YYYY-MM-DD, got "${date}"`);
  }
  return ms / DAY_MS;
}

/** Year, month (1–12) and day of a day number (H. Hinnant's civil_from_days). */
function civil(day: number): [number, number, number] {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD` of a day number. */
export function isoDay(day: number): string {
  const [y, m, d] = civil(day);
  return `${y}-${two(m)}-${two(d)}`;
}

export function yearOf(day: number): number {
  return civil(day)[0];
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const summerTime = new Map<number, [number, number]>();

/** First and last-plus-one day of summer time in `year`. */
function summerTimeOf(year: number): [number, number] {
  let range = summerTime.get(year);
  if (!range) {
    const march31 = Date.UTC(year, 2, 31) / DAY_MS;
    const october31 = Date.UTC(year, 9, 31) / DAY_MS;
    range = [march31 - weekday(march31), october31 - weekday(october31)];
    summerTime.set(year, range);
  }
  return range;
}

/** `YYYY-MM-DDThh:mm:00+01:00` for a wall-clock time (minutes after midnight, below 24 h) in Amsterdam. */
export function amsterdamDateTime(day: number, minutes: number): string {
  const [y, m, d] = civil(day);
  const [from, to] = summerTimeOf(y);
  const offset = day >= from && day < to ? '+02:00' : '+01:00';
  return `${y}-${two(m)}-${two(d)}T${two(Math.floor(minutes / 60))}:${two(minutes % 60)}:00${offset}`;
}
