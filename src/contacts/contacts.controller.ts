import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/auth.service.js';
import { CurrentCaller } from '../auth/current-caller.js';
import { Roles } from '../auth/roles.decorator.js';
import { CALLBACK_ID_PARAM } from '../callbacks/dto/callback-id.param.js';
import { fieldsBadRequest, type FieldProblem } from '../common/validation.js';
import { CaseNoParam } from '../feedback/dto/case-no.param.js';
import { ContactAccessLogService } from './contact-access-log.service.js';
import { ContactSheetsService } from './contact-sheets.service.js';
import { ContactAccessQueryDto } from './dto/contact-access-query.dto.js';
import { CallSheetDto, ContactAccessPageDto, RevisitSheetDto } from './dto/contact-sheet.dto.js';

const LOGGED = 'Each answer is recorded in the contact access log (GET /contact-access-log) before it is sent.';

@ApiTags('callbacks')
@Controller('callbacks')
export class CallSheetController {
  constructor(private readonly sheets: ContactSheetsService) {}

  @Get(':callbackId/call-sheet')
  @Roles('agent')
  @ApiParam(CALLBACK_ID_PARAM)
  @ApiOkResponse({
    type: CallSheetDto,
    description: `whom to call (the actual user first, then the buyer), the product, and the sale's callbacks, attempts, surveys and open cases. ${LOGGED}`,
  })
  @ApiForbiddenResponse({ description: 'the callback is claimed by another agent: only its claimant sees the contact' })
  @ApiNotFoundResponse({ description: 'no such callback' })
  @ApiConflictResponse({ description: 'the callback is not claimed (claim it first), not open yet, or has ended' })
  callSheet(@Param('callbackId') callbackId: string, @CurrentCaller() caller: Caller): Promise<CallSheetDto> {
    return this.sheets.callSheet(callbackId, caller);
  }
}

@ApiTags('feedback cases')
@Controller('feedback-cases')
export class RevisitSheetController {
  constructor(private readonly sheets: ContactSheetsService) {}

  @Get(':caseNo/revisit-sheet')
  @Roles('agent')
  @ApiOkResponse({
    type: RevisitSheetDto,
    description: `for the independent re-visit: whom to call, the product, the customer's words, the case's timeline and plan. ${LOGGED}`,
  })
  @ApiForbiddenResponse({ description: 'the caller handled the case (took the call, owns it or verified it): the re-visit is for another agent' })
  @ApiNotFoundResponse({ description: 'no such case' })
  @ApiConflictResponse({ description: 'the case is not in stage revisiting' })
  revisitSheet(@Param() { caseNo }: CaseNoParam, @CurrentCaller() caller: Caller): Promise<RevisitSheetDto> {
    return this.sheets.revisitSheet(caseNo, caller);
  }
}

const isDate = (value: string): boolean => !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value);

@ApiTags('contact access log')
@Controller('contact-access-log')
export class ContactAccessLogController {
  constructor(private readonly log: ContactAccessLogService) {}

  @Get()
  @Roles('administrator')
  @ApiOkResponse({ type: ContactAccessPageDto, description: "every read of a customer's contact, newest first: who, when, which customer, for which callback or case" })
  list(@Query() query: ContactAccessQueryDto): Promise<ContactAccessPageDto> {
    const problems: FieldProblem[] = (['from', 'to'] as const)
      .filter((field) => query[field] !== undefined && !isDate(query[field]))
      .map((field) => ({ field, problems: [`${field} is not a day of the calendar: ${query[field]}`] }));
    if (problems.length === 0 && query.from && query.to && query.from > query.to) {
      problems.push({ field: 'to', problems: [`to (${query.to}) must not be before from (${query.from})`] });
    }
    if (problems.length) throw fieldsBadRequest(problems);
    return this.log.list(query);
  }
}
