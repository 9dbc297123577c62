import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { ConflictError, NotFoundError } from '../../src/common/errors.js';
import { SalesService } from '../../src/sales/sales.service.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../../src/config/config.js';
import type { TemporalService } from '../../src/temporal/temporal.service.js';
import { aDelivery } from '../support/fixtures.js';

const config = { COMPANY_TIME_ZONE: 'Asia/Shanghai', DELIVERED_ON_FUTURE_DAYS: 1, DELIVERED_ON_HORIZON_YEARS: 10 } as AppConfig;

/** `records`: what each successive look-up of the sale's row finds (null: not recorded). */
function serviceWith(workflow: { start?: () => Promise<unknown>; query?: () => Promise<unknown> }, records: unknown[] = []) {
  const start = mock.fn(workflow.start ?? (async () => ({})));
  const query = mock.fn(workflow.query ?? (async () => ({})));
  const temporal = {
    taskQueue: 'aftercare',
    client: { workflow: { start, getHandle: () => ({ query }) } },
  } as unknown as TemporalService;
  const em = { fork: () => em, findOne: async () => records.shift() ?? null } as unknown as EntityManager;
  return { service: new SalesService(temporal, em, config), start };
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

  it('reports a delivery started a moment ago by another request as not created, once its record shows the same delivery', async () => {
    const delivery = aDelivery({ saleId: 'S-1' });
    const { service } = serviceWith(
      {
        start: async () => {
          throw new WorkflowExecutionAlreadyStartedError('already started', 'sale-S-1', 'SaleFollowUp');
        },
      },
      [null, { id: 'S-1', workflowId: 'sale-S-1', delivery }],
    );
    const outcome = await service.deliver(delivery);
    assert.deepEqual(outcome, { saleId: 'S-1', workflowId: 'sale-S-1', created: false });
  });

  it('starts nothing for a sale already recorded, whatever Temporal remembers', async () => {
    const delivery = aDelivery({ saleId: 'S-2' });
    const { service, start } = serviceWith({}, [{ id: 'S-2', workflowId: 'sale-S-2', delivery }]);
    assert.deepEqual(await service.deliver(delivery), { saleId: 'S-2', workflowId: 'sale-S-2', created: false });
    assert.equal(start.mock.callCount(), 0);
  });

  it('refuses a repeated delivery with other content, naming the fields and the correction route', async () => {
    const delivery = aDelivery({ saleId: 'S-3' });
    const { service, start } = serviceWith({}, [{ id: 'S-3', workflowId: 'sale-S-3', delivery }]);
    const changed = { ...delivery, orderNo: 'PO-other', buyer: { ...delivery.buyer, phone: '+86 100 0000 0000' } };
    await assert.rejects(service.deliver(changed), (err) => {
      assert.ok(err instanceof ConflictError);
      assert.match(err.message, /other buyer\.phone, orderNo.*PATCH \/sales\/S-3/);
      assert.deepEqual(err.fields, [
        { field: 'buyer.phone', problems: ['differs from the recorded delivery'] },
        { field: 'orderNo', problems: [`recorded "${delivery.orderNo}", sent "PO-other"`] },
      ]);
      return true;
    });
    assert.equal(start.mock.callCount(), 0);
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
