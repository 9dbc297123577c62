import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aDelivery } from '../support/fixtures.js';
import { startServices, type Services } from '../support/e2e.js';
import { MANAGER, SALES_SYSTEM } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

describe('sale follow-up over HTTP', () => {
  let services: Services;
  let base: string;
  let db: Services['db'];

  before(async () => {
    services = await startServices();
    ({ base, db } = services);
  });
  after(async () => {
    await services?.stop();
  });

  const post = (path: string, body: unknown) => services.post(path, body, SALES_SYSTEM);
  const get = (path: string) => services.get(path, SALES_SYSTEM);

  it('reports Temporal and the database as reachable, and its worker polling', async () => {
    const res = await fetch(`${base}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      status: 'ok',
      temporal: { reachable: true },
      database: { reachable: true },
      workers: { polling: true, taskQueue: services.taskQueue, workflowPollers: 1, activityPollers: 1 },
    });
  });

  it('starts the follow-up of a delivered sale, writes the sale row and answers from the workflow', async () => {
    const delivery = aDelivery();
    const created = await post('/sales', delivery);
    assert.equal(created.status, 201);
    assert.deepEqual(await created.json(), {
      saleId: delivery.saleId,
      workflowId: `sale-${delivery.saleId}`,
      created: true,
      message: `follow-up of sale ${delivery.saleId} started`,
    });

    const state = await waitFor('the sale to be followed', async () => {
      const res = await get(`/sales/${delivery.saleId}`);
      const body = (await res.json()) as { stage: string; registeredAt: string | null };
      return body.stage === 'following' ? body : undefined;
    });
    assert.ok(state.registeredAt);

    const { rows } = await db.query('select order_no, customer_id, warranty_months from sale where id = $1', [delivery.saleId]);
    assert.deepEqual(rows, [{ order_no: delivery.orderNo, customer_id: delivery.customer.id, warranty_months: 12 }]);
  });

  it('starts nothing new when the same sale is posted again, and says so', async () => {
    const delivery = aDelivery();
    assert.equal((await post('/sales', delivery)).status, 201);
    const again = await post('/sales', delivery);
    assert.equal(again.status, 200);
    const body = (await again.json()) as { created: boolean; message: string };
    assert.equal(body.created, false);
    assert.match(body.message, /already delivered.*nothing new started/);
    await waitFor('the sale row', async () => {
      const res = await db.query('select 1 from sale where id = $1', [delivery.saleId]);
      return res.rowCount === 1 ? true : undefined;
    });
    const { rows } = await db.query('select count(*)::int as n from sale where id = $1', [delivery.saleId]);
    assert.equal(rows[0].n, 1);
  });

  it('rejects bad input with a 400 that names each wrong field', async () => {
    const { customer, ...withoutCustomer } = aDelivery();
    const res = await post('/sales', { ...withoutCustomer, customer: { ...customer, category: 'space' }, deliveredOn: '2026-13-01', surprise: 1 });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { fields: { field: string }[] };
    assert.deepEqual(body.fields.map((f) => f.field).sort(), ['customer.category', 'deliveredOn', 'surprise']);
  });

  it('plans the three callbacks, and a return cancels them and ends the follow-up once', async () => {
    const delivery = aDelivery();
    assert.equal((await post('/sales', delivery)).status, 201);
    const planned = await waitFor('the callbacks to be planned', async () => {
      const state = (await (await get(`/sales/${delivery.saleId}`)).json()) as { callbacks: { callbackId: string; kind: string; status: string }[] };
      return state.callbacks.length === 3 ? state.callbacks : undefined;
    });
    assert.deepEqual(planned.map((c) => [c.callbackId, c.kind, c.status]), [
      [`${delivery.saleId}-C1`, 'first_30_days', 'scheduled'],
      [`${delivery.saleId}-C2`, 'second_3_months', 'scheduled'],
      [`${delivery.saleId}-C3`, 'warranty_expiry', 'scheduled'],
    ]);
    const rows = () => db.query('select id, status from callback where sale_id = $1 order by id', [delivery.saleId]).then((r) => r.rows);
    await waitFor('the callback rows', async () => ((await rows()).length === 3 ? true : undefined));

    const cancel = await post(`/sales/${delivery.saleId}/cancellation`, { reason: 'return', note: 'wrong model' });
    assert.equal(cancel.status, 202);
    const final = await waitFor('the follow-up to end', async () => {
      const state = (await (await get(`/sales/${delivery.saleId}`)).json()) as { stage: string; cancellation: { reason: string } | null };
      return state.stage === 'cancelled' ? state : undefined;
    });
    assert.equal(final.cancellation?.reason, 'return');
    assert.deepEqual((await rows()).map((r) => r.status), ['cancelled', 'cancelled', 'cancelled']);
    const sale = await db.query('select status, cancellation_reason from sale where id = $1', [delivery.saleId]);
    assert.deepEqual(sale.rows, [{ status: 'cancelled', cancellation_reason: 'return' }]);

    const again = await post(`/sales/${delivery.saleId}/cancellation`, { reason: 'refund' });
    assert.equal(again.status, 202);
    assert.match(((await again.json()) as { message: string }).message, /already cancelled/);
    assert.equal((await post('/sales/S-never-delivered/cancellation', { reason: 'return' })).status, 404);
    assert.equal((await post(`/sales/${delivery.saleId}/cancellation`, { reason: 'lost' })).status, 400);
  });

  it('answers 404 for a sale it does not know', async () => {
    const res = await get('/sales/S-never-delivered');
    assert.equal(res.status, 404);
    assert.equal((await services.get('/sales/S-never-delivered', MANAGER)).status, 404);
  });

  it('never writes customer names or phone numbers to its logs', () => {
    const logs = services.logs();
    const delivery = aDelivery();
    for (const secret of [delivery.buyer.name, delivery.buyer.phone, delivery.actualUser!.name, delivery.actualUser!.phone]) {
      assert.ok(!logs.includes(secret), `logs contain ${secret}`);
    }
  });
});
