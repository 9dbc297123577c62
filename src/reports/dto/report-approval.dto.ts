import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsOmittable } from '../../common/validation.js';
import { REPORT_KINDS, REPORT_STATUSES, type ReportKind, type ReportPeriodRef, type ReportState } from '../../../workflows/report-types.js';

export class ReportApprovalDto {
  @ApiPropertyOptional({ example: 'figures checked with quality' })
  @IsOmittable() @IsString() @MaxLength(1000)
  note?: string;
}

export class ReportPeriodDto implements ReportPeriodRef {
  @ApiProperty({ enum: REPORT_KINDS }) kind!: ReportKind;
  @ApiProperty({ example: '2026-10' }) label!: string;
  @ApiProperty({ example: '2026-10-01' }) start!: string;
  @ApiProperty({ example: '2026-11-01', description: 'exclusive' }) end!: string;
}

/** The report's workflow after the approval. */
export class ReportStateDto implements ReportState {
  @ApiProperty({ type: 'string', nullable: true, example: 'monthly-2026-10-v1' }) reportId!: string | null;
  @ApiProperty({ type: ReportPeriodDto }) period!: ReportPeriodDto;
  @ApiProperty({ type: 'integer', nullable: true }) version!: number | null;
  @ApiProperty({ enum: [...REPORT_STATUSES, 'computing'] }) status!: ReportState['status'];
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) generatedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) approvalDueAt!: string;
  @ApiProperty({ type: 'integer', description: 'daily reminders sent so far' }) reminders!: number;
  @ApiProperty({ type: 'integer', description: 'new versions this run stored because surveys arrived after the figures were read' })
  restatements!: number;
  @ApiProperty({ type: 'string', nullable: true }) approvedBy!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) approvedAt!: string | null;
}
