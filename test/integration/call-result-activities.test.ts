import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import { createCallResultActivities } from '../../activities/call-result-activities.js';
import { createCallbackActivities } from '../../activities/callback-activities.js';
import { createSaleActivities } from '../../activities/sale-activities.js';
import { CallAttempt } from '../../src/callbacks/call-attempt.entity.js';
import { Callback } from '../../src/callbacks/callback.entity.js';
import { SurveyRecord } from '../../src/callbacks/survey-record.entity.js';
import { Customer } from '../../src/customers/customer.entity.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { FeedbackCase, FeedbackCaseSequence, feedbackCaseNo } from '../../src/feedback/feedback-case.entity.js';
import { Lead } from '../../src/leads/lead.entity.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalDeliveryStarter } from '../../src/notifications/record-notification.js';
import { deliveryWorkflowId } from '../../workflows/notification-types.js';
import { aSchedule } from '../support/callbacks.js';
import { noDeliveries, testDeliveryPolicy } from '../support/deliveries.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { requireEnv } from '../support/env.js';
import { aCaseStart as aCaseStartOf, aDelivery, uniqueId } from '../support/fixtures.js';
import type { FeedbackCaseStart, SurveyRecordInput } from '../../workflows/call-results.js';
import type { SaleDelivery } from '../../workflows/sale-types.js';

async function rejectsWith(promise: Promise<unknown>, type: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
    assert.equal(err.type, type);
    assert.equal(err.nonRetryable, true);
    return true;
  });
}

const aSurvey = (overrides: Partial<SurveyRecordInput> = {}): SurveyRecordInput => ({
  method: 'phone',
  usage: { location: '放射科', usedBy: '技师', city: '上海', hoursPerDay: 7.5 },
  overall: { scale: 'score_1_to_5', score: 2 },
  productRating: { scale: 'grade', grade: 'good' },
  staffAttitude: { scale: 'three_grades', grade: 'satisfied' },
  saysDissatisfied: true,
  complainedTo: 'media',
  complainedToManagement: false,
  seriousOpinion: true,
  opinions: '开机太慢，售后电话总是占线',
  problems: ['slow start-up', 'hotline busy'],
  unansweredQuestion: '能否升级软件？',
  repurchaseIntent: 'XR-300 for the new wing',
  ...overrides,
});

