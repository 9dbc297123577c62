import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import { startApiWithoutTemporal } from '../support/app.js';
import { as, bearer, SALES_SYSTEM, type Caller } from '../support/tokens.js';
import { aDelivery } from '../support/fixtures.js';

// The real application module on real PostgreSQL, with Temporal pointed at a port where nothing listens.
describe('GET /health with Temporal down', () => {
  let app: NestExpressApplication;
  let base: string;

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
  });
  after(async () => {
    await app?.close();
  });

  it('answers 503 naming the unreachable dependency', async () => {
    const res = await fetch(`${base}/health`);
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), {
      status: 'degraded',
      temporal: { reachable: false },
      database: { reachable: true },
      workers: { polling: false, taskQueue: 'aftercare', workflowPollers: 0, activityPollers: 0 },
    });
  });

  it('answers 503, not 500, when a sale is looked up', async () => {
    const res = await fetch(`${base}/sales/S-1`, { headers: bearer(SALES_SYSTEM) });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '5');
  });

  // An agent saving a call result learns at once that it did not go through, rather than after the SDK's ~20 s of retries.
  it('answers a delivery and a call result with 503 long before the SDK\'s ~20 s of retries', async () => {
    const post = async (path: string, body: unknown, as: Caller) => {
      const started = Date.now();
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(as) }, body: JSON.stringify(body) });
      return { status: res.status, ms: Date.now() - started };
    };
    const delivery = await post('/sales', aDelivery(), SALES_SYSTEM);
    const result = await post('/callbacks/S-1-C1/results', { attemptId: randomUUID(), outcome: 'no_answer' }, as('agent', 'zhang.wei'));
    for (const answer of [delivery, result]) {
      assert.equal(answer.status, 503);
      assert.ok(answer.ms < 10_000, `answered after ${answer.ms} ms`);
    }
  });
});
