// When a sale's three callbacks (回访) are due: 30 days, 3 calendar months and the warranty
// length after delivery, each moved forward into the next call window on a working day.

import type { BusinessCalendar } from './business-calendar.js';
import { CALL_WINDOWS, nextCallWindowStart, type CallWindow } from './call-windows.js';
import { type Instant, type LocalDate, addCalendarMonths, addDays, atCompanyTime, parseInstant } from './company-time.js';

export type CallbackKind = 'first_30_days' | 'second_3_months' | 'warranty_expiry';

export const DEFAULT_WARRANTY_MONTHS = 12;

export interface PlannedCallback {
  kind: CallbackKind;
  /** The local date the rule names (delivery + 30 days, + 3 months, + warranty). */
  nominalDate: LocalDate;
  /** ISO 8601, UTC: the start of a call window, or a moment inside one for a late callback. */
  dueAt: string;
  /** The sale was recorded after this callback's due time, so it is due at once. */
  late: boolean;
}

export interface CallbackPlanInput {
  /** Local delivery date, YYYY-MM-DD. */
  deliveredOn: LocalDate;
  warrantyMonths?: number;
  timeZone: string;
  calendar: BusinessCalendar;
  now: Instant;
  callWindows?: readonly CallWindow[];
}

export function planCallbacks(input: CallbackPlanInput): PlannedCallback[] {
  const { deliveredOn, warrantyMonths = DEFAULT_WARRANTY_MONTHS, timeZone, calendar, now, callWindows = CALL_WINDOWS } = input;
  if (!Number.isInteger(warrantyMonths) || warrantyMonths < 1) {
    throw new Error(`Warranty length must be a whole number of months, 1 or more, got ${warrantyMonths}`);
  }
  const nowMs = parseInstant(now).getTime();
  const nominal: ReadonlyArray<[CallbackKind, LocalDate]> = [
    ['first_30_days', addDays(deliveredOn, 30)],
    ['second_3_months', addCalendarMonths(deliveredOn, 3)],
    ['warranty_expiry', addCalendarMonths(deliveredOn, warrantyMonths)],
  ];
  return nominal.map(([kind, nominalDate]) => {
    const dueAt = nextCallWindowStart(calendar, atCompanyTime(nominalDate, 0, timeZone), timeZone, callWindows);
    if (nowMs > parseInstant(dueAt).getTime()) {
      return { kind, nominalDate, dueAt: nextCallWindowStart(calendar, now, timeZone, callWindows), late: true };
    }
    return { kind, nominalDate, dueAt, late: false };
  });
}

/**
 * For the moment a due time arrives: the calendar may have changed since the callback was planned
 * (a year's official holidays published later), so the due time is checked against it again.
 */
export function recheckDueAt(
  calendar: BusinessCalendar,
  dueAt: Instant,
  timeZone: string,
  callWindows: readonly CallWindow[] = CALL_WINDOWS,
): string {
  return nextCallWindowStart(calendar, dueAt, timeZone, callWindows);
}
