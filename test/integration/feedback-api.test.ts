import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createCallResultActivities } from '../../activities/call-result-activities.js';
import { createCallbackActivities } from '../../activities/callback-activities.js';
import { createCaseActivities, type CaseSnapshot } from '../../activities/case-activities.js';
import { createSaleActivities } from '../../activities/sale-activities.js';
import { ormConfig } from '../../src/database/orm-config.js';
import type { FeedbackCaseView } from '../../src/feedback/dto/feedback-case-view.dto.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { aSchedule } from '../support/callbacks.js';
import { requireEnv } from '../support/env.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { addPerson, ensureDepartment } from '../support/people.js';
import { ADMINISTRATOR, as, bearer, MANAGER } from '../support/tokens.js';
import type { FeedbackPriority } from '../../workflows/domain/classification.js';
import { noDeliveries } from '../support/deliveries.js';

interface Page {
  items: FeedbackCaseView[];
  page: number;
  pageSize: number;
  total: number;
}

const PAST = '2000-01-03T02:00:00.000Z';
const FUTURE = '9000-01-03T02:00:00.000Z';

// Other tests share the table: this run's cases arrive after every case recorded so far (from 2100 on), so they are
// the newest and come first in every list; assertions on exact rows look at this run's cases only.
describe('GET /feedback-cases, the feedback case list', () => {
  let app: NestExpressApplication;
  let orm: MikroORM;
  let base: string;
  /** This run's cases, newest first: A, B, C, D, E. */
  const seeded: Record<'A' | 'B' | 'C' | 'D' | 'E', string> = { A: '', B: '', C: '', D: '', E: '' };
  const mine = (page: Page): string[] => {
    const own = new Set(Object.values(seeded));
    return page.items.map((c) => c.caseNo).filter((caseNo) => own.has(caseNo));
  };
  const names = (...keys: (keyof typeof seeded)[]): string[] => keys.map((k) => seeded[k]);

  async function get(path: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${base}${path}`, { headers: bearer(MANAGER) });
    return { status: res.status, body: await res.json() };
  }
  async function list(query: string): Promise<Page> {
    const { status, body } = await get(`/feedback-cases?${query}`);
    assert.equal(status, 200, JSON.stringify(body));
    return body;
  }

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    const sales = createSaleActivities({ orm });
    const callbacks = createCallbackActivities({ orm });
    const callResults = createCallResultActivities({ orm, companyTimeZone: 'Asia/Shanghai', deliveries: noDeliveries, log: () => undefined });
    const cases = createCaseActivities({ orm });
    const [{ latest }] = await orm.em.fork().execute<{ latest: Date | null }[]>(`select max("received_at") as "latest" from "feedback_case"`);
    const day0 = Math.max(Date.UTC(2100, 0, 1), (latest ? new Date(latest).getTime() : 0) + 86_400_000) + Math.floor(Math.random() * 100) * 86_400_000;

    const aCase = async (daysAfter: number, priority: FeedbackPriority, snapshot?: Partial<CaseSnapshot>): Promise<string> => {
      const delivery = aDelivery();
      await sales.registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
      const schedule = aSchedule(delivery);
      await callbacks.scheduleCallbacks(schedule);
      const receivedAt = new Date(day0 + daysAfter * 86_400_000).toISOString();
      const { caseNo } = await callResults.openFeedbackCase({
        sourceAttemptId: randomUUID(),
        saleId: delivery.saleId,
        callbackId: schedule.callbacks[0]!.callbackId,
        customerId: delivery.customer.id,
        orderNo: delivery.orderNo,
        productModel: delivery.product.model,
        channel: 'PHONE',
        classification: priority === 'high' ? 'dissatisfied' : 'opinion',
        priority,
        customerWords: '王芳说开机太慢，电话 +86 138 0013 8000',
        score: null,
        receivedAt,
      });
      if (snapshot) {
        await cases.recordCaseEvent({
          caseNo,
          event: { eventId: `${caseNo}:1`, type: 'assigned', at: receivedAt, cycle: 1 },
          snapshot: {
            stage: 'registered', cycle: 1, priority, department: null, ownerId: null, nature: null, scope: null, stageDueAt: null,
            calendarVersion: 'cn-2026.1', deadlineProvisional: false, missedDeadlines: 0, resolution: null, closedAt: null,
            ...snapshot,
          },
        });
      }
      return caseNo;
    };
    const rnd = { department: 'rnd', ownerId: 'wang.gong', nature: 'product_quality', scope: 'common' } as const;
    // Inserted out of order: the list orders by the time the feedback arrived.
    seeded.C = await aCase(3, 'high', { ...rnd, stage: 'closed', stageDueAt: PAST, resolution: 'resolved', closedAt: PAST });
    seeded.A = await aCase(5, 'high', { ...rnd, stage: 'assigned', stageDueAt: PAST, missedDeadlines: 1 });
    seeded.E = await aCase(1, 'high');
    seeded.B = await aCase(4, 'medium', { stage: 'registered', stageDueAt: FUTURE });
    seeded.D = await aCase(2, 'low', { department: 'logistics', ownerId: 'zhao.li', nature: 'communication', scope: 'single', stage: 'verifying', stageDueAt: PAST });
  });
  after(async () => {
    await app?.close();
    await orm?.close();
  });

  it('lists the cases newest received first, with the page and the total', async () => {
    const page = await list('pageSize=200');
    assert.deepEqual(mine(page), names('A', 'B', 'C', 'D', 'E'));
    assert.deepEqual({ page: page.page, pageSize: page.pageSize }, { page: 1, pageSize: 200 });
    assert.ok(page.total >= 5);
    const received = page.items.map((c) => c.receivedAt);
    assert.deepEqual(received, [...received].sort().reverse());
  });

  it('shows each case without personal data or the customer\'s words', async () => {
    const a = (await list('pageSize=200')).items.find((c) => c.caseNo === seeded.A)!;
    const { saleId, callbackId, customerId, receivedAt, ...rest } = a;
    assert.match(saleId, /^S-/);
    assert.equal(callbackId, `${saleId}-C1`);
    assert.match(customerId, /^C-/);
    assert.ok(receivedAt > '2100');
    assert.deepEqual(rest, {
      caseNo: seeded.A,
      productModel: 'XR-200',
      channel: 'PHONE',
      classification: 'dissatisfied',
      priority: 'high',
      stage: 'assigned',
      cycle: 1,
      department: 'rnd',
      ownerId: 'wang.gong',
      nature: 'product_quality',
      scope: 'common',
      stageDueAt: PAST,
      overdue: true,
      deadlineProvisional: false,
      missedDeadlines: 1,
      resolution: null,
      closedAt: null,
    });
    assert.doesNotMatch(JSON.stringify(a), /王芳|李强|华东第一人民医院|\+86|开机/);
  });

  const filters: [string, (keyof typeof seeded)[], (c: FeedbackCaseView) => boolean][] = [
    ['stage=assigned', ['A'], (c) => c.stage === 'assigned'],
    ['stage=closed', ['C'], (c) => c.stage === 'closed'],
    ['priority=high', ['A', 'C', 'E'], (c) => c.priority === 'high'],
    ['department=rnd', ['A', 'C'], (c) => c.department === 'rnd'],
    ['overdue=true', ['A', 'D'], (c) => c.overdue && c.stage !== 'closed' && c.stageDueAt! < new Date().toISOString()],
    ['overdue=false', ['B', 'C', 'E'], (c) => !c.overdue],
    ['priority=high&overdue=true', ['A'], (c) => c.priority === 'high' && c.overdue],
    ['stage=verifying&department=logistics&priority=low', ['D'], (c) => c.stage === 'verifying' && c.department === 'logistics'],
    ['stage=revisiting&department=sales', [], (c) => c.stage === 'revisiting'],
  ];
  for (const [query, expected, holds] of filters) {
    it(`filters by ${query}`, async () => {
      const page = await list(`${query}&pageSize=200`);
      assert.deepEqual(mine(page), names(...expected));
      assert.ok(page.items.every(holds), JSON.stringify(page.items.filter((c) => !holds(c))));
    });
  }

  it('pages through a filter with a stable order', async () => {
    const [first, second] = await Promise.all([1, 2].map((page) => list(`priority=high&pageSize=2&page=${page}`)));
    assert.deepEqual([first!.page, first!.pageSize, second!.page, second!.pageSize], [1, 2, 2, 2]);
    assert.ok(first!.total >= 3 && second!.total === first!.total);
    assert.deepEqual([...first!.items, ...second!.items].slice(0, 3).map((c) => c.caseNo), names('A', 'C', 'E'));
  });

  const badQueries: [string, string][] = [
    ['stage=analysed', 'stage'],
    ['priority=urgent', 'priority'],
    ['department=hr', 'department'],
    ['overdue=yes', 'overdue'],
    ['overdue=1', 'overdue'],
    ['overdue=true&overdue=false', 'overdue'],
    ['pageSize=500', 'pageSize'],
    ['page=0', 'page'],
    ['customerId=C-1', 'customerId'],
  ];
  for (const [query, field] of badQueries) {
    it(`answers 400 naming ${field} for ${query}`, async () => {
      const { status, body } = await get(`/feedback-cases?${query}`);
      assert.equal(status, 400);
      assert.deepEqual(body.fields.map((f: { field: string }) => f.field), [field]);
    });
  }

  it('answers 400 for a case number that cannot be one', async () => {
    const { status, body } = await get('/feedback-cases/not-a-case');
    assert.equal(status, 400);
    assert.deepEqual(body.fields.map((f: { field: string }) => f.field), ['caseNo']);
  });

  describe('case actions need to know who acts', () => {
    const actions: [string, unknown][] = [
      ['assignment', { department: 'rnd', ownerId: 'wang.gong', nature: 'product_quality', scope: 'common' }],
      [
        'analysis',
        {
          whyChain: ['starts slowly'],
          rootCause: 'undersized fan',
          shortTermMeasures: [{ description: 'replace the board', deadline: '2026-11-28T10:00:00+08:00' }],
          longTermMeasures: [],
          technicianVisit: false,
        },
      ],
      ['completion', { summary: 'board replaced' }],
      ['verification', { effective: true, note: 'checked with quality' }],
      ['revisit', { satisfied: true, score: 95, customerWords: '满意' }],
    ];
    const post = async (action: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> => {
      const res = await fetch(`${base}/feedback-cases/${seeded.A}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };

    for (const [action, body] of actions) {
      it(`answers 401 to POST ${action} without a token, and ignores the old X-Actor headers`, async () => {
        const res = await post(action, body, { 'x-actor-id': 'chen.jing', 'x-actor-role': 'after_sales_manager' });
        assert.equal(res.status, 401);
        assert.match(res.body.message, /credentials are missing: send Authorization: Bearer <token>/);
      });
    }

    it('answers 403 naming the allowed roles to a role that does not act on cases', async () => {
      const [, body] = actions[0]!;
      const administrator = await post('assignment', body, bearer(as('administrator', 'chen.jing')));
      assert.equal(administrator.status, 403);
      assert.match(administrator.body.message, /role administrator may not POST .*; allowed roles: agent, department_owner, after_sales_manager, general_manager/);
    });

    const manager = bearer(as('after_sales_manager', 'chen.jing'));

    it('assigns only an active department owner of the named department, checked in the directory before the workflow', async () => {
      await ensureDepartment(base, 'rnd', '研发部');
      await ensureDepartment(base, 'logistics', '物流部');
      const [owner, retired, agent, elsewhere] = [uniqueId('owner'), uniqueId('retired'), uniqueId('agent'), uniqueId('owner')];
      await addPerson(base, { id: owner, roles: ['department_owner'], department: 'rnd' });
      await addPerson(base, { id: retired, roles: ['department_owner'], department: 'rnd' });
      await fetch(`${base}/directory/people/${retired}/deactivation`, { method: 'POST', headers: bearer(ADMINISTRATOR) });
      await addPerson(base, { id: agent, roles: ['agent'], department: 'rnd' });
      await addPerson(base, { id: elsewhere, roles: ['department_owner'], department: 'logistics' });
      const refusals: [string, string][] = [
        [uniqueId('nobody'), 'is not in the staff directory'],
        [retired, 'is deactivated'],
        [agent, 'is not a department owner (roles: agent)'],
        [elsewhere, 'belongs to department logistics, not rnd'],
      ];
      for (const [ownerId, problem] of refusals) {
        const res = await post('assignment', { department: 'rnd', ownerId, nature: 'product_quality', scope: 'common' }, manager);
        assert.equal(res.status, 422, ownerId);
        assert.equal(res.body.message, `ownerId ${ownerId} ${problem}`);
        assert.deepEqual(res.body.fields, [{ field: 'ownerId', problems: [`ownerId ${ownerId} ${problem}`] }]);
      }
      // The right owner passes the directory and goes on to the workflow, which this app cannot reach.
      const accepted = await post('assignment', { department: 'rnd', ownerId: owner, nature: 'product_quality', scope: 'common' }, manager);
      assert.equal(accepted.status, 503);
    });

    it('with an actor, checks the body before asking the workflow', async () => {
      const bad = await post('analysis', {
        whyChain: ['1', '2', '3', '4', '5', '6'],
        rootCause: ' ',
        shortTermMeasures: [],
        longTermMeasures: [{ description: 'x', deadline: '2026-11-28' }],
        technicianVisit: 'no',
      }, manager);
      assert.equal(bad.status, 400);
      assert.deepEqual(
        bad.body.fields.map((f: { field: string }) => f.field).sort(),
        ['longTermMeasures.0.deadline', 'rootCause', 'shortTermMeasures', 'technicianVisit', 'whyChain'],
      );
      const revisit = await post('revisit', { satisfied: true, score: 101, customerWords: '满意', actor: { id: 'x', role: 'agent' } }, manager);
      assert.equal(revisit.status, 400);
      assert.deepEqual(revisit.body.fields.map((f: { field: string }) => f.field).sort(), ['actor', 'score']);
    });
  });
});
