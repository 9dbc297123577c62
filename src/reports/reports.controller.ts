import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res, applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { OnDemandFiguresDto, ReportPageDto, ReportViewDto } from './dto/report-view.dto.js';
import { ReportsQueryDto, ReportVersionQueryDto } from './dto/reports-query.dto.js';
import { reportCsv, satisfactionTrendSvg } from './report-rendering.js';
import { ReportsService } from './reports.service.js';
import { ReportApprovalDto, ReportStateDto } from './dto/report-approval.dto.js';
import { CurrentActor } from '../auth/current-caller.js';
import { Roles } from '../auth/roles.decorator.js';
import { IdempotencyKey } from '../idempotency/idempotency.interceptor.js';
import type { Actor } from '../../workflows/feedback-types.js';
import { REPORT_KINDS } from '../../workflows/report-types.js';

/** The path of one report: its kind and its period's label. */
const ReportPath = (): MethodDecorator =>
  applyDecorators(
    ApiParam({ name: 'kind', enum: REPORT_KINDS }),
    ApiParam({
      name: 'label',
      example: '2026-10',
      description: 'YYYY-MM for a monthly report, YYYY-Qn for a quarterly one',
      schema: { type: 'string', pattern: String.raw`^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$` },
    }),
  );

const REPORT_READERS = ['after_sales_manager', 'general_manager', 'department_owner'] as const;

@ApiTags('reports')
@ApiExtraModels(OnDemandFiguresDto, ReportPageDto)
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @Roles(...REPORT_READERS)
  @ApiOkResponse({
    description: 'with start and end: the figures of that range, computed now and not stored; otherwise the stored reports, newest first',
    schema: { oneOf: [{ $ref: '#/components/schemas/OnDemandFiguresDto' }, { $ref: '#/components/schemas/ReportPageDto' }] },
  })
  @ApiBadRequestResponse({ description: 'a bad date, an inverted range or a range over 366 days; each bad parameter is named' })
  list(@Query() query: ReportsQueryDto): Promise<OnDemandFiguresDto | ReportPageDto> {
    if (query.start !== undefined || query.end !== undefined) return this.reports.onDemand(query.start, query.end);
    return this.reports.list(query);
  }

  @Get(':kind/:label')
  @ReportPath()
  @Roles(...REPORT_READERS)
  @ApiOkResponse({ type: ReportViewDto, description: 'the latest version, or the one asked for with ?version=' })
  @ApiNotFoundResponse({ description: 'unknown kind, label or version' })
  get(@Param('kind') kind: string, @Param('label') label: string, @Query() query: ReportVersionQueryDto): Promise<ReportViewDto> {
    return this.reports.find(kind, label, query.version);
  }

  @Post(':kind/:label/approval')
  @ReportPath()
  @Roles('after_sales_manager', 'general_manager')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportStateDto, description: 'approved; the report is archived' })
  @ApiForbiddenResponse({ description: 'only the after-sales manager, or the general manager once escalated' })
  @ApiConflictResponse({ description: 'not awaiting approval' })
  @ApiNotFoundResponse({ description: 'no such report' })
  approve(
    @Param('kind') kind: string,
    @Param('label') label: string,
    @CurrentActor() actor: Actor,
    @Body() dto: ReportApprovalDto,
    @IdempotencyKey() key?: string,
  ): Promise<ReportStateDto> {
    return this.reports.approve(kind, label, actor, dto.note, key);
  }

  @Get(':kind/:label/csv')
  @ReportPath()
  @Roles(...REPORT_READERS)
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'headline figures (figure,value,target,met), then breakdowns and trend sections; an attachment',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ description: 'unknown kind, label or version' })
  async csv(
    @Param('kind') kind: string,
    @Param('label') label: string,
    @Query() query: ReportVersionQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const report = await this.reports.find(kind, label, query.version);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename=report-${report.kind}-${report.label}-v${report.version}.csv`);
    return reportCsv(report);
  }

  @Get(':kind/:label/trend.svg')
  @ReportPath()
  @Roles(...REPORT_READERS)
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({
    description: 'a line chart of satisfaction over the trend periods and this one, with the target 90',
    content: { 'image/svg+xml': { schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ description: 'unknown kind, label or version' })
  async trend(
    @Param('kind') kind: string,
    @Param('label') label: string,
    @Query() query: ReportVersionQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const report = await this.reports.find(kind, label, query.version);
    res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
    return satisfactionTrendSvg(report);
  }
}
