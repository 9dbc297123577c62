import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createSaleActivities } from '../../activities/sale-activities.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { requireEnv } from '../support/env.js';
import { aDelivery } from '../support/fixtures.js';
import { ADMINISTRATOR, bearer, SALES_SYSTEM, type Caller } from '../support/tokens.js';

// The Idempotency-Key of every state-changing route, on PostgreSQL, with no Temporal at all.
describe('Idempotency-Key', () => {
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

  const send = async (method: string, path: string, body: unknown, key: string | undefined, as: Caller = SALES_SYSTEM) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...bearer(as), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any, replayed: res.headers.get('idempotent-replayed') };
  };
  const aYear = (holiday: string) => ({ official: true, holidays: [holiday], workdays: [], source: 'test' });
  const holidaysOf = async (year: number) =>
    (await orm.em.fork().execute<{ holidays: string[] }[]>(`select "holidays" from "business_calendar_year" where "year" = ?`, [year]))[0]?.holidays;

  it('answers a repeat with the first answer, status and body, without doing it again', async () => {
    const key = randomUUID();
    const year = 2100 + Math.floor(Math.random() * 800);
    const first = await send('PUT', `/calendar/years/${year}`, aYear(`${year}-01-01`), key, ADMINISTRATOR);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.replayed, null);
    // Someone else changes the year meanwhile: a repeat that ran again would undo it.
    await orm.em.fork().execute(`update "business_calendar_year" set "holidays" = ? where "year" = ?`, [JSON.stringify([`${year}-05-01`]), year]);
    const again = await send('PUT', `/calendar/years/${year}`, aYear(`${year}-01-01`), key, ADMINISTRATOR);
    assert.deepEqual([again.status, again.body, again.replayed], [200, first.body, 'true']);
    assert.deepEqual(await holidaysOf(year), [`${year}-05-01`], 'the repeat wrote the year again');
  });

  it('refuses the same key with another request (422), and keeps keys apart per caller', async () => {
    const key = randomUUID();
    const year = 2100 + Math.floor(Math.random() * 800);
    assert.equal((await send('PUT', `/calendar/years/${year}`, aYear(`${year}-01-01`), key, ADMINISTRATOR)).status, 200);
    const other = await send('PUT', `/calendar/years/${year}`, aYear(`${year}-01-02`), key, ADMINISTRATOR);
    assert.equal(other.status, 422);
    assert.match(other.body.message, new RegExp(`Idempotency-Key ${key} was used for another request \\(PUT /calendar/years/${year} with another body\\)`));
    // Another caller's key of the same name is another key.
    const delivery = aDelivery();
    await createSaleActivities({ orm }).registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
    assert.equal((await send('POST', '/sales', delivery, key)).status, 200);
  });

  it('keeps a refusal the client caused (4xx) for its repeats, but not an outage (503), which a repeat retries', async () => {
    const key = randomUUID();
    const bad = await send('POST', '/sales', { ...aDelivery(), deliveredOn: '2999-06-01' }, key);
    assert.equal(bad.status, 400);
    const badAgain = await send('POST', '/sales', { ...aDelivery(), deliveredOn: '2999-06-01' }, key);
    // Not the same body (a new sale id): another request.
    assert.equal(badAgain.status, 422);

    const delivery = aDelivery();
    const unavailable = await send('POST', '/sales', delivery, key.replace(/.$/, 'x'));
    assert.equal(unavailable.status, 503, JSON.stringify(unavailable.body));
    const retried = await send('POST', '/sales', delivery, key.replace(/.$/, 'x'));
    assert.equal(retried.status, 503);
    assert.equal(retried.replayed, null, 'an outage was kept as the answer');
  });

  it('replays a kept refusal in the one error shape', async () => {
    const key = randomUUID();
    const body = { ...aDelivery(), deliveredOn: '1970-01-01' };
    const first = await send('POST', '/sales', body, key);
    const again = await send('POST', '/sales', body, key);
    assert.deepEqual([first.status, again.status, again.replayed], [400, 400, 'true']);
    assert.deepEqual(again.body, first.body);
  });

  it('refuses a malformed key', async () => {
    const res = await send('POST', '/sales', aDelivery(), 'not a key');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.fields.map((f: { field: string }) => f.field), ['Idempotency-Key']);
  });
});
