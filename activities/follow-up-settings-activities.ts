import type { BusinessCalendar } from '../workflows/domain/business-calendar.js';
import type { CallWindow } from '../workflows/domain/call-windows.js';

export interface FollowUpSettings {
  timeZone: string;
  calendar: BusinessCalendar;
  callWindows: CallWindow[];
}

/**
 * The company's time zone, business calendar and call windows, read by workflows through an activity so
 * that the answer is recorded in history: a calendar published later changes later decisions, never replays.
 */
export function createFollowUpSettingsActivities(settings: FollowUpSettings) {
  return {
    async followUpSettings(): Promise<FollowUpSettings> {
      return settings;
    },
  };
}

export type FollowUpSettingsActivities = ReturnType<typeof createFollowUpSettingsActivities>;
