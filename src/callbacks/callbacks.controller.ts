import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { EXTERNAL_ID } from '../common/ids.js';
import { CallbacksService } from './callbacks.service.js';
import { CallResultDto, CallResultOutcomeDto } from './dto/call-result.dto.js';
import { CallbackPageDto } from './dto/callback-view.dto.js';
import { CallbacksQueryDto } from './dto/callbacks-query.dto.js';
import { ClaimCallbackDto } from './dto/claim-callback.dto.js';

const CALLBACK_ID = {
  name: 'callbackId',
  example: 'S-2026-0001-C1',
  description: '<saleId>-C1, -C2 or -C3',
  schema: { type: 'string', pattern: `${EXTERNAL_ID.source.slice(0, -1)}-C[1-3]$` },
} as const;

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
  @ApiParam(CALLBACK_ID)
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
  @ApiParam(CALLBACK_ID)
  @ApiCreatedResponse({ type: CallResultOutcomeDto, description: 'the result was recorded' })
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
