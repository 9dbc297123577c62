import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { isWeekend } from '../../../workflows/domain/company-time.js';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from '../calendar-year.js';
import { IsOmittable } from '../../common/validation.js';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The dates of a well-formed list in the calendar's years; the list's own checks (and the path's year) report the others. */
const datesOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter(
        (date): date is string =>
          typeof date === 'string' && LOCAL_DATE.test(date) && !Number.isNaN(Date.parse(date)) && Number(date.slice(0, 4)) >= MIN_CALENDAR_YEAR,
      )
    : [];

/** Make-up working days (调休) are Saturdays or Sundays; a weekday is a working day anyway. */
function AreWeekendDays(): PropertyDecorator {
  const weekdays = (value: unknown) => datesOf(value).filter((date) => !isWeekend(date));
  return (target, propertyName) =>
    registerDecorator({
      name: 'areWeekendDays',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => weekdays(value).length === 0,
        defaultMessage: (args: ValidationArguments) =>
          `$property must be Saturdays or Sundays (make-up working days); ${weekdays(args.value)
            .map((date) => `${date} is a ${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}`)
            .join(', ')}`,
      },
    });
}

/** No day is both a holiday and a make-up working day. */
function IsDisjointFrom(other: string): PropertyDecorator {
  const overlap = (args: ValidationArguments) => {
    const others = datesOf((args.object as Record<string, unknown>)[other]);
    return datesOf(args.value).filter((date) => others.includes(date));
  };
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDisjointFrom',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [other],
      validator: {
        validate: (_value: unknown, args: ValidationArguments) => overlap(args).length === 0,
        defaultMessage: (args: ValidationArguments) => `$property and ${other} must not share a day; both list ${overlap(args).join(', ')}`,
      },
    });
}

export class CalendarYearParam {
  @ApiProperty({ type: 'integer', example: 2027, minimum: MIN_CALENDAR_YEAR, maximum: MAX_CALENDAR_YEAR })
  @Type(() => Number) @IsInt() @Min(MIN_CALENDAR_YEAR) @Max(MAX_CALENDAR_YEAR)
  year!: number;
}

/** One year of the calendar as it is loaded; every date must lie in the year of the path. */
export class CalendarYearBodyDto {
  @ApiProperty({ description: 'true for the officially published notice (国务院办公厅放假安排); false keeps the year provisional' })
  @IsBoolean()
  official!: boolean;

  @ApiProperty({ type: [String], example: ['2027-01-01'], description: 'public holidays, YYYY-MM-DD, weekend days of a holiday period included' })
  @IsArray() @ArrayMaxSize(366)
  @IsISO8601({ strict: true, strictSeparator: true }, { each: true, message: '$property must hold existing dates YYYY-MM-DD' })
  @Matches(LOCAL_DATE, { each: true, message: '$property must hold dates YYYY-MM-DD' })
  holidays!: string[];

  @ApiProperty({ type: [String], example: ['2027-02-20'], description: 'make-up working days (调休): Saturdays or Sundays that are worked, YYYY-MM-DD' })
  @IsArray() @ArrayMaxSize(366)
  @IsISO8601({ strict: true, strictSeparator: true }, { each: true, message: '$property must hold existing dates YYYY-MM-DD' })
  @Matches(LOCAL_DATE, { each: true, message: '$property must hold dates YYYY-MM-DD' })
  @AreWeekendDays() @IsDisjointFrom('holidays')
  workdays!: string[];

  @ApiPropertyOptional({ example: '国务院办公厅 2027 notice', description: "where the data comes from; 'api' when left out" })
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(200)
  source?: string;
}

export interface CalendarYearView {
  year: number;
  official: boolean;
  holidays: string[];
  workdays: string[];
  source: string;
  loadedAt: string;
}

export class CalendarYearViewDto implements CalendarYearView {
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ description: 'false: a draft, counted as provisional like a year that is not loaded' }) official!: boolean;
  @ApiProperty({ type: [String], example: ['2026-01-01'] }) holidays!: string[];
  @ApiProperty({ type: [String], example: ['2026-01-04'] }) workdays!: string[];
  @ApiProperty({ example: '国务院办公厅 2026 notice' }) source!: string;
  @ApiProperty({ format: 'date-time' }) loadedAt!: string;
}

export class CalendarViewDto {
  @ApiProperty({ example: 'cal-20261123160000000-2025.2026', description: 'changes whenever any year changes; deadlines record it' })
  version!: string;
  @ApiProperty({ type: [CalendarYearViewDto], description: 'the loaded years; any other year counts weekends only and is provisional' })
  years!: CalendarYearViewDto[];
}

export class StoredCalendarYearDto {
  @ApiProperty({ type: CalendarYearViewDto }) year!: CalendarYearViewDto;
  @ApiProperty({ description: 'the calendar version from now on' }) version!: string;
  @ApiProperty({ description: 'false when the year was already stored exactly so; the version is then unchanged' }) changed!: boolean;
}
