import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { createCallbackActivities } from '../../activities/callback-activities.js';
import { createSaleActivities } from '../../activities/sale-activities.js';
import { loadConfig } from '../../src/config/config.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { ApiMetrics } from '../../src/metrics/api-metrics.js';
import { BusinessMetrics } from '../../src/metrics/business-metrics.js';
import { TemporalService } from '../../src/temporal/temporal.service.js';
import { aSchedule } from '../support/callbacks.js';
import { requireEnv } from '../support/env.js';
import { aDelivery } from '../support/fixtures.js';

const MINUTE = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

// The gauges count every row of the database, so this test has one of its own: no other test's rows in its counts.
describe('business gauges read from PostgreSQL', () => {
  const database = `aftercare_gauges_${randomBytes(4).toString('hex')}`;
  const adminUrl = requireEnv('TEST_DATABASE_URL');
  const url = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
  let orm: MikroORM;
  let metrics: ApiMetrics;
  let gauges: BusinessMetrics;
  let temporal: TemporalService;

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  /** The value of each labelled sample of `name`, as the API's /metrics serves it. */
  const read = async (name: string): Promise<Record<string, number>> => {
    const { values } = (await metrics.registry.getSingleMetric(name)!.get()) as { values: { labels: Record<string, string>; value: number }[] };
    return Object.fromEntries(values.map(({ labels, value }) => [Object.values(labels).join(',') || '', value]));
  };

  before(async () => {
    await admin(`create database ${database}`);
    orm = await MikroORM.init(ormConfig(url));
    await orm.migrator.up();
    // Temporal at a port where nothing listens: the pollers cannot be described, the database gauges still read.
    const config = loadConfig({ DATABASE_URL: url, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    metrics = new ApiMetrics();
    temporal = new TemporalService(config, metrics);
    gauges = new BusinessMetrics(metrics, orm.em, temporal, config);
  });
  after(async () => {
    await temporal?.onApplicationShutdown();
    await orm?.close();
    await admin(`drop database if exists ${database} with (force)`);
  });

  it('reads zero for every label of an empty database', async () => {
    await gauges.refresh();
    assert.deepEqual(await read('aftercare_callbacks_due_unclaimed'), { under_1h: 0, '1h_to_4h': 0, '4h_to_1d': 0, '1d_to_3d': 0, over_3d: 0 });
    assert.deepEqual(await read('aftercare_feedback_cases_overdue'), { registered: 0, assigned: 0, in_progress: 0, verifying: 0, revisiting: 0 });
    assert.deepEqual(await read('aftercare_reports_approval_overdue'), { monthly: 0, quarterly: 0 });
    assert.deepEqual(await read('aftercare_callbacks_not_opened'), { '': 0 });
  });

  it('counts callbacks due and unclaimed by age, scheduled ones never opened, and those opened late', async () => {
    const sales = createSaleActivities({ orm });
    const callbacks = createCallbackActivities({ orm });
    const register = async (firstDueAt: string) => {
      const delivery = aDelivery();
      await sales.registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
      const schedule = aSchedule(delivery, firstDueAt);
      await callbacks.scheduleCallbacks(schedule);
      return schedule.callbacks.map((c) => c.callbackId);
    };
    // Opened on time 2 hours ago, still unclaimed; its two siblings due 1 and 2 hours after it: scheduled, due by now.
    const [onTime, , dueNotOpened] = await register(ago(120 * MINUTE));
    await callbacks.openCallback({ callbackId: onTime!, dueAt: ago(120 * MINUTE), late: false, openedAt: ago(120 * MINUTE) });
    // Due 2 days ago, opened 10 minutes after; the others due a day and a half and a day ago, not opened.
    const [late] = await register(ago(2 * 24 * 60 * MINUTE));
    await callbacks.openCallback({ callbackId: late!, dueAt: ago(2 * 24 * 60 * MINUTE), late: false, openedAt: ago(2 * 24 * 60 * MINUTE - 10 * MINUTE) });
    // Due in the future: nothing to count yet.
    await register(new Date(Date.now() + 24 * 60 * MINUTE).toISOString());
    // Opened 3 minutes late within the last day, then claimed: not in the queue any more.
    const [claimed] = await register(ago(30 * MINUTE));
    await callbacks.openCallback({ callbackId: claimed!, dueAt: ago(30 * MINUTE), late: false, openedAt: ago(27 * MINUTE) });
    await orm.em.getConnection().execute(`update callback set status = 'claimed', claimed_by = 'A-1001' where id = ?`, [claimed]);

    await gauges.refresh();
    assert.deepEqual(await read('aftercare_callbacks_due_unclaimed'), { under_1h: 0, '1h_to_4h': 1, '4h_to_1d': 0, '1d_to_3d': 1, over_3d: 0 });
    // Scheduled and more than 5 minutes past due: the first sale's 2nd (due an hour ago; its 3rd is due just now) and
    // the late sale's 2nd and 3rd.
    assert.ok(dueNotOpened);
    assert.deepEqual(await read('aftercare_callbacks_not_opened'), { '': 3 });
    // Opened in the last day more than a minute late: only the one 3 minutes late (the other was opened 2 days ago).
    assert.deepEqual(await read('aftercare_callbacks_opened_late'), { '1m_to_5m': 1, '5m_to_1h': 0, over_1h: 0 });
  });

  it('counts open cases and those past their stage deadline by stage, and escalated reports by kind', async () => {
    const connection = orm.em.getConnection();
    const [sale] = await connection.execute<{ id: string }[]>('select id from sale limit 1');
    const insertCase = (caseNo: string, stage: string, stageDueAt: string | null) =>
      connection.execute(
        `insert into feedback_case (case_no, source_attempt_id, sale_id, callback_id, customer_id, order_no, product_model, channel,
           classification, priority, customer_words, received_at, stage, stage_due_at, created_at, updated_at)
         values (?, ?, ?, 'cb', 'C-1', 'PO-1', 'XR-200', 'PHONE', 'dissatisfied', 'high', '—', now(), ?, ?, now(), now())`,
        [caseNo, `attempt-${caseNo}`, sale!.id, stage, stageDueAt],
      );
    await insertCase('20261201-PHONE-001', 'registered', ago(-60 * MINUTE));
    await insertCase('20261201-PHONE-002', 'registered', ago(60 * MINUTE));
    await insertCase('20261201-PHONE-003', 'verifying', ago(5 * MINUTE));
    await insertCase('20261201-PHONE-004', 'closed', ago(60 * MINUTE));
    const insertReport = (label: string, version: number, status: string, kind = 'monthly') =>
      connection.execute(
        `insert into report (id, kind, label, period_start, period_end, version, figures, status, generated_at, data_as_of, source_key)
         values (?, ?, ?, '2026-10-01', '2026-11-01', ?, '{}', ?, now(), now(), ?)`,
        [`${kind}-${label}-v${version}`, kind, label, version, status, `${kind}-${label}-v${version}`],
      );
    await insertReport('2026-09', 1, 'superseded');
    await insertReport('2026-09', 2, 'escalated');
    await insertReport('2026-10', 1, 'awaiting_approval');
    await insertReport('2026-08', 1, 'archived');

    await gauges.refresh();
    assert.deepEqual(await read('aftercare_feedback_cases_open'), { registered: 2, assigned: 0, in_progress: 0, verifying: 1, revisiting: 0 });
    assert.deepEqual(await read('aftercare_feedback_cases_overdue'), { registered: 1, assigned: 0, in_progress: 0, verifying: 1, revisiting: 0 });
    assert.deepEqual(await read('aftercare_reports_approval_overdue'), { monthly: 1, quarterly: 0 });

    // A stage that empties reads 0, not its last count.
    await connection.execute(`update feedback_case set stage = 'closed' where stage = 'verifying'`);
    await gauges.refresh();
    assert.equal((await read('aftercare_feedback_cases_open')).verifying, 0);
  });

  it('counts notification sends not made yet by channel and status, and those given up in the last day', async () => {
    const connection = orm.em.getConnection();
    await connection.execute(
      `insert into notification (key, recipient, kind, message, notified_at, created_at) values ('gauges-n1', 'general_manager', 'lead', 'ids only', now(), now())`,
    );
    const send = (recipient: string | null, channel: string, status: string, updatedAgoMs = 0) =>
      connection.execute(
        `insert into notification_delivery (id, notification_key, recipient_id, channel, status, attempts, created_at, updated_at)
         values (gen_random_uuid(), 'gauges-n1', ?, ?, ?, 0, now(), ?)`,
        [recipient, channel, status, ago(updatedAgoMs)],
      );
    await send('gm.wang', 'inbox', 'sent');
    await send('gm.wang', 'email', 'retrying');
    await send('gm.wang', 'chat', 'waiting');
    await send('mgr.chen', 'email', 'pending');
    await send('mgr.chen', 'chat', 'failed', 2 * 24 * 60 * MINUTE);
    await send(null, 'inbox', 'failed');

    await gauges.refresh();
    const undelivered = await read('aftercare_notifications_undelivered');
    assert.deepEqual(
      Object.fromEntries(Object.entries(undelivered).filter(([, n]) => n > 0)),
      { 'email,pending': 1, 'email,retrying': 1, 'chat,waiting': 1 },
    );
    assert.equal(Object.keys(undelivered).length, 9);
    assert.deepEqual(await read('aftercare_notifications_failed'), { inbox: 1, email: 0, chat: 0 });
  });

  it('records when each source was last read, and counts the reads that failed', async () => {
    const refreshed = await read('aftercare_business_metrics_refreshed_timestamp_seconds');
    assert.ok(Math.abs((refreshed.database ?? 0) - Date.now() / 1000) < 60);
    assert.equal(refreshed.temporal, undefined);
    assert.ok((await read('aftercare_business_metrics_refresh_failures_total')).temporal! >= 1);
  });
});
