import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ReportApprovalDto {
  @ApiPropertyOptional({ example: 'figures checked with quality' })
  @IsOptional() @IsString() @MaxLength(1000)
  note?: string;
}
