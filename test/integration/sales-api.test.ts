import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createSaleActivities } from '../../activities/sale-activities.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { requireEnv } from '../support/env.js';
import { aDelivery } from '../support/fixtures.js';
import { bearer, SALES_SYSTEM } from '../support/tokens.js';

// The API on PostgreSQL with no Temporal at all: what it answers from the records alone.
describe('POST /sales against the records', () => {
  let app: NestExpressApplication;
  let base: string;
  let orm: MikroORM;

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
  });
  after(async () => {
    await app?.close();
    await orm?.close();
  });

  const post = async (body: unknown) => {
    const res = await fetch(`${base}/sales`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(SALES_SYSTEM) }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const today = toCompanyTime(new Date(), 'Asia/Shanghai').date;

  it('starts nothing for a sale already recorded, even with no workflow anywhere, and says so', async () => {
    const delivery = aDelivery();
    await createSaleActivities({ orm }).registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
    const again = await post(delivery);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.created, false);
    assert.match(again.body.message, /already delivered.*nothing new started/);
  });

  it('refuses a repeated delivery with other content: 409 naming each differing field and the correction route', async () => {
    const delivery = aDelivery();
    await createSaleActivities({ orm }).registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
    const changed = { ...delivery, deliveredOn: addDays(delivery.deliveredOn, 1), actualUser: { ...delivery.actualUser!, phone: '+86 139 1111 2222' } };
    const { status, body } = await post(changed);
    assert.equal(status, 409, JSON.stringify(body));
    assert.match(body.message, new RegExp(`PATCH /sales/${delivery.saleId}`));
    assert.deepEqual(body.fields, [
      { field: 'actualUser.phone', problems: ['differs from the recorded delivery'] },
      { field: 'deliveredOn', problems: [`recorded "${delivery.deliveredOn}", sent "${changed.deliveredOn}"`] },
    ]);
    assert.ok(!JSON.stringify(body).includes('1111 2222'), 'the answer echoes a phone number');
  });

  it('refuses a delivery date in the future beyond the tolerance or older than the horizon, saying why', async () => {
    for (const [deliveredOn, why] of [
      ['2999-06-01', /is in the future: .* at most 1 day ahead \(today is \d{4}-\d{2}-\d{2} in company time, Asia\/Shanghai, \+08:00/],
      [addDays(today, 2), /is in the future/],
      ['1970-01-01', /is more than 10 years ago/],
    ] as const) {
      const { status, body } = await post(aDelivery({ deliveredOn }));
      assert.equal(status, 400, `${deliveredOn}: ${JSON.stringify(body)}`);
      assert.equal(body.fields.length, 1);
      assert.equal(body.fields[0].field, 'deliveredOn');
      assert.match(body.fields[0].problems[0], why);
    }
  });
});
