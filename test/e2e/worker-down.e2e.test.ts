import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { alwaysOpenCalendar } from '../support/e2e.js';
import { aDelivery } from '../support/fixtures.js';
import { requireEnv } from '../support/env.js';
import { operationsPorts } from '../support/ports.js';
import { startService, type ServiceProcess } from '../support/processes.js';
import { as, bearer, SALES_SYSTEM, TEST_TOKEN_SECRET, type Caller } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const CALL_TIMEOUT_MS = 1500;

// The API process alone, its worker started later: a request waiting on a workflow that cannot run answers 503
// once TEMPORAL_CALL_TIMEOUT_MS has passed, instead of hanging (a query waits 30 s, an update for ever).
describe('the API while the worker is down', () => {
  const port = 3100 + Math.floor(Math.random() * 800);
  const base = `http://127.0.0.1:${port}`;
  let env: Record<string, string>;
  let api: ServiceProcess;
  let worker: ServiceProcess | undefined;
  const delivery = aDelivery({ deliveredOn: addDays(toCompanyTime(new Date(), 'Asia/Shanghai').date, -40) });
  const callbackId = `${delivery.saleId}-C1`;

  const agent = as('agent', 'zhang.wei');
  const timed = async (path: string, body?: unknown, caller: Caller = agent) => {
    const started = Date.now();
    const res = await fetch(
      `${base}${path}`,
      body === undefined
        ? { headers: bearer(caller) }
        : { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(caller) }, body: JSON.stringify(body) },
    );
    return { status: res.status, body: (await res.json()) as any, ms: Date.now() - started };
  };

  before(async () => {
    env = {
      NODE_ENV: 'test',
      API_PORT: String(port),
      DATABASE_URL: requireEnv('E2E_DATABASE_URL'),
      TEMPORAL_ADDRESS: requireEnv('E2E_TEMPORAL_ADDRESS'),
      TEMPORAL_TASK_QUEUE: `e2e-worker-down-${port}`,
      TEMPORAL_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS),
      LOG_LEVEL: 'warn',
      AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
      CALL_WINDOWS: '00:00-23:59',
      BUSINESS_CALENDAR_FILE: await alwaysOpenCalendar(),
      ...(await operationsPorts()),
    };
    api = startService('main', env);
    await waitFor('the API to listen', async () => ((await fetch(`${base}/health`).catch(() => null)) ? true : undefined), 30_000);
  });
  after(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
  });

  it('reports on /health, with 503, that no worker polls the task queue', async () => {
    const health = await timed('/health');
    assert.equal(health.status, 503);
    assert.deepEqual(health.body.workers, { polling: false, taskQueue: env.TEMPORAL_TASK_QUEUE, workflowPollers: 0, activityPollers: 0 });
    assert.deepEqual([health.body.temporal, health.body.database], [{ reachable: true }, { reachable: true }]);
  });

  it('accepts a delivery: starting the follow-up needs no worker', async () => {
    assert.equal((await timed('/sales', delivery, SALES_SYSTEM)).status, 201);
  });

  it('answers a query and a claim 503 once the call timeout has passed', async () => {
    for (const answer of [await timed(`/sales/${delivery.saleId}`), await timed(`/callbacks/${callbackId}/claim`, { agentId: 'zhang.wei' })]) {
      assert.equal(answer.status, 503, JSON.stringify(answer.body));
      assert.equal(answer.body.error, 'unavailable');
      assert.ok(answer.ms >= CALL_TIMEOUT_MS - 100 && answer.ms < CALL_TIMEOUT_MS + 8000, `answered after ${answer.ms} ms`);
    }
  });

  it('carries on once the worker is back, without restarting the API', async () => {
    worker = startService('worker', env);
    await waitFor(
      'the late callback to open',
      async () => {
        const state = await timed(`/sales/${delivery.saleId}`);
        return state.status === 200 && state.body.callbacks?.[0]?.status === 'due' ? true : undefined;
      },
      60_000,
    );
    const claim = await timed(`/callbacks/${callbackId}/claim`, { agentId: 'zhang.wei' });
    assert.deepEqual([claim.status, claim.body.claimedBy], [200, 'zhang.wei']);
    const result = await timed(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), agentId: 'zhang.wei', outcome: 'no_answer' });
    assert.equal(result.status, 201);
    const health = await timed('/health');
    assert.deepEqual([health.status, health.body.workers.polling], [200, true]);
  });

  it('logs nothing below LOG_LEVEL=warn, from either process: JSON lines, the API\'s 503s among them', () => {
    const lines = [api, worker!].flatMap((process) => process.output().split('\n')).filter((line) => line.trim() !== '');
    const levels = lines.map((line) => (JSON.parse(line) as { level: string }).level);
    assert.ok(levels.length > 0 && levels.every((level) => level === 'warn' || level === 'error'), levels.join(', '));
    assert.ok(lines.some((line) => line.includes('temporal unavailable')));
  });
});
