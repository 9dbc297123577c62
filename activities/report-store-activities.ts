import { LockMode, type MikroORM } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import { REPORT_KINDS, REPORT_STATUSES, type ReportKind, type ReportPeriodRef, type ReportStatus } from '../workflows/report-types.js';
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

/** A period whose latest stored version was read before some of its surveys were stored. */
export interface LateReport {
  period: ReportPeriodRef;
  version: number;
  status: ReportStatus;
  lateSurveys: number;
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
    case 'callbacks.due':
    case 'callbacks.reached':
    case 'callbacks.surveysCompleted':
      return figures.callbacks[figure.slice('callbacks.'.length) as keyof ReportFigures['callbacks']];
    case 'questionnaires.sent':
    case 'questionnaires.returned':
      return figures.questionnaires[figure.slice('questionnaires.'.length) as keyof ReportFigures['questionnaires']];
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
  superseded: [],
};
const ORDER: ReportStatus[] = ['awaiting_approval', 'escalated', 'approved', 'archived'];

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
      const dataAsOf = figures.dataAsOf === undefined ? generatedAt : new Date(figures.dataAsOf);
      if (Number.isNaN(dataAsOf.getTime())) throw invalid(`figures.dataAsOf must be an ISO 8601 instant, got ${String(figures.dataAsOf)}`);

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
        // A version nobody approved yet is replaced by the new one; an approved one stays as it was approved.
        if (latest && (latest.status === 'awaiting_approval' || latest.status === 'escalated')) {
          await tx.nativeUpdate(Report, { id: latest.id }, { status: 'superseded' });
        }
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
          dataAsOf,
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
        if (report.status === 'superseded') throw invalid(`report ${report.id} was superseded by a newer version`);
        // A retry after a later move (approved, then archived) finds the report past this status: nothing to do.
        if (!NEXT[report.status].includes(input.status)) {
          if (ORDER.indexOf(report.status) > ORDER.indexOf(input.status)) return;
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

    /**
     * The periods whose latest version was read before some of their surveys were stored: surveys recorded in the
     * period, or about a callback due in it, or returning a questionnaire sent in it (what the figures count).
     */
    async reportsWithLateSurveys({ timeZone }: { timeZone: string }): Promise<LateReport[]> {
      const em = orm.em.fork();
      const rows = await em.execute<{ kind: ReportKind; label: string; start: string; end: string; version: number; status: ReportStatus; late: string }[]>(
        `with latest as (
           select distinct on (kind, label) kind, label, period_start, period_end, version, status, data_as_of,
                  period_start::timestamp at time zone ? as lo, period_end::timestamp at time zone ? as hi
           from report order by kind, label, version desc)
         select r.kind, r.label, to_char(r.period_start, 'YYYY-MM-DD') as start, to_char(r.period_end, 'YYYY-MM-DD') as "end",
                r.version, r.status, late.n as late
         from latest r
         cross join lateral (
           select count(*) as n from survey_record s
           where s.created_at > r.data_as_of and (
             (s.recorded_at >= r.lo and s.recorded_at < r.hi)
             or exists (select 1 from callback c where c.id = s.callback_id and c.due_at >= r.lo and c.due_at < r.hi)
             or exists (select 1 from call_attempt a where a.callback_id = s.callback_id and a.outcome = 'questionnaire_sent'
                          and a.recorded_at >= r.lo and a.recorded_at < r.hi))) late
         where late.n > 0
         order by r.period_start, r.kind`,
        [timeZone, timeZone],
      );
      return rows.map((r) => ({
        period: { kind: r.kind, label: r.label, start: r.start, end: r.end },
        version: Number(r.version),
        status: r.status,
        lateSurveys: Number(r.late),
      }));
    },
  };
}

export type ReportStoreActivities = ReturnType<typeof createReportStoreActivities>;
