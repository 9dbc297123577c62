import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/auth.service.js';
import { CurrentCaller } from '../auth/current-caller.js';
import { LeadPageDto } from './dto/lead-view.dto.js';
import { LeadsQueryDto } from './dto/leads-query.dto.js';
import { LeadsService } from './leads.service.js';
import { Roles } from '../auth/roles.decorator.js';

@ApiTags('leads')
@Controller('leads')
export class LeadsController {
  constructor(private readonly leads: LeadsService) {}

  @Get()
  @Roles('sales_system', 'after_sales_manager', 'general_manager', 'sales_owner')
  @ApiOkResponse({ type: LeadPageDto, description: 'one page of repurchase leads, newest first; a sales owner sees their own only' })
  @ApiBadRequestResponse({ description: 'invalid filter; each invalid or unknown parameter is named' })
  @ApiForbiddenResponse({ description: 'a sales owner asked for another sales owner\'s leads' })
  list(@Query() query: LeadsQueryDto, @CurrentCaller() caller: Caller): Promise<LeadPageDto> {
    return this.leads.list(query, caller);
  }
}
