import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { CASE_STAGES } from '../../workflows/feedback-types.js';
import { REPORT_KINDS } from '../../workflows/report-types.js';
import { NOTIFICATION_CHANNELS } from '../notifications/notification.entity.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { describeError } from '../logging/logger.js';
import { TemporalService } from '../temporal/temporal.service.js';
import { ApiMetrics } from './api-metrics.js';

/** How long a due callback has waited for an agent, since its due time; the buckets do not overlap. */
export const DUE_AGES = ['under_1h', '1h_to_4h', '4h_to_1d', '1d_to_3d', 'over_3d'] as const;
/** How much later than its due time a callback was opened (put in the agents' queue). */
export const OPEN_DELAYS = ['1m_to_5m', '5m_to_1h', 'over_1h'] as const;
const OPEN_STAGES = CASE_STAGES.filter((stage) => stage !== 'closed');
/** Delivery statuses of a send not made yet: due now, held for working hours, failed at least once and retried. */
export const UNDELIVERED_STATUSES = ['pending', 'waiting', 'retrying'] as const;

/** A scheduled callback this long past its due time should have been opened by its follow-up's timer. */
const NOT_OPENED_GRACE = "interval '5 minutes'";

const SQL = {
  dueUnclaimed: `
    select case
        when due_at > now() - interval '1 hour' then 'under_1h'
        when due_at > now() - interval '4 hours' then '1h_to_4h'
        when due_at > now() - interval '1 day' then '4h_to_1d'
        when due_at > now() - interval '3 days' then '1d_to_3d'
        else 'over_3d' end as label,
      count(*)::int as n
    from callback where status = 'due' group by 1`,
  notOpened: `select count(*)::int as n from callback where status = 'scheduled' and due_at < now() - ${NOT_OPENED_GRACE}`,
  openedLate: `
    select case
        when opened_at - due_at < interval '5 minutes' then '1m_to_5m'
        when opened_at - due_at < interval '1 hour' then '5m_to_1h'
        else 'over_1h' end as label,
      count(*)::int as n
    from callback where opened_at >= now() - interval '1 day' and opened_at > due_at + interval '1 minute' group by 1`,
  cases: `
    select stage as label, count(*)::int as n, (count(*) filter (where stage_due_at < now()))::int as overdue
    from feedback_case where stage <> 'closed' group by stage`,
  reportsOverdue: `select kind as label, count(*)::int as n from report where status = 'escalated' group by kind`,
  undelivered: `
    select channel || ',' || status as label, count(*)::int as n from notification_delivery
    where status in (${UNDELIVERED_STATUSES.map((status) => `'${status}'`).join(', ')}) group by channel, status`,
  failed: `
    select channel as label, count(*)::int as n from notification_delivery
    where status = 'failed' and updated_at >= now() - interval '1 day' group by channel`,
};

interface Row {
  label?: string;
  n: number;
  overdue?: number;
}

/**
 * Gauges of the work waiting in PostgreSQL, read every BUSINESS_METRICS_INTERVAL_S rather than on each scrape, and
 * the task queue's pollers as Temporal describes them. Every API process reports the same values: aggregate with max.
 */
@Injectable()
export class BusinessMetrics implements OnApplicationShutdown {
  private readonly logger = new Logger('BusinessMetrics');
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  private readonly dueUnclaimed: Gauge<'age'>;
  private readonly notOpened: Gauge;
  private readonly openedLate: Gauge<'delay'>;
  private readonly casesOpen: Gauge<'stage'>;
  private readonly casesOverdue: Gauge<'stage'>;
  private readonly reportsOverdue: Gauge<'kind'>;
  private readonly undelivered: Gauge<'channel' | 'status'>;
  private readonly failed: Gauge<'channel'>;
  private readonly pollers: Gauge<'task_queue' | 'task_type'>;
  private readonly refreshed: Gauge<'source'>;
  private readonly failures: Counter<'source'>;

