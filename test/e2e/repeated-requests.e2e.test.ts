import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { e2eDataConverter, forgetWorkflow, startServices, walkCaseToRevisiting, workflowClosed, type Services } from '../support/e2e.js';
import { requireEnv } from '../support/env.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { addPerson, ensureDepartment } from '../support/people.js';
import { as, bearer, MANAGER, SALES_SYSTEM, type Caller } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const agent = as('agent', `agent.${randomUUID().slice(0, 8)}`);
// A department owner of after_sales of this run's own, created in the directory before any case is assigned.
const owner = as('department_owner', uniqueId('owner'));
const CALL_TIMEOUT_MS = 3000;

// A client that did not get its answer (a 503, a lost connection) sends the request again: it gets the first answer,
// and nothing happens twice, also once the workflow has closed and Temporal has forgotten it.
describe('repeated requests over HTTP', () => {
  let services: Services;
  let connection: Connection;
  let client: Client;

  before(async () => {
    services = await startServices({ alwaysOpen: true, env: { TEMPORAL_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS) } });
    await ensureDepartment(services.base, 'after_sales', '售后客服部');
    await addPerson(services.base, { id: owner.id, displayName: '刘工', roles: ['department_owner'], department: 'after_sales' });
    connection = await Connection.connect({ address: requireEnv('E2E_TEMPORAL_ADDRESS') });
    client = new Client({ connection, dataConverter: e2eDataConverter });
  });
  after(async () => {
    await services?.stop();
    await connection?.close();
  });

  const send = async (path: string, body: unknown, who: Caller, key?: string) => {
    const res = await fetch(`${services.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(who), ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any, replayed: res.headers.get('idempotent-replayed') };
  };
  const closed = (workflowId: string) => workflowClosed(client, workflowId);
  const forget = (workflowId: string) => forgetWorkflow(client, workflowId);
  async function aDueCallback() {
    const delivery = aDelivery({ deliveredOn: addDays(toCompanyTime(new Date(), 'Asia/Shanghai').date, -40) });
    assert.equal((await services.post('/sales', delivery, SALES_SYSTEM)).status, 201);
    await waitFor('the late callback to open', async () => ((await services.getJson(`/sales/${delivery.saleId}`, MANAGER)).callbacks?.[0]?.status === 'due' ? true : undefined), 60_000);
    return { saleId: delivery.saleId, callbackId: `${delivery.saleId}-C1` };
  }
  const survey = (overall: object, more: object = {}) => ({
    method: 'phone',
    usage: {},
    overall,
    saysDissatisfied: false,
    complainedToManagement: false,
    seriousOpinion: false,
    ...more,
  });
  async function aCaseAt(stage: 'registered' | 'revisiting'): Promise<string> {
    const { callbackId } = await aDueCallback();
    const dissatisfied = survey({ scale: 'four_grades', grade: 'dissatisfied' }, { saysDissatisfied: true, opinions: '维修慢' });
    const caseNo: string = (await send(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), outcome: 'survey_done', survey: dissatisfied }, agent)).body.survey.feedbackCaseNo;
    await waitFor('the case', async () => ((await services.getJson(`/feedback-cases/${caseNo}`, MANAGER)).deadlines?.length ? true : undefined));
    if (stage === 'registered') return caseNo;
    await walkCaseToRevisiting(services, caseNo, owner);
    return caseNo;
  }

  it('answers a result repeated after the follow-up completed, and after Temporal forgot it, with the first answer (200)', async () => {
    const { saleId, callbackId } = await aDueCallback();
    const body = { attemptId: randomUUID(), outcome: 'survey_done', survey: survey({ scale: 'grade', grade: 'satisfied' }, { repurchaseIntent: 'one more' }) };
    const first = await send(`/callbacks/${callbackId}/results`, body, agent);
    assert.equal(first.status, 201);
    await send(`/sales/${saleId}/cancellation`, { reason: 'return' }, SALES_SYSTEM);
    await closed(`sale-${saleId}`);
    const afterClose = await send(`/callbacks/${callbackId}/results`, body, agent);
    assert.deepEqual([afterClose.status, afterClose.body], [200, { ...first.body, applied: false }]);
    await forget(`sale-${saleId}`);
    const afterForgotten = await send(`/callbacks/${callbackId}/results`, body, agent);
    assert.deepEqual([afterForgotten.status, afterForgotten.body], [200, { ...first.body, applied: false }]);
    const { rows } = await services.db.query('select count(*)::int as n from call_attempt where callback_id = $1', [callbackId]);
    assert.equal(rows[0].n, 1);
  });

  it('answers a case action repeated with its Idempotency-Key after the case closed with the first answer, not a 409', async () => {
    const caseNo = await aCaseAt('revisiting');
    const key = randomUUID();
    const body = { satisfied: true, customerWords: '满意' };
    const first = await send(`/feedback-cases/${caseNo}/revisit`, body, as('agent', 'agent.sun'), key);
    assert.deepEqual([first.status, first.body.stage], [200, 'closed']);
    await closed(`feedback-${caseNo}`);
    const again = await send(`/feedback-cases/${caseNo}/revisit`, body, as('agent', 'agent.sun'), key);
    assert.deepEqual([again.status, again.body, again.replayed], [200, first.body, 'true']);
    await forget(`feedback-${caseNo}`);
    const forgotten = await send(`/feedback-cases/${caseNo}/revisit`, body, as('agent', 'agent.sun'), key);
    assert.deepEqual([forgotten.status, forgotten.body], [200, first.body]);
    // Without the key the repeat is a new request, refused as it would be for anyone: the case has ended.
    assert.equal((await send(`/feedback-cases/${caseNo}/revisit`, body, as('agent', 'agent.sun'))).status, 409);
    const { rows } = await services.db.query(`select count(*)::int as n from case_event where case_no = $1 and type = 'closed'`, [caseNo]);
    assert.equal(rows[0].n, 1);
  });

  it('answers a case action retried with its key after a 503 with what the first attempt did', async () => {
    const caseNo = await aCaseAt('registered');
    const key = randomUUID();
    const assignment = { department: 'after_sales', ownerId: owner.id, nature: 'process_efficiency', scope: 'single' };
    await services.stopWorker();
    const unavailable = await send(`/feedback-cases/${caseNo}/assignment`, assignment, MANAGER, key);
    assert.equal(unavailable.status, 503);
    services.startWorker();
    // The first attempt is applied once the worker is back.
    await waitFor('the assignment to apply', async () => ((await services.getJson(`/feedback-cases/${caseNo}`, MANAGER)).stage === 'assigned' ? true : undefined), 60_000);
    const retried = await send(`/feedback-cases/${caseNo}/assignment`, assignment, MANAGER, key);
    assert.deepEqual([retried.status, retried.body.stage, retried.body.ownerId], [200, 'assigned', owner.id], JSON.stringify(retried.body));
    const { rows } = await services.db.query(`select count(*)::int as n from case_event where case_no = $1 and type = 'assigned'`, [caseNo]);
    assert.equal(rows[0].n, 1);
  });
});
