import { ApiProperty } from '@nestjs/swagger';
import { FEEDBACK_CASE_CLASSES, FEEDBACK_CHANNELS, FEEDBACK_PRIORITIES, type FeedbackCaseClass, type FeedbackChannel } from '../feedback-case.entity.js';
import type { FeedbackPriority } from '../../../workflows/domain/classification.js';
import {
  CASE_NATURES,
  CASE_SCOPES,
  CASE_STAGES,
  DEPARTMENTS,
  type CaseNature,
  type CaseScope,
  type CaseStage,
  type Department,
} from '../../../workflows/feedback-types.js';

/** One feedback case as the records show it; no names, phones or customer's words. */
export interface FeedbackCaseView {
  caseNo: string;
  saleId: string;
  callbackId: string;
  customerId: string;
  productModel: string;
  channel: FeedbackChannel;
  classification: FeedbackCaseClass;
  priority: FeedbackPriority;
  stage: CaseStage;
  cycle: number;
  department: Department | null;
  ownerId: string | null;
  nature: CaseNature | null;
  scope: CaseScope | null;
  receivedAt: string;
  stageDueAt: string | null;
  overdue: boolean;
  deadlineProvisional: boolean;
  missedDeadlines: number;
  resolution: 'resolved' | null;
  closedAt: string | null;
}

export class FeedbackCaseViewDto implements FeedbackCaseView {
  @ApiProperty({ example: '20261123-PHONE-001' }) caseNo!: string;
  @ApiProperty({ example: 'S-2026-0001' }) saleId!: string;
  @ApiProperty({ example: 'S-2026-0001-C1' }) callbackId!: string;
  @ApiProperty({ example: 'C-1001' }) customerId!: string;
  @ApiProperty({ example: 'XR-200' }) productModel!: string;
  @ApiProperty({ enum: FEEDBACK_CHANNELS }) channel!: FeedbackChannel;
  @ApiProperty({ enum: FEEDBACK_CASE_CLASSES }) classification!: FeedbackCaseClass;
  @ApiProperty({ enum: FEEDBACK_PRIORITIES }) priority!: FeedbackPriority;
  @ApiProperty({ enum: CASE_STAGES }) stage!: CaseStage;
  @ApiProperty({ description: '1, plus one per reprocessing' }) cycle!: number;
  @ApiProperty({ enum: DEPARTMENTS, nullable: true }) department!: Department | null;
  @ApiProperty({ type: String, nullable: true }) ownerId!: string | null;
  @ApiProperty({ enum: CASE_NATURES, nullable: true }) nature!: CaseNature | null;
  @ApiProperty({ enum: CASE_SCOPES, nullable: true }) scope!: CaseScope | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the current stage is due' }) stageDueAt!: string | null;
  @ApiProperty({ description: 'open and past the current stage\'s due time' }) overdue!: boolean;
  @ApiProperty({ description: 'the due time was counted with a calendar year not officially loaded yet' }) deadlineProvisional!: boolean;
  @ApiProperty() missedDeadlines!: number;
  @ApiProperty({ enum: ['resolved'], nullable: true }) resolution!: 'resolved' | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
}

export class FeedbackCasePageDto {
  @ApiProperty({ type: [FeedbackCaseViewDto] }) items!: FeedbackCaseViewDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'cases matching the filters, on all pages' }) total!: number;
}
