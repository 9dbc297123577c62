import type { MikroORM } from '@mikro-orm/postgresql';
import { loadCalendarFromDatabase } from '../src/calendar/calendar-store.js';
import type { BusinessCalendar } from '../workflows/domain/business-calendar.js';
import type { CallWindow } from '../workflows/domain/call-windows.js';

export interface FollowUpSettings {
  timeZone: string;
  calendar: BusinessCalendar;
  callWindows: CallWindow[];
}

export interface FollowUpSettingsDeps {
  orm: MikroORM;
  timeZone: string;
  callWindows: CallWindow[];
  /** How long a calendar read from the database is reused; a few seconds, so that an edit applies almost at once. */
  calendarCacheMs?: number;
}

export const CALENDAR_CACHE_MS = 5_000;

/**
 * The company's time zone, business calendar and call windows, read by workflows through an activity so that the
 * answer is recorded in history: the calendar is read from the database (business_calendar_year) on each call, so a
 * year loaded or edited later changes later decisions without a restart, and never replays.
 */
export function createFollowUpSettingsActivities({ orm, timeZone, callWindows, calendarCacheMs = CALENDAR_CACHE_MS }: FollowUpSettingsDeps) {
  let cached: { calendar: Promise<BusinessCalendar>; until: number } | undefined;

  function calendar(): Promise<BusinessCalendar> {
    const now = Date.now();
    if (!cached || now >= cached.until) {
      const read = loadCalendarFromDatabase(orm);
      cached = { calendar: read, until: now + calendarCacheMs };
      // A failed read is retried by the next call (and by Temporal), never served from the cache.
      read.catch(() => {
        if (cached?.calendar === read) cached = undefined;
      });
    }
    return cached.calendar;
  }

  return {
    async followUpSettings(): Promise<FollowUpSettings> {
      return { timeZone, calendar: await calendar(), callWindows };
    },
  };
}

export type FollowUpSettingsActivities = ReturnType<typeof createFollowUpSettingsActivities>;
