import { readFile } from 'node:fs/promises';
import { parseCalendarFile } from '../calendar/calendar-file.js';
import type { CalendarYearInput } from '../calendar/calendar-year.js';
import { ConfigError } from './config.js';

/**
 * The years of BUSINESS_CALENDAR_FILE, checked before the worker starts; the worker loads them into the
 * business_calendar_year table. Nothing when the variable is not set: the table holds the calendar.
 */
export async function readBusinessCalendarFile(file: string | undefined): Promise<CalendarYearInput[]> {
  if (!file) return [];
  try {
    return parseCalendarFile(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  BUSINESS_CALENDAR_FILE: ${(err as Error).message}`);
  }
}
