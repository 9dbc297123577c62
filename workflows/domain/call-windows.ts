// Call windows (回访时间): customers are called 10:00–11:30 and 15:00–17:30 company time on working days.

import { type BusinessCalendar, isWorkingDay, nextWorkingDay } from './business-calendar.js';
import { type Instant, atCompanyTime, minutesOfClockTime, parseInstant, toCompanyTime } from './company-time.js';

export interface CallWindow {
  start: string;
  end: string;
}

/** In order of the day; each window includes its start and excludes its end. */
export const CALL_WINDOWS: readonly CallWindow[] = [
  { start: '10:00', end: '11:30' },
  { start: '15:00', end: '17:30' },
];

const WINDOW_MINUTES = CALL_WINDOWS.map((window) => ({
  start: minutesOfClockTime(window.start),
  end: minutesOfClockTime(window.end),
}));

export function isWithinCallWindow(calendar: BusinessCalendar, instant: Instant, timeZone: string): boolean {
  const local = toCompanyTime(instant, timeZone);
  return (
    isWorkingDay(calendar, local.date) &&
    WINDOW_MINUTES.some((w) => local.msOfDay >= w.start * 60_000 && local.msOfDay < w.end * 60_000)
  );
}

/**
 * `instant` itself (as ISO UTC) when it falls inside a call window on a working day; otherwise the
 * start of the next call window on a working day.
 */
export function nextCallWindowStart(calendar: BusinessCalendar, instant: Instant, timeZone: string): string {
  if (isWithinCallWindow(calendar, instant, timeZone)) return parseInstant(instant).toISOString();
  const local = toCompanyTime(instant, timeZone);
  if (isWorkingDay(calendar, local.date)) {
    const laterToday = WINDOW_MINUTES.find((w) => local.msOfDay < w.start * 60_000);
    if (laterToday) return atCompanyTime(local.date, laterToday.start, timeZone).toISOString();
  }
  const firstWindow = WINDOW_MINUTES[0];
  return atCompanyTime(nextWorkingDay(calendar, local.date), firstWindow.start, timeZone).toISOString();
}
