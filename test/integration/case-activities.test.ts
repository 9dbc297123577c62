import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import { createCallResultActivities } from '../../activities/call-result-activities.js';
import { createCallbackActivities } from '../../activities/callback-activities.js';
import { createCaseActivities, type CaseSnapshot } from '../../activities/case-activities.js';
import { createSaleActivities } from '../../activities/sale-activities.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { CaseEventRecord } from '../../src/feedback/case-event.entity.js';
import { CorrectiveAction } from '../../src/feedback/corrective-action.entity.js';
import { FeedbackCase } from '../../src/feedback/feedback-case.entity.js';
import { aSchedule } from '../support/callbacks.js';
import { requireEnv } from '../support/env.js';
import { aCaseStart, aDelivery } from '../support/fixtures.js';
import type { CaseEvent } from '../../workflows/feedback-types.js';
import { noDeliveries } from '../support/deliveries.js';

async function rejectsWith(promise: Promise<unknown>, type: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
    assert.equal(err.type, type);
    assert.equal(err.nonRetryable, true);
    return true;
  });
}

const registered: CaseSnapshot = {
  stage: 'registered',
  cycle: 1,
  priority: 'high',
  department: null,
  ownerId: null,
  nature: null,
  scope: null,
  stageDueAt: '2026-11-24T10:00:00.000Z',
  calendarVersion: 'cn-2026.1',
  deadlineProvisional: false,
  missedDeadlines: 0,
  resolution: null,
  closedAt: null,
};
const assigned: CaseSnapshot = {
  ...registered,
  stage: 'assigned',
  department: 'rnd',
  ownerId: 'wang.gong',
  nature: 'product_quality',
  scope: 'common',
  stageDueAt: '2026-11-26T10:00:00.000Z',
};
const manager = { id: 'chen.jing', role: 'after_sales_manager' } as const;
const owner = { id: 'wang.gong', role: 'department_owner' } as const;
const analysis = {
  whyChain: ['starts slowly', 'board overheats'],
  rootCause: 'undersized fan',
  shortTermMeasures: [
    { description: 'replace the board on site', deadline: '2026-11-28T10:00:00.000Z' },
    { description: 'call the customer back', deadline: '2026-11-27T10:00:00.000Z' },
  ],
  longTermMeasures: [{ description: 'larger fan from the next batch', deadline: '2027-01-31T10:00:00.000Z' }],
  technicianVisit: true,
};

