import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';
import { IsInSupportedYears } from '../../common/dates.js';

// An instant names its offset: a bare date or local time would mean a different moment to each reader.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const MAX_BUSINESS_DAYS = 366;

/** A deadline to check: N business days after an instant. */
export class BusinessDaysQueryDto {
  @ApiProperty({ example: '2026-02-13T10:00:00+08:00', description: 'when the count starts, ISO 8601 with Z or an offset (encode + as %2B)' })
  @IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 instant, e.g. 2026-02-13T10:00:00+08:00' })
  @Matches(INSTANT, { message: '$property must be an ISO 8601 instant with a time and Z or an offset, e.g. 2026-02-13T10:00:00+08:00' })
  @IsInSupportedYears()
  from!: string;

  @ApiProperty({ type: 'integer', example: 2, minimum: 0, maximum: MAX_BUSINESS_DAYS })
  @Type(() => Number) @IsInt() @Min(0) @Max(MAX_BUSINESS_DAYS)
  days!: number;
}

export class BusinessDeadlineDto {
  @ApiProperty({ format: 'date-time', example: '2026-02-24T09:30:00.000Z', description: 'the end (17:30 company time) of the last business day' })
  dueAt!: string;
  @ApiProperty({ description: 'true when the count touched a year whose official calendar is not loaded' }) provisional!: boolean;
  @ApiProperty({ example: 'cal-20261123160000000-2025.2026' }) calendarVersion!: string;
}
