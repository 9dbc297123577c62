import { readFile } from 'node:fs/promises';
import { assertValidCalendar, CHINA_CALENDAR, type BusinessCalendar } from '../../workflows/domain/business-calendar.js';
import { ConfigError } from './config.js';

/** The built-in calendar, or the one in BUSINESS_CALENDAR_FILE, checked before the worker starts. */
export async function loadBusinessCalendar(file: string | undefined): Promise<BusinessCalendar> {
  if (!file) return CHINA_CALENDAR;
  try {
    const calendar = JSON.parse(await readFile(file, 'utf8')) as BusinessCalendar;
    assertValidCalendar(calendar);
    return calendar;
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  BUSINESS_CALENDAR_FILE: ${(err as Error).message}`);
  }
}
