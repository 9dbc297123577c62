import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import { addCalendarMonths, addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { correctSaleUpdate, saleStateQuery } from '../../workflows/messages.js';
import { SaleFollowUp } from '../../workflows/sale-follow-up.js';
import { saleWorkflowId, type SaleCorrectionRequest, type SaleDelivery } from '../../workflows/sale-types.js';
import { testDataConverter } from '../support/encryption.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { recordHistory } from '../support/histories.js';
import { inMemorySaleActivities, type SaleRows } from '../support/in-memory-activities.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { waitFor } from '../support/wait.js';

const TIME_ZONE = 'Asia/Shanghai';
const MINUTE = 60_000;
type Handle = WorkflowHandle<typeof SaleFollowUp>;

// The sales system corrects a sale: the workflow takes the new values and moves the callbacks not yet opened.
describe('a corrected sale', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  async function withSale(journey: (handle: Handle, delivery: SaleDelivery, rows: SaleRows) => Promise<void>) {
    const rows = inMemorySaleActivities();
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), dataConverter: testDataConverter, activities: rows.activities });
    await worker.runUntil(async () => {
      const delivery = aDelivery({ deliveredOn: toCompanyTime(new Date(await env.currentTimeMs()), TIME_ZONE).date });
      const handle = await env.client.workflow.start(SaleFollowUp, { workflowId: saleWorkflowId(uniqueId(delivery.saleId)), taskQueue, args: [delivery] });
      try {
        await waitFor('the plan', async () => ((await handle.query(saleStateQuery)).callbacks.length === 3 ? true : undefined));
        await journey(handle, delivery, rows);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  }

  const correction = (delivery: SaleDelivery, revision: number, changes: Partial<SaleCorrectionRequest>): SaleCorrectionRequest => ({
    revision,
    orderNo: delivery.orderNo,
    productModel: delivery.product.model,
    customerCategory: delivery.customer.category,
    deliveredOn: delivery.deliveredOn,
    warrantyMonths: delivery.warrantyMonths,
    salesOwner: delivery.salesOwner,
    ...changes,
  });

  it('moves every callback not yet opened to a corrected delivery date, and opens the first at its new time only', async () => {
    await withSale(async (handle, delivery, rows) => {
      const before = (await handle.query(saleStateQuery)).callbacks;
      const deliveredOn = addDays(delivery.deliveredOn, 10);
      const outcome = await handle.executeUpdate(correctSaleUpdate, { args: [correction(delivery, 1, { deliveredOn, orderNo: 'PO-corrected' })] });
      assert.deepEqual(outcome, { revision: 1, replanned: before.map((c) => c.callbackId) });

      const state = await handle.query(saleStateQuery);
      assert.deepEqual([state.deliveredOn, state.orderNo], [deliveredOn, 'PO-corrected']);
      assert.deepEqual(state.callbacks.map((c) => c.nominalDate), [addDays(deliveredOn, 30), addCalendarMonths(deliveredOn, 3), addCalendarMonths(deliveredOn, 12)]);
      // The rows take the same plan.
      const [replan] = rows.calls.replanCallbacks as { callbacks: { callbackId: string; dueAt: string }[] }[];
      assert.deepEqual(replan!.callbacks.map((c) => c.dueAt), state.callbacks.map((c) => c.dueAt));

      // The first callback's old due time passes without it opening.
      await env.sleep(Date.parse(before[0]!.dueAt) - (await env.currentTimeMs()) + MINUTE);
      assert.equal((await handle.query(saleStateQuery)).callbacks[0]!.status, 'scheduled');
      await env.sleep(Date.parse(state.callbacks[0]!.dueAt) - (await env.currentTimeMs()) + MINUTE);
      await waitFor('the first callback to open at its corrected time', async () =>
        (await handle.query(saleStateQuery)).callbacks[0]!.status === 'due' ? true : undefined,
      );

      // A longer warranty moves only the warranty callback: the first is open, the second's date has not changed.
      const longer = await handle.executeUpdate(correctSaleUpdate, { args: [correction(delivery, 2, { deliveredOn, orderNo: 'PO-corrected', warrantyMonths: 24 })] });
      assert.deepEqual(longer.replanned, [`${state.saleId}-C3`]);
      assert.equal((await handle.query(saleStateQuery)).callbacks[2]!.nominalDate, addCalendarMonths(deliveredOn, 24));
      await recordHistory('sale-follow-up-corrected', handle);
    });
  });

  it('changes nothing for a correction older than the one applied, and refuses one after the follow-up was cancelled', async () => {
    await withSale(async (handle, delivery) => {
      await handle.executeUpdate(correctSaleUpdate, { args: [correction(delivery, 2, { productModel: 'XR-300' })] });
      const stale = await handle.executeUpdate(correctSaleUpdate, { args: [correction(delivery, 1, { productModel: 'XR-100', deliveredOn: addDays(delivery.deliveredOn, 5) })] });
      assert.deepEqual(stale, { revision: 2, replanned: [] });
      const state = await handle.query(saleStateQuery);
      assert.deepEqual([state.productModel, state.deliveredOn], ['XR-300', delivery.deliveredOn]);
      await handle.signal('cancelSale', { reason: 'return' });
      await handle.result();
      // Once it has ended there is nothing to plan: the API records the correction alone.
      await assert.rejects(handle.executeUpdate(correctSaleUpdate, { args: [correction(delivery, 3, {})] }), WorkflowNotFoundError);
    });
  });
});
