import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { aDelivery } from '../support/fixtures.js';
import { startServices, type Services } from '../support/e2e.js';
import { as, MANAGER, SALES_SYSTEM } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

// An agent's day over HTTP: API and worker processes, the Temporal dev server and PostgreSQL.
describe('agents record call results over HTTP', () => {
  let services: Services;
  const agent = `agent.${randomUUID().slice(0, 8)}`;
  const asAgent = as('agent', agent);
  const delivery = aDelivery({ deliveredOn: addDays(toCompanyTime(new Date(), 'Asia/Shanghai').date, -40) });
  const callbackId = `${delivery.saleId}-C1`;

  before(async () => {
    services = await startServices({ alwaysOpen: true });
  });
  after(async () => {
    await services?.stop();
  });

  const post = (path: string, body: unknown) => services.post(path, body, asAgent);
  const sale = () => services.getJson(`/sales/${delivery.saleId}`, asAgent);
  const query = (text: string, values: unknown[]) => services.db.query(text, values);

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
    assert.equal((await services.post('/sales', delivery, SALES_SYSTEM)).status, 201);
    const callback = await waitFor('the late callback to open', async () => {
      const state = await sale();
      return state.callbacks?.[0]?.status === 'due' ? state.callbacks[0] : undefined;
    });
    assert.deepEqual([callback.callbackId, callback.late], [callbackId, true]);
    const { rows } = await query('select status, late from callback where id = $1', [callbackId]);
    assert.deepEqual(rows, [{ status: 'due', late: true }]);
  });

  it('one agent claims it; another agent is refused, and no agent claims in another\'s name', async () => {
    const inTheirName = await services.post(`/callbacks/${callbackId}/claim`, { agentId: agent }, as('agent', 'agent.someone-else'));
    assert.equal(inTheirName.status, 403);
    assert.match(((await inTheirName.json()) as { message: string }).message, new RegExp(`agentId ${agent} is not the authenticated agent agent.someone-else`));
    const claim = await post(`/callbacks/${callbackId}/claim`, {});
    assert.equal(claim.status, 200);
    assert.equal(((await claim.json()) as { status: string }).status, 'claimed');
    await waitFor('the claim in the agents\' list', async () => {
      const list = await services.getJson<{ items: { callbackId: string; status: string }[] }>(`/callbacks?agent=${agent}`, MANAGER);
      return list.items.length === 1 && list.items[0]!.status === 'claimed' ? true : undefined;
    });
    const other = await services.post(`/callbacks/${callbackId}/claim`, {}, as('agent', 'agent.someone-else'));
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
    const surveys = await query('select score, classification from survey_record where callback_id = $1', [callbackId]);
    assert.deepEqual(surveys.rows.map((r) => [Number(r.score), r.classification]), [[60, 'dissatisfied']]);
    const cases = await query('select case_no, priority from feedback_case where callback_id = $1', [callbackId]);
    assert.deepEqual(cases.rows, [{ case_no: outcome.survey.feedbackCaseNo, priority: 'high' }]);
    const leads = await query('select sales_owner from lead where sale_id = $1', [delivery.saleId]);
    assert.deepEqual(leads.rows, [{ sales_owner: delivery.salesOwner }]);
    const { rows } = await query('select status, attempts from callback where id = $1', [callbackId]);
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
    const logs = services.logs();
    for (const secret of [delivery.buyer.name, delivery.buyer.phone, delivery.actualUser!.name, delivery.actualUser!.phone]) {
      assert.ok(!logs.includes(secret), `logs contain ${secret}`);
    }
  });
});
