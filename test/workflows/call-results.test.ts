import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import type { CallResult, FeedbackCaseStart, SurveyRecordInput } from '../../workflows/call-results.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';
import { CALL_WINDOWS } from '../../workflows/domain/call-windows.js';
import { toCompanyTime } from '../../workflows/domain/company-time.js';
import { claimCallbackUpdate, feedbackCaseStateQuery, recordCallResultUpdate, saleStateQuery } from '../../workflows/messages.js';
import { SaleFollowUp } from '../../workflows/sale-follow-up.js';
import { saleWorkflowId, type SaleDelivery } from '../../workflows/sale-types.js';
import { testDataConverter } from '../support/encryption.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { recordHistory } from '../support/histories.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { rejection } from '../support/updates.js';
import { waitFor } from '../support/wait.js';

const TIME_ZONE = 'Asia/Shanghai';
const HOUR = 3600_000;
type Handle = WorkflowHandle<typeof SaleFollowUp>;

/** Every activity the sale workflow calls, recording the calls instead of writing PostgreSQL. */
function recordingActivities() {
  const calls: Record<string, any[]> = {};
  const record = (name: string, result: unknown = undefined) => async (input: unknown) => {
    (calls[name] ??= []).push(input);
    return result;
  };
  let cases = 0;
  const activities = {
    registerSale: async () => ({ registeredAt: new Date().toISOString() }),
    followUpSettings: async () => ({ timeZone: TIME_ZONE, calendar: CHINA_CALENDAR, callWindows: CALL_WINDOWS.map((w) => ({ ...w })) }),
    scheduleCallbacks: record('scheduleCallbacks'),
    openCallback: record('openCallback'),
    cancelSaleFollowUp: record('cancelSaleFollowUp', { cancelledCallbacks: 0 }),
    claimCallback: record('claimCallback'),
    recordCallAttempt: record('recordCallAttempt'),
    rescheduleCallback: record('rescheduleCallback'),
    markQuestionnaireSent: record('markQuestionnaireSent'),
    closeCallback: record('closeCallback'),
    recordSurvey: record('recordSurvey'),
    recordActualUser: record('recordActualUser'),
    createLead: record('createLead'),
    notify: record('notify', { sent: true }),
    recordCaseEvent: record('recordCaseEvent'),
    openFeedbackCase: async (input: FeedbackCaseStart) => {
      (calls.openFeedbackCase ??= []).push(input);
      return { caseNo: `20261123-PHONE-${String(++cases).padStart(3, '0')}-${input.sourceAttemptId.slice(0, 4)}` };
    },
  };
  return { calls, activities, count: (name: string) => calls[name]?.length ?? 0 };
}

const satisfied: SurveyRecordInput = {
  method: 'phone',
  usage: { location: '放射科', usedBy: '技师', city: '上海', hoursPerDay: 8 },
  overall: { scale: 'grade', grade: 'satisfied' },
  productRating: { scale: 'score_1_to_10', score: 9 },
  staffAttitude: { scale: 'three_grades', grade: 'satisfied' },
  saysDissatisfied: false,
  complainedToManagement: false,
  seriousOpinion: false,
};

