import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { addBusinessDays, type BusinessDeadline } from '../../workflows/domain/business-calendar.js';
import type { BusinessCalendarYear } from './business-calendar-year.entity.js';
import { calendarVersion, readCalendar, readCalendarYears, upsertCalendarYears } from './calendar-store.js';
import type { CalendarYearInput } from './calendar-year.js';
import type { CalendarViewDto, CalendarYearView, StoredCalendarYearDto } from './dto/calendar-year.dto.js';

function toView(row: BusinessCalendarYear): CalendarYearView {
  return {
    year: row.year,
    official: row.official,
    holidays: row.holidays,
    workdays: row.workdays,
    source: row.source,
    loadedAt: row.loadedAt.toISOString(),
  };
}

/** The business calendar in the database: read, load a year, check a deadline. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async calendar(): Promise<CalendarViewDto> {
    const rows = await readCalendarYears(this.em.fork());
    return { version: calendarVersion(rows), years: rows.map(toView) };
  }

  /** Adds or replaces one year (source 'api' unless given); an identical year changes nothing, not even the version. */
  async putYear(input: CalendarYearInput): Promise<StoredCalendarYearDto> {
    const [change] = await upsertCalendarYears(this.em, [input], 'api');
    const rows = await readCalendarYears(this.em.fork());
    return { year: toView(change.row), version: calendarVersion(rows), changed: change.change !== 'unchanged' };
  }

  /** The deadline N business days after `from`, by the calendar as it is now, in company time. */
  async businessDays(from: string, days: number): Promise<BusinessDeadline> {
    const calendar = await readCalendar(this.em.fork());
    return addBusinessDays(calendar, from, days, { timeZone: this.config.COMPANY_TIME_ZONE });
  }
}
