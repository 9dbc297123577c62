import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import { createSaleActivities } from '../../activities/sale-activities.js';
import { Customer } from '../../src/customers/customer.entity.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { Sale } from '../../src/sales/sale.entity.js';
import { requireEnv } from '../support/env.js';
import { aDelivery } from '../support/fixtures.js';

describe('sale activities on PostgreSQL', () => {
  let orm: MikroORM;
  let activities: ReturnType<typeof createSaleActivities>;

  before(async () => {
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    activities = createSaleActivities({ orm });
  });
  after(async () => {
    await orm?.close();
  });

  it('has every migration applied', async () => {
    assert.deepEqual(await orm.migrator.getPending(), []);
  });

  it('registers the customer and the sale', async () => {
    const delivery = aDelivery();
    const { registeredAt } = await activities.registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });

    const em = orm.em.fork();
    const sale = await em.findOneOrFail(Sale, delivery.saleId, { populate: ['customer'] });
    assert.equal(sale.registeredAt.toISOString(), registeredAt);
    assert.equal(sale.orderNo, delivery.orderNo);
    assert.equal(sale.deliveredOn, '2026-11-20');
    assert.equal(sale.status, 'following');
    assert.equal(sale.customer.category, 'medical');
    assert.deepEqual(sale.customer.contactForCallbacks, delivery.actualUser);
  });

  it('changes nothing when retried, and keeps the first registration time', async () => {
    const delivery = aDelivery();
    const input = { delivery, workflowId: `sale-${delivery.saleId}` };
    const first = await activities.registerSale(input);
    const [second, third] = await Promise.all([activities.registerSale(input), activities.registerSale(input)]);

    assert.equal(second.registeredAt, first.registeredAt);
    assert.equal(third.registeredAt, first.registeredAt);
    const em = orm.em.fork();
    assert.equal(await em.count(Sale, { id: delivery.saleId }), 1);
    assert.equal(await em.count(Customer, { id: delivery.customer.id }), 1);
  });

  it('keeps one customer across several sales and takes its latest details', async () => {
    const first = aDelivery();
    const second = aDelivery({ customer: { ...first.customer, region: '华南' } });
    await activities.registerSale({ delivery: first, workflowId: `sale-${first.saleId}` });
    await activities.registerSale({ delivery: second, workflowId: `sale-${second.saleId}` });

    const em = orm.em.fork();
    const customer = await em.findOneOrFail(Customer, first.customer.id);
    assert.equal(customer.region, '华南');
    assert.equal(await em.count(Sale, { customer: first.customer.id }), 2);
  });
});
