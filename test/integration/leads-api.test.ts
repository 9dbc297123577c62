import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createCallResultActivities } from '../../activities/call-result-activities.js';
import { createSaleActivities } from '../../activities/sale-activities.js';
import { ormConfig } from '../../src/database/orm-config.js';
import type { LeadView } from '../../src/leads/dto/lead-view.dto.js';
import { Lead, type LeadStatus } from '../../src/leads/lead.entity.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { requireEnv } from '../support/env.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { noDeliveries } from '../support/deliveries.js';
import { addPerson, signIn } from '../support/people.js';
import { as, bearer, SALES_SYSTEM } from '../support/tokens.js';

interface Page {
  items: LeadView[];
  page: number;
  pageSize: number;
  total: number;
}

// Other tests share the table, so every assertion on exact rows filters by this run's own sales owner.
describe('GET /leads, the sales owners\' repurchase leads', () => {
  const owner = uniqueId('owner');
  const otherOwner = uniqueId('owner');
  let app: NestExpressApplication;
  let orm: MikroORM;
  let base: string;
  /** This run's leads of `owner`, newest first. */
  const seeded: { leadId: string; saleId: string; customerId: string; status: LeadStatus; createdAt: string }[] = [];

  async function get(query: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${base}/leads?${query}`, { headers: bearer(SALES_SYSTEM) });
    return { status: res.status, body: await res.json() };
  }
  async function list(query: string): Promise<Page> {
    const { status, body } = await get(query);
    assert.equal(status, 200, JSON.stringify(body));
    return body;
  }
  const ids = (page: Page): string[] => page.items.map((l) => l.leadId);

  before(async () => {
    const databaseUrl = requireEnv('TEST_DATABASE_URL');
    ({ app, base } = await startApiWithoutTemporal());

    orm = await MikroORM.init(ormConfig(databaseUrl));
    const sales = createSaleActivities({ orm });
    const callResults = createCallResultActivities({ orm, companyTimeZone: 'Asia/Shanghai', deliveries: noDeliveries, log: () => undefined });
    const lead = async (salesOwner: string, createdAt: string, status: LeadStatus = 'new') => {
      const delivery = aDelivery({ salesOwner });
      await sales.registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
      const leadId = `${delivery.saleId}-C1-${uniqueId('attempt')}`;
      const input = { leadId, saleId: delivery.saleId, customerId: delivery.customer.id, salesOwner, productInterest: 'two more XR-200 next year', createdAt };
      await callResults.createLead(input);
      // A repeated activity changes nothing: still one lead.
      await callResults.createLead(input);
      // No activity moves a lead on yet: the sales owner's progress is written as it will be.
      if (status !== 'new') await orm.em.fork().nativeUpdate(Lead, { id: leadId }, { status });
      return { leadId, saleId: delivery.saleId, customerId: delivery.customer.id, status, createdAt };
    };

    // Inserted out of order: the list orders by creation time, not by insertion.
    const middle = await lead(owner, '1990-03-02T02:00:00.000Z', 'contacted');
    const oldest = await lead(owner, '1990-03-01T02:00:00.000Z');
    const newest = await lead(owner, '1990-03-03T02:00:00.000Z');
    seeded.push(newest, middle, oldest);
    await lead(otherOwner, '1990-03-04T02:00:00.000Z');
  });
  after(async () => {
    await app?.close();
    await orm?.close();
  });

  it("lists a sales owner's leads newest first, with the page and the total", async () => {
    const page = await list(`salesOwner=${owner}`);
    assert.deepEqual({ page: page.page, pageSize: page.pageSize, total: page.total }, { page: 1, pageSize: 50, total: 3 });
    assert.deepEqual(ids(page), seeded.map((l) => l.leadId));
    assert.ok(page.items.every((l) => l.salesOwner === owner));
  });

  it('shows each lead without personal data', async () => {
    const [first] = (await list(`salesOwner=${owner}`)).items;
    assert.deepEqual(first, {
      leadId: seeded[0]!.leadId,
      saleId: seeded[0]!.saleId,
      customerId: seeded[0]!.customerId,
      salesOwner: owner,
      productInterest: 'two more XR-200 next year',
      status: 'new',
      createdAt: '1990-03-03T02:00:00.000Z',
    });
    assert.doesNotMatch(JSON.stringify(first), /王芳|李强|华东第一人民医院|\+86/);
  });

  it('filters by status', async () => {
    assert.deepEqual(ids(await list(`salesOwner=${owner}&status=contacted`)), [seeded[1]!.leadId]);
    assert.deepEqual(ids(await list(`salesOwner=${owner}&status=new`)), [seeded[0]!.leadId, seeded[2]!.leadId]);
    assert.equal((await list(`salesOwner=${owner}&status=won`)).total, 0);
  });

  it('keeps each owner to their own leads', async () => {
    const page = await list(`salesOwner=${otherOwner}`);
    assert.equal(page.total, 1);
    assert.equal(page.items[0]!.salesOwner, otherOwner);
  });

  it('pages through the leads with a stable order', async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => list(`salesOwner=${owner}&pageSize=2&page=${page}`)));
    assert.deepEqual(pages.map((p) => p.items.length), [2, 1, 0]);
    assert.ok(pages.every((p, i) => p.total === 3 && p.page === i + 1 && p.pageSize === 2));
    assert.deepEqual(pages.flatMap((p) => ids(p)), seeded.map((l) => l.leadId));
  });

  it('shows a sales owner their own leads only, by token or by their session', async () => {
    const mine = await fetch(`${base}/leads?pageSize=200`, { headers: bearer(as('sales_owner', owner)) });
    assert.equal(mine.status, 200);
    const page = (await mine.json()) as Page;
    assert.deepEqual(ids(page), seeded.map((l) => l.leadId));
    assert.equal(page.total, seeded.length);
    const own = await fetch(`${base}/leads?salesOwner=${owner}&status=new`, { headers: bearer(as('sales_owner', owner)) });
    assert.ok(((await own.json()) as Page).items.every((l) => l.salesOwner === owner && l.status === 'new'));
    const theirs = await fetch(`${base}/leads?salesOwner=${otherOwner}`, { headers: bearer(as('sales_owner', owner)) });
    assert.equal(theirs.status, 403);
    assert.match(((await theirs.json()) as { message: string }).message, new RegExp(`sees their own leads only: salesOwner must be ${owner} or left out`));

    await addPerson(base, { id: otherOwner, roles: ['sales_owner'] }, 'sales owner password');
    const { cookie } = await signIn(base, otherOwner, 'sales owner password');
    const bySession = (await (await fetch(`${base}/leads?pageSize=200`, { headers: { cookie } })).json()) as Page;
    assert.ok(bySession.items.length > 0 && bySession.items.every((l) => l.salesOwner === otherOwner));
  });

  it('without filters, answers every lead newest first', async () => {
    const page = await list('pageSize=200');
    assert.ok(page.total >= 4);
    const created = page.items.map((l) => l.createdAt);
    assert.deepEqual(created, [...created].sort().reverse());
  });

  const badQueries: [string, string][] = [
    ['status=hot', 'status'],
    ['status=', 'status'],
    ['salesOwner=', 'salesOwner'],
    ['salesOwner=a&salesOwner=b', 'salesOwner'],
    ['pageSize=500', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['page=0', 'page'],
    ['page=two', 'page'],
    ['sort=createdAt', 'sort'],
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
