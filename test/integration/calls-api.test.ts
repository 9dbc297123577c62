import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createCallResultActivities } from '../../activities/call-result-activities.js';
import { createCallbackActivities } from '../../activities/callback-activities.js';
import { createSaleActivities } from '../../activities/sale-activities.js';
import type { CallDto, CallPageDto } from '../../src/callbacks/dto/calls.dto.js';
import { ormConfig } from '../../src/database/orm-config.js';
import type { CustomerCategory } from '../../workflows/sale-types.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { noDeliveries } from '../support/deliveries.js';
import { aSchedule } from '../support/callbacks.js';
import { requireEnv } from '../support/env.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { AGENT, MANAGER, bearer } from '../support/tokens.js';

// Other tests share the tables: assertions look at this run's sales only, whose callbacks are due in 1971, before theirs.
describe('GET /calls: the queue as calls, one per sale', () => {
  const agent = uniqueId('agent');
  const busyAgent = uniqueId('agent');
  let app: NestExpressApplication;
  let orm: MikroORM;
  let base: string;
  const sale: Record<'lateImport' | 'early' | 'halfClaimed' | 'done', string> = { lateImport: '', early: '', halfClaimed: '', done: '' };
  const claimedSales: string[] = [];

  async function list(query: string): Promise<CallPageDto> {
    const res = await fetch(`${base}/calls?${query}`, { headers: bearer(MANAGER) });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    return body as CallPageDto;
  }
  const mine = (page: CallPageDto): CallDto[] => page.items.filter((c) => Object.values(sale).includes(c.saleId));
  const shape = (calls: CallDto[]) => calls.map((c) => [c.saleId, c.late, c.callbacks.map((cb) => `${cb.callbackId.slice(-2)}:${cb.status}`)]);

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    const sales = createSaleActivities({ orm });
    const callbacks = createCallbackActivities({ orm });
    const results = createCallResultActivities({ orm, companyTimeZone: 'Asia/Shanghai', deliveries: noDeliveries, log: () => undefined });
    /** A sale whose first `open` callbacks are due from `firstDueAt`, an hour apart. */
    const aSale = async (firstDueAt: string, open: number, late: boolean, category: CustomerCategory = 'medical') => {
      const delivery = aDelivery({ customer: { ...aDelivery().customer, category }, product: { model: 'CT-9', quantity: 1 } });
      await sales.registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
      const schedule = aSchedule(delivery, firstDueAt);
      await callbacks.scheduleCallbacks(schedule);
      for (const entry of schedule.callbacks.slice(0, open)) {
        await callbacks.openCallback({ callbackId: entry.callbackId, dueAt: entry.dueAt, late, openedAt: entry.dueAt });
      }
      return delivery.saleId;
    };
    const claim = (callbackId: string, by: string) => results.claimCallback({ callbackId, agentId: by, claimedAt: '1971-03-01T01:00:00.000Z' });

    // A late import opens two callbacks at once; it is one call, and it comes first although it is due later.
    sale.lateImport = await aSale('1971-03-01T02:00:00.000Z', 2, true);
    sale.early = await aSale('1971-01-01T02:00:00.000Z', 1, false, 'household');
    sale.halfClaimed = await aSale('1971-02-01T02:00:00.000Z', 2, false);
    await claim(`${sale.halfClaimed}-C1`, agent);
    sale.done = await aSale('1971-01-01T01:00:00.000Z', 1, false);
    await results.closeCallback({ callbackId: `${sale.done}-C1`, status: 'completed', closedAt: '1971-01-02T00:00:00.000Z' });
    for (let i = 0; i < 3; i++) {
      const id = await aSale(`1971-04-0${i + 1}T02:00:00.000Z`, 1, false);
      await claim(`${id}-C1`, busyAgent);
      claimedSales.push(id);
    }
  });
  after(async () => {
    await app?.close();
    await orm?.close();
  });

  it('lists one call per sale with its due and claimed callbacks, late calls first, then the earliest due', async () => {
    const page = await list('pageSize=200');
    assert.deepEqual(shape(mine(page)), [
      [sale.lateImport, true, ['C1:due', 'C2:due']],
      [sale.early, false, ['C1:due']],
      [sale.halfClaimed, false, ['C1:claimed', 'C2:due']],
    ]);
    const [lateImport, early, halfClaimed] = mine(page);
    assert.deepEqual(
      { ...lateImport, callbacks: undefined },
      { saleId: sale.lateImport, customerId: lateImport!.callbacks[0]!.customerId, customerCategory: 'medical', productModel: 'CT-9', late: true, dueAt: '1971-03-01T02:00:00.000Z', claimedBy: [], callbacks: undefined },
    );
    assert.deepEqual([early!.customerCategory, early!.dueAt, halfClaimed!.claimedBy], ['household', '1971-01-01T02:00:00.000Z', [agent]]);
    assert.ok(page.items.every((c, i) => i === 0 || !c.late || page.items[i - 1]!.late), 'late calls come first');
    assert.doesNotMatch(JSON.stringify(page), /王芳|李强|\+86/);
  });

  it('filters callbacks by status, claiming agent and customer category before grouping them', async () => {
    assert.deepEqual(shape(mine(await list('status=due&pageSize=200'))), [
      [sale.lateImport, true, ['C1:due', 'C2:due']],
      [sale.early, false, ['C1:due']],
      [sale.halfClaimed, false, ['C2:due']],
    ]);
    const claimed = await list(`agent=${agent}`);
    assert.deepEqual([shape(claimed.items), claimed.total], [[[sale.halfClaimed, false, ['C1:claimed']]], 1]);
    assert.deepEqual(shape(mine(await list('customerCategory=household&pageSize=200'))), [[sale.early, false, ['C1:due']]]);
    assert.equal((await list(`agent=${agent}&status=due`)).total, 0);
  });

  it('pages by call, counting calls, not callbacks', async () => {
    const first = await list(`agent=${busyAgent}&pageSize=2`);
    const second = await list(`agent=${busyAgent}&pageSize=2&page=2`);
    assert.deepEqual([first.total, first.items.length, second.items.length, second.page, second.pageSize], [3, 2, 1, 2, 2]);
    assert.deepEqual([...first.items, ...second.items].map((c) => c.saleId), claimedSales);
    assert.deepEqual((await list(`agent=${busyAgent}&page=3&pageSize=2`)).items, []);
  });

  it('answers 400 naming each bad parameter, and keeps GET /callbacks as it was', async () => {
    const res = await fetch(`${base}/calls?status=completed&customerCategory=pets&pageSize=0&sort=late`, { headers: bearer(AGENT) });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { fields: { field: string }[] };
    assert.deepEqual(body.fields.map((f) => f.field).sort(), ['customerCategory', 'pageSize', 'sort', 'status']);
    const callbacks = await fetch(`${base}/callbacks?agent=${agent}`, { headers: bearer(AGENT) });
    assert.deepEqual(((await callbacks.json()) as { items: { callbackId: string }[] }).items.map((c) => c.callbackId), [`${sale.halfClaimed}-C1`]);
  });
});
