import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { e2eDataConverter, forgetWorkflow, startServices, walkCaseToRevisiting, workflowClosed, type Services } from '../support/e2e.js';
import { requireEnv } from '../support/env.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { addPerson, ensureDepartment } from '../support/people.js';
import { as, MANAGER, SALES_SYSTEM, type Caller } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const agent = as('agent', 'agent.retention');
// A department owner of after_sales of this run's own, created in the directory before any case is assigned.
const owner = as('department_owner', uniqueId('owner'));
const revisitor = as('agent', 'agent.sun');

// What Temporal's retention does to a closed workflow, done at once: the execution deleted. Everything people look
// up stays answerable from PostgreSQL, and a re-sent delivery starts nothing.
describe('records outlive Temporal', () => {
  let services: Services;
  let client: Client;
  let connection: Connection;
  const delivery = aDelivery({ deliveredOn: addDays(toCompanyTime(new Date(), 'Asia/Shanghai').date, -40) });
  const callbackId = `${delivery.saleId}-C1`;
  let caseNo = '';

  before(async () => {
    services = await startServices({ alwaysOpen: true });
    await ensureDepartment(services.base, 'after_sales', '售后客服部');
    await addPerson(services.base, { id: owner.id, displayName: '刘工', roles: ['department_owner'], department: 'after_sales' });
    connection = await Connection.connect({ address: requireEnv('E2E_TEMPORAL_ADDRESS') });
    client = new Client({ connection, dataConverter: e2eDataConverter });
  });
  after(async () => {
    await services?.stop();
    await connection?.close();
  });

  const json = async (res: Response, status: number) => {
    const body = (await res.json()) as any;
    assert.equal(res.status, status, JSON.stringify(body));
    return body;
  };
  const act = async (action: string, body: unknown, who: Caller) => json(await services.post(`/feedback-cases/${caseNo}/${action}`, body, who), 200);
  const forget = (workflowId: string) => forgetWorkflow(client, workflowId);

  it('a sale, its survey and its feedback case run their course', async () => {
    assert.equal((await services.post('/sales', delivery, SALES_SYSTEM)).status, 201);
    await waitFor('the late callback to open', async () => ((await services.getJson(`/sales/${delivery.saleId}`, agent)).callbacks?.[0]?.status === 'due' ? true : undefined));
    const survey = {
      method: 'phone',
      usage: { city: '上海' },
      overall: { scale: 'four_grades', grade: 'dissatisfied' },
      saysDissatisfied: true,
      complainedToManagement: false,
      seriousOpinion: false,
      opinions: '维修等了一周',
      repurchaseIntent: 'one more unit',
    };
    const result = await json(await services.post(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), outcome: 'survey_done', survey }, agent), 201);
    caseNo = result.survey.feedbackCaseNo;
    await services.post(`/sales/${delivery.saleId}/cancellation`, { reason: 'return', note: 'wrong model' }, SALES_SYSTEM);

    await waitFor('the case to wait for assignment', async () => ((await services.getJson(`/feedback-cases/${caseNo}`, MANAGER)).deadlines?.length ? true : undefined));
    await walkCaseToRevisiting(services, caseNo, owner);
    assert.equal((await act('revisit', { satisfied: true, customerWords: '满意' }, revisitor)).stage, 'closed');
  });

  it('reads the sale the same from the records once its workflow is gone, marked as archived', async () => {
    const workflowId = `sale-${delivery.saleId}`;
    await waitFor('the follow-up to end', async () => ((await services.getJson(`/sales/${delivery.saleId}`, agent)).stage === 'cancelled' ? true : undefined));
    await workflowClosed(client, workflowId);
    const live = await json(await services.get(`/sales/${delivery.saleId}`, agent), 200);
    assert.equal(live.source, 'workflow');
    await forget(workflowId);

    const archived = await json(await services.get(`/sales/${delivery.saleId}`, agent), 200);
    assert.equal(archived.source, 'archive');
    assert.deepEqual({ ...archived, source: undefined }, { ...live, source: undefined });
    assert.equal(archived.surveys[0].feedbackCaseNo, caseNo);
  });

  it('starts nothing when the sales system sends the delivery again, and refuses a changed one', async () => {
    const again = await json(await services.post('/sales', delivery, SALES_SYSTEM), 200);
    assert.equal(again.created, false);
    await assert.rejects(client.workflow.getHandle(`sale-${delivery.saleId}`).describe(), WorkflowNotFoundError);
    const changed = await json(await services.post('/sales', { ...delivery, warrantyMonths: 24 }, SALES_SYSTEM), 409);
    assert.deepEqual(changed.fields.map((f: { field: string }) => f.field), ['warrantyMonths']);
    const { rows } = await services.db.query('select count(*)::int as n from callback where sale_id = $1', [delivery.saleId]);
    assert.equal(rows[0].n, 3);
  });

  it('answers a cancellation repeated after the workflow is gone as done', async () => {
    const res = await json(await services.post(`/sales/${delivery.saleId}/cancellation`, { reason: 'return' }, SALES_SYSTEM), 202);
    assert.match(res.message, /already cancelled/);
  });

  it('reads the closed feedback case the same from the records once its workflow is gone', async () => {
    const workflowId = `feedback-${caseNo}`;
    await workflowClosed(client, workflowId);
    const live = await json(await services.get(`/feedback-cases/${caseNo}`, MANAGER), 200);
    assert.equal(live.source, 'workflow');
    await forget(workflowId);
    const archived = await json(await services.get(`/feedback-cases/${caseNo}`, MANAGER), 200);
    assert.equal(archived.source, 'archive');
    assert.deepEqual({ ...archived, source: undefined }, { ...live, source: undefined });
  });
});