  constructor(
    metrics: ApiMetrics,
    private readonly em: EntityManager,
    private readonly temporal: TemporalService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const registers = [metrics.registry];
    const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) => new Gauge<L>({ name, help, labelNames, registers });
    this.dueUnclaimed = gauge('aftercare_callbacks_due_unclaimed', "Callbacks in the agents' queue that no agent has claimed, by time since their due time", ['age']);
    this.notOpened = gauge('aftercare_callbacks_not_opened', 'Callbacks still scheduled more than 5 minutes after their due time: their follow-up has not opened them');
    this.openedLate = gauge('aftercare_callbacks_opened_late', 'Callbacks opened in the last 24 hours more than a minute after their due time, by delay', ['delay']);
    this.casesOpen = gauge('aftercare_feedback_cases_open', 'Open feedback cases by stage', ['stage']);
    this.casesOverdue = gauge('aftercare_feedback_cases_overdue', "Open feedback cases past their current stage's deadline, by stage", ['stage']);
    this.reportsOverdue = gauge(
      'aftercare_reports_approval_overdue',
      'Satisfaction reports not approved by their approval due date (escalated to the general manager), by kind',
      ['kind'],
    );
    this.undelivered = gauge('aftercare_notifications_undelivered', 'Notification sends not made yet, by channel and delivery status', ['channel', 'status']);
    this.failed = gauge('aftercare_notifications_failed', 'Notification sends given up (failed) in the last 24 hours, by channel', ['channel']);
    this.pollers = gauge('aftercare_task_queue_pollers', 'Workers Temporal saw polling the task queue within WORKER_POLL_MAX_AGE_S, by kind of task', [
      'task_queue',
      'task_type',
    ]);
    this.refreshed = gauge('aftercare_business_metrics_refreshed_timestamp_seconds', 'When the gauges were last read successfully, by source (database, temporal)', ['source']);
    this.failures = new Counter({
      name: 'aftercare_business_metrics_refresh_failures_total',
      help: 'Reads of the gauges that failed, by source (database, temporal)',
      labelNames: ['source'],
      registers,
    });
  }

  /** Reads the gauges now and then every BUSINESS_METRICS_INTERVAL_S. */
  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.config.BUSINESS_METRICS_INTERVAL_S * 1000).unref();
  }

  async refresh(): Promise<void> {
    await Promise.all([this.refreshDatabase(), this.refreshPollers()]);
  }

  private async refreshDatabase(): Promise<void> {
    try {
      const connection = this.em.fork().getConnection();
      const [dueUnclaimed, [notOpened], openedLate, cases, reports, undelivered, failed] = await Promise.all(
        [SQL.dueUnclaimed, SQL.notOpened, SQL.openedLate, SQL.cases, SQL.reportsOverdue, SQL.undelivered, SQL.failed].map((sql) =>
          connection.execute<Row[]>(sql),
        ),
      );
      // Every label is set, to 0 when no row has it, so that a stage that empties reads 0 rather than its last count.
      setAll(this.dueUnclaimed, 'age', DUE_AGES, dueUnclaimed);
      this.notOpened.set(notOpened?.n ?? 0);
      setAll(this.openedLate, 'delay', OPEN_DELAYS, openedLate);
      setAll(this.casesOpen, 'stage', OPEN_STAGES, cases);
      setAll(this.casesOverdue, 'stage', OPEN_STAGES, cases.map(({ label, overdue }) => ({ label, n: overdue ?? 0 })));
      setAll(this.reportsOverdue, 'kind', REPORT_KINDS, reports);
      const sends = new Map(undelivered.map((row) => [row.label, row.n]));
      for (const channel of NOTIFICATION_CHANNELS) {
        for (const status of UNDELIVERED_STATUSES) this.undelivered.set({ channel, status }, sends.get(`${channel},${status}`) ?? 0);
      }
      setAll(this.failed, 'channel', NOTIFICATION_CHANNELS, failed);
      this.refreshed.set({ source: 'database' }, Date.now() / 1000);
    } catch (err) {
      this.failures.inc({ source: 'database' });
      this.logger.warn(`reading the business gauges from PostgreSQL failed: ${describeError(err)}`);
    }
  }

  private async refreshPollers(): Promise<void> {
    try {
      const pollers = await this.temporal.pollers();
      const taskQueue = this.temporal.taskQueue;
      this.pollers.set({ task_queue: taskQueue, task_type: 'workflow' }, pollers.workflow);
      this.pollers.set({ task_queue: taskQueue, task_type: 'activity' }, pollers.activity);
      this.refreshed.set({ source: 'temporal' }, Date.now() / 1000);
    } catch (err) {
      this.failures.inc({ source: 'temporal' });
      this.logger.warn(`describing task queue ${this.temporal.taskQueue} failed: ${describeError(err)}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.refreshing;
  }
}

function setAll<L extends string>(gauge: Gauge<L>, label: L, values: readonly string[], rows: Row[]): void {
  const counts = new Map(rows.map((row) => [row.label, row.n]));
  for (const value of values) gauge.set({ [label]: value } as Record<L, string>, counts.get(value) ?? 0);
}
