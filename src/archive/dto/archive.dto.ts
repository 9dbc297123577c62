import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE } from '../../common/ids.js';
import { PageQueryDto } from '../../common/paging.js';
import { SURVEY_CLASSES } from '../../callbacks/survey-record.entity.js';
import { CASE_EVENT_TYPES, type CaseEventType } from '../../feedback/case-event.entity.js';
import { CORRECTIVE_ACTION_KINDS, type CorrectiveActionKind } from '../../feedback/corrective-action.entity.js';
import { FEEDBACK_CASE_CLASSES, FEEDBACK_PRIORITIES, type FeedbackCaseClass } from '../../feedback/feedback-case.entity.js';
import { SURVEY_METHODS, type SurveyMethod } from '../../../workflows/call-results.js';
import type { FeedbackPriority, SurveyClass } from '../../../workflows/domain/classification.js';
import { CASE_ROLES, CASE_STAGES, DEPARTMENTS, type CaseRole, type CaseStage, type Department } from '../../../workflows/feedback-types.js';
import { CUSTOMER_CATEGORIES, type CustomerCategory } from '../../../workflows/sale-types.js';

export class CustomerIdParam {
  @ApiProperty({ example: 'C-1001', pattern: EXTERNAL_ID.source })
  @Matches(EXTERNAL_ID, { message: EXTERNAL_ID_MESSAGE })
  customerId!: string;
}

/** The customer's segment, without names or contacts. */
export class ArchiveCustomerDto {
  @ApiProperty({ example: 'C-1001' }) id!: string;
  @ApiProperty({ enum: CUSTOMER_CATEGORIES }) category!: CustomerCategory;
  @ApiProperty() keyAccount!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '华东' }) region!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'healthcare' }) industry!: string | null;
}

export class ArchiveSurveyDto {
  @ApiProperty() callbackId!: string;
  @ApiProperty() saleId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ enum: SURVEY_METHODS }) method!: SurveyMethod;
  @ApiProperty({ type: Number, nullable: true, description: '100-point score; null when unrated' }) score!: number | null;
  @ApiProperty({ enum: SURVEY_CLASSES }) classification!: SurveyClass;
  @ApiProperty({ type: String, nullable: true, description: "the customer's own words" }) opinions!: string | null;
  @ApiProperty({ type: [String] }) problems!: string[];
}

export class ArchiveCaseEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ enum: CASE_EVENT_TYPES }) type!: CaseEventType;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() cycle!: number;
  @ApiProperty({ type: String, nullable: true }) actorId!: string | null;
  @ApiProperty({ enum: CASE_ROLES, nullable: true }) actorRole!: CaseRole | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) details!: Record<string, unknown> | null;
}

export class ArchiveCorrectiveActionDto {
  @ApiProperty({ example: '20261123-PHONE-001:1:short_term:0' }) id!: string;
  @ApiProperty() cycle!: number;
  @ApiProperty({ enum: CORRECTIVE_ACTION_KINDS }) kind!: CorrectiveActionKind;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
}

export class ArchiveCaseDto {
  @ApiProperty({ example: '20261123-PHONE-001' }) caseNo!: string;
  @ApiProperty({ enum: CASE_STAGES }) stage!: CaseStage;
  @ApiProperty({ enum: FEEDBACK_PRIORITIES }) priority!: FeedbackPriority;
  @ApiProperty({ enum: FEEDBACK_CASE_CLASSES }) classification!: FeedbackCaseClass;
  @ApiProperty({ enum: DEPARTMENTS, nullable: true }) department!: Department | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ enum: ['resolved'], nullable: true }) resolution!: 'resolved' | null;
  @ApiProperty({ type: [ArchiveCaseEventDto], description: 'the timeline, in order' }) timeline!: ArchiveCaseEventDto[];
  @ApiProperty({ type: [ArchiveCorrectiveActionDto] }) correctiveActions!: ArchiveCorrectiveActionDto[];
}

/** Everything kept for one customer (资料归档): survey records, feedback cases with their timelines and corrective actions. */
export class CustomerArchiveDto {
  @ApiProperty({ type: ArchiveCustomerDto }) customer!: ArchiveCustomerDto;
  @ApiProperty({ type: [ArchiveSurveyDto], description: 'oldest first' }) surveys!: ArchiveSurveyDto[];
  @ApiProperty({ type: [ArchiveCaseDto], description: 'oldest first' }) cases!: ArchiveCaseDto[];
}

export class ArchiveQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CUSTOMER_CATEGORIES, description: 'only customers of this category' })
  @IsOptional() @IsIn(CUSTOMER_CATEGORIES)
  customerCategory?: CustomerCategory;
}

export class ArchiveEntryDto extends ArchiveCustomerDto {
  @ApiProperty({ description: 'survey records kept for the customer' }) surveys!: number;
  @ApiProperty({ description: 'feedback cases kept for the customer' }) cases!: number;
}

export class ArchivePageDto {
  @ApiProperty({ type: [ArchiveEntryDto] }) items!: ArchiveEntryDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'customers matching the filter, on all pages' }) total!: number;
}
