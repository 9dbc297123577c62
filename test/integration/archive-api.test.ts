import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createCallResultActivities } from '../../activities/call-result-activities.js';
import { createCallbackActivities } from '../../activities/callback-activities.js';
import { createCaseActivities, type CaseSnapshot } from '../../activities/case-activities.js';
import { createSaleActivities } from '../../activities/sale-activities.js';
import type { ArchiveEntryDto, ArchivePageDto, CustomerArchiveDto } from '../../src/archive/dto/archive.dto.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { aSchedule } from '../support/callbacks.js';
import { requireEnv } from '../support/env.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { bearer, DEPARTMENT_OWNER } from '../support/tokens.js';
import type { CaseEvent } from '../../workflows/feedback-types.js';
import type { SaleDelivery } from '../../workflows/sale-types.js';
import { noDeliveries } from '../support/deliveries.js';

const manager = { id: 'chen.jing', role: 'after_sales_manager' } as const;
const owner = { id: 'wang.gong', role: 'department_owner' } as const;

describe('the archive (资料归档): per customer, by customer category', () => {
  let app: NestExpressApplication;
  let orm: MikroORM;
  let base: string;
  /** A distributor with a survey and a closed case, and one registered after it with nothing kept yet. */
  let withCase: SaleDelivery;
  let withNothing: SaleDelivery;
  let caseNo: string;
  let callbackId: string;

  async function get(path: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${base}${path}`, { headers: bearer(DEPARTMENT_OWNER) });
    return { status: res.status, body: await res.json() };
  }

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    const sales = createSaleActivities({ orm });
    const callbacks = createCallbackActivities({ orm });
    const callResults = createCallResultActivities({ orm, companyTimeZone: 'Asia/Shanghai', deliveries: noDeliveries, log: () => undefined });
    const cases = createCaseActivities({ orm });
    const customer = (id: string) => ({ id, name: '华南医疗器械经销公司', category: 'distributor' as const, keyAccount: false, region: '华南', industry: 'trade' });

    withCase = aDelivery({ customer: customer(uniqueId('C')) });
    await sales.registerSale({ delivery: withCase, workflowId: `sale-${withCase.saleId}` });
    const schedule = aSchedule(withCase);
    await callbacks.scheduleCallbacks(schedule);
    callbackId = schedule.callbacks[0]!.callbackId;
    await callbacks.openCallback({ callbackId, dueAt: schedule.callbacks[0]!.dueAt, late: false, openedAt: schedule.callbacks[0]!.dueAt });

    const attemptId = randomUUID();
    await callResults.recordSurvey({
      attemptId,
      callbackId,
      saleId: withCase.saleId,
      customerId: withCase.customer.id,
      agentId: 'zhang.wei',
      survey: {
        method: 'phone',
        usage: {},
        overall: { scale: 'score_1_to_5', score: 2 },
        saysDissatisfied: true,
        complainedToManagement: false,
        seriousOpinion: false,
        opinions: '开机太慢',
        problems: ['slow start-up'],
      },
      score: 25,
      dimensionScores: { product: null, attitude: null, speed: null, service: null },
      classification: 'dissatisfied',
      recordedAt: '2026-12-21T02:15:00.000Z',
    });
    ({ caseNo } = await callResults.openFeedbackCase({
      sourceAttemptId: attemptId,
      saleId: withCase.saleId,
      callbackId,
      customerId: withCase.customer.id,
      orderNo: withCase.orderNo,
      productModel: withCase.product.model,
      channel: 'PHONE',
      classification: 'dissatisfied',
      priority: 'high',
      customerWords: '开机太慢',
      score: 25,
      receivedAt: '2026-12-21T02:15:00.000Z',
    }));

    const snapshot: CaseSnapshot = {
      stage: 'registered', cycle: 1, priority: 'high', department: null, ownerId: null, nature: null, scope: null,
      stageDueAt: '2026-12-22T10:00:00.000Z', calendarVersion: 'cn-2026.1', deadlineProvisional: false, missedDeadlines: 0,
      resolution: null, closedAt: null,
    };
    const assigned = { ...snapshot, stage: 'assigned' as const, department: 'rnd' as const, ownerId: 'wang.gong', nature: 'product_quality' as const, scope: 'single' as const };
    const events: [CaseEvent, CaseSnapshot][] = [
      [{ eventId: `${caseNo}:1`, type: 'registered', at: '2026-12-21T02:15:01.000Z', cycle: 1 }, snapshot],
      [{ eventId: `${caseNo}:2`, type: 'assigned', at: '2026-12-21T03:00:00.000Z', cycle: 1, actor: manager, details: { department: 'rnd' } }, assigned],
      [
        {
          eventId: `${caseNo}:3`, type: 'analysed', at: '2026-12-22T03:00:00.000Z', cycle: 1, actor: owner,
          details: {
            whyChain: ['starts slowly', 'board overheats'],
            rootCause: 'undersized fan',
            shortTermMeasures: [{ description: 'replace the board on site', deadline: '2026-12-24T10:00:00.000Z' }],
            longTermMeasures: [{ description: 'larger fan from the next batch', deadline: '2027-03-31T10:00:00.000Z' }],
            technicianVisit: true,
          },
        },
        { ...assigned, stage: 'in_progress', stageDueAt: '2027-03-31T10:00:00.000Z' },
      ],
      [
        { eventId: `${caseNo}:4`, type: 'closed', at: '2027-01-05T03:00:00.000Z', cycle: 1, actor: { id: 'li.na', role: 'agent' } },
        { ...assigned, stage: 'closed', stageDueAt: null, resolution: 'resolved', closedAt: '2027-01-05T03:00:00.000Z' },
      ],
    ];
    for (const [event, state] of events) await cases.recordCaseEvent({ caseNo, event, snapshot: state });

    withNothing = aDelivery({ customer: customer(uniqueId('C')) });
    await sales.registerSale({ delivery: withNothing, workflowId: `sale-${withNothing.saleId}` });
  });
  after(async () => {
    await app?.close();
    await orm?.close();
  });

  it("keeps a customer's surveys and cases, each case with its timeline and corrective actions", async () => {
    const { status, body } = await get(`/customers/${withCase.customer.id}/archive`);
    assert.equal(status, 200, JSON.stringify(body));
    const archive = body as CustomerArchiveDto;
    assert.deepEqual(archive.customer, { id: withCase.customer.id, category: 'distributor', keyAccount: false, region: '华南', industry: 'trade' });
    assert.deepEqual(archive.surveys, [
      {
        callbackId,
        saleId: withCase.saleId,
        recordedAt: '2026-12-21T02:15:00.000Z',
        method: 'phone',
        score: 25,
        classification: 'dissatisfied',
        opinions: '开机太慢',
        problems: ['slow start-up'],
      },
    ]);
    assert.equal(archive.cases.length, 1);
    const [kept] = archive.cases;
    assert.deepEqual(
      { ...kept, timeline: undefined, correctiveActions: undefined },
      {
        caseNo,
        stage: 'closed',
        priority: 'high',
        classification: 'dissatisfied',
        department: 'rnd',
        receivedAt: '2026-12-21T02:15:00.000Z',
        closedAt: '2027-01-05T03:00:00.000Z',
        resolution: 'resolved',
        timeline: undefined,
        correctiveActions: undefined,
      },
    );
    assert.deepEqual(
      kept!.timeline.map((e) => [e.eventId, e.type, e.at, e.cycle, e.actorId, e.actorRole]),
      [
        [`${caseNo}:1`, 'registered', '2026-12-21T02:15:01.000Z', 1, null, null],
        [`${caseNo}:2`, 'assigned', '2026-12-21T03:00:00.000Z', 1, 'chen.jing', 'after_sales_manager'],
        [`${caseNo}:3`, 'analysed', '2026-12-22T03:00:00.000Z', 1, 'wang.gong', 'department_owner'],
        [`${caseNo}:4`, 'closed', '2027-01-05T03:00:00.000Z', 1, 'li.na', 'agent'],
      ],
    );
    assert.equal(kept!.timeline[2]!.details?.rootCause, 'undersized fan');
    assert.deepEqual(kept!.correctiveActions, [
      { id: `${caseNo}:1:short_term:0`, cycle: 1, kind: 'short_term', description: 'replace the board on site', deadline: '2026-12-24T10:00:00.000Z' },
      { id: `${caseNo}:1:long_term:0`, cycle: 1, kind: 'long_term', description: 'larger fan from the next batch', deadline: '2027-03-31T10:00:00.000Z' },
    ]);
    assert.doesNotMatch(JSON.stringify(archive), /王芳|李强|经销公司|\+86/);
  });

  it('keeps an empty archive for a customer with nothing recorded yet', async () => {
    const { status, body } = await get(`/customers/${withNothing.customer.id}/archive`);
    assert.equal(status, 200);
    assert.deepEqual([body.customer.id, body.surveys, body.cases], [withNothing.customer.id, [], []]);
  });

  it('answers 404 for an unknown customer and 400 for an id that cannot be one', async () => {
    const unknown = await get(`/customers/${uniqueId('C')}/archive`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.message, /customer C-\w+ is not known/);
    const bad = await get('/customers/%20bad%20id/archive');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.fields.map((f: { field: string }) => f.field), ['customerId']);
  });

  it('lists the customers of a category, newest first, with their counts of surveys and cases', async () => {
    const { status, body } = await get('/archive?customerCategory=distributor&pageSize=200');
    assert.equal(status, 200, JSON.stringify(body));
    const page = body as ArchivePageDto;
    assert.ok(page.items.every((c) => c.category === 'distributor'));
    assert.ok(page.total >= 2 && page.page === 1 && page.pageSize === 200);
    const own = page.items.filter((c) => [withCase.customer.id, withNothing.customer.id].includes(c.id));
    assert.deepEqual(own, [
      { id: withNothing.customer.id, category: 'distributor', keyAccount: false, region: '华南', industry: 'trade', surveys: 0, cases: 0 },
      { id: withCase.customer.id, category: 'distributor', keyAccount: false, region: '华南', industry: 'trade', surveys: 1, cases: 1 },
    ] satisfies ArchiveEntryDto[]);
    assert.doesNotMatch(JSON.stringify(page), /经销公司|\+86/);
  });

  it('pages through the archive grouped by category', async () => {
    const { body: all } = await get('/archive?pageSize=200');
    const categories = (all as ArchivePageDto).items.map((c) => c.category);
    assert.deepEqual(categories, [...categories].sort());

    const { body: one } = await get('/archive?customerCategory=distributor&pageSize=1&page=2');
    assert.equal(one.items.length, 1);
    const { body: past } = await get(`/archive?customerCategory=distributor&pageSize=200&page=1000000`);
    assert.deepEqual([past.items, past.total >= 2], [[], true]);
  });

  for (const [query, field] of [['customerCategory=hospital', 'customerCategory'], ['pageSize=0', 'pageSize'], ['region=华南', 'region']]) {
    it(`answers 400 naming ${field} for ${query}`, async () => {
      const { status, body } = await get(`/archive?${encodeURI(query!)}`);
      assert.equal(status, 400);
      assert.deepEqual(body.fields.map((f: { field: string }) => f.field), [field]);
    });
  }
});
