import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LeadPageDto } from './dto/lead-view.dto.js';
import { LeadsQueryDto } from './dto/leads-query.dto.js';
import { LeadsService } from './leads.service.js';
import { Roles } from '../auth/roles.decorator.js';

@ApiTags('leads')
@Controller('leads')
export class LeadsController {
  constructor(private readonly leads: LeadsService) {}

  @Get()
  @Roles('sales_system', 'after_sales_manager', 'general_manager')
  @ApiOkResponse({ type: LeadPageDto, description: 'one page of repurchase leads, newest first' })
  @ApiBadRequestResponse({ description: 'invalid filter; each invalid or unknown parameter is named' })
  list(@Query() query: LeadsQueryDto): Promise<LeadPageDto> {
    return this.leads.list(query);
  }
}
