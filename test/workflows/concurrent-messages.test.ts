import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import type { CallResult } from '../../workflows/call-results.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';
import { toCompanyTime } from '../../workflows/domain/company-time.js';
import { FeedbackCase } from '../../workflows/feedback-case.js';
import type { CaseEvent } from '../../workflows/feedback-types.js';
import { claimCallbackUpdate, feedbackCaseStateQuery, recordCallResultUpdate, recordRevisitUpdate, saleStateQuery } from '../../workflows/messages.js';
import { SaleFollowUp } from '../../workflows/sale-follow-up.js';
import { saleWorkflowId } from '../../workflows/sale-types.js';
import { testDataConverter } from '../support/encryption.js';
import { aCaseInput, walkToRevisiting } from '../support/cases.js';
import { aDelivery, satisfiedSurvey, uniqueId } from '../support/fixtures.js';
import { gate, type Gate } from '../support/gates.js';
import { inMemorySaleActivities, type SaleRows } from '../support/in-memory-activities.js';
import { recordRuns } from '../support/histories.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { waitFor } from '../support/wait.js';

const TIME_ZONE = 'Asia/Shanghai';
type SaleHandle = WorkflowHandle<typeof SaleFollowUp>;

/** Whether an update was applied (its answer) or refused once it was its turn (the failure's type). */
async function outcomeOf(update: Promise<unknown>): Promise<{ applied: true } | { refused: string }> {
  try {
    await update;
    return { applied: true };
  } catch (err) {
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    return { refused: (err.cause as { type?: string }).type ?? 'untyped' };
  }
}

