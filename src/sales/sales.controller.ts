import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { SaleCancellationAcceptedDto, SaleCancellationRequestDto } from './dto/sale-cancellation.dto.js';
import { SaleCorrectedDto, SaleCorrectionDto, SaleDeliveryAcceptedDto, SaleDeliveryDto } from './dto/sale-delivery.dto.js';
import type { Caller } from '../auth/auth.service.js';
import { CurrentCaller } from '../auth/current-caller.js';
import { SaleStateDto } from './dto/sale-state.dto.js';
import { SalesService } from './sales.service.js';
import { Roles } from '../auth/roles.decorator.js';
import { STAFF_ROLES } from '../auth/roles.js';
import { SaleIdParam } from './dto/sale-id.param.js';

@ApiTags('sales')
@Controller('sales')
export class SalesController {
  constructor(private readonly sales: SalesService) {}

  @Post()
  @Roles('sales_system')
  @ApiCreatedResponse({ type: SaleDeliveryAcceptedDto, description: 'follow-up started' })
  @ApiOkResponse({ type: SaleDeliveryAcceptedDto, description: 'sale already delivered; nothing new started' })
  @ApiBadRequestResponse({ description: 'invalid delivery, or a delivery date in the future or beyond the horizon; each invalid field is named' })
  @ApiConflictResponse({ description: 'this sale was delivered before with other content: `fields` names each differing field; correct it with PATCH /sales/{saleId}' })
  async deliver(
    @Body() dto: SaleDeliveryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SaleDeliveryAcceptedDto> {
    const outcome = await this.sales.deliver(dto);
    res.status(outcome.created ? HttpStatus.CREATED : HttpStatus.OK);
    const { starting, ...answer } = outcome;
    const message = outcome.created
      ? `follow-up of sale ${outcome.saleId} started`
      : starting
        ? `sale ${outcome.saleId} was delivered moments ago; its follow-up ${outcome.workflowId} is starting, nothing new started`
        : `sale ${outcome.saleId} was already delivered; its follow-up ${outcome.workflowId} continues, nothing new started`;
    return { ...answer, message };
  }

  @Get(':saleId')
  @Roles('sales_system', ...STAFF_ROLES)
  @ApiOkResponse({ type: SaleStateDto, description: 'the live state from the sale\'s workflow (`source: workflow`), or from the records once Temporal has forgotten it (`source: archive`)' })
  @ApiNotFoundResponse({ description: 'no such sale' })
  getSale(@Param() { saleId }: SaleIdParam): Promise<SaleStateDto> {
    return this.sales.getState(saleId);
  }

  @Patch(':saleId')
  @Roles('sales_system')
  @ApiOkResponse({ type: SaleCorrectedDto, description: "the correction is recorded in the sale's history; callbacks not yet opened follow a new delivery date or warranty length" })
  @ApiBadRequestResponse({ description: 'no field to correct, or an invalid one (a delivery date in the future or beyond the horizon); each is named' })
  @ApiNotFoundResponse({ description: 'no such sale' })
  async correct(@Param() { saleId }: SaleIdParam, @CurrentCaller() caller: Caller, @Body() dto: SaleCorrectionDto): Promise<SaleCorrectedDto> {
    const { revision, changed, replanned } = await this.sales.correct(saleId, dto, caller.id);
    const message =
      changed.length === 0
        ? `sale ${saleId} already has these values; nothing changed`
        : `sale ${saleId} corrected (${changed.join(', ')})${replanned.length ? `; callbacks ${replanned.join(', ')} moved` : ''}`;
    return { saleId, revision, changed, replanned, message };
  }

  @Post(':saleId/cancellation')
  @Roles('sales_system')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: SaleCancellationAcceptedDto, description: 'the follow-up ends; open callbacks are cancelled' })
  @ApiNotFoundResponse({ description: 'no such sale' })
  @ApiConflictResponse({ description: 'the follow-up has already ended' })
  async cancel(@Param() { saleId }: SaleIdParam, @Body() request: SaleCancellationRequestDto): Promise<SaleCancellationAcceptedDto> {
    const { alreadyCancelled } = await this.sales.cancel(saleId, request);
    const message = alreadyCancelled
      ? `the follow-up of sale ${saleId} was already cancelled; nothing changed`
      : `the follow-up of sale ${saleId} ends (${request.reason}); open callbacks are cancelled`;
    return { saleId, message };
  }
}
