import { CHINA_CALENDAR, type BusinessCalendar } from '../workflows/domain/business-calendar.js';

export interface FollowUpSettings {
  timeZone: string;
  calendar: BusinessCalendar;
}

/**
 * The company's time zone and business calendar, read by workflows through an activity so that the
 * answer is recorded in history: a calendar published later changes later decisions, never replays.
 */
export function createFollowUpSettingsActivities({ timeZone }: { timeZone: string }) {
  return {
    async followUpSettings(): Promise<FollowUpSettings> {
      return { timeZone, calendar: CHINA_CALENDAR };
    },
  };
}

export type FollowUpSettingsActivities = ReturnType<typeof createFollowUpSettingsActivities>;
