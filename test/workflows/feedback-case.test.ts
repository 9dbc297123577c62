import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';
import { addBusinessDays } from '../../workflows/domain/business-calendar.js';
import type { FeedbackPriority } from '../../workflows/domain/classification.js';
import { FeedbackCase } from '../../workflows/feedback-case.js';
import type { Actor, FeedbackCaseInput } from '../../workflows/feedback-types.js';
import {
  assignCaseUpdate,
  feedbackCaseStateQuery,
  recordRevisitUpdate,
  reportDoneUpdate,
  submitAnalysisUpdate,
  verifyCaseUpdate,
} from '../../workflows/messages.js';
import { testDataConverter } from '../support/encryption.js';
import { uniqueId } from '../support/fixtures.js';
import { recordHistory } from '../support/histories.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { rejection, rejectionOf } from '../support/updates.js';
import { waitFor } from '../support/wait.js';

const TIME_ZONE = 'Asia/Shanghai';
const DAY = 24 * 3600_000;
type Handle = WorkflowHandle<typeof FeedbackCase>;

const manager: Actor = { id: 'mgr.chen', role: 'after_sales_manager' };
const owner: Actor = { id: 'owner.liu', role: 'department_owner' };
const revisitor: Actor = { id: 'agent.sun', role: 'agent' };
const sourceAgent: Actor = { id: 'agent.zhang', role: 'agent' };

function recordingActivities() {
  const notifications = new Map<string, { recipient: string; kind: string; alsoTo?: string[] }>();
  const events: { type: string }[] = [];
  const activities = {
    followUpSettings: async () => ({ timeZone: TIME_ZONE, calendar: CHINA_CALENDAR, callWindows: [] }),
    recordCaseEvent: async ({ event }: { event: { type: string } }) => {
      events.push(event);
    },
    // Keyed like the real activity: the same event is never sent twice.
    notify: async (n: { key: string; recipient: string; kind: string; alsoTo?: string[] }) => {
      const sent = !notifications.has(n.key);
      if (sent) notifications.set(n.key, n);
      return { sent };
    },
  };
  const sent = (kind: string) => [...notifications.values()].filter((n) => n.kind === kind).map((n) => n.recipient);
  const alsoTo = (kind: string) => [...notifications.values()].filter((n) => n.kind === kind).map((n) => n.alsoTo ?? []);
  return { activities, events, sent, alsoTo };
}

