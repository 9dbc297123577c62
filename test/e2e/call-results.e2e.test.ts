import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { requireEnv } from '../support/env.js';
import { aDelivery } from '../support/fixtures.js';
import { startService, type ServiceProcess } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

/** Every day of this year and the next is a working day: the callbacks open whenever the test runs. */
async function alwaysOpenCalendar(): Promise<string> {
  const year = new Date().getUTCFullYear();
  const weekendDays = (y: number) => {
    const days: string[] = [];
    for (let d = new Date(Date.UTC(y, 0, 1)); d.getUTCFullYear() === y; d.setUTCDate(d.getUTCDate() + 1)) {
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) days.push(d.toISOString().slice(0, 10));
    }
    return days;
  };
  const calendar = {
    version: 'e2e-always-open',
    years: Object.fromEntries([year, year + 1].map((y) => [y, { official: true, holidays: [], workdays: weekendDays(y) }])),
  };
  const file = join(await mkdtemp(join(tmpdir(), 'aftercare-e2e-')), 'calendar.json');
  await writeFile(file, JSON.stringify(calendar));
  return file;
}

// An agent's day over HTTP: API and worker processes, the Temporal dev server and PostgreSQL.
describe('agents record call results over HTTP', () => {
  const port = 3100 + Math.floor(Math.random() * 800);
  const base = `http://127.0.0.1:${port}`;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  let db: pg.Pool;
  const agent = `agent.${randomUUID().slice(0, 8)}`;
  const delivery = aDelivery({ deliveredOn: addDays(toCompanyTime(new Date(), 'Asia/Shanghai').date, -40) });
  const callbackId = `${delivery.saleId}-C1`;

  before(async () => {
    const env = {
      NODE_ENV: 'test',
      API_PORT: String(port),
      DATABASE_URL: requireEnv('E2E_DATABASE_URL'),
      TEMPORAL_ADDRESS: requireEnv('E2E_TEMPORAL_ADDRESS'),
      TEMPORAL_TASK_QUEUE: `e2e-results-${port}`,
      CALL_WINDOWS: '00:00-23:59',
      BUSINESS_CALENDAR_FILE: await alwaysOpenCalendar(),
    };
    db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
    worker = startService('worker', env);
    api = startService('main', env);
    await waitFor('the API', async () => ((await fetch(`${base}/health`)).ok ? true : undefined), 30_000);
  });
  after(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await db?.end();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const sale = async () => (await (await fetch(`${base}/sales/${delivery.saleId}`)).json()) as any;

  const dissatisfied = {
    method: 'phone',
    usage: { location: '放射科', city: '上海', hoursPerDay: 6 },
    overall: { scale: 'score_0_to_100', score: 60 },
    productRating: { scale: 'score_1_to_5', score: 2 },
    saysDissatisfied: true,
    complainedToManagement: false,
    seriousOpinion: false,
    opinions: '售后响应太慢',
    repurchaseIntent: 'a second unit for the new ward',
  };

  it('a sale reported after its 30-day callback was due gets that callback at once, flagged late', async () => {
    assert.equal((await post('/sales', delivery)).status, 201);
    const callback = await waitFor('the late callback to open', async () => {
      const state = await sale();
      return state.callbacks?.[0]?.status === 'due' ? state.callbacks[0] : undefined;
    });
    assert.deepEqual([callback.callbackId, callback.late], [callbackId, true]);
    const { rows } = await db.query('select status, late from callback where id = $1', [callbackId]);
    assert.deepEqual(rows, [{ status: 'due', late: true }]);
  });

  it('one agent claims it; another agent is refused', async () => {
    const claim = await post(`/callbacks/${callbackId}/claim`, { agentId: agent });
    assert.equal(claim.status, 200);
    assert.equal(((await claim.json()) as { status: string }).status, 'claimed');
    await waitFor('the claim in the agents\' list', async () => {
      const list = (await (await fetch(`${base}/callbacks?agent=${agent}`)).json()) as { items: { callbackId: string; status: string }[] };
      return list.items.length === 1 && list.items[0]!.status === 'claimed' ? true : undefined;
    });
    const other = await post(`/callbacks/${callbackId}/claim`, { agentId: 'agent.someone-else' });
    assert.equal(other.status, 409);
    assert.match(((await other.json()) as { message: string }).message, /claimed by/);
  });

  it('a dissatisfied survey is recorded once, opens a feedback case and a lead, and the callback is done', async () => {
    const attemptId = randomUUID();
    const body = { attemptId, agentId: agent, outcome: 'survey_done', survey: dissatisfied };
    const first = await post(`/callbacks/${callbackId}/results`, body);
    assert.equal(first.status, 201);
    const outcome = (await first.json()) as { applied: boolean; callbackStatus: string; survey: { score: number; classification: string; feedbackCaseNo: string } };
    assert.deepEqual([outcome.applied, outcome.callbackStatus, outcome.survey.score, outcome.survey.classification], [true, 'completed', 60, 'dissatisfied']);
    assert.match(outcome.survey.feedbackCaseNo, /^\d{8}-PHONE-\d{3,}$/);

    const again = await post(`/callbacks/${callbackId}/results`, body);
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { applied: boolean }).applied, false);

    const state = await sale();
    assert.equal(state.attempts.length, 1);
    assert.equal(state.surveys.length, 1);
    const surveys = await db.query('select score, classification from survey_record where callback_id = $1', [callbackId]);
    assert.deepEqual(surveys.rows.map((r) => [Number(r.score), r.classification]), [[60, 'dissatisfied']]);
    const cases = await db.query('select case_no, priority from feedback_case where callback_id = $1', [callbackId]);
    assert.deepEqual(cases.rows, [{ case_no: outcome.survey.feedbackCaseNo, priority: 'high' }]);
    const leads = await db.query('select sales_owner from lead where sale_id = $1', [delivery.saleId]);
    assert.deepEqual(leads.rows, [{ sales_owner: delivery.salesOwner }]);
    const { rows } = await db.query('select status, attempts from callback where id = $1', [callbackId]);
    assert.deepEqual(rows, [{ status: 'completed', attempts: 1 }]);
  });

  it('a result for a callback that has ended is refused with 409, and bad input with 400', async () => {
    const late = await post(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), agentId: agent, outcome: 'no_answer' });
    assert.equal(late.status, 409);
    const notYet = await post(`/callbacks/${delivery.saleId}-C2/results`, { attemptId: randomUUID(), agentId: agent, outcome: 'no_answer' });
    assert.equal(notYet.status, 409);
    const bad = await post(`/callbacks/${callbackId}/results`, { attemptId: 'x', agentId: agent, outcome: 'busy' });
    assert.equal(bad.status, 400);
  });

  it('never writes customer names or phone numbers to its logs', () => {
    const logs = api.output() + worker.output();
    for (const secret of [delivery.buyer.name, delivery.buyer.phone, delivery.actualUser!.name, delivery.actualUser!.phone]) {
      assert.ok(!logs.includes(secret), `logs contain ${secret}`);
    }
  });
});