describe('case activities on PostgreSQL', () => {
  let orm: MikroORM;
  let activities: ReturnType<typeof createCaseActivities>;
  let openCase: () => Promise<string>;

  before(async () => {
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    activities = createCaseActivities({ orm });
    const sales = createSaleActivities({ orm });
    const callbacks = createCallbackActivities({ orm });
    const callResults = createCallResultActivities({ orm, companyTimeZone: 'Asia/Shanghai', deliveries: noDeliveries, log: () => undefined });
    /** A registered sale with a feedback case raised by its first callback. */
    openCase = async () => {
      const delivery = aDelivery();
      await sales.registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
      const schedule = aSchedule(delivery);
      await callbacks.scheduleCallbacks(schedule);
      const { caseNo } = await callResults.openFeedbackCase(
        aCaseStart(delivery, schedule.callbacks[0]!.callbackId, { receivedAt: '2026-11-23T02:15:00.000Z' }),
      );
      return caseNo;
    };
  });
  after(async () => {
    await orm?.close();
  });

  const event = (caseNo: string, n: number, type: CaseEvent['type'], extra: Partial<CaseEvent> = {}): CaseEvent => ({
    eventId: `${caseNo}:${n}`,
    type,
    at: new Date(Date.UTC(2026, 10, 23, 3, n)).toISOString(),
    cycle: 1,
    ...extra,
  });
  const caseRow = (caseNo: string): Promise<FeedbackCase> => orm.em.fork().findOneOrFail(FeedbackCase, { caseNo });
  const timeline = (caseNo: string) =>
    orm.em.fork().find(CaseEventRecord, { feedbackCase: caseNo }, { orderBy: { at: 'asc' } });

  it('records an event once and applies its snapshot to the case row', async () => {
    const caseNo = await openCase();
    const input = { caseNo, event: event(caseNo, 1, 'registered', { details: { priority: 'high', sourceAgentId: 'zhang.wei' } }), snapshot: registered };
    await activities.recordCaseEvent(input);
    await Promise.all([activities.recordCaseEvent(input), activities.recordCaseEvent(input)]);

    const events = await timeline(caseNo);
    assert.equal(events.length, 1);
    assert.deepEqual(
      [events[0]!.eventId, events[0]!.type, events[0]!.at.toISOString(), events[0]!.cycle, events[0]!.actorId, events[0]!.details],
      [`${caseNo}:1`, 'registered', '2026-11-23T03:01:00.000Z', 1, null, { priority: 'high', sourceAgentId: 'zhang.wei' }],
    );
    const row = await caseRow(caseNo);
    assert.deepEqual(
      [row.stage, row.cycle, row.stageDueAt?.toISOString(), row.calendarVersion, row.sourceAgentId, row.closedAt],
      ['registered', 1, '2026-11-24T10:00:00.000Z', 'cn-2026.1', 'zhang.wei', null],
    );
  });

  it('applies each new event in turn, with its actor', async () => {
    const caseNo = await openCase();
    await activities.recordCaseEvent({ caseNo, event: event(caseNo, 1, 'registered'), snapshot: registered });
    await activities.recordCaseEvent({ caseNo, event: event(caseNo, 2, 'assigned', { actor: manager, details: { department: 'rnd' } }), snapshot: assigned });

    const row = await caseRow(caseNo);
    assert.deepEqual(
      [row.stage, row.department, row.ownerId, row.nature, row.scope, row.stageDueAt?.toISOString()],
      ['assigned', 'rnd', 'wang.gong', 'product_quality', 'common', '2026-11-26T10:00:00.000Z'],
    );
    const events = await timeline(caseNo);
    assert.deepEqual(events.map((e) => [e.type, e.actorId, e.actorRole]), [
      ['registered', null, null],
      ['assigned', 'chen.jing', 'after_sales_manager'],
    ]);
  });

  it('never rolls the row back when an old event is retried', async () => {
    const caseNo = await openCase();
    const first = { caseNo, event: event(caseNo, 1, 'registered'), snapshot: registered };
    await activities.recordCaseEvent(first);
    await activities.recordCaseEvent({ caseNo, event: event(caseNo, 2, 'assigned', { actor: manager }), snapshot: assigned });
    const before = await caseRow(caseNo);

    await activities.recordCaseEvent(first);
    const afterRetry = await caseRow(caseNo);
    assert.deepEqual(
      [afterRetry.stage, afterRetry.department, afterRetry.ownerId, afterRetry.stageDueAt?.toISOString()],
      ['assigned', 'rnd', 'wang.gong', '2026-11-26T10:00:00.000Z'],
    );
    assert.equal(afterRetry.updatedAt.getTime(), before.updatedAt.getTime());
    assert.equal((await timeline(caseNo)).length, 2);
  });

  it('records the corrective actions of an analysis once, numbered per kind and cycle', async () => {
    const caseNo = await openCase();
    await activities.recordCaseEvent({ caseNo, event: event(caseNo, 1, 'registered'), snapshot: registered });
    await activities.recordCaseEvent({ caseNo, event: event(caseNo, 2, 'assigned', { actor: manager }), snapshot: assigned });
    const analysed = {
      caseNo,
      event: event(caseNo, 3, 'analysed', { actor: owner, details: { ...analysis } }),
      snapshot: { ...assigned, stage: 'in_progress' as const, stageDueAt: '2027-01-31T10:00:00.000Z' },
    };
    await activities.recordCaseEvent(analysed);
    await Promise.all([activities.recordCaseEvent(analysed), activities.recordCaseEvent(analysed)]);

    const actions = await orm.em.fork().find(CorrectiveAction, { caseNo }, { orderBy: { id: 'asc' } });
    assert.deepEqual(
      actions.map((a) => [a.id, a.cycle, a.kind, a.description, a.deadline.toISOString()]),
      [
        [`${caseNo}:1:long_term:0`, 1, 'long_term', 'larger fan from the next batch', '2027-01-31T10:00:00.000Z'],
        [`${caseNo}:1:short_term:0`, 1, 'short_term', 'replace the board on site', '2026-11-28T10:00:00.000Z'],
        [`${caseNo}:1:short_term:1`, 1, 'short_term', 'call the customer back', '2026-11-27T10:00:00.000Z'],
      ],
    );
    assert.equal((await caseRow(caseNo)).stage, 'in_progress');

    // The reprocessed case's new plan is kept beside the first one.
    await activities.recordCaseEvent({
      caseNo,
      event: event(caseNo, 9, 'analysed', { cycle: 2, actor: owner, details: { ...analysis, longTermMeasures: [] } }),
      snapshot: { ...assigned, stage: 'in_progress', cycle: 2, priority: 'high' },
    });
    assert.equal(await orm.em.fork().count(CorrectiveAction, { caseNo }), 5);
    assert.equal(await orm.em.fork().count(CorrectiveAction, { caseNo, cycle: 2 }), 2);
  });

  it('records the closing of a case with its resolution', async () => {
    const caseNo = await openCase();
    await activities.recordCaseEvent({
      caseNo,
      event: event(caseNo, 7, 'closed', { actor: { id: 'li.na', role: 'agent' } }),
      snapshot: { ...assigned, stage: 'closed', stageDueAt: null, resolution: 'resolved', closedAt: '2026-12-10T03:07:00.000Z', missedDeadlines: 1 },
    });
    const row = await caseRow(caseNo);
    assert.deepEqual(
      [row.stage, row.stageDueAt, row.resolution, row.closedAt?.toISOString(), row.missedDeadlines, row.sourceAgentId],
      ['closed', null, 'resolved', '2026-12-10T03:07:00.000Z', 1, null],
    );
  });

  it('fails for good on an unknown case or a broken event, writing nothing', async () => {
    const caseNo = await openCase();
    await rejectsWith(activities.recordCaseEvent({ caseNo: '19000101-PHONE-999', event: event('19000101-PHONE-999', 1, 'registered'), snapshot: registered }), 'UnknownCase');
    await rejectsWith(activities.recordCaseEvent({ caseNo, event: event(caseNo, 1, 'shouted' as never), snapshot: registered }), 'InvalidCaseEvent');
    await rejectsWith(activities.recordCaseEvent({ caseNo, event: event(caseNo, 1, 'registered'), snapshot: { ...registered, stage: 'analysed' as never } }), 'InvalidCaseEvent');
    await rejectsWith(activities.recordCaseEvent({ caseNo, event: event(caseNo, 1, 'registered'), snapshot: { ...registered, stageDueAt: 'soon' } }), 'InvalidCaseEvent');
    await rejectsWith(
      activities.recordCaseEvent({
        caseNo,
        event: event(caseNo, 1, 'analysed', { details: { shortTermMeasures: [{ description: 'fix', deadline: 'tomorrow' }] } }),
        snapshot: registered,
      }),
      'InvalidCaseEvent',
    );
    await rejectsWith(activities.recordCaseEvent({ caseNo: '', event: event(caseNo, 1, 'registered'), snapshot: registered }), 'InvalidCaseEvent');
    assert.equal((await timeline(caseNo)).length, 0);
    assert.equal(await orm.em.fork().count(CorrectiveAction, { caseNo }), 0);
  });
});
