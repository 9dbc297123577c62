import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { pageWindow } from '../common/paging.js';
import { fieldsBadRequest } from '../common/validation.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { approveReportUpdate } from '../../workflows/messages.js';
import type { Actor } from '../../workflows/feedback-types.js';
import { REPORT_KINDS, REPORT_REJECTIONS, type ReportKind, type ReportState } from '../../workflows/report-types.js';
import { TemporalService } from '../temporal/temporal.service.js';
import { updateRejection } from '../temporal/update-rejection.js';
import type { OnDemandFiguresDto, ReportPageDto, ReportSummary, ReportView } from './dto/report-view.dto.js';
import type { ReportsQueryDto } from './dto/reports-query.dto.js';
import { computeReportFigures } from './report-figures.js';
import { Report } from './report.entity.js';

/** The longest on-demand range, in days. */
export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function toSummary(r: Report): ReportSummary {
  return {
    reportId: r.id,
    kind: r.kind,
    label: r.label,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    version: r.version,
    status: r.status,
    generatedAt: r.generatedAt.toISOString(),
    approvedBy: r.approvedBy,
    approvedAt: iso(r.approvedAt),
    archivedAt: iso(r.archivedAt),
    previousVersion: r.previousVersion,
    differences: r.differences,
  };
}

/** Days since the epoch of a real calendar date YYYY-MM-DD, or null (2026-02-30 is not one). */
function dayNumber(date: string): number | null {
  const t = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date ? null : t / DAY_MS;
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly temporal: TemporalService,
  ) {}

  /** The after-sales manager (or, once escalated, the general manager) approves the period's report workflow. */
  async approve(kind: string, label: string, actor: Actor, note?: string, updateId?: string): Promise<ReportState> {
    if (!REPORT_KINDS.includes(kind as ReportKind)) throw new NotFoundError(`no ${kind} reports`);
    const handle = this.temporal.client.workflow.getHandle(`report-${kind}-${label}`);
    try {
      return await handle.executeUpdate(approveReportUpdate, {
        args: [{ actor, ...(note ? { note } : {}) }],
        // The request's idempotency key: a retry after a 503 gets the approval it made.
        ...(updateId ? { updateId: `approval:${updateId}` } : {}),
      });
    } catch (err) {
      const rejection = await updateRejection(err, handle, REPORT_REJECTIONS, {
        unknown: `the ${kind} report ${label} is not known`,
        ended: (status) => `the ${kind} report ${label} is no longer awaiting approval (${status})`,
      });
      if (!(rejection instanceof NotFoundError)) throw rejection;
      // Temporal has forgotten the report's run: the stored versions still tell where it stands.
      const stored = await this.em.fork().findOne(Report, { kind: kind as ReportKind, label }, { orderBy: { version: 'desc' } });
      throw stored ? new ConflictError(`the ${kind} report ${label} is no longer awaiting approval (${stored.status})`) : rejection;
    }
  }

  /** A stored report: the latest version, or `version`; 404 for an unknown kind, label or version. */
  async find(kind: string, label: string, version?: number): Promise<ReportView> {
    const known = REPORT_KINDS.includes(kind as ReportKind);
    const report = known
      ? await this.em.fork().findOne(
          Report,
          { kind: kind as ReportKind, label, ...(version === undefined ? {} : { version }) },
          { orderBy: { version: 'desc' } },
        )
      : null;
    if (!report) throw new NotFoundError(`report ${kind} ${label}${version === undefined ? '' : ` v${version}`} is not stored`);
    return { ...toSummary(report), figures: report.figures };
  }

  /** The stored reports, newest period first, then newest version. */
  async list(query: ReportsQueryDto): Promise<ReportPageDto> {
    const where: FilterQuery<Report> = {};
    if (query.kind) where.kind = query.kind;
    const [reports, total] = await this.em.fork().findAndCount(Report, where, {
      orderBy: { periodStart: 'desc', kind: 'asc', version: 'desc' },
      ...pageWindow(query),
    });
    return { items: reports.map(toSummary), page: query.page, pageSize: query.pageSize, total };
  }

  /**
   * The figures of any range [start, end) of company-time dates, computed now and not stored. No trend: the periods
   * before an arbitrary range are not months or quarters, so `figures.trend` is empty.
   */
  async onDemand(start: string | undefined, end: string | undefined): Promise<OnDemandFiguresDto> {
    const problems: { field: string; problems: string[] }[] = [];
    if (!start) problems.push({ field: 'start', problems: ['start is required with end'] });
    if (!end) problems.push({ field: 'end', problems: ['end is required with start'] });
    const s = start ? dayNumber(start) : null;
    const e = end ? dayNumber(end) : null;
    if (start && s === null) problems.push({ field: 'start', problems: [`start ${start} is not a calendar date`] });
    if (end && e === null) problems.push({ field: 'end', problems: [`end ${end} is not a calendar date`] });
    if (s !== null && e !== null) {
      if (e <= s) problems.push({ field: 'end', problems: ['end must be after start (the range is [start, end))'] });
      else if (e - s > MAX_RANGE_DAYS) problems.push({ field: 'end', problems: [`the range may span at most ${MAX_RANGE_DAYS} days`] });
    }
    if (problems.length > 0) throw fieldsBadRequest(problems);
    const figures = await computeReportFigures(this.em.fork(), { start: start!, end: end!, timeZone: this.config.COMPANY_TIME_ZONE });
    return { start: start!, end: end!, figures };
  }
}
