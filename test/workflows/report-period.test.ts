import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';
import { toCompanyTime } from '../../workflows/domain/company-time.js';
import { addCalendarMonths } from '../../workflows/domain/company-time.js';
import { periodBefore, periodStarting } from '../../workflows/domain/report-periods.js';
import type { Actor } from '../../workflows/feedback-types.js';
import { approveReportUpdate, reportStateQuery, restateReportSignal } from '../../workflows/messages.js';
import { ReportPeriod, ReportRestatements, ScheduledReport } from '../../workflows/report-period.js';
import { reportWorkflowId, type ReportPeriodRef } from '../../workflows/report-types.js';
import { testDataConverter } from '../support/encryption.js';
import { uniqueId } from '../support/fixtures.js';
import { recordHistory } from '../support/histories.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { rejectionOf } from '../support/updates.js';
import { waitFor } from '../support/wait.js';

const TIME_ZONE = 'Asia/Shanghai';
const manager: Actor = { id: 'mgr.chen', role: 'after_sales_manager' };
const generalManager: Actor = { id: 'gm.zhao', role: 'general_manager' };

function recordingActivities(late: { period: ReportPeriodRef; status: string }[] = []) {
  const notifications = new Map<string, { recipient: string; kind: string; message: string }>();
  const statuses: string[] = [];
  const statusOf = new Map<string, string>();
  const versions = new Map<string, number>();
  const computed: { start: string; end: string; previousPeriods?: unknown[] }[] = [];
  const activities = {
    followUpSettings: async () => ({ timeZone: TIME_ZONE, calendar: CHINA_CALENDAR, callWindows: [] }),
    computeReportFigures: async (input: { start: string; end: string; previousPeriods?: unknown[] }) => {
      computed.push(input);
      return { satisfaction: { value: 91.5, target: 90, met: true } };
    },
    storeReport: async ({ period }: { period: ReportPeriodRef }) => {
      const version = (versions.get(period.label) ?? 0) + 1;
      versions.set(period.label, version);
      const reportId = `${period.kind}-${period.label}-v${version}`;
      statusOf.set(reportId, 'awaiting_approval');
      return { reportId, version, differences: version === 1 ? null : [{ figure: 'surveys.recorded', before: 6, after: 7 }] };
    },
    setReportStatus: async ({ reportId, status }: { reportId: string; status: string }) => {
      statuses.push(status);
      statusOf.set(reportId, status);
    },
    reportsWithLateSurveys: async () => late.map((l) => ({ ...l, version: versions.get(l.period.label) ?? 1, lateSurveys: 1 })),
    notify: async (n: { key: string; recipient: string; kind: string; message: string }) => {
      const sent = !notifications.has(n.key);
      if (sent) notifications.set(n.key, n);
      return { sent };
    },
  };
  const sent = (kind: string) => [...notifications.values()].filter((n) => n.kind === kind).map((n) => n.recipient);
  return { activities, statuses, statusOf, computed, sent, message: (kind: string) => [...notifications.values()].find((n) => n.kind === kind)?.message };
}