describe('FeedbackCase workflow', () => {
  let env: TestWorkflowEnvironment;
  // A test server of its own for each test: one test's clock jumps and leftovers never hold up the next.
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  async function withCase(
    priority: FeedbackPriority,
    journey: (handle: Handle, recorder: ReturnType<typeof recordingActivities>) => Promise<void>,
  ) {
    const recorder = recordingActivities();
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), dataConverter: testDataConverter, activities: recorder.activities });
    const caseNo = `20261123-PHONE-${uniqueId('T')}`;
    const input: FeedbackCaseInput = {
      caseNo,
      sourceAttemptId: uniqueId('attempt'),
      sourceAgentId: sourceAgent.id,
      saleId: 'S-1',
      callbackId: 'S-1-C1',
      customerId: 'C-1',
      orderNo: 'PO-1',
      productModel: 'XR-200',
      channel: 'PHONE',
      classification: 'dissatisfied',
      priority,
      customerWords: '售后响应太慢',
      score: 55,
      receivedAt: new Date(await env.currentTimeMs()).toISOString(),
    };
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(FeedbackCase, { workflowId: `feedback-${caseNo}`, taskQueue, args: [input] });
      try {
        await waitFor('the case to wait for assignment', async () => ((await handle.query(feedbackCaseStateQuery)).deadlines.length ? true : undefined));
        await journey(handle, recorder);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  }

  const inDays = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY).toISOString();
  /** An action's update answers in a few fields; the case's whole state is the query after it. */
  const then = async (handle: Handle, action: Promise<{ stage: string }>) => {
    const answer = await action;
    const state = await handle.query(feedbackCaseStateQuery);
    assert.equal(answer.stage, state.stage);
    return state;
  };
  const assign = (handle: Handle, actor = manager) =>
    then(handle, handle.executeUpdate(assignCaseUpdate, { args: [{ actor, department: 'after_sales', ownerId: owner.id, nature: 'process_efficiency', scope: 'single' }] }));
  const analyse = async (handle: Handle) =>
    then(
      handle,
      handle.executeUpdate(submitAnalysisUpdate, {
        args: [{
          actor: owner,
          whyChain: ['响应慢', '工单积压', '人手不足'],
          rootCause: '售后工程师排班不足',
          shortTermMeasures: [{ description: '当日安排工程师上门', deadline: await inDays(1) }],
          longTermMeasures: [{ description: '增加华东区工程师编制', deadline: await inDays(60) }],
          technicianVisit: true,
        }],
      }),
    );
  const complete = (handle: Handle) => then(handle, handle.executeUpdate(reportDoneUpdate, { args: [{ actor: owner, summary: '已上门解决' }] }));
  const verify = (handle: Handle, effective = true) =>
    then(handle, handle.executeUpdate(verifyCaseUpdate, { args: [{ actor: manager, effective, note: '质量部确认' }] }));
  const revisit = (handle: Handle, satisfied: boolean, actor = revisitor) =>
    then(handle, handle.executeUpdate(recordRevisitUpdate, { args: [{ actor, satisfied, customerWords: satisfied ? '满意' : '还是不行' }] }));


  it('walks every stage on time: no warning, no escalation, closed as resolved', async () => {
    await withCase('medium', async (handle, recorder) => {
      const assigned = await assign(handle);
      const assignedDeadline = assigned.deadlines.at(-1)!;
      const expected = addBusinessDays(CHINA_CALENDAR, assignedDeadline.startedAt, 2, { timeZone: TIME_ZONE });
      assert.deepEqual([assigned.stage, assignedDeadline.dueAt, assignedDeadline.calendarVersion], ['assigned', expected.dueAt, CHINA_CALENDAR.version]);
      assert.deepEqual(recorder.sent('case_assigned'), ['department_owner']);
      assert.equal((await analyse(handle)).stage, 'in_progress');
      assert.equal((await complete(handle)).stage, 'verifying');
      assert.equal((await verify(handle)).stage, 'revisiting');
      const closed = await revisit(handle, true);
      assert.deepEqual([closed.stage, closed.resolution, closed.cycle, closed.missedDeadlines], ['closed', 'resolved', 1, 0]);
      assert.ok(closed.deadlines.every((d) => d.metAt !== null && !d.missed));
      assert.deepEqual(recorder.sent('case_deadline_warning'), []);
      assert.deepEqual(recorder.events.map((e) => e.type), ['registered', 'assigned', 'analysed', 'done_reported', 'verified', 'revisited', 'closed']);
      await handle.result();
      await recordHistory('feedback-case-on-time', handle);
    });
  });

  it('warns the owner once when three quarters of a stage have passed', async () => {
    await withCase('medium', async (handle, recorder) => {
      const { deadlines } = await assign(handle);
      const { warnAt } = deadlines.at(-1)!;
      await env.sleep(Date.parse(warnAt) - (await env.currentTimeMs()) + 1000);
      await waitFor('the warning', async () => (recorder.sent('case_deadline_warning').length ? true : undefined));
      assert.deepEqual(recorder.sent('case_deadline_warning'), ['department_owner']);
      await analyse(handle);
      assert.deepEqual(recorder.sent('case_deadline_missed'), []);
      await recordHistory('feedback-case-warning', handle);
    });
  });

  it('escalates a first miss to the after-sales manager and a second to the general manager', async () => {
    await withCase('medium', async (handle, recorder) => {
      const { deadlines } = await assign(handle);
      await env.sleep(Date.parse(deadlines.at(-1)!.dueAt) - (await env.currentTimeMs()) + 1000);
      await waitFor('the first escalation', async () => (recorder.sent('case_deadline_missed').length === 1 ? true : undefined));
      assert.deepEqual(recorder.sent('case_deadline_missed'), ['after_sales_manager']);
      const inProgress = await analyse(handle);
      await env.sleep(Date.parse(inProgress.deadlines.at(-1)!.dueAt) - (await env.currentTimeMs()) + 1000);
      await waitFor('the second escalation', async () => (recorder.sent('case_deadline_missed').length === 2 ? true : undefined));
      assert.deepEqual(recorder.sent('case_deadline_missed'), ['after_sales_manager', 'general_manager']);
      assert.deepEqual(recorder.alsoTo('case_deadline_missed'), [[], ['after_sales_manager']]);
      assert.equal((await handle.query(feedbackCaseStateQuery)).missedDeadlines, 2);
      await recordHistory('feedback-case-escalated-twice', handle);
    });
  });

  it('sends any miss on a high-priority case straight to the general manager', async () => {
    await withCase('high', async (handle, recorder) => {
      const { deadlines } = await handle.query(feedbackCaseStateQuery);
      await env.sleep(Date.parse(deadlines.at(-1)!.dueAt) - (await env.currentTimeMs()) + 1000);
      await waitFor('the escalation', async () => (recorder.sent('case_deadline_missed').length ? true : undefined));
      assert.deepEqual(recorder.sent('case_deadline_missed'), ['general_manager']);
      assert.deepEqual(recorder.alsoTo('case_deadline_missed'), [['after_sales_manager']]);
      assert.deepEqual(recorder.sent('case_deadline_warning'), ['after_sales_manager']);
      await recordHistory('feedback-case-high-priority-missed', handle);
    });
  });

  it('reprocesses while the customer stays unhappy, one priority level up each cycle, until satisfied', async () => {
    await withCase('low', async (handle) => {
      const priorities: string[] = [];
      for (let cycle = 1; cycle <= 3; cycle++) {
        await assign(handle);
        await analyse(handle);
        await complete(handle);
        await verify(handle);
        const after = await revisit(handle, cycle === 3);
        priorities.push(after.priority);
        if (cycle < 3) assert.deepEqual([after.stage, after.cycle, after.ownerId], ['registered', cycle + 1, null]);
      }
      const final = await handle.result();
      assert.deepEqual(priorities, ['medium', 'high', 'high']);
      assert.deepEqual([final.stage, final.cycle, final.resolution], ['closed', 3, 'resolved']);
      await recordHistory('feedback-case-reprocessed-twice', handle);
    });
  });

  it('refuses a re-visit by someone who handled the case, and actions out of role or stage', async () => {
    await withCase('medium', async (handle) => {
      assert.deepEqual(await rejectionOf(assign(handle, owner)), { type: 'WrongRole', message: 'only the after-sales manager may do this, not the department owner' });
      assert.equal(await rejection(complete(handle)), 'CaseNotInStage');
      await assign(handle);
      const intruder: Actor = { id: 'owner.wang', role: 'department_owner' };
      assert.equal(
        await rejection(handle.executeUpdate(reportDoneUpdate, { args: [{ actor: intruder, summary: 'x' }] })),
        'CaseNotInStage',
      );
      assert.equal(
        await rejection(
          handle.executeUpdate(submitAnalysisUpdate, {
            args: [{ actor: intruder, whyChain: ['x'], rootCause: 'x', shortTermMeasures: [{ description: 'x', deadline: await inDays(1) }], longTermMeasures: [], technicianVisit: false }],
          }),
        ),
        'NotTheOwner',
      );
      assert.equal(
        await rejection(
          handle.executeUpdate(submitAnalysisUpdate, {
            args: [{ actor: owner, whyChain: [], rootCause: 'x', shortTermMeasures: [{ description: 'x', deadline: await inDays(1) }], longTermMeasures: [], technicianVisit: false }],
          }),
        ),
        'InvalidCaseAction',
      );
      await analyse(handle);
      await complete(handle);
      await verify(handle);
      assert.equal(await rejection(revisit(handle, true, sourceAgent)), 'NotIndependent');
      assert.equal(await rejection(revisit(handle, true, { id: owner.id, role: 'agent' })), 'NotIndependent');
      assert.equal((await revisit(handle, true)).stage, 'closed');
      await recordHistory('feedback-case-handler-refused', handle);
    });
  });
});
