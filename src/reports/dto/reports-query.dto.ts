import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../common/paging.js';
import { REPORT_KINDS, type ReportKind } from '../../../workflows/report-types.js';
import { IsInSupportedYears } from '../../common/dates.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `GET /reports`: either on-demand figures for `start`..`end`, or the stored reports (optionally of one kind). */
export class ReportsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'first company-time date of an on-demand range (with end), e.g. 2026-10-01' })
  @IsOptional() @Matches(DATE, { message: 'start must be a date YYYY-MM-DD' }) @IsInSupportedYears()
  start?: string;

  @ApiPropertyOptional({ format: 'date', description: 'the day after the last date of an on-demand range (exclusive), e.g. 2026-11-01' })
  @IsOptional() @Matches(DATE, { message: 'end must be a date YYYY-MM-DD' }) @IsInSupportedYears()
  end?: string;

  @ApiPropertyOptional({ enum: REPORT_KINDS, description: 'list only stored reports of this kind' })
  @IsOptional() @IsIn(REPORT_KINDS)
  kind?: ReportKind;
}

/** `GET /reports/:kind/:label`: an older version instead of the latest. */
export class ReportVersionQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the version to show; the latest when absent' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  version?: number;
}
