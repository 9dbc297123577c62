import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ENCRYPTED_ENCODING } from '../../src/temporal/payload-codec.js';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';
import { toCompanyTime } from '../../workflows/domain/company-time.js';
import { cancelSaleSignal, saleStateQuery } from '../../workflows/messages.js';
import { SaleFollowUp } from '../../workflows/sale-follow-up.js';
import { saleWorkflowId } from '../../workflows/sale-types.js';
import { NextDueAtKey } from '../../workflows/search-attributes.js';
import { testDataConverter } from '../support/encryption.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { recordHistory } from '../support/histories.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { waitFor } from '../support/wait.js';

const TIME_ZONE = 'Asia/Shanghai';
const encoding = (payload: Payload | null | undefined) => Buffer.from(payload?.metadata?.encoding ?? []).toString();

// Sales followed up for a year were started before payloads were encrypted: they must carry on under the codec.
describe('switching payload encryption on under a running follow-up', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  it('a sale started in plaintext continues and ends once the worker and the client encrypt', async () => {
    const taskQueue = uniqueId('tq');
    const delivery = aDelivery({ deliveredOn: toCompanyTime(new Date(await env.currentTimeMs()), TIME_ZONE).date });
    const cancelled: string[] = [];
    const activities = {
      async registerSale() {
        return { registeredAt: new Date().toISOString() };
      },
      async followUpSettings() {
        return { timeZone: TIME_ZONE, calendar: CHINA_CALENDAR };
      },
      async scheduleCallbacks() {},
      async openCallback() {},
      async cancelSaleFollowUp({ saleId }: { saleId: string }) {
        cancelled.push(saleId);
        return { cancelledCallbacks: 3 };
      },
    };
    const workflowId = saleWorkflowId(uniqueId(delivery.saleId));

    // Before: a client and a worker without the codec, as the service ran until now.
    const plainClient = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
    // No workflow cache: the test server would keep routing this workflow to the stopped worker's sticky queue.
    const plainWorker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities,
      maxCachedWorkflows: 0,
    });
    await plainWorker.runUntil(async () => {
      const handle = await plainClient.workflow.start(SaleFollowUp, {
        workflowId,
        taskQueue,
        args: [delivery],
        memo: { productModel: delivery.product.model },
      });
      // Planned, and its search attributes show it: the workflow waits on its timers, no task in flight.
      await waitFor('the callbacks to be planned', async () =>
        (await handle.describe()).typedSearchAttributes.get(NextDueAtKey) ? true : undefined,
      );
    });

    // After: the same workflow, now under the codec, replayed from its plaintext start and carried to its end.
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      dataConverter: testDataConverter,
      activities,
    });
    const handle = env.client.workflow.getHandle<typeof SaleFollowUp>(workflowId);
    const final = await worker.runUntil(async () => {
      assert.equal((await handle.query(saleStateQuery)).stage, 'following');
      await handle.signal(cancelSaleSignal, { reason: 'return' });
      return handle.result();
    });
    assert.equal(final.stage, 'cancelled');
    assert.deepEqual(final.callbacks.map((c) => c.status), ['cancelled', 'cancelled', 'cancelled']);
    assert.deepEqual(cancelled, [delivery.saleId]);

    // The history holds both: the plaintext start, and everything since encrypted.
    const { events } = await handle.fetchHistory();
    const started = events!.find((e) => e.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!;
    assert.equal(encoding(started.input!.payloads![0]), 'json/plain');
    const signalled = events!.find((e) => e.workflowExecutionSignaledEventAttributes)!.workflowExecutionSignaledEventAttributes!;
    assert.equal(encoding(signalled.input!.payloads![0]), ENCRYPTED_ENCODING);
    const completed = events!.find((e) => e.workflowExecutionCompletedEventAttributes)!.workflowExecutionCompletedEventAttributes!;
    assert.equal(encoding(completed.result!.payloads![0]), ENCRYPTED_ENCODING);
    await recordHistory('sale-follow-up-encryption-switched-on', handle);
  });
});
