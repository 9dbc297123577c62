import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { NotFoundError } from '../../src/common/errors.js';
import { SalesService } from '../../src/sales/sales.service.js';
import type { TemporalService } from '../../src/temporal/temporal.service.js';
import { aDelivery } from '../support/fixtures.js';

function serviceWith(workflow: { start?: () => Promise<unknown>; query?: () => Promise<unknown> }) {
  const start = mock.fn(workflow.start ?? (async () => ({})));
  const query = mock.fn(workflow.query ?? (async () => ({})));
  const temporal = {
    taskQueue: 'aftercare',
    client: { workflow: { start, getHandle: () => ({ query }) } },
  } as unknown as TemporalService;
  return { service: new SalesService(temporal), start };
}

describe('SalesService', () => {
  it('starts sale-<saleId> with the delivery, 12 months of warranty by default, and no personal data in search attributes or memo', async () => {
    const { service, start } = serviceWith({});
    const { warrantyMonths: _, ...delivery } = aDelivery();
    const outcome = await service.deliver(delivery);

    assert.deepEqual(outcome, { saleId: delivery.saleId, workflowId: `sale-${delivery.saleId}`, created: true });
    const [type, options] = start.mock.calls[0]!.arguments as unknown as [string, Record<string, any>];
    assert.equal(type, 'SaleFollowUp');
    assert.equal(options.workflowId, `sale-${delivery.saleId}`);
    assert.equal(options.args[0].warrantyMonths, 12);
    const visible = JSON.stringify([options.typedSearchAttributes, options.memo]);
    for (const personal of [delivery.buyer.name, delivery.buyer.phone, delivery.actualUser!.name, delivery.customer.name]) {
      assert.ok(!visible.includes(personal), `${personal} is visible to operators`);
    }
  });

  it('reports a repeated delivery as not created instead of failing', async () => {
    const { service } = serviceWith({
      start: async () => {
        throw new WorkflowExecutionAlreadyStartedError('already started', 'sale-S-1', 'SaleFollowUp');
      },
    });
    const outcome = await service.deliver(aDelivery({ saleId: 'S-1' }));
    assert.deepEqual(outcome, { saleId: 'S-1', workflowId: 'sale-S-1', created: false });
  });

  it('lets other start failures through to the exception filter', async () => {
    const { service } = serviceWith({ start: async () => Promise.reject(new Error('boom')) });
    await assert.rejects(service.deliver(aDelivery()), /boom/);
  });

  it('turns an unknown workflow into a not-found error', async () => {
    const { service } = serviceWith({
      query: async () => {
        throw new WorkflowNotFoundError('not found', 'sale-S-9', undefined);
      },
    });
    await assert.rejects(service.getState('S-9'), (err) => err instanceof NotFoundError && /S-9/.test(err.message));
  });
});
