import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-caller.js';
import { Roles } from '../auth/roles.decorator.js';
import { IdempotencyKey } from '../idempotency/idempotency.interceptor.js';
import { CASE_ROLES, type Actor } from '../../workflows/feedback-types.js';
import { AnalysisDto, AssignCaseDto, CompletionDto, RevisitDto, VerificationDto } from './dto/case-actions.dto.js';
import { CaseNoParam } from './dto/case-no.param.js';
import { FeedbackCaseStateDto } from './dto/feedback-case-state.dto.js';
import { FeedbackCasePageDto } from './dto/feedback-case-view.dto.js';
import { FeedbackCasesQueryDto } from './dto/feedback-cases-query.dto.js';
import { FeedbackService } from './feedback.service.js';

/** What every case action declares: who may act (the token's role), the new state, and the workflow's rejections. */
function CaseAction(done: string): MethodDecorator {
  return applyDecorators(
    HttpCode(HttpStatus.OK),
    Roles(...CASE_ROLES),
    ApiOkResponse({ type: FeedbackCaseStateDto, description: `${done}; the case's new state` }),
    ApiBadRequestResponse({ description: 'invalid body; each invalid field is named' }),
    ApiForbiddenResponse({ description: 'the workflow refuses this role or this person at this stage' }),
    ApiNotFoundResponse({ description: 'no such case' }),
    ApiConflictResponse({ description: 'the case is not at this stage, has ended, or the re-visitor handled the case' }),
    ApiUnprocessableEntityResponse({ description: 'the workflow rejected the action, e.g. a high-priority analysis without its 5-Why chain' }),
  );
}

const CASE_READERS = [...CASE_ROLES, 'administrator'] as const;

@ApiTags('feedback cases')
@Controller('feedback-cases')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get()
  @Roles(...CASE_READERS)
  @ApiOkResponse({ type: FeedbackCasePageDto, description: 'one page of feedback cases, newest received first' })
  @ApiBadRequestResponse({ description: 'invalid filter; each invalid or unknown parameter is named' })
  list(@Query() query: FeedbackCasesQueryDto): Promise<FeedbackCasePageDto> {
    return this.feedback.list(query);
  }

  @Get(':caseNo')
  @Roles(...CASE_READERS)
  @ApiOkResponse({ type: FeedbackCaseStateDto, description: 'the live state of the case, answered by its workflow' })
  @ApiNotFoundResponse({ description: 'no such case' })
  getCase(@Param() { caseNo }: CaseNoParam): Promise<FeedbackCaseStateDto> {
    return this.feedback.getState(caseNo);
  }

  @Post(':caseNo/assignment')
  @CaseAction('assigned to the department and owner, who is notified')
  @ApiUnprocessableEntityResponse({
    description: 'the owner is not an active department owner of that department in the staff directory (fields: ownerId), or the workflow rejected the assignment',
  })
  assign(
    @Param() { caseNo }: CaseNoParam,
    @CurrentActor() actor: Actor,
    @Body() dto: AssignCaseDto,
    @IdempotencyKey() key?: string,
  ): Promise<FeedbackCaseStateDto> {
    return this.feedback.assign(caseNo, actor, dto, key);
  }

  @Post(':caseNo/analysis')
  @CaseAction('root cause and plan recorded; the plan is carried out')
  analyse(
    @Param() { caseNo }: CaseNoParam,
    @CurrentActor() actor: Actor,
    @Body() dto: AnalysisDto,
    @IdempotencyKey() key?: string,
  ): Promise<FeedbackCaseStateDto> {
    return this.feedback.submitAnalysis(caseNo, actor, dto, key);
  }

  @Post(':caseNo/completion')
  @CaseAction('the plan is reported done; the case waits for verification')
  complete(
    @Param() { caseNo }: CaseNoParam,
    @CurrentActor() actor: Actor,
    @Body() dto: CompletionDto,
    @IdempotencyKey() key?: string,
  ): Promise<FeedbackCaseStateDto> {
    return this.feedback.reportDone(caseNo, actor, dto, key);
  }

  @Post(':caseNo/verification')
  @CaseAction('verified: effective goes to the re-visit, not effective back to the owner')
  verify(
    @Param() { caseNo }: CaseNoParam,
    @CurrentActor() actor: Actor,
    @Body() dto: VerificationDto,
    @IdempotencyKey() key?: string,
  ): Promise<FeedbackCaseStateDto> {
    return this.feedback.verify(caseNo, actor, dto, key);
  }

  @Post(':caseNo/revisit')
  @CaseAction('re-visit recorded: satisfied closes the case, unhappy reprocesses it one priority up')
  revisit(
    @Param() { caseNo }: CaseNoParam,
    @CurrentActor() actor: Actor,
    @Body() dto: RevisitDto,
    @IdempotencyKey() key?: string,
  ): Promise<FeedbackCaseStateDto> {
    return this.feedback.recordRevisit(caseNo, actor, dto, key);
  }
}