describe('call results on a sale follow-up', () => {
  let env: TestWorkflowEnvironment;
  // A test server of its own for each test: one test's clock jumps and leftovers never hold up the next.
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  /** Starts a sale delivered today, jumps to its first callback's due time and returns it open. */
  async function withFirstCallbackDue(
    journey: (handle: Handle, callbackId: string, recorder: ReturnType<typeof recordingActivities>) => Promise<void>,
    delivery: SaleDelivery = aDelivery(),
  ) {
    const recorder = recordingActivities();
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), dataConverter: testDataConverter, activities: recorder.activities });
    await worker.runUntil(async () => {
      const today = toCompanyTime(new Date(await env.currentTimeMs()), TIME_ZONE).date;
      const handle = await env.client.workflow.start(SaleFollowUp, {
        workflowId: saleWorkflowId(uniqueId(delivery.saleId)),
        taskQueue,
        args: [{ ...delivery, deliveredOn: today }],
      });
      try {
        const first = await waitFor('the plan', async () => (await handle.query(saleStateQuery)).callbacks[0]);
        await env.sleep(Date.parse(first.dueAt) - (await env.currentTimeMs()) + 1000);
        await waitFor('the first callback to open', async () =>
          (await handle.query(saleStateQuery)).callbacks[0]!.status === 'due' ? true : undefined,
        );
        await journey(handle, first.callbackId, recorder);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  }

  const result = (handle: Handle, callbackId: string, outcome: CallResult, agentId = 'agent.zhang', attemptId = randomUUID()) =>
    handle.executeUpdate(recordCallResultUpdate, { args: [{ callbackId, attemptId, agentId, result: outcome }] });


  const callbackOf = async (handle: Handle, callbackId: string) =>
    (await handle.query(saleStateQuery)).callbacks.find((c) => c.callbackId === callbackId)!;

  it('survey done: scored, classified, completed; repurchase intent becomes a lead; a repeated attempt is applied once', async () => {
    await withFirstCallbackDue(async (handle, callbackId, recorder) => {
      const claimed = await handle.executeUpdate(claimCallbackUpdate, { args: [{ callbackId, agentId: 'agent.zhang' }] });
      assert.equal(claimed.status, 'claimed');
      const attemptId = randomUUID();
      const survey = { ...satisfied, repurchaseIntent: 'two more XR-200 next year' };
      const first = await result(handle, callbackId, { outcome: 'survey_done', survey }, 'agent.zhang', attemptId);
      assert.equal(first.applied, true);
      assert.equal(first.callbackStatus, 'completed');
      assert.deepEqual({ score: first.survey?.score, classification: first.survey?.classification, lead: first.survey?.leadCreated }, {
        score: 95,
        classification: 'satisfied',
        lead: true,
      });
      const again = await result(handle, callbackId, { outcome: 'survey_done', survey }, 'agent.zhang', attemptId);
      assert.equal(again.applied, false);
      assert.equal(recorder.count('recordSurvey'), 1);
      assert.equal(recorder.count('createLead'), 1);
      assert.deepEqual(recorder.calls.recordSurvey![0].dimensionScores, { product: 90, attitude: 95, speed: null, service: null });
      assert.equal(recorder.calls.notify![0].recipient, 'sales_owner');
      assert.equal(recorder.count('openFeedbackCase'), 0);
      assert.equal((await callbackOf(handle, callbackId)).status, 'completed');
      assert.equal((await handle.query(saleStateQuery)).attempts.length, 1);
      await recordHistory('call-result-survey-done-registered-in-one-task', handle);
    });
  });

  it('dissatisfied: a feedback case is started as a child workflow with the customer\'s words', async () => {
    await withFirstCallbackDue(async (handle, callbackId, recorder) => {
      const survey: SurveyRecordInput = { ...satisfied, overall: { scale: 'score_0_to_100', score: 55 }, opinions: '开机太慢' };
      const outcome = await result(handle, callbackId, { outcome: 'survey_done', survey });
      assert.equal(outcome.survey?.classification, 'dissatisfied');
      const caseNo = outcome.survey?.feedbackCaseNo;
      assert.ok(caseNo);
      const start = recorder.calls.openFeedbackCase![0] as FeedbackCaseStart;
      assert.deepEqual([start.priority, start.customerWords, start.channel, start.score], ['high', '开机太慢', 'PHONE', 55]);
      // The worst-rated dimension was the product (90 against an attitude of 95).
      assert.deepEqual(start.suggestion, { nature: 'product_quality', department: 'rnd', scope: 'single' });
      const child = env.client.workflow.getHandle(`feedback-${caseNo}`);
      const caseState = await waitFor('the feedback case', () => child.query(feedbackCaseStateQuery));
      assert.deepEqual([caseState.stage, caseState.priority, caseState.callbackId], ['registered', 'high', callbackId]);
      await recordHistory('call-result-dissatisfied-in-one-task', handle);
      await child.terminate('test over');
    });
  });

  it('a safety hazard opens a high-priority case even when the customer is satisfied', async () => {
    await withFirstCallbackDue(async (handle, callbackId, recorder) => {
      const outcome = await result(handle, callbackId, { outcome: 'survey_done', survey: { ...satisfied, safetyHazard: true, opinions: '机柜接地松动' } });
      // Satisfied with an opinion: on its own no case, but the hazard opens one at high priority.
      assert.equal(outcome.survey?.classification, 'opinion');
      assert.ok(outcome.survey?.feedbackCaseNo);
      const start = recorder.calls.openFeedbackCase![0] as FeedbackCaseStart;
      assert.deepEqual([start.priority, start.classification, start.customerWords], ['high', 'opinion', '机柜接地松动']);
      await env.client.workflow.getHandle(`feedback-${outcome.survey!.feedbackCaseNo}`).terminate('test over');
      await recordHistory('call-result-safety-hazard-in-one-task', handle);
    });
  });

  it('complaint to an outside body: the general manager is told at once, once', async () => {
    await withFirstCallbackDue(async (handle, callbackId, recorder) => {
      const survey: SurveyRecordInput = { ...satisfied, complainedTo: 'media', opinions: '已向媒体反映' };
      const outcome = await result(handle, callbackId, { outcome: 'survey_done', survey });
      assert.equal(outcome.survey?.classification, 'complaint');
      const toGm = recorder.calls.notify!.filter((n) => n.recipient === 'general_manager');
      assert.equal(toGm.length, 1);
      assert.equal(toGm[0].kind, 'external_complaint');
      assert.equal(recorder.calls.openFeedbackCase![0].priority, 'high');
      await env.client.workflow.getHandle(`feedback-${outcome.survey!.feedbackCaseNo}`).terminate('test over');
      await recordHistory('call-result-complaint-in-one-task', handle);
    });
  });

  it('busy: re-opened exactly at the time the customer chose, with the reason recorded', async () => {
    await withFirstCallbackDue(async (handle, callbackId) => {
      const callBackAt = new Date((await env.currentTimeMs()) + 26 * HOUR).toISOString();
      const outcome = await result(handle, callbackId, { outcome: 'busy', reason: 'in a meeting', callBackAt });
      assert.equal(outcome.callbackStatus, 'scheduled');
      assert.equal((await callbackOf(handle, callbackId)).dueAt, callBackAt);
      await env.sleep(26 * HOUR - 60_000);
      assert.equal((await callbackOf(handle, callbackId)).status, 'scheduled');
      await env.sleep(120_000);
      await waitFor('the callback to re-open', async () => ((await callbackOf(handle, callbackId)).status === 'due' ? true : undefined));
      const [attempt] = (await handle.query(saleStateQuery)).attempts;
      assert.deepEqual([attempt!.outcome, attempt!.reason, attempt!.nextTryAt], ['busy', 'in a meeting', callBackAt]);
      assert.equal(await rejection(result(handle, callbackId, { outcome: 'busy', reason: 'x', callBackAt: '2001-01-01T00:00:00Z' })), 'InvalidCallResult');
      await recordHistory('call-result-busy-registered-in-one-task', handle);
    });
  });

  it('no answer: retried in later windows, unreachable after the third unanswered call', async () => {
    await withFirstCallbackDue(async (handle, callbackId, recorder) => {
      const tries: string[] = [];
      for (let call = 1; call <= 3; call++) {
        const outcome = await result(handle, callbackId, { outcome: 'no_answer' });
        if (call < 3) {
          assert.equal(outcome.callbackStatus, 'scheduled');
          const { dueAt } = await callbackOf(handle, callbackId);
          tries.push(dueAt);
          await env.sleep(Date.parse(dueAt) - (await env.currentTimeMs()) + 1000);
          await waitFor('the retry to open', async () => ((await callbackOf(handle, callbackId)).status === 'due' ? true : undefined));
        } else {
          assert.equal(outcome.callbackStatus, 'unreachable');
        }
      }
      assert.equal(new Set(tries).size, 2);
      for (const dueAt of tries) {
        const local = toCompanyTime(dueAt, TIME_ZONE);
        assert.ok([10 * 60, 15 * 60].includes(local.msOfDay / 60_000), `retry at ${dueAt} is not a window start`);
      }
      assert.deepEqual(recorder.calls.closeCallback!.map((c) => c.status), ['unreachable']);
      assert.equal(await rejection(result(handle, callbackId, { outcome: 'no_answer' })), 'CallbackFinished');
      await recordHistory('call-result-unreachable-in-one-task', handle);
    });
  });

  it('wrong person: the actual user is recorded and the callback continues with them', async () => {
    await withFirstCallbackDue(async (handle, callbackId, recorder) => {
      const actualUser = { name: '赵敏', phone: '+86 137 0000 1111', title: '设备科' };
      const outcome = await result(handle, callbackId, { outcome: 'wrong_person', actualUser });
      assert.equal(outcome.callbackStatus, 'claimed');
      assert.deepEqual(recorder.calls.recordActualUser![0].actualUser, actualUser);
      const done = await result(handle, callbackId, { outcome: 'survey_done', survey: satisfied });
      assert.equal(done.callbackStatus, 'completed');
      await recordHistory('call-result-wrong-person-in-one-task', handle);
    });
  });

  it('refused: the callback ends as refused with the reason', async () => {
    await withFirstCallbackDue(async (handle, callbackId, recorder) => {
      const outcome = await result(handle, callbackId, { outcome: 'refused', reason: 'does not want calls' });
      assert.equal(outcome.callbackStatus, 'refused');
      assert.equal(recorder.calls.recordCallAttempt![0].reason, 'does not want calls');
      await recordHistory('call-result-refused-in-one-task', handle);
    });
  });

  it('questionnaire: chased once after a week, back to a phone callback after another', async () => {
    await withFirstCallbackDue(async (handle, callbackId, recorder) => {
      const sent = await result(handle, callbackId, { outcome: 'questionnaire_sent' });
      assert.equal(sent.callbackStatus, 'questionnaire');
      assert.equal(await rejection(result(handle, callbackId, { outcome: 'no_answer' })), 'CallbackNotOpen');
      await env.sleep('7 days');
      await waitFor('the chase', async () => (recorder.calls.notify?.some((n) => n.kind === 'questionnaire_chase') ? true : undefined));
      assert.equal((await callbackOf(handle, callbackId)).status, 'questionnaire');
      await env.sleep('7 days');
      await waitFor('the fall-back to a phone call', async () => ((await callbackOf(handle, callbackId)).status === 'scheduled' ? true : undefined));
      assert.equal(recorder.calls.notify!.filter((n) => n.kind === 'questionnaire_chase').length, 1);
      await recordHistory('call-result-questionnaire-fallback-in-one-task', handle);
    });
  });

  it('rejects claims and results that do not fit the callback, naming why', async () => {
    await withFirstCallbackDue(async (handle, callbackId) => {
      await handle.executeUpdate(claimCallbackUpdate, { args: [{ callbackId, agentId: 'agent.zhang' }] });
      assert.equal(await rejection(handle.executeUpdate(claimCallbackUpdate, { args: [{ callbackId, agentId: 'agent.li' }] })), 'CallbackClaimedByAnother');
      assert.equal(await rejection(result(handle, callbackId, { outcome: 'refused', reason: 'x' }, 'agent.li')), 'CallbackClaimedByAnother');
      const second = callbackId.replace(/-C1$/, '-C2');
      assert.equal(await rejection(result(handle, second, { outcome: 'no_answer' })), 'CallbackNotOpen');
      assert.equal(await rejection(handle.executeUpdate(claimCallbackUpdate, { args: [{ callbackId: 'S-x-C9', agentId: 'a' }] })), 'UnknownCallback');
      const badScore = { ...satisfied, overall: { scale: 'score_1_to_5' as const, score: 7 } };
      assert.equal(await rejection(result(handle, callbackId, { outcome: 'survey_done', survey: badScore })), 'InvalidCallResult');
    });
  });

  it('completes the sale once all three callbacks are done, over the whole warranty', async () => {
    await withFirstCallbackDue(async (handle, first) => {
      await result(handle, first, { outcome: 'survey_done', survey: satisfied });
      for (const callbackId of [first.replace(/-C1$/, '-C2'), first.replace(/-C1$/, '-C3')]) {
        const { dueAt } = await callbackOf(handle, callbackId);
        await env.sleep(Date.parse(dueAt) - (await env.currentTimeMs()) + 1000);
        await waitFor(`${callbackId} to open`, async () => ((await callbackOf(handle, callbackId)).status === 'due' ? true : undefined));
        await result(handle, callbackId, { outcome: 'survey_done', survey: satisfied });
      }
      const final = await handle.result();
      assert.equal(final.stage, 'completed');
      assert.equal(final.surveys.length, 3);
      await recordHistory('sale-follow-up-completed-registered-in-one-task', handle);
    });
  });
});