// Two messages for one callback or one case, the second accepted while the first is still writing: the second waits
// its turn, is checked again, and is refused when the first has changed what it depended on.
describe('messages that arrive at once', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  /** A sale delivered today, at its first callback's due time. A short workflow task timeout: held local activities heartbeat sooner. */
  async function withDueCallback(journey: (handle: SaleHandle, callbackId: string, rows: SaleRows) => Promise<void>) {
    const rows = inMemorySaleActivities();
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), dataConverter: testDataConverter, activities: rows.activities });
    await worker.runUntil(async () => {
      const today = toCompanyTime(new Date(await env.currentTimeMs()), TIME_ZONE).date;
      const delivery = aDelivery({ deliveredOn: today });
      const handle = await env.client.workflow.start(SaleFollowUp, {
        workflowId: saleWorkflowId(uniqueId(delivery.saleId)),
        taskQueue,
        args: [delivery],
        workflowTaskTimeout: '3 seconds',
      });
      try {
        const first = await waitFor('the plan', async () => (await handle.query(saleStateQuery)).callbacks[0]);
        await env.sleep(Date.parse(first.dueAt) - (await env.currentTimeMs()) + 1000);
        await waitFor('the first callback to open', async () => ((await handle.query(saleStateQuery)).callbacks[0]!.status === 'due' ? true : undefined));
        await journey(handle, first.callbackId, rows);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  }

  const result = (handle: SaleHandle, callbackId: string, outcome: CallResult, agentId = 'agent.zhang') => ({
    args: [{ callbackId, attemptId: randomUUID(), agentId, result: outcome }] as [{ callbackId: string; attemptId: string; agentId: string; result: CallResult }],
    handle,
  });

  /** The callback as the workflow has it agrees with its row. */
  async function agree(handle: SaleHandle, callbackId: string, rows: SaleRows) {
    const state = await handle.query(saleStateQuery);
    const callback = state.callbacks.find((c) => c.callbackId === callbackId)!;
    const row = rows.row(callbackId);
    assert.deepEqual(
      { status: callback.status, claimedBy: callback.claimedBy ?? null, attempts: callback.attempts, attemptsListed: state.attempts.length },
      { status: row.status, claimedBy: row.claimedBy, attempts: row.attempts, attemptsListed: row.attempts },
    );
    return callback;
  }

  it('applies one of two different results sent at once for a claimed callback, and refuses the other', async () => {
    await withDueCallback(async (handle, callbackId, rows) => {
      await handle.executeUpdate(claimCallbackUpdate, { args: [{ callbackId, agentId: 'agent.zhang' }] });
      rows.gates.recordSurvey = gate();
      const survey = result(handle, callbackId, { outcome: 'survey_done', survey: satisfiedSurvey });
      const first = handle.executeUpdate(recordCallResultUpdate, { args: survey.args });
      await rows.gates.recordSurvey.entered;
      // The busy result is accepted while the survey is still being written.
      const busy = result(handle, callbackId, { outcome: 'busy', reason: 'in a meeting', callBackAt: new Date((await env.currentTimeMs()) + 86_400_000).toISOString() });
      const second = await handle.startUpdate(recordCallResultUpdate, { args: busy.args, waitForStage: WorkflowUpdateStage.ACCEPTED });
      rows.gates.recordSurvey.release();

      assert.deepEqual(await outcomeOf(first), { applied: true });
      assert.deepEqual(await outcomeOf(second.result()), { refused: 'CallbackFinished' });
      const callback = await agree(handle, callbackId, rows);
      assert.equal(callback.status, 'completed');
      assert.equal(rows.calls.rescheduleCallback, undefined);
      // The callback has ended: the follow-up went on in a new run.
      await recordRuns('call-results-serialized-two-at-once', env.client, handle.workflowId);
    });
  });

  it('records a result sent while its claim is still being written only after the claim', async () => {
    await withDueCallback(async (handle, callbackId, rows) => {
      rows.gates.claimCallback = gate();
      const claim = handle.executeUpdate(claimCallbackUpdate, { args: [{ callbackId, agentId: 'agent.zhang' }] });
      await rows.gates.claimCallback.entered;
      const survey = result(handle, callbackId, { outcome: 'survey_done', survey: satisfiedSurvey });
      const pending = await handle.startUpdate(recordCallResultUpdate, { args: survey.args, waitForStage: WorkflowUpdateStage.ACCEPTED });
      rows.gates.claimCallback.release();

      assert.deepEqual(await outcomeOf(claim), { applied: true });
      assert.deepEqual(await outcomeOf(pending.result()), { applied: true });
      const callback = await agree(handle, callbackId, rows);
      assert.deepEqual([callback.status, callback.claimedBy], ['completed', 'agent.zhang']);
      await recordRuns('call-results-serialized-claim-and-result', env.client, handle.workflowId);
    });
  });

  it('applies one of two re-visits sent at once for a case, and refuses the other', async () => {
    const events: CaseEvent[] = [];
    const gates: Record<string, Gate> = {};
    const activities = {
      followUpSettings: async () => ({ timeZone: TIME_ZONE, calendar: CHINA_CALENDAR, callWindows: [] }),
      recordCaseEvent: async ({ event }: { event: CaseEvent }) => {
        if (event.type === 'revisited') await gates.revisited?.pass();
        events.push(event);
      },
      notify: async () => ({ sent: true }),
    };
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), dataConverter: testDataConverter, activities });
    const input = aCaseInput(new Date(await env.currentTimeMs()).toISOString());
    const { caseNo } = input;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(FeedbackCase, { workflowId: `feedback-${caseNo}`, taskQueue, args: [input] });
      try {
        await waitFor('the case to wait for assignment', async () => ((await handle.query(feedbackCaseStateQuery)).deadlines.length ? true : undefined));
        await walkToRevisiting(handle, () => env.currentTimeMs());

        gates.revisited = gate();
        const unhappy = handle.executeUpdate(recordRevisitUpdate, { args: [{ actor: { id: 'agent.sun', role: 'agent' }, satisfied: false, customerWords: '还是慢' }] });
        await gates.revisited.entered;
        const happy = await handle.startUpdate(recordRevisitUpdate, {
          args: [{ actor: { id: 'agent.wu', role: 'agent' }, satisfied: true, customerWords: '满意' }],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
        gates.revisited.release();

        assert.deepEqual(await outcomeOf(unhappy), { applied: true });
        assert.deepEqual(await outcomeOf(happy.result()), { refused: 'CaseNotInStage' });
        const state = await handle.query(feedbackCaseStateQuery);
        assert.deepEqual([state.stage, state.cycle, state.resolution, state.priority], ['registered', 2, null, 'high']);
        // The events recorded are the case's own timeline, one each.
        assert.deepEqual(events.map((e) => e.eventId), state.events.map((e) => e.eventId));
        assert.deepEqual(events.filter((e) => ['revisited', 'reprocessed', 'closed'].includes(e.type)).map((e) => e.type), ['revisited', 'reprocessed']);
        // The re-visit reprocessed the case: it went on in a new run.
        await recordRuns('feedback-case-serialized-two-revisits', env.client, handle.workflowId);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  });
});
