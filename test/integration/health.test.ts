import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startApiWithoutTemporal } from '../support/app.js';
import { bearer, SALES_SYSTEM } from '../support/tokens.js';

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
    assert.deepEqual(await res.json(), { status: 'degraded', temporal: { reachable: false }, database: { reachable: true } });
  });

  it('answers 503, not 500, when a sale is looked up', async () => {
    const res = await fetch(`${base}/sales/S-1`, { headers: bearer(SALES_SYSTEM) });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '5');
  });
});
