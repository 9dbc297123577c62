import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { startServices, type Services } from '../support/e2e.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { addPerson, ensureDepartment } from '../support/people.js';
import { as, bearer, MANAGER, SALES_SYSTEM, type Caller } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const callAgent = as('agent', 'agent.zhou');
const manager = MANAGER;
// A department owner of after_sales of this run's own, created in the directory before the case is assigned.
const owner = as('department_owner', uniqueId('owner'));
const revisitor = as('agent', 'agent.sun');

// A dissatisfied customer's case walks every stage through the API, is reprocessed once and ends in the archive.
describe('a feedback case over HTTP', () => {
  let services: Services;
  const delivery = aDelivery({ deliveredOn: addDays(toCompanyTime(new Date(), 'Asia/Shanghai').date, -40) });
  let caseNo = '';

  before(async () => {
    services = await startServices({ alwaysOpen: true });
    await ensureDepartment(services.base, 'after_sales', '售后客服部');
    await addPerson(services.base, { id: owner.id, displayName: '刘工', roles: ['department_owner'], department: 'after_sales' });
  });
  after(async () => {
    await services?.stop();
  });

  const act = async (action: string, body: unknown, who: Caller, status = 200) => {
    const res = await services.post(`/feedback-cases/${caseNo}/${action}`, body, who);
    const json = (await res.json()) as any;
    assert.equal(res.status, status, JSON.stringify(json));
    return json;
  };
  const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600_000).toISOString();
  const cycle = async () => {
    assert.equal((await act('assignment', { department: 'after_sales', ownerId: owner.id, nature: 'process_efficiency', scope: 'single' }, manager)).stage, 'assigned');
    const analysis = {
      whyChain: ['响应慢', '工单积压', '华东区人手不足'],
      rootCause: '售后工程师排班不足',
      shortTermMeasures: [{ description: '安排工程师上门', deadline: inDays(2) }],
      longTermMeasures: [{ description: '增加华东区编制', deadline: inDays(90) }],
      technicianVisit: true,
    };
    assert.equal((await act('analysis', analysis, owner)).stage, 'in_progress');
    assert.equal((await act('completion', { summary: '已上门更换部件' }, owner)).stage, 'verifying');
    assert.equal((await act('verification', { effective: true, note: '质量部确认' }, manager)).stage, 'revisiting');
  };

  it('a dissatisfied survey opens a case waiting to be assigned, with a business-day deadline', async () => {
    assert.equal((await services.post('/sales', delivery, SALES_SYSTEM)).status, 201);
    const callbackId = `${delivery.saleId}-C1`;
    await waitFor('the callback to open', async () => ((await services.getJson(`/sales/${delivery.saleId}`, callAgent)).callbacks?.[0]?.status === 'due' ? true : undefined));
    const survey = {
      method: 'phone',
      usage: { city: '上海' },
      overall: { scale: 'four_grades', grade: 'dissatisfied' },
      saysDissatisfied: true,
      complainedToManagement: false,
      seriousOpinion: false,
      opinions: '维修等了一周',
    };
    const res = await services.post(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), outcome: 'survey_done', survey }, callAgent);
    assert.equal(res.status, 201);
    caseNo = ((await res.json()) as any).survey.feedbackCaseNo;
    const state = await waitFor('the case', async () => {
      const current = await services.getJson(`/feedback-cases/${caseNo}`, manager);
      return current.stage === 'registered' && current.deadlines?.length ? current : undefined;
    });
    assert.equal(state.priority, 'high');
    assert.ok(Date.parse(state.deadlines[0].dueAt) > Date.now());
    assert.equal(state.deadlines[0].calendarVersion.length > 0, true);
  });

  it('refuses actions out of role, out of stage or without who is acting', async () => {
    await act('assignment', { department: 'after_sales', ownerId: owner.id, nature: 'product_quality', scope: 'single' }, owner, 403);
    // An owner the directory does not know, or of another department, is refused before the workflow is asked.
    const unknown = await act('assignment', { department: 'after_sales', ownerId: uniqueId('nobody'), nature: 'product_quality', scope: 'single' }, manager, 422);
    assert.equal(unknown.fields[0].field, 'ownerId');
    await act('assignment', { department: 'rnd', ownerId: owner.id, nature: 'product_quality', scope: 'single' }, manager, 422);
    assert.equal((await services.getJson(`/feedback-cases/${caseNo}`, manager)).stage, 'registered');
    await act('completion', { summary: 'x' }, owner, 409);
    const assignment = JSON.stringify({ department: 'rnd', ownerId: 'x', nature: 'product_quality', scope: 'single' });
    const anonymous = await fetch(`${services.base}/feedback-cases/${caseNo}/assignment`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: assignment });
    assert.equal(anonymous.status, 401);
    const salesSystem = await fetch(`${services.base}/feedback-cases/${caseNo}/assignment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(SALES_SYSTEM) },
      body: assignment,
    });
    assert.equal(salesSystem.status, 403);
  });

  it('walks every stage, refuses the handler as re-visitor, reprocesses an unhappy customer and closes when satisfied', async () => {
    await cycle();
    await act('revisit', { satisfied: true, customerWords: '可以' }, callAgent, 409);
    const reprocessed = await act('revisit', { satisfied: false, customerWords: '还是慢' }, revisitor);
    assert.deepEqual([reprocessed.stage, reprocessed.cycle, reprocessed.priority], ['registered', 2, 'high']);
    await cycle();
    const closed = await act('revisit', { satisfied: true, score: 92, customerWords: '这次满意' }, revisitor);
    assert.deepEqual([closed.stage, closed.resolution], ['closed', 'resolved']);
  });

  it('shows the whole story in the customer\'s archive', async () => {
    const archive = await waitFor('the archive', async () => {
      const current = await services.getJson(`/customers/${delivery.customer.id}/archive`, owner);
      return current.cases?.[0]?.stage === 'closed' ? current : undefined;
    });
    assert.equal(archive.customer.category, 'medical');
    assert.equal(archive.surveys.length, 1);
    const [record] = archive.cases;
    assert.equal(record.caseNo, caseNo);
    const types = record.timeline.map((e: { type: string }) => e.type);
    for (const expected of ['registered', 'assigned', 'analysed', 'done_reported', 'verified', 'revisited', 'reprocessed', 'closed']) {
      assert.ok(types.includes(expected), `timeline lacks ${expected}: ${types.join(', ')}`);
    }
    assert.equal(record.correctiveActions.length, 4);
    assert.ok(!JSON.stringify(archive).includes(delivery.buyer.phone));
  });
});
