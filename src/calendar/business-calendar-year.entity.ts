import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { assertValidCalendarYear, sortedDates, type CalendarYearInput } from './calendar-year.js';

/**
 * One year of the business calendar (工作日历): its public holidays and make-up working days (调休). A year without a
 * row counts weekends only and is provisional, as is a row that is not the official notice. Workflows record the
 * calendar's version with every deadline, so an edit changes later deadlines and never recorded ones.
 */
@Entity({ tableName: 'business_calendar_year' })
export class BusinessCalendarYear {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  year: number;

  @Property({ type: 'boolean' })
  official: boolean;

  /** YYYY-MM-DD, sorted. */
  @Property({ type: 'json' })
  holidays: string[];

  /** YYYY-MM-DD, sorted; each a Saturday or Sunday. */
  @Property({ type: 'json' })
  workdays: string[];

  /** Where the data came from: '国务院办公厅 2026 notice', 'file', 'api'. */
  @Property({ type: 'string', length: 200 })
  source: string;

  /** When this year was last loaded; the calendar's version is derived from the latest. */
  @Property({ type: 'datetime' })
  loadedAt: Date;

  constructor(props: CalendarYearInput & { source: string; loadedAt: Date }) {
    assertValidCalendarYear(props);
    this.year = props.year;
    this.official = props.official;
    this.holidays = sortedDates(props.holidays);
    this.workdays = sortedDates(props.workdays);
    this.source = props.source;
    this.loadedAt = props.loadedAt;
  }

  /** Replaces the year's data, checked as a new year would be. */
  replace(props: Omit<CalendarYearInput, 'year'> & { source: string; loadedAt: Date }): void {
    assertValidCalendarYear({ ...props, year: this.year });
    this.official = props.official;
    this.holidays = sortedDates(props.holidays);
    this.workdays = sortedDates(props.workdays);
    this.source = props.source;
    this.loadedAt = props.loadedAt;
  }
}
