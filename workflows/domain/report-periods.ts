// Report periods: the month or quarter before a scheduled run, the six before it for the trend, and the due date.
import { addCalendarMonths, toCompanyTime, atCompanyTime, type Instant } from './company-time.js';
import type { ReportKind, ReportPeriodRef } from '../report-types.js';

const monthsOf = (kind: ReportKind): number => (kind === 'monthly' ? 1 : 3);

function label(kind: ReportKind, start: string): string {
  const [year, month] = start.split('-').map(Number) as [number, number];
  return kind === 'monthly' ? start.slice(0, 7) : `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The period that starts on `start` (the first day of a month, or of a quarter). */
export function periodStarting(kind: ReportKind, start: string): ReportPeriodRef {
  return { kind, label: label(kind, start), start, end: addCalendarMonths(start, monthsOf(kind)) };
}

/** The whole month or quarter before `at` in company time: what a run on the 1st reports on. */
export function periodBefore(kind: ReportKind, at: Instant, timeZone: string): ReportPeriodRef {
  const today = toCompanyTime(at, timeZone).date;
  const [year, month] = today.split('-').map(Number) as [number, number];
  const firstMonthOfCurrent = kind === 'monthly' ? month : Math.floor((month - 1) / 3) * 3 + 1;
  const currentStart = `${year}-${String(firstMonthOfCurrent).padStart(2, '0')}-01`;
  return periodStarting(kind, addCalendarMonths(currentStart, -monthsOf(kind)));
}

/** The `count` periods before `period`, oldest first, for the trend. */
export function previousPeriods(period: ReportPeriodRef, count = 6): ReportPeriodRef[] {
  return Array.from({ length: count }, (_, i) =>
    periodStarting(period.kind, addCalendarMonths(period.start, -monthsOf(period.kind) * (count - i))),
  );
}

/** Approval due [001]: monthly by the 5th of the next month, quarterly by the 10th of the next quarter's first month; 17:30. */
export function approvalDueAt(period: ReportPeriodRef, timeZone: string): string {
  const day = period.kind === 'monthly' ? '05' : '10';
  return atCompanyTime(`${period.end.slice(0, 8)}${day}`, 17 * 60 + 30, timeZone).toISOString();
}
