import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CALL_OUTCOMES, SURVEY_METHODS, type CallAttemptView, type CallOutcome, type SurveyMethod, type SurveyView } from '../../../workflows/call-results.js';
import type { SurveyClass } from '../../../workflows/domain/classification.js';
import { CALLBACK_KINDS, CALLBACK_STATUSES, type CallbackKind, type CallbackPlanEntry, type CallbackStatus, type SaleCancellationReason } from '../../../workflows/callback-types.js';
import {
  CUSTOMER_CATEGORIES,
  FOLLOW_UP_STAGES,
  type CustomerCategory,
  type FollowUpStage,
  type SaleCancellation,
  type SaleFollowUpState,
} from '../../../workflows/sale-types.js';

export class CallbackPlanEntryDto implements CallbackPlanEntry {
  @ApiProperty({ example: 'S-2026-0001-C1' }) callbackId!: string;
  @ApiProperty({ enum: CALLBACK_KINDS }) kind!: CallbackKind;
  @ApiProperty({ example: '2026-12-20', description: 'the date the rule names' }) nominalDate!: string;
  @ApiProperty({ format: 'date-time', description: 'when it enters the agents\' queue (a call window on a working day)' }) dueAt!: string;
  @ApiProperty({ description: 'the sale was reported after this due time' }) late!: boolean;
  @ApiProperty({ enum: CALLBACK_STATUSES }) status!: CallbackStatus;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'agent who has it' }) claimedBy?: string | null;
  @ApiPropertyOptional() attempts?: number;
  @ApiPropertyOptional({ description: 'unanswered calls so far (at most 3)' }) unanswered?: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'time a busy customer chose' }) agreedTime?: string;
  @ApiPropertyOptional({ format: 'date-time' }) questionnaireSentAt?: string;
  @ApiPropertyOptional() questionnaireChased?: boolean;
}

export class CallAttemptViewDto implements CallAttemptView {
  @ApiProperty() attemptId!: string;
  @ApiProperty() callbackId!: string;
  @ApiProperty() agentId!: string;
  @ApiProperty({ enum: CALL_OUTCOMES }) outcome!: CallOutcome;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ format: 'date-time' }) nextTryAt?: string;
}

export class SurveyViewDto implements SurveyView {
  @ApiProperty() attemptId!: string;
  @ApiProperty() callbackId!: string;
  @ApiProperty({ enum: SURVEY_METHODS }) method!: SurveyMethod;
  @ApiProperty({ type: Number, nullable: true, example: 90, description: 'the 100-point score of the overall answer; null when unrated' }) score!: number | null;
  @ApiProperty({
    enum: ['complaint', 'dissatisfied', 'grievance', 'opinion', 'satisfied'],
    description: 'complaint (to the manufacturer, media or a government body), dissatisfied (says so, or below 70), grievance, opinion (80 or more with an opinion) or satisfied',
  })
  classification!: SurveyClass;
  @ApiProperty({ type: String, nullable: true, example: '20261123-PHONE-001', description: 'the feedback case the survey opened; null when it opened none' })
  feedbackCaseNo!: string | null;
  @ApiProperty({ description: "the survey's repurchase intent became a lead for the sale's sales owner" }) leadCreated!: boolean;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class SaleCancellationDto implements SaleCancellation {
  @ApiProperty({ enum: ['return', 'refund'] }) reason!: SaleCancellationReason;
  @ApiPropertyOptional() note?: string;
  @ApiProperty({ format: 'date-time' }) cancelledAt!: string;
}

export class SaleStateDto implements SaleFollowUpState {
  @ApiProperty() saleId!: string;
  @ApiProperty() orderNo!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: CUSTOMER_CATEGORIES }) customerCategory!: CustomerCategory;
  @ApiProperty() productModel!: string;
  @ApiProperty({ example: '2026-11-20' }) deliveredOn!: string;
  @ApiProperty() warrantyMonths!: number;
  @ApiProperty({ enum: FOLLOW_UP_STAGES }) stage!: FollowUpStage;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) registeredAt!: string | null;
  @ApiProperty({ type: [CallbackPlanEntryDto] }) callbacks!: CallbackPlanEntryDto[];
  @ApiProperty({ type: [CallAttemptViewDto] }) attempts!: CallAttemptViewDto[];
  @ApiProperty({ type: [SurveyViewDto] }) surveys!: SurveyViewDto[];
  @ApiProperty({ type: SaleCancellationDto, nullable: true }) cancellation!: SaleCancellationDto | null;
  @ApiProperty({
    enum: ['workflow', 'archive'],
    description: "workflow: the live state, answered by the sale's workflow; archive: read from the records, the workflow having closed and left Temporal's retention",
  })
  source!: 'workflow' | 'archive';
}