describe('report workflows', () => {
  let env: TestWorkflowEnvironment;
  // A test server of its own for each test: one test's clock jumps and leftovers never hold up the next.
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  async function withWorker(recorder: ReturnType<typeof recordingActivities>, journey: (taskQueue: string) => Promise<void>) {
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), dataConverter: testDataConverter, activities: recorder.activities });
    await worker.runUntil(() => journey(taskQueue));
  }
  /** This month, so that its approval is due in the future (the 5th of next month) whenever the tests run. */
  const thisMonth = async () => {
    const today = toCompanyTime(new Date(await env.currentTimeMs()), TIME_ZONE).date;
    return periodStarting('monthly', `${today.slice(0, 8)}01`);
  };


  it('computes the figures with six trend periods, asks for approval, reminds daily and archives once approved', async () => {
    const recorder = recordingActivities();
    await withWorker(recorder, async (taskQueue) => {
      const period = await thisMonth();
      const handle = await env.client.workflow.start(ReportPeriod, { workflowId: uniqueId('report'), taskQueue, args: [{ kind: 'monthly', period }] });
      try {
        const state = await waitFor('the report to await approval', async () => {
          const current = await handle.query(reportStateQuery);
          return current.status === 'awaiting_approval' ? current : undefined;
        });
        assert.equal(recorder.computed[0]!.previousPeriods!.length, 6);
        assert.equal(state.approvalDueAt, new Date(`${period.end.slice(0, 8)}05T17:30:00+08:00`).toISOString());
        assert.deepEqual(recorder.sent('report_review'), ['after_sales_manager']);
        await env.sleep('36 hours');
        await waitFor('a reminder', async () => (recorder.sent('report_reminder').length ? true : undefined));
        assert.deepEqual(await rejectionOf(handle.executeUpdate(approveReportUpdate, { args: [{ actor: generalManager }] })), {
          type: 'WrongRole',
          message: 'only the after-sales manager may approve this report',
        });
        await handle.executeUpdate(approveReportUpdate, { args: [{ actor: manager }] });
        const final = await handle.result();
        assert.deepEqual([final.status, final.approvedBy], ['archived', manager.id]);
        assert.deepEqual(recorder.statuses, ['approved', 'archived']);
        assert.deepEqual(recorder.sent('report_not_approved'), []);
        await recordHistory('report-approved', handle);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  });

  it('escalates to the general manager when not approved by its due date, once, and the GM may then approve', async () => {
    const recorder = recordingActivities();
    await withWorker(recorder, async (taskQueue) => {
      const period = await thisMonth();
      const handle = await env.client.workflow.start(ReportPeriod, { workflowId: uniqueId('report'), taskQueue, args: [{ kind: 'monthly', period }] });
      try {
        const state = await waitFor('the report', async () => {
          const current = await handle.query(reportStateQuery);
          return current.status === 'awaiting_approval' ? current : undefined;
        });
        await env.sleep(Date.parse(state.approvalDueAt) - (await env.currentTimeMs()) + 60_000);
        await waitFor('the escalation', async () => ((await handle.query(reportStateQuery)).status === 'escalated' ? true : undefined));
        assert.deepEqual(recorder.sent('report_not_approved'), ['general_manager']);
        await handle.executeUpdate(approveReportUpdate, { args: [{ actor: generalManager }] });
        const final = await handle.result();
        assert.deepEqual([final.status, final.approvedBy], ['archived', generalManager.id]);
        assert.deepEqual(recorder.statuses, ['escalated', 'approved', 'archived']);
        await recordHistory('report-escalated', handle);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  });

  it('a scheduled run reports on the period before it, under report-<kind>-<label>, and a second trigger starts nothing new', async () => {
    const recorder = recordingActivities();
    await withWorker(recorder, async (taskQueue) => {
      const first = await env.client.workflow.execute(ScheduledReport, { workflowId: uniqueId('scheduled'), taskQueue, args: [{ kind: 'quarterly' }] });
      const second = await env.client.workflow.execute(ScheduledReport, { workflowId: uniqueId('scheduled'), taskQueue, args: [{ kind: 'quarterly' }] });
      assert.deepEqual(second, first);
      assert.deepEqual(first, periodBefore('quarterly', new Date(await env.currentTimeMs()), TIME_ZONE));
      const child = env.client.workflow.getHandle(reportWorkflowId(first));
      // Last quarter's report is already past its due date (the 10th of this quarter's first month): escalated at once.
      await waitFor('the quarterly report', async () => ((await child.query(reportStateQuery)).status === 'escalated' ? true : undefined));
      assert.equal(recorder.computed.length, 1);
      await child.terminate('test over');
    });
  });
  it('restated while awaiting approval, the next version replaces it and is the one approved', async () => {
    const recorder = recordingActivities();
    await withWorker(recorder, async (taskQueue) => {
      const period = await thisMonth();
      const handle = await env.client.workflow.start(ReportPeriod, { workflowId: uniqueId('report'), taskQueue, args: [{ kind: 'monthly', period }] });
      try {
        const first = await waitFor('the report', async () => {
          const current = await handle.query(reportStateQuery);
          return current.status === 'awaiting_approval' ? current : undefined;
        });
        await handle.signal(restateReportSignal);
        const restated = await waitFor('the restated version', async () => {
          const current = await handle.query(reportStateQuery);
          return current.version === 2 && current.status === 'awaiting_approval' ? current : undefined;
        });
        assert.equal(restated.restatements, 1);
        assert.equal(restated.approvalDueAt, first.approvalDueAt, 'a restatement does not move the due date');
        assert.equal(recorder.computed.length, 2);
        // The state shows v2 as soon as it is stored; the notice follows in the next activity.
        const notice = await waitFor('the restatement notice', async () => recorder.message('report_restated'));
        assert.match(notice, /restated as v2 .*surveys\.recorded 6 → 7/);
        await handle.executeUpdate(approveReportUpdate, { args: [{ actor: manager }] });
        const final = await handle.result();
        assert.deepEqual([final.reportId, final.status], [`monthly-${period.label}-v2`, 'archived']);
        assert.equal(recorder.statusOf.get(`monthly-${period.label}-v2`), 'archived');
        await recordHistory('report-restated-before-approval', handle);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  });

  it('the nightly restatement restates a report awaiting approval and reopens an archived one for approval', async () => {
    const late: { period: ReportPeriodRef; status: string }[] = [];
    const recorder = recordingActivities(late);
    await withWorker(recorder, async (taskQueue) => {
      const archived = await thisMonth();
      const awaiting = periodStarting('monthly', addCalendarMonths(archived.start, 1));
      const first = await env.client.workflow.start(ReportPeriod, { workflowId: reportWorkflowId(archived), taskQueue, args: [{ kind: 'monthly', period: archived }] });
      await waitFor('the first report', async () => ((await first.query(reportStateQuery)).status === 'awaiting_approval' ? true : undefined));
      await first.executeUpdate(approveReportUpdate, { args: [{ actor: manager }] });
      assert.equal((await first.result()).status, 'archived');
      const pending = await env.client.workflow.start(ReportPeriod, { workflowId: reportWorkflowId(awaiting), taskQueue, args: [{ kind: 'monthly', period: awaiting }] });
      const restatementsRun = env.client.workflow.getHandle(reportWorkflowId(archived));
      try {
        await waitFor('the pending report', async () => ((await pending.query(reportStateQuery)).status === 'awaiting_approval' ? true : undefined));
        late.push({ period: archived, status: 'archived' }, { period: awaiting, status: 'awaiting_approval' });

        const sweep = await env.client.workflow.start(ReportRestatements, { workflowId: uniqueId('restatements'), taskQueue });
        assert.deepEqual(await sweep.result(), [archived, awaiting]);

        const reopened = await waitFor('the new run of the archived report', async () => {
          const current = await restatementsRun.query(reportStateQuery);
          return current.version === 2 && current.status === 'awaiting_approval' ? current : undefined;
        });
        const now = await env.currentTimeMs();
        const due = Date.parse(reopened.approvalDueAt);
        assert.ok(due > now + 2 * 86_400_000 && due < now + 12 * 86_400_000, `due ${reopened.approvalDueAt}: 3 business days ahead`);
        assert.match(reopened.approvalDueAt, /T09:30:00\.000Z$/, 'at 17:30 company time');
        assert.equal(recorder.statusOf.get(`monthly-${archived.label}-v1`), 'archived', 'the approved version stays as it was');
        const restated = await waitFor('the pending report restated', async () => {
          const current = await pending.query(reportStateQuery);
          return current.version === 2 ? current : undefined;
        });
        assert.equal(restated.restatements, 1);
        await recordHistory('report-restatements-sweep', sweep);
        await restatementsRun.executeUpdate(approveReportUpdate, { args: [{ actor: manager }] });
        assert.equal((await restatementsRun.result()).reportId, `monthly-${archived.label}-v2`);
        await recordHistory('report-restatement-run', restatementsRun);
      } finally {
        await pending.terminate('test over').catch(() => undefined);
        await restatementsRun.terminate('test over').catch(() => undefined);
      }
    });
  });
});
