import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { SaleActivities } from '../../activities/sale-activities.js';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import { saleStateQuery } from '../../workflows/messages.js';
import { SaleFollowUp } from '../../workflows/sale-follow-up.js';
import { saleWorkflowId } from '../../workflows/sale-types.js';
import { FollowUpStageKey } from '../../workflows/search-attributes.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { recordHistory } from '../support/histories.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { waitFor } from '../support/wait.js';

describe('SaleFollowUp workflow', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  it('registers the delivered sale once and then follows it', async () => {
    const taskQueue = uniqueId('tq');
    const registered: Parameters<SaleActivities['registerSale']>[0][] = [];
    const activities: Pick<SaleActivities, 'registerSale'> = {
      async registerSale(input) {
        registered.push(input);
        return { registeredAt: '2026-11-20T02:00:00.000Z' };
      },
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities,
    });
    const delivery = aDelivery({ saleId: 'S-REC-1' });

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(SaleFollowUp, {
        workflowId: saleWorkflowId(uniqueId(delivery.saleId)),
        taskQueue,
        args: [delivery],
      });
      const state = await waitFor('the sale to be followed', async () => {
        const current = await handle.query(saleStateQuery);
        return current.stage === 'following' ? current : undefined;
      });

      assert.equal(registered.length, 1);
      assert.equal(registered[0]?.delivery.saleId, delivery.saleId);
      assert.equal(registered[0]?.workflowId, handle.workflowId);
      assert.deepEqual(
        { ...state },
        {
          saleId: delivery.saleId,
          orderNo: delivery.orderNo,
          customerId: delivery.customer.id,
          customerCategory: 'medical',
          productModel: 'XR-200',
          deliveredOn: '2026-11-20',
          warrantyMonths: 12,
          stage: 'following',
          registeredAt: '2026-11-20T02:00:00.000Z',
        },
      );
      const description = await handle.describe();
      assert.equal(description.typedSearchAttributes.get(FollowUpStageKey), 'following');
      await recordHistory('sale-follow-up-registered', handle);
      await handle.terminate('test finished');
    });
  });
});
