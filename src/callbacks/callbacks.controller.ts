import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Caller } from '../auth/auth.service.js';
import { CurrentCaller } from '../auth/current-caller.js';
import { Roles } from '../auth/roles.decorator.js';
import { IdempotencyKey } from '../idempotency/idempotency.interceptor.js';
import { CallbackPlanEntryDto } from '../sales/dto/sale-state.dto.js';
import { actingAgent } from './acting-agent.js';
import { CallbacksService } from './callbacks.service.js';
import { CallResultDto, CallResultOutcomeDto, callResultExamples } from './dto/call-result.dto.js';
import { CallbackPageDto } from './dto/callback-view.dto.js';
import { CallbacksQueryDto } from './dto/callbacks-query.dto.js';
import { CALLBACK_ID_PARAM } from './dto/callback-id.param.js';
import { ClaimCallbackDto } from './dto/claim-callback.dto.js';


@ApiTags('callbacks')
@Controller('callbacks')
export class CallbacksController {
  constructor(private readonly callbacks: CallbacksService) {}

  @Get()
  @Roles('agent', 'after_sales_manager')
  @ApiOkResponse({ type: CallbackPageDto, description: 'one page of callbacks, ordered by due time then id' })
  @ApiBadRequestResponse({ description: 'invalid filter; each invalid or unknown parameter is named' })
  list(@Query() query: CallbacksQueryDto): Promise<CallbackPageDto> {
    return this.callbacks.list(query);
  }

  @Post(':callbackId/claim')
  @Roles('agent')
  @HttpCode(HttpStatus.OK)
  @ApiParam(CALLBACK_ID_PARAM)
  @ApiOkResponse({ type: CallbackPlanEntryDto, description: 'the callback, now claimed by the calling agent' })
  @ApiBadRequestResponse({ description: 'invalid body; each invalid field is named' })
  @ApiForbiddenResponse({ description: "agentId names another agent than the token's subject" })
  @ApiNotFoundResponse({ description: 'no such callback or sale' })
  @ApiConflictResponse({ description: 'the callback is not open, is finished, is claimed by another agent, or the follow-up has ended' })
  @ApiUnprocessableEntityResponse({ description: 'the workflow rejected the claim' })
  claim(
    @Param('callbackId') callbackId: string,
    @CurrentCaller() caller: Caller,
    @Body() { agentId }: ClaimCallbackDto,
    @IdempotencyKey() key?: string,
  ): Promise<CallbackPlanEntryDto> {
    return this.callbacks.claim(callbackId, actingAgent(caller, agentId), key);
  }

  @Post(':callbackId/results')
  @Roles('agent')
  @ApiParam(CALLBACK_ID_PARAM)
  @ApiBody({ type: CallResultDto, examples: callResultExamples(), description: 'one body per outcome: pick one in the list; use a new attemptId for each attempt' })
  @ApiCreatedResponse({ type: CallResultOutcomeDto, description: 'the result was recorded; after survey_done the answer shows the class, the score and any case or lead it opened' })
  @ApiOkResponse({ type: CallResultOutcomeDto, description: 'this attempt id was recorded before; nothing was applied again' })
  @ApiBadRequestResponse({ description: "invalid result; each invalid field, and each field the outcome does not use, is named" })
  @ApiForbiddenResponse({ description: "agentId names another agent than the token's subject" })
  @ApiNotFoundResponse({ description: 'no such callback or sale' })
  @ApiConflictResponse({ description: 'the callback is not open, is finished, is claimed by another agent, or the follow-up has ended' })
  @ApiUnprocessableEntityResponse({ description: 'the workflow rejected the result, e.g. a busy customer\'s time in the past' })
  async recordResult(
    @Param('callbackId') callbackId: string,
    @CurrentCaller() caller: Caller,
    @Body() dto: CallResultDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CallResultOutcomeDto> {
    const { created, outcome } = await this.callbacks.recordResult(callbackId, actingAgent(caller, dto.agentId), dto);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return outcome;
  }
}
