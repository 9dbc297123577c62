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

const minutesOf = (windows: readonly CallWindow[]) =>
  windows.map((window) => ({ start: minutesOfClockTime(window.start), end: minutesOfClockTime(window.end) }));

/** Reads windows written as `10:00-11:30,15:00-17:30`: in order of the day, not overlapping, each start before its end. */
export function parseCallWindows(text: string): CallWindow[] {
  const windows = text.split(',').map((part) => {
    const [start, end, ...rest] = part.trim().split('-');
    if (!start || !end || rest.length) throw new Error(`"${part.trim()}" is not a call window HH:MM-HH:MM`);
    return { start, end };
  });
  minutesOf(windows).forEach((w, i, all) => {
    if (w.start >= w.end) throw new Error(`call window ${windows[i].start}-${windows[i].end} ends before it starts`);
    if (i > 0 && w.start < all[i - 1].end) throw new Error('call windows must be in order of the day and not overlap');
  });
  return windows;
}

export function isWithinCallWindow(
  calendar: BusinessCalendar,
  instant: Instant,
  timeZone: string,
  windows: readonly CallWindow[] = CALL_WINDOWS,
): boolean {
  const local = toCompanyTime(instant, timeZone);
  return (
    isWorkingDay(calendar, local.date) &&
    minutesOf(windows).some((w) => local.msOfDay >= w.start * 60_000 && local.msOfDay < w.end * 60_000)
  );
}

/**
 * `instant` itself (as ISO UTC) when it falls inside a call window on a working day; otherwise the
 * start of the next call window on a working day.
 */
export function nextCallWindowStart(
  calendar: BusinessCalendar,
  instant: Instant,
  timeZone: string,
  windows: readonly CallWindow[] = CALL_WINDOWS,
): string {
  if (isWithinCallWindow(calendar, instant, timeZone, windows)) return parseInstant(instant).toISOString();
  return followingCallWindowStart(calendar, instant, timeZone, windows);
}

/**
 * The start of the next call window that begins after `instant`: a call that went unanswered is tried
 * again in a different window (the afternoon after a morning, the next working day after an afternoon).
 */
export function followingCallWindowStart(
  calendar: BusinessCalendar,
  instant: Instant,
  timeZone: string,
  windows: readonly CallWindow[] = CALL_WINDOWS,
): string {
  const local = toCompanyTime(instant, timeZone);
  const minutes = minutesOf(windows);
  if (isWorkingDay(calendar, local.date)) {
    const laterToday = minutes.find((w) => local.msOfDay < w.start * 60_000);
    if (laterToday) return atCompanyTime(local.date, laterToday.start, timeZone).toISOString();
  }
  return atCompanyTime(nextWorkingDay(calendar, local.date), minutes[0].start, timeZone).toISOString();
}
