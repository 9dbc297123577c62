import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Caller } from '../auth/auth.service.js';
import { CurrentCaller } from '../auth/current-caller.js';
import { Roles } from '../auth/roles.decorator.js';
import { SaleIdParam } from '../sales/dto/sale-id.param.js';
import { CallbacksService } from './callbacks.service.js';
import { CallPageDto, CallsQueryDto, ClaimedCallDto } from './dto/calls.dto.js';

/** The agents' queue as calls: one entry per sale for its open callbacks. */
@ApiTags('callbacks')
@Controller('calls')
export class CallsController {
  constructor(private readonly callbacks: CallbacksService) {}

  @Get()
  @Roles('agent', 'after_sales_manager')
  @ApiOkResponse({
    type: CallPageDto,
    description: 'one page of calls: the due and claimed callbacks matching the filters, grouped by sale; late calls first, then the earliest due',
  })
  @ApiBadRequestResponse({ description: 'invalid filter; each invalid or unknown parameter is named' })
  list(@Query() query: CallsQueryDto): Promise<CallPageDto> {
    return this.callbacks.calls(query);
  }

  @Post(':saleId/claim')
  @Roles('agent')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ClaimedCallDto,
    description: 'every open callback of the sale, each claimed by its own update to the sale\'s workflow, earliest due first; callbacks the agent held already stay theirs; claiming again answers the same',
  })
  @ApiNotFoundResponse({ description: 'no such sale' })
  @ApiConflictResponse({
    description: 'the sale has no callback open for calls, or another agent holds one of them (nothing is claimed then), or the follow-up has ended',
  })
  @ApiUnprocessableEntityResponse({ description: 'the workflow rejected a claim' })
  claim(@Param() { saleId }: SaleIdParam, @CurrentCaller() caller: Caller): Promise<ClaimedCallDto> {
    return this.callbacks.claimCall(saleId, caller.id);
  }
}
