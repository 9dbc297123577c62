import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { startServices, walkCaseToRevisiting, type Services } from '../support/e2e.js';
import { aDelivery, satisfiedSurvey, uniqueId } from '../support/fixtures.js';
import { addPerson, ensureDepartment } from '../support/people.js';
import { as, MANAGER, SALES_SYSTEM } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const agent = as('agent', `agent.${randomUUID().slice(0, 8)}`);
// A department owner of after_sales of this run's own, created in the directory before any case is assigned.
const owner = as('department_owner', uniqueId('owner'));

// Requests for one callback or one case sent at once, through the API on the dev server. While the worker is down
// they wait in Temporal, and reach the workflow together, in one workflow task, once it is back: the race at its
// sharpest. Afterwards the workflow's state and the PostgreSQL rows agree.
describe('requests at once over HTTP', () => {
  let services: Services;
  const lateBy40Days = () => aDelivery({ deliveredOn: addDays(toCompanyTime(new Date(), 'Asia/Shanghai').date, -40) });

  before(async () => {
    // Long enough for the requests to wait out the worker's restart.
    services = await startServices({ alwaysOpen: true, env: { TEMPORAL_CALL_TIMEOUT_MS: '60000' } });
    await ensureDepartment(services.base, 'after_sales', '售后客服部');
    await addPerson(services.base, { id: owner.id, displayName: '刘工', roles: ['department_owner'], department: 'after_sales' });
  });
  after(async () => {
    await services?.stop();
  });

  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
  const sale = (saleId: string) => services.getJson(`/sales/${saleId}`, MANAGER);
  /** Sends the requests while the worker is down; they reach the workflow together once it is back. */
  async function atOnce(...requests: (() => Promise<Response>)[]) {
    await services.stopWorker();
    const pending = requests.map((send) => send().then(json));
    // The API hands each request to Temporal at once; the worker takes seconds to start.
    services.startWorker();
    return Promise.all(pending);
  }
  async function aDueCallback(): Promise<{ saleId: string; callbackId: string }> {
    const delivery = lateBy40Days();
    assert.equal((await services.post('/sales', delivery, SALES_SYSTEM)).status, 201);
    await waitFor('the late callback to open', async () => ((await sale(delivery.saleId)).callbacks?.[0]?.status === 'due' ? true : undefined), 60_000);
    return { saleId: delivery.saleId, callbackId: `${delivery.saleId}-C1` };
  }
  /** The callback as its workflow shows it, and its row and attempts in PostgreSQL, side by side. */
  async function sides(saleId: string, callbackId: string) {
    const state = await sale(saleId);
    const callback = state.callbacks.find((c: { callbackId: string }) => c.callbackId === callbackId);
    const [row] = (await services.db.query('select status, claimed_by, attempts from callback where id = $1', [callbackId])).rows;
    const attempts = (await services.db.query('select id from call_attempt where callback_id = $1 order by id', [callbackId])).rows.map((r) => r.id);
    return {
      workflow: { status: callback.status, claimedBy: callback.claimedBy ?? null, attempts: callback.attempts, attemptIds: state.attempts.map((a: { attemptId: string }) => a.attemptId).sort() },
      records: { status: row.status, claimedBy: row.claimed_by, attempts: row.attempts, attemptIds: attempts },
    };
  }
  const survey = satisfiedSurvey;

  it('applies one of two different results for one callback, refuses the other, and the rows agree', async () => {
    const { saleId, callbackId } = await aDueCallback();
    assert.equal((await services.post(`/callbacks/${callbackId}/claim`, {}, agent)).status, 200);
    const callBackAt = new Date(Date.now() + 86_400_000).toISOString();
    const answers = await atOnce(
      () => services.post(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), outcome: 'survey_done', survey }, agent),
      () => services.post(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), outcome: 'busy', reason: 'in a meeting', callBackAt }, agent),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409], JSON.stringify(answers));
    const { workflow, records } = await sides(saleId, callbackId);
    assert.deepEqual(workflow, records);
    assert.equal(workflow.attemptIds.length, 1);
  });

  it('records a claim and a result sent together in that order, and the rows agree', async () => {
    const { saleId, callbackId } = await aDueCallback();
    const [claim, result] = await atOnce(
      () => services.post(`/callbacks/${callbackId}/claim`, {}, agent),
      () => services.post(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), outcome: 'survey_done', survey }, agent),
    );
    assert.deepEqual([claim!.status, result!.status], [200, 201], JSON.stringify([claim, result]));
    const { workflow, records } = await sides(saleId, callbackId);
    assert.deepEqual(workflow, records);
    assert.deepEqual([records.status, records.claimedBy], ['completed', agent.id]);
  });

  it('applies one of two re-visits of one case, refuses the other, and the rows agree', async () => {
    const { callbackId } = await aDueCallback();
    const dissatisfied = { ...survey, overall: { scale: 'four_grades', grade: 'dissatisfied' }, saysDissatisfied: true, opinions: '维修慢' };
    const outcome = await json(await services.post(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), outcome: 'survey_done', survey: dissatisfied }, agent));
    const caseNo: string = outcome.body.survey.feedbackCaseNo;
    await walkCaseToRevisiting(services, caseNo, owner);

    const answers = await atOnce(
      () => services.post(`/feedback-cases/${caseNo}/revisit`, { satisfied: false, customerWords: '还是慢' }, as('agent', 'agent.sun')),
      () => services.post(`/feedback-cases/${caseNo}/revisit`, { satisfied: true, customerWords: '满意' }, as('agent', 'agent.wu')),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409], JSON.stringify(answers));
    const state = await services.getJson(`/feedback-cases/${caseNo}`, MANAGER);
    const [row] = (await services.db.query('select stage, cycle, resolution from feedback_case where case_no = $1', [caseNo])).rows;
    const events = (await services.db.query('select event_id from case_event where case_no = $1', [caseNo])).rows.map((r) => r.event_id).sort();
    assert.deepEqual({ stage: state.stage, cycle: state.cycle, resolution: state.resolution }, row);
    assert.deepEqual(state.events.map((e: { eventId: string }) => e.eventId).sort(), events);
    assert.equal(state.events.filter((e: { type: string }) => e.type === 'revisited').length, 1);
  });
});
