// Business days (工作日): weekends and public holidays are off; make-up working days (调休),
// a Saturday or Sunday that is worked, are on. The calendar is data so that a new year's
// official calendar is a data change, not a code change.

import {
  type ClockTime,
  type Instant,
  type LocalDate,
  addDays,
  assertLocalDate,
  atCompanyTime,
  isWeekend,
  minutesOfClockTime,
  toCompanyTime,
  yearOf,
} from './company-time.js';

export interface CalendarYear {
  /** Public holidays, YYYY-MM-DD (may include weekend days of a holiday period). */
  readonly holidays: readonly string[];
  /** Make-up working days: weekend days that are worked, YYYY-MM-DD. */
  readonly workdays: readonly string[];
  /** Whether this year's data is the officially published calendar. */
  readonly official: boolean;
}

export interface BusinessCalendar {
  readonly version: string;
  readonly years: Readonly<Record<number, CalendarYear>>;
}

/** The business day ends at 17:30 company time: later arrivals count from the next business day. */
export const END_OF_BUSINESS_DAY: ClockTime = '17:30';

/** Mainland China's official holiday arrangements (国务院办公厅放假安排) for 2025 and 2026. */
export const CHINA_CALENDAR: BusinessCalendar = {
  version: 'CN-2025-2026.1',
  years: {
    2025: {
      official: true,
      holidays: [
        '2025-01-01',
        '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04',
        '2025-04-04', '2025-04-05', '2025-04-06',
        '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05',
        '2025-05-31', '2025-06-01', '2025-06-02',
        '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08',
      ],
      workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    },
    2026: {
      official: true,
      holidays: [
        '2026-01-01', '2026-01-02', '2026-01-03',
        '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
        '2026-04-04', '2026-04-05', '2026-04-06',
        '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
        '2026-06-19', '2026-06-20', '2026-06-21',
        '2026-09-25', '2026-09-26', '2026-09-27',
        '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
      ],
      workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    },
  },
};

function yearData(calendar: BusinessCalendar, year: number): CalendarYear | undefined {
  return calendar.years[year];
}

/** Checks a calendar loaded from configuration; throws naming the first wrong entry. */
export function assertValidCalendar(calendar: BusinessCalendar): void {
  if (typeof calendar.version !== 'string' || calendar.version.trim() === '') {
    throw new Error('Business calendar has no version');
  }
  for (const [key, data] of Object.entries(calendar.years)) {
    const year = Number(key);
    if (!Number.isInteger(year)) throw new Error(`Business calendar ${calendar.version}: "${key}" is not a year`);
    for (const date of [...data.holidays, ...data.workdays]) {
      assertLocalDate(date);
      if (yearOf(date) !== year) {
        throw new Error(`Business calendar ${calendar.version}: ${date} is listed under year ${year}`);
      }
    }
    for (const date of data.workdays) {
      if (!isWeekend(date)) {
        throw new Error(`Business calendar ${calendar.version}: make-up working day ${date} is not a Saturday or Sunday`);
      }
      if (data.holidays.includes(date)) {
        throw new Error(`Business calendar ${calendar.version}: ${date} is both a holiday and a working day`);
      }
    }
  }
}

/** A year without published data counts weekends only, so its business days are provisional. */
export function isProvisional(calendar: BusinessCalendar, year: number): boolean {
  return !(yearData(calendar, year)?.official ?? false);
}

export function isWorkingDay(calendar: BusinessCalendar, date: LocalDate): boolean {
  const data = yearData(calendar, yearOf(date));
  if (data?.holidays.includes(date)) return false;
  if (data?.workdays.includes(date)) return true;
  return !isWeekend(date);
}

// Longer than any holiday period; only a broken calendar reaches it.
const MAX_DAYS_WITHOUT_WORK = 60;

/** The first working day strictly after `date`. */
export function nextWorkingDay(calendar: BusinessCalendar, date: LocalDate): LocalDate {
  let candidate = date;
  for (let i = 0; i < MAX_DAYS_WITHOUT_WORK; i++) {
    candidate = addDays(candidate, 1);
    if (isWorkingDay(calendar, candidate)) return candidate;
  }
  throw new Error(`Business calendar ${calendar.version}: no working day within ${MAX_DAYS_WITHOUT_WORK} days after ${date}`);
}

export interface BusinessDayOptions {
  timeZone: string;
  /** End of the business day, HH:MM company time; 17:30 unless given. */
  cutoff?: ClockTime;
}

export interface BusinessDeadline {
  /** ISO 8601, UTC. */
  dueAt: string;
  /** True when the count touched a year whose calendar is not yet official. */
  provisional: boolean;
  calendarVersion: string;
}

/**
 * The deadline N business days after `from`: the end of the business day (cut-off, company time)
 * N business days after the day `from` counts for. Arrival at or after the cut-off, or on a
 * non-working day, counts for the next business day. N = 0 is the end of that day itself.
 */
export function addBusinessDays(
  calendar: BusinessCalendar,
  from: Instant,
  businessDays: number,
  options: BusinessDayOptions,
): BusinessDeadline {
  if (!Number.isInteger(businessDays) || businessDays < 0) {
    throw new Error(`Business days must be a whole number of 0 or more, got ${businessDays}`);
  }
  const cutoffMinutes = minutesOfClockTime(options.cutoff ?? END_OF_BUSINESS_DAY);
  const arrival = toCompanyTime(from, options.timeZone);

  // The cut-off belongs to the next day, as a call window's end belongs outside it.
  const countsForArrivalDay = isWorkingDay(calendar, arrival.date) && arrival.msOfDay < cutoffMinutes * 60_000;
  let day = countsForArrivalDay ? arrival.date : nextWorkingDay(calendar, arrival.date);
  for (let i = 0; i < businessDays; i++) day = nextWorkingDay(calendar, day);

  let provisional = false;
  for (let year = yearOf(arrival.date); year <= yearOf(day); year++) {
    provisional ||= isProvisional(calendar, year);
  }
  return {
    dueAt: atCompanyTime(day, cutoffMinutes, options.timeZone).toISOString(),
    provisional,
    calendarVersion: calendar.version,
  };
}
