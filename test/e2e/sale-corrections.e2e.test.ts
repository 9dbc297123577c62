import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addCalendarMonths, addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { startServices, type Services } from '../support/e2e.js';
import { aDelivery } from '../support/fixtures.js';
import { bearer, MANAGER, SALES_SYSTEM } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

// The sales system corrects a sale it reported: recorded in the sale's history, the callbacks not yet opened follow.
describe('corrections of a sale over HTTP', () => {
  let services: Services;
  const today = toCompanyTime(new Date(), 'Asia/Shanghai').date;
  const delivery = aDelivery({ deliveredOn: addDays(today, -2) });

  before(async () => {
    services = await startServices();
  });
  after(async () => {
    await services?.stop();
  });

  const patch = async (saleId: string, body: unknown) => {
    const res = await fetch(`${services.base}/sales/${saleId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(SALES_SYSTEM) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const sale = () => services.getJson(`/sales/${delivery.saleId}`, MANAGER);
  const query = (text: string) => services.db.query(text, [delivery.saleId]).then((r) => r.rows);

  it('records a new delivery date and buyer phone, and moves every callback not yet opened', async () => {
    assert.equal((await services.post('/sales', delivery, SALES_SYSTEM)).status, 201);
    await waitFor('the plan', async () => ((await sale()).callbacks?.length === 3 ? true : undefined));
    const deliveredOn = addDays(delivery.deliveredOn, 1);
    const phone = '+86 138 9999 0000';
    const { status, body } = await patch(delivery.saleId, { deliveredOn, buyer: { ...delivery.buyer, phone } });
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual([body.revision, body.changed, body.replanned], [1, ['buyer.phone', 'deliveredOn'], ['C1', 'C2', 'C3'].map((k) => `${delivery.saleId}-${k}`)]);

    const state = await sale();
    assert.equal(state.deliveredOn, deliveredOn);
    assert.deepEqual(state.callbacks.map((c: { nominalDate: string }) => c.nominalDate), [addDays(deliveredOn, 30), addCalendarMonths(deliveredOn, 3), addCalendarMonths(deliveredOn, 12)]);
    const rows = await query(`select id, to_char(nominal_date, 'YYYY-MM-DD') as nominal, due_at from callback where sale_id = $1 order by id`);
    assert.deepEqual(rows.map((r) => [r.nominal, r.due_at.toISOString()]), state.callbacks.map((c: { nominalDate: string; dueAt: string }) => [c.nominalDate, c.dueAt]));
    const [saleRow] = await query(`select to_char(s.delivered_on, 'YYYY-MM-DD') as delivered_on, s.revision, c.buyer from sale s join customer c on c.id = s.customer_id where s.id = $1`);
    assert.deepEqual([saleRow.delivered_on, saleRow.revision, saleRow.buyer.phone], [deliveredOn, 1, phone]);
    const history = await query(`select revision, changes, corrected_by from sale_correction where sale_id = $1`);
    assert.deepEqual(history, [
      {
        revision: 1,
        changes: [{ field: 'buyer.phone' }, { field: 'deliveredOn', before: delivery.deliveredOn, after: deliveredOn }],
        corrected_by: SALES_SYSTEM.id,
      },
    ]);
  });

  it('answers a correction repeated as unchanged, and refuses the original delivery sent again', async () => {
    const again = await patch(delivery.saleId, { deliveredOn: addDays(delivery.deliveredOn, 1) });
    assert.deepEqual([again.status, again.body.revision, again.body.changed], [200, 1, []]);
    const original = await services.post('/sales', delivery, SALES_SYSTEM);
    assert.equal(original.status, 409);
    assert.deepEqual(((await original.json()) as any).fields.map((f: { field: string }) => f.field), ['buyer.phone', 'deliveredOn']);
  });

  it('refuses implausible and empty corrections, and unknown sales', async () => {
    assert.equal((await patch(delivery.saleId, { deliveredOn: '2999-06-01' })).status, 400);
    assert.equal((await patch(delivery.saleId, {})).status, 400);
    assert.equal((await patch(delivery.saleId, { customer: { id: 'C-other' } })).status, 400);
    assert.equal((await patch('S-never-delivered', { orderNo: 'PO-1' })).status, 404);
  });

  it('records a correction after the follow-up ended, with nothing left to plan', async () => {
    await services.post(`/sales/${delivery.saleId}/cancellation`, { reason: 'return' }, SALES_SYSTEM);
    await waitFor('the follow-up to end', async () => ((await sale()).stage === 'cancelled' ? true : undefined));
    await waitFor('the workflow to close', async () => {
      const { status, body } = await patch(delivery.saleId, { orderNo: 'PO-after-return' });
      return status === 200 && body.revision === 2 ? body : undefined;
    });
    const [row] = await query('select order_no, revision from sale where id = $1');
    assert.deepEqual(row, { order_no: 'PO-after-return', revision: 2 });
  });

  it('never writes the corrected contact to its logs', () => {
    assert.ok(!services.logs().includes('9999 0000'));
  });
});
