import { assertValidCalendar } from '../../workflows/domain/business-calendar.js';

/** One year of the business calendar as it is loaded: from the API, a file or the load command. */
export interface CalendarYearInput {
  year: number;
  /** Whether this is the officially published calendar (国务院办公厅放假安排); false counts as provisional. */
  official: boolean;
  /** Public holidays, YYYY-MM-DD. */
  holidays: string[];
  /** Make-up working days (调休): weekend days that are worked, YYYY-MM-DD. */
  workdays: string[];
  /** Where the data came from, e.g. '国务院办公厅 2027 notice'; the loader's own name ('file', 'api') when absent. */
  source?: string;
}

export const MIN_CALENDAR_YEAR = 1900;
export const MAX_CALENDAR_YEAR = 9999;

/** Sorted, without repeats, so that equal calendars compare equal and the table reads in date order. */
export const sortedDates = (dates: readonly string[]): string[] => [...new Set(dates)].sort();

/** Throws naming the first wrong entry: a date outside the year, a make-up day on a weekday, a day both off and on. */
export function assertValidCalendarYear(input: CalendarYearInput): void {
  if (!Number.isInteger(input.year) || input.year < MIN_CALENDAR_YEAR || input.year > MAX_CALENDAR_YEAR) {
    throw new Error(`${String(input.year)} is not a year from ${MIN_CALENDAR_YEAR} to ${MAX_CALENDAR_YEAR}`);
  }
  if (input.source !== undefined && (typeof input.source !== 'string' || input.source.trim() === '' || input.source.length > 200)) {
    throw new Error(`year ${input.year}: source must be a text of 1 to 200 characters`);
  }
  if (typeof input.official !== 'boolean') throw new Error(`year ${input.year}: official must be true or false`);
  for (const list of ['holidays', 'workdays'] as const) {
    const dates: unknown = input[list];
    if (!Array.isArray(dates) || dates.some((date) => typeof date !== 'string')) {
      throw new Error(`year ${input.year}: ${list} must be a list of dates YYYY-MM-DD`);
    }
  }
  assertValidCalendar({
    version: `year ${input.year}`,
    years: { [input.year]: { official: input.official, holidays: input.holidays, workdays: input.workdays } },
  });
}
