import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_KINDS, REPORT_STATUSES, type ReportKind, type ReportStatus } from '../../../workflows/report-types.js';
import type { ReportFigures } from '../report-figures.js';
import { HEADLINE_FIGURES, type HeadlineFigure, type ReportDifference } from '../report.entity.js';
import { ReportFiguresDto } from './report-figures.dto.js';

export class ReportDifferenceDto implements ReportDifference {
  @ApiProperty({ enum: HEADLINE_FIGURES }) figure!: HeadlineFigure;
  @ApiProperty({ type: 'number', nullable: true }) before!: number | null;
  @ApiProperty({ type: 'number', nullable: true }) after!: number | null;
}

/** One stored version of a report with its figures (see src/reports/report-figures.ts for their definitions). */
export interface ReportView {
  reportId: string;
  kind: ReportKind;
  label: string;
  periodStart: string;
  periodEnd: string;
  version: number;
  status: ReportStatus;
  generatedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  archivedAt: string | null;
  previousVersion: number | null;
  differences: ReportDifference[] | null;
  figures: ReportFigures;
}

export class ReportViewDto implements ReportView {
  @ApiProperty({ example: 'monthly-2026-10-v1' }) reportId!: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind!: ReportKind;
  @ApiProperty({ example: '2026-10' }) label!: string;
  @ApiProperty({ example: '2026-10-01' }) periodStart!: string;
  @ApiProperty({ example: '2026-11-01', description: 'exclusive' }) periodEnd!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: 'string', nullable: true }) approvedBy!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) archivedAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) previousVersion!: number | null;
  @ApiPropertyOptional({ type: [ReportDifferenceDto], nullable: true, description: 'headline figures changed since the previous version' })
  differences!: ReportDifferenceDto[] | null;
  @ApiProperty({ type: ReportFiguresDto, description: 'the figures of DOMAIN §5' }) figures!: ReportFiguresDto;
}

/** A stored report in a list: everything but the figures. */
export type ReportSummary = Omit<ReportView, 'figures'>;

export class ReportSummaryDto {
  @ApiProperty() reportId!: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind!: ReportKind;
  @ApiProperty() label!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: 'string', nullable: true }) approvedBy!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) archivedAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) previousVersion!: number | null;
  @ApiPropertyOptional({ type: [ReportDifferenceDto], nullable: true }) differences!: ReportDifferenceDto[] | null;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportSummaryDto] }) items!: ReportSummaryDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

/** On-demand figures for any range, computed now and not stored. */
export class OnDemandFiguresDto {
  @ApiProperty({ example: '2026-10-01' }) start!: string;
  @ApiProperty({ example: '2026-11-01', description: 'exclusive' }) end!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) figures!: ReportFigures;
}
