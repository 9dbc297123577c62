import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FEEDBACK_CASE_CLASSES, FEEDBACK_PRIORITIES, type FeedbackCaseClass } from '../feedback-case.entity.js';
import { CASE_EVENT_TYPES, type CaseEventType } from '../case-event.entity.js';
import type { FeedbackPriority } from '../../../workflows/domain/classification.js';
import {
  CASE_NATURES,
  CASE_ROLES,
  CASE_SCOPES,
  CASE_STAGES,
  DEPARTMENTS,
  type Actor,
  type AnalysisRequest,
  type CaseEvent,
  type CaseNature,
  type CaseRole,
  type CaseScope,
  type CaseStage,
  type Department,
  type FeedbackCaseState,
  type StageDeadline,
} from '../../../workflows/feedback-types.js';
import { MeasureDto } from './case-actions.dto.js';

export class ActorDto implements Actor {
  @ApiProperty({ example: 'chen.jing' }) id!: string;
  @ApiProperty({ enum: CASE_ROLES }) role!: CaseRole;
}

export class CaseAnalysisDto implements Omit<AnalysisRequest, 'actor'> {
  @ApiProperty({ type: [String] }) whyChain!: string[];
  @ApiProperty() rootCause!: string;
  @ApiProperty({ type: [MeasureDto] }) shortTermMeasures!: MeasureDto[];
  @ApiProperty({ type: [MeasureDto] }) longTermMeasures!: MeasureDto[];
  @ApiProperty() technicianVisit!: boolean;
}

export class StageDeadlineDto implements StageDeadline {
  @ApiProperty() cycle!: number;
  @ApiProperty({ enum: CASE_STAGES }) stage!: CaseStage;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time', description: 'when the owner is warned' }) warnAt!: string;
  @ApiProperty({ description: 'the business calendar the deadline was counted with' }) calendarVersion!: string;
  @ApiProperty({ description: 'counted into a year whose official calendar was not loaded yet' }) provisional!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) metAt!: string | null;
  @ApiProperty() missed!: boolean;
}

export class CaseEventDto implements CaseEvent {
  @ApiProperty({ example: '20261123-PHONE-001:1' }) eventId!: string;
  @ApiProperty({ enum: CASE_EVENT_TYPES }) type!: CaseEventType;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() cycle!: number;
  @ApiPropertyOptional({ type: ActorDto }) actor?: ActorDto;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) details?: Record<string, unknown>;
}

/** The live state of a feedback case, answered by its workflow. */
export class CaseSuggestionDto {
  @ApiProperty({ enum: CASE_NATURES }) nature!: CaseNature;
  @ApiProperty({ enum: DEPARTMENTS }) department!: Department;
  @ApiProperty({ enum: ['single'] }) scope!: 'single';
}

export class FeedbackCaseStateDto implements FeedbackCaseState {
  @ApiProperty({ example: '20261123-PHONE-001' }) caseNo!: string;
  @ApiProperty({ enum: CASE_STAGES }) stage!: CaseStage;
  @ApiProperty({ description: '1, plus one per reprocessing' }) cycle!: number;
  @ApiProperty({ enum: FEEDBACK_PRIORITIES }) priority!: FeedbackPriority;
  @ApiProperty({ enum: FEEDBACK_CASE_CLASSES }) classification!: FeedbackCaseClass;
  @ApiProperty() saleId!: string;
  @ApiProperty() callbackId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ enum: DEPARTMENTS, nullable: true }) department!: Department | null;
  @ApiProperty({ type: String, nullable: true }) ownerId!: string | null;
  @ApiProperty({ enum: CASE_NATURES, nullable: true }) nature!: CaseNature | null;
  @ApiProperty({ enum: CASE_SCOPES, nullable: true }) scope!: CaseScope | null;
  @ApiProperty({ type: CaseSuggestionDto, nullable: true, description: "where the survey's worst-rated dimension points" })
  suggestion!: CaseSuggestionDto | null;
  @ApiProperty({ type: CaseAnalysisDto, nullable: true }) analysis!: CaseAnalysisDto | null;
  @ApiProperty({ type: [String], description: 'everyone who handled the case: none of them may re-visit the customer' }) handlers!: string[];
  @ApiProperty({ type: [StageDeadlineDto] }) deadlines!: StageDeadlineDto[];
  @ApiProperty() missedDeadlines!: number;
  @ApiProperty({ enum: ['resolved'], nullable: true }) resolution!: 'resolved' | null;
  @ApiProperty({ type: [CaseEventDto] }) events!: CaseEventDto[];
  @ApiProperty({
    enum: ['workflow', 'archive'],
    description: "workflow: the live state, answered by the case's workflow; archive: read from the records, the workflow having closed and left Temporal's retention",
  })
  source!: 'workflow' | 'archive';
}
