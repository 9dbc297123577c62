import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { BusinessCalendar, CalendarYear } from '../../workflows/domain/business-calendar.js';
import { BusinessCalendarYear } from './business-calendar-year.entity.js';
import { assertValidCalendarYear, sortedDates, type CalendarYearInput } from './calendar-year.js';

/** No year loaded at all: every year counts weekends only. */
export const EMPTY_CALENDAR_VERSION = 'cal-empty';

/**
 * The calendar's version, derived from its rows: the latest load time (UTC, to the millisecond) and the years,
 * e.g. `cal-20261123160000000-2025.2026`. Loads only move the latest time forward (see upsertCalendarYears), so
 * any change gives a new version and nothing else does.
 */
export function calendarVersion(rows: readonly Pick<BusinessCalendarYear, 'year' | 'loadedAt'>[]): string {
  if (rows.length === 0) return EMPTY_CALENDAR_VERSION;
  const latest = Math.max(...rows.map((row) => row.loadedAt.getTime()));
  const stamp = new Date(latest).toISOString().replace(/\D/g, '');
  return `cal-${stamp}-${rows.map((row) => row.year).sort((a, b) => a - b).join('.')}`;
}

export function toBusinessCalendar(rows: readonly BusinessCalendarYear[]): BusinessCalendar {
  const years: Record<number, CalendarYear> = {};
  for (const row of rows) years[row.year] = { official: row.official, holidays: row.holidays, workdays: row.workdays };
  return { version: calendarVersion(rows), years };
}

export async function readCalendarYears(em: EntityManager): Promise<BusinessCalendarYear[]> {
  return em.find(BusinessCalendarYear, {}, { orderBy: { year: 'asc' } });
}

/** The business calendar as it is in the database now. */
export async function readCalendar(em: EntityManager): Promise<BusinessCalendar> {
  return toBusinessCalendar(await readCalendarYears(em));
}

/** For the worker and commands: the calendar as it is in the database now, read on a fresh context. */
export async function loadCalendarFromDatabase(orm: MikroORM): Promise<BusinessCalendar> {
  return readCalendar(orm.em.fork());
}

export interface DateListChange {
  added: string[];
  removed: string[];
}

export interface CalendarYearChange {
  year: number;
  change: 'added' | 'updated' | 'unchanged';
  official: boolean;
  /** Whether the year was official before this load; null for a new year. */
  officialBefore: boolean | null;
  holidays: DateListChange;
  workdays: DateListChange;
  row: BusinessCalendarYear;
}

const diff = (before: readonly string[], after: readonly string[]): DateListChange => ({
  added: after.filter((date) => !before.includes(date)),
  removed: before.filter((date) => !after.includes(date)),
});

/**
 * Loads years into the table: new years are added, changed years replaced, identical years left alone (their
 * version stays). Runs in one transaction that excludes other loads, and stamps the changed years later than
 * any stored year, so that the derived version always moves forward.
 */
export async function upsertCalendarYears(
  em: EntityManager,
  inputs: readonly CalendarYearInput[],
  defaultSource: string,
): Promise<CalendarYearChange[]> {
  return em.fork().transactional(async (tx) => {
    await tx.execute('lock table "business_calendar_year" in exclusive mode');
    const stored = await tx.find(BusinessCalendarYear, {});
    const latest = Math.max(0, ...stored.map((row) => row.loadedAt.getTime()));
    const loadedAt = new Date(Math.max(Date.now(), latest + 1));
    const changes: CalendarYearChange[] = [];
    for (const input of inputs) {
      const source = input.source ?? defaultSource;
      const existing = stored.find((row) => row.year === input.year);
      if (!existing) {
        const row = new BusinessCalendarYear({ ...input, source, loadedAt });
        tx.persist(row);
        changes.push({ year: input.year, change: 'added', official: row.official, officialBefore: null, holidays: diff([], row.holidays), workdays: diff([], row.workdays), row });
        continue;
      }
      const before = { official: existing.official, holidays: existing.holidays, workdays: existing.workdays, source: existing.source };
      assertValidCalendarYear(input);
      const holidays = diff(before.holidays, sortedDates(input.holidays));
      const workdays = diff(before.workdays, sortedDates(input.workdays));
      const same =
        before.official === input.official && before.source === source &&
        [holidays, workdays].every((d) => d.added.length === 0 && d.removed.length === 0);
      if (!same) existing.replace({ ...input, source, loadedAt });
      changes.push({ year: input.year, change: same ? 'unchanged' : 'updated', official: existing.official, officialBefore: before.official, holidays, workdays, row: existing });
    }
    await tx.flush();
    return changes;
  });
}

/** One line per year, for people: what a load changed. */
export function describeChange(change: CalendarYearChange): string {
  const dates = (name: string, d: DateListChange) =>
    [d.added.length ? `${name} +${d.added.join(' +')}` : '', d.removed.length ? `${name} -${d.removed.join(' -')}` : ''].filter(Boolean);
  const status = change.official ? 'official' : 'provisional';
  switch (change.change) {
    case 'added':
      return `${change.year}: added, ${status}, ${change.row.holidays.length} holidays, ${change.row.workdays.length} make-up working days`;
    case 'unchanged':
      return `${change.year}: unchanged`;
    case 'updated': {
      const parts = [
        ...(change.officialBefore !== change.official ? [`now ${status}`] : []),
        ...dates('holidays', change.holidays),
        ...dates('workdays', change.workdays),
      ];
      return `${change.year}: updated${parts.length ? `, ${parts.join(', ')}` : ' (source)'}`;
    }
  }
}
