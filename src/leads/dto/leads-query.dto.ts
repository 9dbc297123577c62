import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/paging.js';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LEAD_STATUSES, type LeadStatus } from '../lead.entity.js';

/** Filters of the sales owners' repurchase leads; every filter is optional and they combine with AND. */
export class LeadsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only leads passed to this sales owner (their id, e.g. li.lei)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  salesOwner?: string;

  @ApiPropertyOptional({ enum: LEAD_STATUSES })
  @IsOptional() @IsIn(LEAD_STATUSES)
  status?: LeadStatus;
}
