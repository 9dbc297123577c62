// Company time: local dates and clock times in the company's time zone, computed without the
// host's time-zone data so that workflow code stays deterministic across workers.

/** An instant: an ISO 8601 string with `Z` or a `±HH:MM` offset, or a Date. */
export type Instant = string | Date;

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

/** A local clock time, `HH:MM`. */
export type ClockTime = string;

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
// Date.UTC reads years 0–99 as 1900–1999; no sale is that old.
const MIN_YEAR = 1900;

// Fixed offsets only: a zone with daylight saving time would need rules, not a number.
const UTC_OFFSET_MINUTES: Readonly<Record<string, number>> = {
  'Asia/Shanghai': 8 * 60,
  UTC: 0,
  'Etc/UTC': 0,
};

export const SUPPORTED_TIME_ZONES: readonly string[] = Object.keys(UTC_OFFSET_MINUTES);

export function utcOffsetMinutes(timeZone: string): number {
  const offset = UTC_OFFSET_MINUTES[timeZone];
  if (offset === undefined) {
    throw new Error(
      `Unsupported company time zone "${timeZone}"; supported: ${SUPPORTED_TIME_ZONES.join(', ')}`,
    );
  }
  return offset;
}

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Parses an instant strictly: a string without an explicit offset would depend on the host's zone. */
export function parseInstant(instant: Instant): Date {
  if (instant instanceof Date) {
    if (Number.isNaN(instant.getTime())) throw new Error('Invalid instant: an invalid Date');
    return new Date(instant.getTime());
  }
  const match = ISO_INSTANT.exec(instant);
  if (!match) {
    throw new Error(`Invalid instant "${instant}": expected ISO 8601 with Z or an offset, e.g. 2026-03-02T10:00:00+08:00`);
  }
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone, sign, offH, offM] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (
    year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ||
    hour > 23 || minute > 59 || second > 59
  ) {
    throw new Error(`Invalid instant "${instant}": no such date or time`);
  }
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const hours = Number(offH);
    const minutes = Number(offM);
    if (hours > 23 || minutes > 59) throw new Error(`Invalid instant "${instant}": bad offset`);
    offsetMinutes = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * MS_PER_MINUTE);
}

export function toIsoUtc(instant: Instant): string {
  return parseInstant(instant).toISOString();
}

interface DateParts {
  year: number;
  month: number;
  day: number;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateParts(date: LocalDate): DateParts {
  const match = LOCAL_DATE.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new Error(`Invalid local date "${date}": expected an existing date as YYYY-MM-DD`);
  }
  return { year, month, day };
}

function formatDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function fromEpochDay(ms: number): LocalDate {
  const date = new Date(ms);
  return formatDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Throws unless `date` is an existing date written as YYYY-MM-DD. */
export function assertLocalDate(date: LocalDate): void {
  dateParts(date);
}

export function yearOf(date: LocalDate): number {
  return dateParts(date).year;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  const { year, month, day } = dateParts(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function isWeekend(date: LocalDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = dateParts(date);
  return fromEpochDay(Date.UTC(year, month - 1, day) + days * MS_PER_DAY);
}

/** Calendar-month arithmetic; a day the target month lacks becomes its last day (31 Jan + 1 month = 28/29 Feb). */
export function addCalendarMonths(date: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months)) throw new Error(`Months must be a whole number, got ${months}`);
  const { year, month, day } = dateParts(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return formatDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

const CLOCK_TIME = /^(\d{2}):(\d{2})$/;

/** Minutes after local midnight for an `HH:MM` clock time. */
export function minutesOfClockTime(time: ClockTime): number {
  const match = CLOCK_TIME.exec(time);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) throw new Error(`Invalid clock time "${time}": expected HH:MM`);
  return hours * 60 + minutes;
}

/** Where an instant falls in company time. */
export interface CompanyTime {
  date: LocalDate;
  /** Milliseconds since local midnight. */
  msOfDay: number;
}

export function toCompanyTime(instant: Instant, timeZone: string): CompanyTime {
  const shifted = parseInstant(instant).getTime() + utcOffsetMinutes(timeZone) * MS_PER_MINUTE;
  const msOfDay = ((shifted % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  return { date: fromEpochDay(shifted - msOfDay), msOfDay };
}

/** The instant at `minutesAfterMidnight` on a local date, in company time. */
export function atCompanyTime(date: LocalDate, minutesAfterMidnight: number, timeZone: string): Date {
  const { year, month, day } = dateParts(date);
  const offset = utcOffsetMinutes(timeZone);
  return new Date(Date.UTC(year, month - 1, day) + (minutesAfterMidnight - offset) * MS_PER_MINUTE);
}

/** An instant as people read it in messages: company date and time with the zone's offset, e.g. 2026-12-03 10:00 +08:00. */
export function formatCompanyTime(instant: Instant, timeZone: string): string {
  const { date, msOfDay } = toCompanyTime(instant, timeZone);
  const minutes = Math.floor(msOfDay / MS_PER_MINUTE);
  const offset = utcOffsetMinutes(timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offset < 0 ? '-' : '+';
  return `${date} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)} ${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}
