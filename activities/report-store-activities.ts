import { LockMode, type MikroORM } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import { REPORT_KINDS, REPORT_STATUSES, type ReportPeriodRef, type ReportStatus } from '../workflows/report-types.js';
import type { ReportFigures } from '../src/reports/report-figures.js';
import { HEADLINE_FIGURES, Report, reportId, type HeadlineFigure, type ReportDifference } from '../src/reports/report.entity.js';

export interface ReportStoreActivityDeps {
  orm: MikroORM;
}

export interface StoreReportInput {
  /** The caller's idempotency key (e.g. the workflow run and attempt): a retry returns the first answer. */
  sourceKey: string;
  period: ReportPeriodRef;
  figures: ReportFigures;
  generatedAt: string;
}

export interface StoredReport {
  reportId: string;
  version: number;
  differences: ReportDifference[] | null;
}

export interface SetReportStatusInput {
  reportId: string;
  status: ReportStatus;
  actorId?: string;
  at: string;
}

const invalid = (message: string) => ApplicationFailure.nonRetryable(message, 'InvalidReport');

/** The value of a headline figure: a Figure's value, or a plain count. */
export function headlineValue(figures: ReportFigures, figure: HeadlineFigure): number | null {
  switch (figure) {
    case 'cases.resolutionRate':
      return figures.cases.resolutionRate.value;
    case 'complaints.count':
      return figures.complaints.count;
    case 'surveys.recorded':
      return figures.surveys.recorded;
    default:
      return figures[figure].value;
  }
}

/** The headline figures whose value changed from `before` to `after`, in HEADLINE_FIGURES order. */
export function reportDifferences(before: ReportFigures, after: ReportFigures): ReportDifference[] {
  return HEADLINE_FIGURES.flatMap((figure) => {
    const b = headlineValue(before, figure);
    const a = headlineValue(after, figure);
    return b === a ? [] : [{ figure, before: b, after: a }];
  });
}

/** Which status may follow which; a move to the status a report already has is a no-op. */
const NEXT: Record<ReportStatus, readonly ReportStatus[]> = {
  awaiting_approval: ['escalated', 'approved'],
  escalated: ['approved'],
  approved: ['archived'],
  archived: [],
};

const answer = (r: Report): StoredReport => ({ reportId: r.id, version: r.version, differences: r.differences });

/** Stores report versions and moves their status; every write is idempotent so that an activity retry is harmless. */
export function createReportStoreActivities({ orm }: ReportStoreActivityDeps) {
  return {
    async storeReport(input: StoreReportInput): Promise<StoredReport> {
      const { sourceKey, period, figures } = input;
      if (typeof sourceKey !== 'string' || sourceKey.trim() === '' || sourceKey.length > 200) {
        throw invalid(`sourceKey must be a non-empty string of at most 200 characters, got ${String(sourceKey)}`);
      }
      if (!period || !REPORT_KINDS.includes(period.kind) || typeof period.label !== 'string' || !/^\d{4}-(\d{2}|Q[1-4])$/.test(period.label)) {
        throw invalid(`period must be a monthly or quarterly period with a label like 2026-10 or 2026-Q3, got ${JSON.stringify(period)}`);
      }
      if (!(period.start < period.end)) throw invalid(`period must end after it starts: ${period.start} .. ${period.end}`);
      if (!figures || typeof figures !== 'object') throw invalid('figures are missing');
      const generatedAt = new Date(input.generatedAt);
      if (Number.isNaN(generatedAt.getTime())) throw invalid(`generatedAt must be an ISO 8601 instant, got ${String(input.generatedAt)}`);

      const em = orm.em.fork();
      const done = await em.findOne(Report, { sourceKey }, { disableIdentityMap: true });
      if (done) return answer(done);
      return em.transactional(async (tx) => {
        // One writer per report at a time: the next version number is read and used under this lock.
        await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`report-${period.kind}-${period.label}`]);
        const again = await tx.findOne(Report, { sourceKey }, { disableIdentityMap: true });
        if (again) return answer(again);
        const latest = await tx.findOne(
          Report,
          { kind: period.kind, label: period.label },
          { orderBy: { version: 'desc' }, disableIdentityMap: true },
        );
        const version = (latest?.version ?? 0) + 1;
        const report = tx.create(Report, {
          id: reportId(period.kind, period.label, version),
          kind: period.kind,
          label: period.label,
          periodStart: period.start,
          periodEnd: period.end,
          version,
          figures,
          previousVersion: latest?.version ?? null,
          differences: latest ? reportDifferences(latest.figures, figures) : null,
          status: 'awaiting_approval',
          generatedAt,
          approvedBy: null,
          approvedAt: null,
          archivedAt: null,
          sourceKey,
        });
        await tx.flush();
        return answer(report);
      });
    },

    async setReportStatus(input: SetReportStatusInput): Promise<void> {
      if (!REPORT_STATUSES.includes(input.status)) throw invalid(`status must be one of ${REPORT_STATUSES.join(', ')}, got ${String(input.status)}`);
      const at = new Date(input.at);
      if (Number.isNaN(at.getTime())) throw invalid(`at must be an ISO 8601 instant, got ${String(input.at)}`);
      if (input.status === 'approved' && !input.actorId) throw invalid('approving a report needs the actorId of who approved it');
      const em = orm.em.fork();
      await em.transactional(async (tx) => {
        const report = await tx.findOne(Report, { id: input.reportId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!report) throw ApplicationFailure.nonRetryable(`report ${input.reportId} is not stored`, 'UnknownReport');
        if (report.status === input.status) return;
        // A retry after a later move (approved, then archived) finds the report past this status: nothing to do.
        if (!NEXT[report.status].includes(input.status)) {
          const order: ReportStatus[] = ['awaiting_approval', 'escalated', 'approved', 'archived'];
          if (order.indexOf(report.status) > order.indexOf(input.status)) return;
          throw invalid(`report ${report.id} cannot move from ${report.status} to ${input.status}`);
        }
        report.status = input.status;
        if (input.status === 'approved') {
          report.approvedBy = input.actorId ?? null;
          report.approvedAt = at;
        }
        if (input.status === 'archived') report.archivedAt = at;
      });
    },
  };
}

export type ReportStoreActivities = ReturnType<typeof createReportStoreActivities>;
