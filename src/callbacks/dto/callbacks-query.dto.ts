import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/paging.js';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CALLBACK_STATUSES, type CallbackStatus } from '../../../workflows/callback-types.js';
import { CUSTOMER_CATEGORIES, type CustomerCategory } from '../../../workflows/sale-types.js';
import { IsInSupportedYears } from '../../common/dates.js';

// An instant names its offset: a bare date or local time would mean a different moment to each agent.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `status=due,claimed` and `status=due&status=claimed` both mean "due or claimed". */
export function toList(value: unknown): unknown {
  if (value === undefined) return undefined;
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.flatMap((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [v]));
}

/** Filters of the agents' callback queue; every filter is optional and they combine with AND. */
export class CallbacksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: CALLBACK_STATUSES,
    isArray: true,
    description: 'one or more statuses, as a comma list (status=due,claimed) or a repeated parameter (status=due&status=claimed)',
  })
  @IsOptional()
  @Transform(({ value }) => toList(value))
  @ArrayNotEmpty()
  @IsIn(CALLBACK_STATUSES, { each: true })
  status?: CallbackStatus[];

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'only callbacks due strictly before this ISO 8601 instant, with Z or an offset (encode + as %2B), e.g. 2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 instant, e.g. 2026-12-01T00:00:00Z' })
  @Matches(INSTANT, { message: '$property must be an ISO 8601 instant with a time and Z or an offset, e.g. 2026-12-01T00:00:00Z' })
  @IsInSupportedYears()
  dueBefore?: string;

  @ApiPropertyOptional({ description: 'only callbacks claimed by this agent (their id, e.g. A-1001)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  agent?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_CATEGORIES })
  @IsOptional() @IsIn(CUSTOMER_CATEGORIES)
  customerCategory?: CustomerCategory;
}
