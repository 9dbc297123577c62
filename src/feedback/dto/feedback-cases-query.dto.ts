import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { ACTOR_ID } from '../../auth/roles.js';
import { PageQueryDto } from '../../common/paging.js';
import { queryBoolean } from '../../common/validation.js';
import { FEEDBACK_CASE_CLASSES, FEEDBACK_PRIORITIES, type FeedbackCaseClass } from '../feedback-case.entity.js';
import type { FeedbackPriority } from '../../../workflows/domain/classification.js';
import { CASE_STAGES, DEPARTMENTS, type CaseStage, type Department } from '../../../workflows/feedback-types.js';

/** Filters of the feedback case list; every filter is optional and they combine with AND. */
export class FeedbackCasesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CASE_STAGES })
  @IsOptional() @IsIn(CASE_STAGES)
  stage?: CaseStage;

  @ApiPropertyOptional({ enum: FEEDBACK_PRIORITIES })
  @IsOptional() @IsIn(FEEDBACK_PRIORITIES)
  priority?: FeedbackPriority;

  @ApiPropertyOptional({ enum: DEPARTMENTS, description: 'the responsible department, once assigned' })
  @IsOptional() @IsIn(DEPARTMENTS)
  department?: Department;

  @ApiPropertyOptional({ type: Boolean, description: 'true: open cases whose current stage is past due; false: every other case' })
  @IsOptional() @Transform(queryBoolean) @IsBoolean({ message: '$property must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: "the owner's id: a department owner's own cases" })
  @IsOptional() @Matches(ACTOR_ID, { message: '$property must be a person id such as owner.liu' })
  ownerId?: string;

  @ApiPropertyOptional({ enum: FEEDBACK_CASE_CLASSES, description: 'what opened the case, e.g. complaint: a complaint to the manufacturer, media or a government body' })
  @IsOptional() @IsIn(FEEDBACK_CASE_CLASSES)
  classification?: FeedbackCaseClass;

  @ApiPropertyOptional({ type: Boolean, description: 'true: cases that missed at least one deadline (escalated); false: cases that missed none' })
  @IsOptional() @Transform(queryBoolean) @IsBoolean({ message: '$property must be true or false' })
  escalated?: boolean;
}
