import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsInSupportedYears } from '../../common/dates.js';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE } from '../../common/ids.js';
import { PageQueryDto } from '../../common/paging.js';
import { CONTACT_ACCESS_PURPOSES, type ContactAccessPurpose } from '../contact-access.entity.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Filters of the contact access log; every filter is optional and they combine with AND. */
export class ContactAccessQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only reads by this person (their id, e.g. A-1001)' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  person?: string;

  @ApiPropertyOptional({ description: "only reads of this customer's contact (the customer id)", pattern: EXTERNAL_ID.source })
  @IsOptional() @Matches(EXTERNAL_ID, { message: EXTERNAL_ID_MESSAGE })
  customer?: string;

  @ApiPropertyOptional({ format: 'date', description: 'only reads on or after this company-time date, YYYY-MM-DD' })
  @IsOptional() @Matches(DATE, { message: '$property must be a date YYYY-MM-DD' }) @IsInSupportedYears()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'only reads on or before this company-time date, YYYY-MM-DD' })
  @IsOptional() @Matches(DATE, { message: '$property must be a date YYYY-MM-DD' }) @IsInSupportedYears()
  to?: string;

  @ApiPropertyOptional({ enum: CONTACT_ACCESS_PURPOSES })
  @IsOptional() @IsIn(CONTACT_ACCESS_PURPOSES)
  purpose?: ContactAccessPurpose;
}