describe('call result activities on PostgreSQL', () => {
  let orm: MikroORM;
  let sales: ReturnType<typeof createSaleActivities>;
  let callbacks: ReturnType<typeof createCallbackActivities>;
  let activities: ReturnType<typeof createCallResultActivities>;
  const logged: string[] = [];

  before(async () => {
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    sales = createSaleActivities({ orm });
    callbacks = createCallbackActivities({ orm });
    activities = createCallResultActivities({ orm, companyTimeZone: 'Asia/Shanghai', deliveries: noDeliveries, log: (line) => logged.push(line) });
  });
  after(async () => {
    await orm?.close();
  });

  /** A registered sale with its three callbacks scheduled and the first one due. */
  async function aDueCallback(overrides: Partial<SaleDelivery> = {}): Promise<{ delivery: SaleDelivery; callbackId: string; others: string[] }> {
    const delivery = aDelivery(overrides);
    await sales.registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
    const schedule = aSchedule(delivery);
    await callbacks.scheduleCallbacks(schedule);
    const [first, ...others] = schedule.callbacks;
    await callbacks.openCallback({ callbackId: first!.callbackId, dueAt: first!.dueAt, late: false, openedAt: first!.dueAt });
    return { delivery, callbackId: first!.callbackId, others: others.map((c) => c.callbackId) };
  }

  const callbackRow = (id: string): Promise<Callback> => orm.em.fork().findOneOrFail(Callback, id);

  describe('claimCallback', () => {
    it('claims a due callback once; the same agent claiming again changes nothing', async () => {
      const { callbackId } = await aDueCallback();
      await activities.claimCallback({ callbackId, agentId: 'zhang.wei', claimedAt: '2026-12-21T02:05:00.000Z' });
      const first = await callbackRow(callbackId);
      await activities.claimCallback({ callbackId, agentId: 'zhang.wei', claimedAt: '2026-12-21T02:09:00.000Z' });

      const again = await callbackRow(callbackId);
      assert.deepEqual([again.status, again.claimedBy, again.claimedAt?.toISOString()], ['claimed', 'zhang.wei', '2026-12-21T02:05:00.000Z']);
      assert.equal(again.updatedAt.getTime(), first.updatedAt.getTime());
    });

    it('refuses another agent, a callback not due and one that is closed, and an unknown callback', async () => {
      const { callbackId, others } = await aDueCallback();
      await activities.claimCallback({ callbackId, agentId: 'zhang.wei', claimedAt: '2026-12-21T02:05:00.000Z' });
      await rejectsWith(activities.claimCallback({ callbackId, agentId: 'li.na', claimedAt: '2026-12-21T02:06:00.000Z' }), 'CallbackClaimedByAnother');
      await rejectsWith(activities.claimCallback({ callbackId: others[0]!, agentId: 'li.na', claimedAt: '2026-12-21T02:06:00.000Z' }), 'CallbackNotOpen');
      await activities.closeCallback({ callbackId, status: 'refused', closedAt: '2026-12-21T02:10:00.000Z' });
      await rejectsWith(activities.claimCallback({ callbackId, agentId: 'zhang.wei', claimedAt: '2026-12-21T02:11:00.000Z' }), 'CallbackFinished');
      await rejectsWith(activities.claimCallback({ callbackId: 'S-nobody-C1', agentId: 'li.na', claimedAt: '2026-12-21T02:06:00.000Z' }), 'UnknownCallback');
      assert.equal((await callbackRow(others[0]!)).claimedBy, null);
    });
  });

  describe('recordCallAttempt', () => {
    it('records an attempt once and counts the attempts of the callback', async () => {
      const { callbackId } = await aDueCallback();
      const busy = {
        attemptId: randomUUID(),
        callbackId,
        agentId: 'zhang.wei',
        outcome: 'busy' as const,
        reason: 'in a meeting',
        nextTryAt: '2026-12-22T07:30:00.000Z',
        recordedAt: '2026-12-21T02:06:00.000Z',
      };
      await activities.recordCallAttempt(busy);
      await Promise.all([activities.recordCallAttempt(busy), activities.recordCallAttempt(busy)]);
      assert.equal((await callbackRow(callbackId)).attempts, 1);

      const rows = await orm.em.fork().find(CallAttempt, { callback: callbackId });
      assert.equal(rows.length, 1);
      const [row] = rows;
      assert.deepEqual(
        [row!.id, row!.agentId, row!.outcome, row!.reason, row!.nextTryAt?.toISOString(), row!.recordedAt.toISOString()],
        [busy.attemptId, 'zhang.wei', 'busy', 'in a meeting', busy.nextTryAt, busy.recordedAt],
      );
    });

    it('counts concurrent attempts on one callback exactly', async () => {
      const { callbackId } = await aDueCallback();
      const attempts = Array.from({ length: 6 }, (_, i) => ({
        attemptId: randomUUID(),
        callbackId,
        agentId: 'zhang.wei',
        outcome: 'no_answer' as const,
        recordedAt: new Date(Date.UTC(2026, 11, 21, 2, i)).toISOString(),
      }));
      await Promise.all(attempts.flatMap((a) => [activities.recordCallAttempt(a), activities.recordCallAttempt(a)]));
      assert.equal((await callbackRow(callbackId)).attempts, 6);
      assert.equal(await orm.em.fork().count(CallAttempt, { callback: callbackId }), 6);
    });

    it('fails for good on an unknown callback or an attempt missing what its outcome needs', async () => {
      const { callbackId } = await aDueCallback();
      const attempt = { attemptId: randomUUID(), callbackId, agentId: 'zhang.wei', recordedAt: '2026-12-21T02:06:00.000Z' };
      await rejectsWith(activities.recordCallAttempt({ ...attempt, callbackId: 'S-nobody-C1', outcome: 'no_answer' }), 'UnknownCallback');
      await rejectsWith(activities.recordCallAttempt({ ...attempt, outcome: 'busy', reason: 'driving' }), 'InvalidCallResultInput');
      await rejectsWith(activities.recordCallAttempt({ ...attempt, outcome: 'refused' }), 'InvalidCallResultInput');
      await rejectsWith(activities.recordCallAttempt({ ...attempt, outcome: 'hung_up' as never }), 'InvalidCallResultInput');
      await rejectsWith(activities.recordCallAttempt({ ...attempt, outcome: 'no_answer', recordedAt: 'yesterday' }), 'InvalidCallResultInput');
      assert.equal(await orm.em.fork().count(CallAttempt, { callback: callbackId }), 0);
    });
  });

  describe('callback status changes', () => {
    it('reschedules a claimed callback, releasing the claim; the same reschedule again changes nothing', async () => {
      const { callbackId } = await aDueCallback();
      await activities.claimCallback({ callbackId, agentId: 'zhang.wei', claimedAt: '2026-12-21T02:05:00.000Z' });
      const reschedule = { callbackId, dueAt: '2026-12-22T07:30:00.000Z' };
      await activities.rescheduleCallback(reschedule);
      const first = await callbackRow(callbackId);
      await activities.rescheduleCallback(reschedule);

      const again = await callbackRow(callbackId);
      assert.deepEqual(
        [again.status, again.dueAt.toISOString(), again.claimedBy, again.claimedAt],
        ['scheduled', reschedule.dueAt, null, null],
      );
      assert.equal(again.updatedAt.getTime(), first.updatedAt.getTime());

      // Opened and claimed again later, by someone else this time.
      await callbacks.openCallback({ callbackId, dueAt: reschedule.dueAt, late: false, openedAt: reschedule.dueAt });
      await activities.claimCallback({ callbackId, agentId: 'li.na', claimedAt: '2026-12-22T07:31:00.000Z' });
      assert.equal((await callbackRow(callbackId)).claimedBy, 'li.na');
    });

    it('sends a callback to questionnaire once, and back to scheduled when the questionnaire does not come back', async () => {
      const { callbackId } = await aDueCallback();
      await activities.claimCallback({ callbackId, agentId: 'zhang.wei', claimedAt: '2026-12-21T02:05:00.000Z' });
      await activities.markQuestionnaireSent({ callbackId, sentAt: '2026-12-21T02:10:00.000Z' });
      await activities.markQuestionnaireSent({ callbackId, sentAt: '2026-12-21T02:12:00.000Z' });
      const waiting = await callbackRow(callbackId);
      assert.deepEqual([waiting.status, waiting.questionnaireSentAt?.toISOString()], ['questionnaire', '2026-12-21T02:10:00.000Z']);

      await activities.rescheduleCallback({ callbackId, dueAt: '2027-01-11T02:00:00.000Z' });
      const back = await callbackRow(callbackId);
      assert.deepEqual([back.status, back.dueAt.toISOString(), back.claimedBy], ['scheduled', '2027-01-11T02:00:00.000Z', null]);
      await rejectsWith(activities.markQuestionnaireSent({ callbackId, sentAt: '2027-01-11T02:00:00.000Z' }), 'CallbackNotOpen');
      await rejectsWith(activities.markQuestionnaireSent({ callbackId: 'S-nobody-C1', sentAt: '2027-01-11T02:00:00.000Z' }), 'UnknownCallback');
    });

    it('closes a callback once: the first close wins, and nothing reopens it', async () => {
      const { callbackId } = await aDueCallback();
      await activities.claimCallback({ callbackId, agentId: 'zhang.wei', claimedAt: '2026-12-21T02:05:00.000Z' });
      await activities.closeCallback({ callbackId, status: 'completed', closedAt: '2026-12-21T02:20:00.000Z' });
      await activities.closeCallback({ callbackId, status: 'completed', closedAt: '2026-12-21T02:21:00.000Z' });
      await activities.closeCallback({ callbackId, status: 'refused', closedAt: '2026-12-21T02:22:00.000Z' });
      await activities.rescheduleCallback({ callbackId, dueAt: '2026-12-28T02:00:00.000Z' });
      await activities.markQuestionnaireSent({ callbackId, sentAt: '2026-12-28T02:00:00.000Z' });

      const closed = await callbackRow(callbackId);
      assert.deepEqual(
        [closed.status, closed.closedAt?.toISOString(), closed.dueAt.toISOString(), closed.claimedBy, closed.questionnaireSentAt],
        ['completed', '2026-12-21T02:20:00.000Z', '2026-12-21T02:00:00.000Z', 'zhang.wei', null],
      );
    });

    it('never touches a cancelled callback', async () => {
      const { delivery, callbackId, others } = await aDueCallback();
      await callbacks.cancelSaleFollowUp({ saleId: delivery.saleId, reason: 'return', cancelledAt: '2026-12-21T01:00:00.000Z' });
      await activities.rescheduleCallback({ callbackId, dueAt: '2026-12-28T02:00:00.000Z' });
      await activities.rescheduleCallback({ callbackId: others[0]!, dueAt: '2026-12-28T02:00:00.000Z' });
      await activities.closeCallback({ callbackId, status: 'unreachable', closedAt: '2026-12-28T02:00:00.000Z' });
      for (const id of [callbackId, others[0]!]) {
        const row = await callbackRow(id);
        assert.deepEqual([row.status, row.closedAt?.toISOString()], ['cancelled', '2026-12-21T01:00:00.000Z']);
      }
    });

    it('fails for good on an unknown callback or a status that is not a close', async () => {
      const { callbackId } = await aDueCallback();
      await rejectsWith(activities.rescheduleCallback({ callbackId: 'S-nobody-C1', dueAt: '2026-12-28T02:00:00.000Z' }), 'UnknownCallback');
      await rejectsWith(activities.closeCallback({ callbackId: 'S-nobody-C1', status: 'completed', closedAt: '2026-12-28T02:00:00.000Z' }), 'UnknownCallback');
      await rejectsWith(activities.closeCallback({ callbackId, status: 'cancelled' as never, closedAt: '2026-12-28T02:00:00.000Z' }), 'InvalidCallResultInput');
      await rejectsWith(activities.rescheduleCallback({ callbackId, dueAt: 'soon' }), 'InvalidCallResultInput');
      // A missing id must not become a where clause matching every callback.
      const missing = undefined as unknown as string;
      await rejectsWith(activities.closeCallback({ callbackId: missing, status: 'completed', closedAt: '2026-12-28T02:00:00.000Z' }), 'InvalidCallResultInput');
      await rejectsWith(activities.rescheduleCallback({ callbackId: missing, dueAt: '2026-12-28T02:00:00.000Z' }), 'InvalidCallResultInput');
      await rejectsWith(activities.claimCallback({ callbackId: missing, agentId: 'li.na', claimedAt: '2026-12-28T02:00:00.000Z' }), 'InvalidCallResultInput');
      await rejectsWith(activities.recordActualUser({ customerId: missing, actualUser: { name: '赵敏', phone: '+86 137 0000 1111' } }), 'InvalidCallResultInput');
      assert.equal((await callbackRow(callbackId)).status, 'due');
    });
  });

  describe('recordSurvey', () => {
    it('records the survey once with its scores, answers and the customer segment', async () => {
      const { delivery, callbackId } = await aDueCallback({
        customer: { ...aDelivery().customer, category: 'military', keyAccount: false, region: '西南', industry: 'defence' },
      });
      const survey = aSurvey();
      const input = {
        attemptId: randomUUID(),
        callbackId,
        saleId: delivery.saleId,
        customerId: delivery.customer.id,
        agentId: 'zhang.wei',
        survey,
        score: 25,
        dimensionScores: { product: 85, attitude: 95, speed: null, service: 33.33 },
        classification: 'complaint' as const,
        recordedAt: '2026-12-21T02:15:00.000Z',
      };
      await activities.recordSurvey(input);
      await Promise.all([activities.recordSurvey(input), activities.recordSurvey({ ...input, score: 90, classification: 'satisfied' })]);

      const rows = await orm.em.fork().find(SurveyRecord, { callback: callbackId });
      assert.equal(rows.length, 1);
      const row = rows[0]!;
      assert.deepEqual(
        {
          attemptId: row.attemptId,
          sale: row.sale.id,
          customerId: row.customerId,
          agentId: row.agentId,
          method: row.method,
          usage: [row.usageLocation, row.usageUsedBy, row.usageCity, row.usageHoursPerDay],
          scores: [row.score, row.productScore, row.attitudeScore, row.speedScore, row.serviceScore],
          classification: row.classification,
          flags: [row.saysDissatisfied, row.complainedTo, row.complainedToManagement, row.seriousOpinion],
          words: [row.opinions, row.problems, row.unansweredQuestion, row.repurchaseIntent],
          answers: row.answers,
          segment: [row.customerCategory, row.keyAccount, row.customerRegion, row.customerIndustry, row.productModel],
          recordedAt: row.recordedAt.toISOString(),
        },
        {
          attemptId: input.attemptId,
          sale: delivery.saleId,
          customerId: delivery.customer.id,
          agentId: 'zhang.wei',
          method: 'phone',
          usage: ['放射科', '技师', '上海', 7.5],
          scores: [25, 85, 95, null, 33.33],
          classification: 'complaint',
          flags: [true, 'media', false, true],
          words: [survey.opinions, survey.problems, survey.unansweredQuestion, survey.repurchaseIntent],
          answers: { overall: survey.overall, productRating: survey.productRating, staffAttitude: survey.staffAttitude },
          segment: ['military', false, '西南', 'defence', 'XR-200'],
          recordedAt: input.recordedAt,
        },
      );
    });

    it('records an unrated, plain survey with nulls and empty lists', async () => {
      const { delivery, callbackId } = await aDueCallback();
      const survey: SurveyRecordInput = {
        method: 'questionnaire',
        usage: {},
        overall: { scale: 'unrated' },
        saysDissatisfied: false,
        complainedToManagement: false,
        seriousOpinion: false,
      };
      const attemptId = randomUUID();
      await activities.recordSurvey({
        attemptId,
        callbackId,
        saleId: delivery.saleId,
        customerId: delivery.customer.id,
        agentId: 'zhang.wei',
        survey,
        score: null,
        dimensionScores: { product: null, attitude: null, speed: null, service: null },
        classification: 'satisfied',
        recordedAt: '2026-12-21T02:15:00.000Z',
      });
      const row = await orm.em.fork().findOneOrFail(SurveyRecord, { attemptId });
      assert.deepEqual(
        [row.score, row.usageLocation, row.usageHoursPerDay, row.complainedTo, row.opinions, row.problems, row.answers],
        [null, null, null, null, null, [], { overall: { scale: 'unrated' } }],
      );
    });

    it('fails for good on an unknown sale or callback, or scores out of range', async () => {
      const { delivery, callbackId } = await aDueCallback();
      const input = {
        attemptId: randomUUID(),
        callbackId,
        saleId: delivery.saleId,
        customerId: delivery.customer.id,
        agentId: 'zhang.wei',
        survey: aSurvey(),
        score: 25,
        dimensionScores: { product: null, attitude: null, speed: null, service: null },
        classification: 'complaint' as const,
        recordedAt: '2026-12-21T02:15:00.000Z',
      };
      await rejectsWith(activities.recordSurvey({ ...input, saleId: aDelivery().saleId }), 'UnknownSale');
      await rejectsWith(activities.recordSurvey({ ...input, callbackId: 'S-nobody-C1' }), 'UnknownCallback');
      await rejectsWith(activities.recordSurvey({ ...input, score: 101 }), 'InvalidCallResultInput');
      await rejectsWith(activities.recordSurvey({ ...input, classification: 'angry' as never }), 'InvalidCallResultInput');
      await rejectsWith(activities.recordSurvey({ ...input, customerId: uniqueId('C') }), 'InvalidCallResultInput');
      assert.equal(await orm.em.fork().count(SurveyRecord, { callback: callbackId }), 0);
    });
  });

  describe('recordActualUser and createLead', () => {
    it('records who actually uses the product, the same however often', async () => {
      const { delivery } = await aDueCallback();
      const actualUser = { name: '赵敏', title: '技师长', phone: '+86 137 0000 1111' };
      await activities.recordActualUser({ customerId: delivery.customer.id, actualUser });
      await activities.recordActualUser({ customerId: delivery.customer.id, actualUser });
      const customer = await orm.em.fork().findOneOrFail(Customer, delivery.customer.id);
      assert.deepEqual(customer.actualUser, actualUser);
      assert.deepEqual(customer.buyer, delivery.buyer);

      await rejectsWith(activities.recordActualUser({ customerId: uniqueId('C'), actualUser }), 'UnknownCustomer');
      await rejectsWith(activities.recordActualUser({ customerId: delivery.customer.id, actualUser: { name: '', phone: '1' } }), 'InvalidCallResultInput');
    });

    it('creates a lead once', async () => {
      const { delivery, callbackId } = await aDueCallback();
      const lead = {
        leadId: `lead-${callbackId}`,
        saleId: delivery.saleId,
        customerId: delivery.customer.id,
        salesOwner: delivery.salesOwner,
        productInterest: 'XR-300 for the new wing',
        createdAt: '2026-12-21T02:15:00.000Z',
      };
      await activities.createLead(lead);
      await Promise.all([activities.createLead(lead), activities.createLead({ ...lead, productInterest: 'something else' })]);
      const rows = await orm.em.fork().find(Lead, { sale: delivery.saleId });
      assert.deepEqual(
        rows.map((l) => [l.id, l.customerId, l.salesOwner, l.productInterest, l.status, l.createdAt.toISOString()]),
        [[lead.leadId, delivery.customer.id, 'li.lei', lead.productInterest, 'new', lead.createdAt]],
      );
      await rejectsWith(activities.createLead({ ...lead, leadId: uniqueId('lead'), saleId: aDelivery().saleId }), 'UnknownSale');
    });
  });

  describe('notify', () => {
    // The delivery workflow is started on a real (time-skipping) server; no worker runs it here.
    let env: TestWorkflowEnvironment;
    let notifying: ReturnType<typeof createCallResultActivities>;
    before(async () => {
      env = await createTimeSkippingEnv();
      const deliveries = temporalDeliveryStarter(env.client, uniqueId('tq'), testDeliveryPolicy);
      notifying = createCallResultActivities({ orm, companyTimeZone: 'Asia/Shanghai', deliveries, log: (line) => logged.push(line) });
    });
    after(async () => {
      await env?.teardown();
    });

    it('records once per key, starts its delivery once, and logs no personal data', async () => {
      const { delivery, callbackId } = await aDueCallback();
      const key = `external-complaint:${randomUUID()}`;
      const message = `客户 ${delivery.customer.name} 联系人 ${delivery.buyer.name} ${delivery.buyer.phone} 向媒体投诉`;
      const notice = {
        key,
        recipient: 'general_manager' as const,
        kind: 'external_complaint',
        saleId: delivery.saleId,
        callbackId,
        caseNo: '20261221-PHONE-001',
        message,
        at: '2026-12-21T02:15:00.000Z',
      };
      const before = logged.length;
      assert.deepEqual(await notifying.notify(notice), { sent: true });
      assert.deepEqual(await notifying.notify(notice), { sent: false });
      const racing = await Promise.all([notifying.notify({ ...notice, message: 'other' }), notifying.notify(notice)]);
      assert.deepEqual(racing, [{ sent: false }, { sent: false }]);

      const rows = await orm.em.fork().find(Notification, { key });
      assert.deepEqual(
        rows.map((n) => [n.recipient, n.recipientId, n.kind, n.saleId, n.callbackId, n.caseNo, n.message, n.notifiedAt.toISOString(), n.urgent]),
        [['general_manager', null, 'external_complaint', delivery.saleId, callbackId, notice.caseNo, message, notice.at, true]],
      );
      // Four calls, one delivery workflow: the later starts were refused as duplicates, the first run is the run.
      const handle = env.client.workflow.getHandle(deliveryWorkflowId(key));
      const first = await handle.describe();
      assert.equal(first.type, 'DeliverNotification');
      await notifying.notify(notice);
      assert.equal((await handle.describe()).runId, first.runId);

      const lines = logged.slice(before);
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /kind=external_complaint/);
      assert.match(lines[0]!, /recipient=general_manager/);
      assert.ok(lines[0]!.includes(delivery.saleId) && lines[0]!.includes(callbackId) && lines[0]!.includes(notice.caseNo));
      for (const secret of [delivery.customer.name, delivery.buyer.name, delivery.buyer.phone, message]) {
        assert.ok(!lines[0]!.includes(secret), `the log line must not contain ${secret}`);
      }
    });

    it('starts the delivery on a retry when the first run recorded the row but never started it', async () => {
      const key = `lead:${randomUUID()}`;
      const notice = { key, recipient: 'sales_owner' as const, recipientId: 'li.lei', kind: 'repurchase_lead', message: 'm', at: '2026-12-21T02:15:00.000Z' };
      // The first run: the row is committed, then the worker dies before the start.
      const crashing = createCallResultActivities({
        orm,
        companyTimeZone: 'Asia/Shanghai',
        deliveries: { start: () => Promise.reject(new Error('worker killed')) },
        log: () => undefined,
      });
      await assert.rejects(crashing.notify(notice), /worker killed/);
      assert.equal(await orm.em.fork().count(Notification, { key }), 1);
      // Temporal retries the activity: nothing new recorded, the delivery started.
      assert.deepEqual(await notifying.notify(notice), { sent: false });
      assert.equal((await env.client.workflow.getHandle(deliveryWorkflowId(key)).describe()).type, 'DeliverNotification');
    });

    it('keeps the structured facts and marks a missed deadline on a high-priority case urgent', async () => {
      const key = `case-escalation:${randomUUID()}`;
      await notifying.notify({
        key,
        recipient: 'general_manager',
        alsoTo: ['after_sales_manager'],
        kind: 'case_deadline_missed',
        caseNo: '20261221-PHONE-002',
        stage: 'assigned',
        dueAt: '2026-12-23T09:30:00.000Z',
        priority: 'high',
        message: 'm',
        at: '2026-12-23T09:30:00.000Z',
      });
      const [row] = await orm.em.fork().find(Notification, { key });
      assert.deepEqual(row!.facts, { stage: 'assigned', dueAt: '2026-12-23T09:30:00.000Z', priority: 'high', alsoTo: ['after_sales_manager'] });
      assert.equal(row!.urgent, true);
    });

    it('fails for good on an unknown recipient or a broken fact', async () => {
      const notice = { key: `k:${randomUUID()}`, recipient: 'ceo' as never, kind: 'x', message: 'm', at: '2026-12-21T02:15:00.000Z' };
      await rejectsWith(notifying.notify(notice), 'InvalidCallResultInput');
      await rejectsWith(notifying.notify({ ...notice, recipient: 'agent', stage: 'lunch' as never }), 'InvalidCallResultInput');
      await rejectsWith(notifying.notify({ ...notice, recipient: 'agent', alsoTo: ['ceo' as never] }), 'InvalidCallResultInput');
    });
  });

  describe('openFeedbackCase', () => {
    /** A day in 1990–2000 no run has numbered cases on yet, so that runs sharing the database do not collide. */
    async function anUnusedDay(): Promise<string> {
      for (;;) {
        const day = new Date(Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 4018) * 86_400_000).toISOString().slice(0, 10);
        // The day after too: a case received late in the evening (UTC) is numbered by the company's next day.
        const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        if ((await orm.em.fork().count(FeedbackCaseSequence, { day: { $in: [day, next] } })) === 0) return day;
      }
    }

    async function aCaseStart(): Promise<(overrides?: Partial<FeedbackCaseStart>) => FeedbackCaseStart> {
      const { delivery, callbackId } = await aDueCallback();
      return (overrides = {}) => aCaseStartOf(delivery, callbackId, { score: 42.5, ...overrides });
    }

    const compact = (day: string) => day.replaceAll('-', '');

    it('numbers 20 concurrent cases of one day and channel consecutively; another channel starts at 001', async () => {
      const start = await aCaseStart();
      const day = await anUnusedDay();
      const receivedAt = `${day}T03:00:00.000Z`;
      const starts = Array.from({ length: 20 }, () => start({ receivedAt }));
      const numbers = (await Promise.all(starts.map((s) => activities.openFeedbackCase(s)))).map((r) => r.caseNo);

      assert.deepEqual(
        [...numbers].sort(),
        Array.from({ length: 20 }, (_, i) => `${compact(day)}-PHONE-${String(i + 1).padStart(3, '0')}`),
      );
      const email = await activities.openFeedbackCase(start({ receivedAt, channel: 'EMAIL' }));
      assert.equal(email.caseNo, `${compact(day)}-EMAIL-001`);

      const rows = await orm.em.fork().find(FeedbackCase, { caseNo: { $in: numbers } });
      assert.equal(rows.length, 20);
      for (const row of rows) {
        const given = starts.find((s) => s.sourceAttemptId === row.sourceAttemptId)!;
        assert.equal(numbers[starts.indexOf(given)], row.caseNo);
      }
    });

    it('answers a retry with the number the case got, however many run at once, and wastes no number', async () => {
      const start = await aCaseStart();
      const day = await anUnusedDay();
      const first = start({ receivedAt: `${day}T03:00:00.000Z`, channel: 'OFFLINE', classification: 'unanswered_question', priority: 'medium' });
      const answers = await Promise.all(Array.from({ length: 5 }, () => activities.openFeedbackCase(first)));
      assert.deepEqual(answers, Array.from({ length: 5 }, () => ({ caseNo: `${compact(day)}-OFFLINE-001` })));
      assert.deepEqual(await activities.openFeedbackCase({ ...first, receivedAt: '2026-12-30T03:00:00.000Z' }), answers[0]);
      assert.deepEqual(await activities.openFeedbackCase(start({ receivedAt: first.receivedAt, channel: 'OFFLINE' })), {
        caseNo: `${compact(day)}-OFFLINE-002`,
      });

      const row = await orm.em.fork().findOneOrFail(FeedbackCase, { sourceAttemptId: first.sourceAttemptId }, { populate: ['sale'] });
      assert.deepEqual(
        {
          caseNo: row.caseNo,
          saleId: row.sale.id,
          callbackId: row.callbackId,
          customerId: row.customerId,
          orderNo: row.orderNo,
          productModel: row.productModel,
          channel: row.channel,
          classification: row.classification,
          priority: row.priority,
          customerWords: row.customerWords,
          score: row.score,
          receivedAt: row.receivedAt.toISOString(),
          stage: row.stage,
        },
        {
          caseNo: `${compact(day)}-OFFLINE-001`,
          saleId: first.saleId,
          callbackId: first.callbackId,
          customerId: first.customerId,
          orderNo: first.orderNo,
          productModel: first.productModel,
          channel: 'OFFLINE',
          classification: 'unanswered_question',
          priority: 'medium',
          customerWords: '开机太慢',
          score: 42.5,
          receivedAt: first.receivedAt,
          stage: 'registered',
        },
      );
      assert.ok(row.createdAt instanceof Date);
    });

    it("dates a case by the company's day, and goes on past 999", async () => {
      const start = await aCaseStart();
      const day = await anUnusedDay();
      // 20:00 UTC is 04:00 the next day in Shanghai.
      const late = await activities.openFeedbackCase(start({ receivedAt: `${day}T20:00:00.000Z`, channel: 'OTHER' }));
      const nextDay = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      assert.equal(late.caseNo, `${compact(nextDay)}-OTHER-001`);

      await orm.em.fork().nativeUpdate(FeedbackCaseSequence, { day: nextDay, channel: 'OTHER' }, { last: 999 });
      const thousandth = await activities.openFeedbackCase(start({ receivedAt: `${day}T20:00:00.000Z`, channel: 'OTHER' }));
      assert.equal(thousandth.caseNo, `${compact(nextDay)}-OTHER-1000`);
      assert.equal(feedbackCaseNo('2026-11-23', 'PHONE', 7), '20261123-PHONE-007');
    });

    it('fails for good on bad input without taking a number', async () => {
      const start = await aCaseStart();
      const day = await anUnusedDay();
      const receivedAt = `${day}T03:00:00.000Z`;
      await rejectsWith(activities.openFeedbackCase(start({ receivedAt, channel: 'FAX' as never })), 'InvalidCallResultInput');
      await rejectsWith(activities.openFeedbackCase(start({ receivedAt, priority: 'urgent' as never })), 'InvalidCallResultInput');
      await rejectsWith(activities.openFeedbackCase(start({ receivedAt: 'today' })), 'InvalidCallResultInput');
      await rejectsWith(activities.openFeedbackCase(start({ receivedAt, saleId: aDelivery().saleId })), 'UnknownSale');
      await rejectsWith(activities.openFeedbackCase(start({ receivedAt, sourceAttemptId: undefined as never })), 'InvalidCallResultInput');
      assert.deepEqual(await activities.openFeedbackCase(start({ receivedAt })), { caseNo: `${compact(day)}-PHONE-001` });
    });
  });
});
