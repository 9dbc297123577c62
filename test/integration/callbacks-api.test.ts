import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createCallbackActivities } from '../../activities/callback-activities.js';
import { createSaleActivities } from '../../activities/sale-activities.js';
import { Callback } from '../../src/callbacks/callback.entity.js';
import type { CallbackView } from '../../src/callbacks/dto/callback-view.dto.js';
import { ormConfig } from '../../src/database/orm-config.js';
import type { CustomerCategory } from '../../workflows/sale-types.js';
import { aSchedule } from '../support/callbacks.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { requireEnv } from '../support/env.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { bearer, MANAGER } from '../support/tokens.js';

interface Page {
  items: CallbackView[];
  page: number;
  pageSize: number;
  total: number;
}

// Other tests share the table, so every assertion on exact rows filters by this run's own agent.
describe('GET /callbacks, the agents\' queue', () => {
  const agent = uniqueId('agent');
  let app: NestExpressApplication;
  let orm: MikroORM;
  let base: string;
  /** This run's callbacks claimed by `agent`, in queue order. */
  let claimed: CallbackView[];

  async function get(query: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${base}/callbacks?${query}`, { headers: bearer(MANAGER) });
    return { status: res.status, body: await res.json() };
  }
  async function list(query: string): Promise<Page> {
    const { status, body } = await get(query);
    assert.equal(status, 200, JSON.stringify(body));
    return body;
  }
  const ids = (page: Page): string[] => page.items.map((c) => c.callbackId);

  before(async () => {
    const databaseUrl = requireEnv('TEST_DATABASE_URL');
    ({ app, base } = await startApiWithoutTemporal());

    orm = await MikroORM.init(ormConfig(databaseUrl));
    const sales = createSaleActivities({ orm });
    const callbacks = createCallbackActivities({ orm });
    const sale = async (category: CustomerCategory, firstDueAt: string) => {
      const delivery = aDelivery({ customer: { ...aDelivery().customer, category } });
      await sales.registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
      const schedule = aSchedule(delivery, firstDueAt);
      await callbacks.scheduleCallbacks(schedule);
      return schedule.callbacks;
    };
    const claim = async (entry: { callbackId: string; dueAt: string }) => {
      await callbacks.openCallback({ callbackId: entry.callbackId, dueAt: entry.dueAt, late: false, openedAt: entry.dueAt });
      // No claim activity yet: the agent's claim is written as it will be.
      await orm.em.fork().nativeUpdate(
        Callback,
        { id: entry.callbackId, status: 'due' },
        { status: 'claimed', claimedBy: agent, claimedAt: new Date('1990-03-01T01:00:00.000Z') },
      );
    };

    // Sales A and B have callbacks due at the same moments, so the id decides their order.
    const [a1, a2] = await sale('medical', '1990-03-01T02:00:00.000Z');
    const [b1, , b3] = await sale('household', '1990-03-01T02:00:00.000Z');
    const [c1] = await sale('distributor', '1990-02-01T02:00:00.000Z');
    for (const entry of [a1!, a2!, b1!, b3!, c1!]) await claim(entry);
    // Cancelled while claimed: still the agent's, now closed.
    await callbacks.cancelSaleFollowUp({ saleId: c1!.callbackId.replace(/-C1$/, ''), reason: 'refund', cancelledAt: '1990-02-15T00:00:00.000Z' });

    claimed = (await list(`agent=${agent}`)).items;
  });
  after(async () => {
    await app?.close();
    await orm?.close();
  });

  it("lists an agent's callbacks by due time, then id, with the page and the total", async () => {
    const page = await list(`agent=${agent}`);
    assert.deepEqual({ page: page.page, pageSize: page.pageSize, total: page.total }, { page: 1, pageSize: 50, total: 5 });
    const expected = [...page.items].sort((x, y) => x.dueAt.localeCompare(y.dueAt) || x.callbackId.localeCompare(y.callbackId));
    assert.deepEqual(ids(page), ids({ ...page, items: expected }));
    assert.equal(page.items[0]!.customerCategory, 'distributor');
    assert.equal(page.items[1]!.dueAt, page.items[2]!.dueAt);
    assert.ok(page.items.every((c) => c.claimedBy === agent));
  });

  it('shows each callback without personal data', async () => {
    const [first] = claimed;
    assert.deepEqual(Object.keys(first!).sort(), [
      'attempts', 'callbackId', 'claimedAt', 'claimedBy', 'customerCategory', 'customerId',
      'dueAt', 'kind', 'late', 'nominalDate', 'saleId', 'status',
    ]);
    assert.deepEqual(
      { ...first, callbackId: undefined, saleId: undefined, customerId: undefined },
      {
        callbackId: undefined, saleId: undefined, customerId: undefined,
        kind: 'first_30_days', status: 'cancelled', nominalDate: '2026-12-20', dueAt: '1990-02-01T02:00:00.000Z',
        late: false, customerCategory: 'distributor', claimedBy: agent, claimedAt: '1990-03-01T01:00:00.000Z', attempts: 0,
      },
    );
    assert.equal(first!.callbackId, `${first!.saleId}-C1`);
    assert.doesNotMatch(JSON.stringify(claimed), /王芳|李强|\+86/);
  });

  it('filters by one status, or several as a comma list or a repeated parameter', async () => {
    const byStatus = (status: string) => claimed.filter((c) => status.includes(c.status)).map((c) => c.callbackId);
    assert.deepEqual(ids(await list(`agent=${agent}&status=claimed`)), byStatus('claimed'));
    assert.equal(byStatus('claimed').length, 4);
    assert.deepEqual(ids(await list(`agent=${agent}&status=cancelled`)), byStatus('cancelled'));
    assert.deepEqual(ids(await list(`agent=${agent}&status=due,cancelled`)), byStatus('cancelled'));
    assert.deepEqual(ids(await list(`agent=${agent}&status=cancelled&status=claimed`)), ids({ items: claimed } as Page));
    assert.equal((await list(`agent=${agent}&status=scheduled`)).total, 0);
  });

  it('filters by customer category', async () => {
    const page = await list(`agent=${agent}&customerCategory=household`);
    assert.equal(page.total, 2);
    assert.deepEqual(ids(page), claimed.filter((c) => c.customerCategory === 'household').map((c) => c.callbackId));
    assert.equal((await list(`agent=${agent}&customerCategory=military`)).total, 0);
  });

  it('filters by due time, strictly before the instant given', async () => {
    assert.deepEqual(ids(await list(`agent=${agent}&dueBefore=1990-03-01T02:00:00Z`)), [claimed[0]!.callbackId]);
    assert.equal((await list(`agent=${agent}&dueBefore=1990-03-01T02:00:00.001Z`)).total, 3);
    assert.equal((await list(`agent=${agent}&dueBefore=1990-03-01T11:00:00%2B08:00`)).total, 3);
    assert.equal((await list(`agent=${agent}&dueBefore=1990-01-01T00:00:00Z`)).total, 0);
  });

  it('combines filters', async () => {
    const page = await list(`agent=${agent}&status=claimed&customerCategory=medical&dueBefore=1990-03-01T02:30:00Z`);
    assert.equal(page.total, 1);
    assert.equal(page.items[0]!.kind, 'first_30_days');
  });

  it('pages through the queue with a stable order', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => list(`agent=${agent}&pageSize=2&page=${page}`)));
    assert.deepEqual(pages.map((p) => p.items.length), [2, 2, 1, 0]);
    assert.ok(pages.every((p, i) => p.total === 5 && p.page === i + 1 && p.pageSize === 2));
    assert.deepEqual(pages.flatMap((p) => ids(p)), ids({ items: claimed } as Page));
  });

  it('without an agent, answers only callbacks matching the filters', async () => {
    const page = await list('status=due,claimed&dueBefore=1990-06-01T00:00:00Z&pageSize=200');
    assert.ok(page.total >= 4);
    assert.ok(page.items.every((c) => ['due', 'claimed'].includes(c.status) && c.dueAt < '1990-06-01T00:00:00.000Z'));
    const dueTimes = page.items.map((c) => c.dueAt);
    assert.deepEqual(dueTimes, [...dueTimes].sort());
  });

  const badQueries: [string, string][] = [
    ['status=lost', 'status'],
    ['status=due,lost', 'status'],
    ['status=', 'status'],
    ['pageSize=500', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['page=0', 'page'],
    ['page=two', 'page'],
    ['page=1.5', 'page'],
    ['dueBefore=tomorrow', 'dueBefore'],
    ['dueBefore=2026-12-01', 'dueBefore'],
    ['dueBefore=2026-12-01T10:00:00', 'dueBefore'],
    ['customerCategory=space', 'customerCategory'],
    ['agent=', 'agent'],
    ['agent=a&agent=b', 'agent'],
    ['sort=dueAt', 'sort'],
  ];
  for (const [query, field] of badQueries) {
    it(`answers 400 naming ${field} for ${query}`, async () => {
      const { status, body } = await get(query);
      assert.equal(status, 400);
      assert.deepEqual(body.fields.map((f: { field: string }) => f.field), [field]);
      assert.match(body.message, new RegExp(field));
    });
  }
});
