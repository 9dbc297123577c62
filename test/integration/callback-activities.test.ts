import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import { createCallbackActivities } from '../../activities/callback-activities.js';
import { createSaleActivities } from '../../activities/sale-activities.js';
import { Callback } from '../../src/callbacks/callback.entity.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { Sale } from '../../src/sales/sale.entity.js';
import { aSchedule } from '../support/callbacks.js';
import { requireEnv } from '../support/env.js';
import { aDelivery } from '../support/fixtures.js';
import type { SaleDelivery } from '../../workflows/sale-types.js';

async function rejectsWith(promise: Promise<unknown>, type: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
    assert.equal(err.type, type);
    assert.equal(err.nonRetryable, true);
    return true;
  });
}

describe('callback activities on PostgreSQL', () => {
  let orm: MikroORM;
  let sales: ReturnType<typeof createSaleActivities>;
  let activities: ReturnType<typeof createCallbackActivities>;

  before(async () => {
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    sales = createSaleActivities({ orm });
    activities = createCallbackActivities({ orm });
  });
  after(async () => {
    await orm?.close();
  });

  async function aRegisteredSale(overrides: Partial<SaleDelivery> = {}): Promise<SaleDelivery> {
    const delivery = aDelivery(overrides);
    await sales.registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
    return delivery;
  }

  const callbacksOf = (saleId: string): Promise<Callback[]> =>
    orm.em.fork().find(Callback, { sale: saleId }, { orderBy: { id: 'asc' } });

  it('records the three callbacks once, however often the schedule is written', async () => {
    const delivery = await aRegisteredSale({ customer: { ...aDelivery().customer, category: 'military' } });
    const schedule = aSchedule(delivery);
    await activities.scheduleCallbacks(schedule);
    await Promise.all([activities.scheduleCallbacks(schedule), activities.scheduleCallbacks(schedule)]);

    const rows = await callbacksOf(delivery.saleId);
    assert.deepEqual(
      rows.map((c) => [c.id, c.kind, c.status, c.nominalDate, c.dueAt.toISOString(), c.late, c.attempts]),
      schedule.callbacks.map((e) => [e.callbackId, e.kind, 'scheduled', e.nominalDate, e.dueAt, false, 0]),
    );
    for (const row of rows) {
      assert.equal(row.sale.id, delivery.saleId);
      assert.equal(row.customerId, delivery.customer.id);
      assert.equal(row.customerCategory, 'military');
      assert.equal(row.claimedBy, null);
      assert.equal(row.openedAt, null);
      assert.equal(row.closedAt, null);
    }
  });

  it('takes a replanned due time while a callback is still scheduled', async () => {
    const delivery = await aRegisteredSale();
    await activities.scheduleCallbacks(aSchedule(delivery));
    const replanned = aSchedule(delivery, '2026-12-22T07:00:00.000Z', () => ({ late: true }));
    await activities.scheduleCallbacks(replanned);

    const rows = await callbacksOf(delivery.saleId);
    assert.deepEqual(
      rows.map((c) => [c.dueAt.toISOString(), c.late]),
      replanned.callbacks.map((e) => [e.dueAt, true]),
    );
  });

  it('opens a callback once: a retry or a second opening changes nothing', async () => {
    const delivery = await aRegisteredSale();
    const schedule = aSchedule(delivery);
    await activities.scheduleCallbacks(schedule);
    const first = schedule.callbacks[0]!;
    const opening = { callbackId: first.callbackId, dueAt: '2026-12-21T02:30:00.000Z', late: true, openedAt: '2026-12-21T02:30:01.000Z' };
    await activities.openCallback(opening);
    await activities.openCallback(opening);
    await activities.openCallback({ ...opening, dueAt: '2027-01-04T02:00:00.000Z', late: false, openedAt: '2027-01-04T02:00:00.000Z' });

    const [opened, second, third] = await callbacksOf(delivery.saleId);
    assert.equal(opened!.status, 'due');
    assert.equal(opened!.dueAt.toISOString(), opening.dueAt);
    assert.equal(opened!.late, true);
    assert.equal(opened!.openedAt?.toISOString(), opening.openedAt);
    assert.deepEqual([second!.status, third!.status], ['scheduled', 'scheduled']);
  });

  it('never moves a due or claimed callback back to scheduled when the schedule is written again', async () => {
    const delivery = await aRegisteredSale();
    const schedule = aSchedule(delivery);
    await activities.scheduleCallbacks(schedule);
    const [first, second] = schedule.callbacks;
    await activities.openCallback({ callbackId: first!.callbackId, dueAt: first!.dueAt, late: false, openedAt: first!.dueAt });
    await activities.openCallback({ callbackId: second!.callbackId, dueAt: second!.dueAt, late: false, openedAt: second!.dueAt });
    // No claim activity yet: the agent's claim is written as it will be.
    const claimedAt = new Date('2026-12-21T03:05:00.000Z');
    await orm.em.fork().nativeUpdate(Callback, { id: second!.callbackId }, { status: 'claimed', claimedBy: 'zhang.wei', claimedAt, attempts: 1 });

    const replanned = aSchedule(delivery, '2027-03-01T02:00:00.000Z', () => ({ late: true }));
    await activities.scheduleCallbacks(replanned);

    const [due, claimed, scheduled] = await callbacksOf(delivery.saleId);
    assert.deepEqual([due!.status, due!.dueAt.toISOString(), due!.late], ['due', first!.dueAt, false]);
    assert.equal(due!.openedAt?.toISOString(), first!.dueAt);
    assert.deepEqual(
      [claimed!.status, claimed!.claimedBy, claimed!.claimedAt?.toISOString(), claimed!.attempts, claimed!.dueAt.toISOString()],
      ['claimed', 'zhang.wei', claimedAt.toISOString(), 1, second!.dueAt],
    );
    assert.deepEqual([scheduled!.status, scheduled!.dueAt.toISOString(), scheduled!.late], ['scheduled', replanned.callbacks[2]!.dueAt, true]);
  });

  it('cancels the sale and only its open callbacks, once', async () => {
    const delivery = await aRegisteredSale();
    const schedule = aSchedule(delivery);
    await activities.scheduleCallbacks(schedule);
    const [first, second] = schedule.callbacks;
    await activities.openCallback({ callbackId: first!.callbackId, dueAt: first!.dueAt, late: false, openedAt: first!.dueAt });
    const completedAt = new Date('2026-12-21T04:00:00.000Z');
    await orm.em.fork().nativeUpdate(Callback, { id: second!.callbackId }, { status: 'completed', closedAt: completedAt });

    const cancellation = { saleId: delivery.saleId, reason: 'return' as const, note: 'returned unopened', cancelledAt: '2026-12-22T01:00:00.000Z' };
    assert.deepEqual(await activities.cancelSaleFollowUp(cancellation), { cancelledCallbacks: 2 });
    assert.deepEqual(await activities.cancelSaleFollowUp(cancellation), { cancelledCallbacks: 2 });
    const later = { saleId: delivery.saleId, reason: 'refund' as const, cancelledAt: '2026-12-30T01:00:00.000Z' };
    assert.deepEqual(await activities.cancelSaleFollowUp(later), { cancelledCallbacks: 2 });

    const sale = await orm.em.fork().findOneOrFail(Sale, delivery.saleId);
    assert.deepEqual(
      [sale.status, sale.cancellationReason, sale.cancellationNote, sale.cancelledAt?.toISOString()],
      ['cancelled', 'return', 'returned unopened', cancellation.cancelledAt],
    );
    const rows = await callbacksOf(delivery.saleId);
    assert.deepEqual(
      rows.map((c) => [c.status, c.closedAt?.toISOString()]),
      [['cancelled', cancellation.cancelledAt], ['completed', completedAt.toISOString()], ['cancelled', cancellation.cancelledAt]],
    );

    // A cancelled callback is not opened, nor rescheduled, afterwards.
    await activities.openCallback({ callbackId: schedule.callbacks[2]!.callbackId, dueAt: first!.dueAt, late: false, openedAt: first!.dueAt });
    await activities.scheduleCallbacks(schedule);
    assert.deepEqual((await callbacksOf(delivery.saleId)).map((c) => c.status), ['cancelled', 'completed', 'cancelled']);
  });

  it('keeps a cancellation when the sale registration is retried', async () => {
    const delivery = await aRegisteredSale();
    await activities.cancelSaleFollowUp({ saleId: delivery.saleId, reason: 'refund', cancelledAt: '2026-12-01T00:00:00.000Z' });
    await sales.registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });

    const sale = await orm.em.fork().findOneOrFail(Sale, delivery.saleId);
    assert.deepEqual([sale.status, sale.cancellationReason, sale.cancellationNote], ['cancelled', 'refund', null]);
    assert.equal(sale.cancelledAt?.toISOString(), '2026-12-01T00:00:00.000Z');
  });

  it('fails for good on an unknown callback or sale', async () => {
    const opening = { callbackId: 'S-nobody-C1', dueAt: '2026-12-21T02:00:00.000Z', late: false, openedAt: '2026-12-21T02:00:00.000Z' };
    await rejectsWith(activities.openCallback(opening), 'UnknownCallback');
    await rejectsWith(activities.scheduleCallbacks(aSchedule(aDelivery())), 'UnknownSale');
    await rejectsWith(
      activities.cancelSaleFollowUp({ saleId: aDelivery().saleId, reason: 'return', cancelledAt: '2026-12-21T02:00:00.000Z' }),
      'UnknownSale',
    );
  });

  it('fails for good on a plan a retry cannot fix', async () => {
    const delivery = await aRegisteredSale();
    await rejectsWith(activities.scheduleCallbacks(aSchedule(delivery, undefined, () => ({ callbackId: 'S-other-C1' }))), 'InvalidCallbackInput');
    await rejectsWith(activities.scheduleCallbacks(aSchedule(delivery, undefined, () => ({ nominalDate: '20.12.2026' }))), 'InvalidCallbackInput');
    await rejectsWith(
      activities.cancelSaleFollowUp({ saleId: delivery.saleId, reason: 'lost' as never, cancelledAt: '2026-12-21T02:00:00.000Z' }),
      'InvalidCallbackInput',
    );
    assert.deepEqual(await callbacksOf(delivery.saleId), []);
  });
});
