import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CallbacksService } from './callbacks.service.js';
import { CallbackPageDto } from './dto/callback-view.dto.js';
import { CallbacksQueryDto } from './dto/callbacks-query.dto.js';

@ApiTags('callbacks')
@Controller('callbacks')
export class CallbacksController {
  constructor(private readonly callbacks: CallbacksService) {}

  @Get()
  @ApiOkResponse({ type: CallbackPageDto, description: 'one page of callbacks, ordered by due time then id' })
  @ApiBadRequestResponse({ description: 'invalid filter; each invalid or unknown parameter is named' })
  list(@Query() query: CallbacksQueryDto): Promise<CallbackPageDto> {
    return this.callbacks.list(query);
  }
}
