import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createCallResultActivities } from '../../activities/call-result-activities.js';
import { createCallbackActivities } from '../../activities/callback-activities.js';
import { createCaseActivities, type CaseSnapshot } from '../../activities/case-activities.js';
import { createSaleActivities } from '../../activities/sale-activities.js';
import type { CallSheetDto, ContactAccessPageDto, RevisitSheetDto } from '../../src/contacts/dto/contact-sheet.dto.js';
import { ormConfig } from '../../src/database/orm-config.js';
import type { CaseEvent } from '../../workflows/feedback-types.js';
import type { SaleDelivery } from '../../workflows/sale-types.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { noDeliveries } from '../support/deliveries.js';
import { aSchedule } from '../support/callbacks.js';
import { requireEnv } from '../support/env.js';
import { aCaseStart, aDelivery, uniqueId } from '../support/fixtures.js';
import { ADMINISTRATOR, as, bearer, MANAGER, type Caller } from '../support/tokens.js';

interface Logged {
  person_id: string;
  role: string;
  customer_id: string;
  sale_id: string;
  purpose: string;
  callback_id: string | null;
  case_no: string | null;
  accessed_at: Date;
}

// Who may read a customer's contact, and the log of every read, on real PostgreSQL (the claims as the workflow records them).
describe("a customer's contact: the call sheet, the re-visit sheet and the contact access log", () => {
  const claimant = as('agent', uniqueId('agent'));
  const otherAgent = as('agent', uniqueId('agent'));
  const revisitor = as('agent', uniqueId('agent'));
  const owner = uniqueId('owner');
  const verifier = uniqueId('verifier');
  let app: NestExpressApplication;
  let orm: MikroORM;
  let base: string;
  let delivery: SaleDelivery;
  let c1: string;
  let c2: string;
  let caseNo: string;
  let registeredCaseNo: string;
  let callResults: ReturnType<typeof createCallResultActivities>;

  async function get<T = any>(path: string, caller: Caller): Promise<{ status: number; body: T }> {
    const res = await fetch(`${base}${path}`, { headers: bearer(caller) });
    return { status: res.status, body: (await res.json()) as T };
  }
  const logged = async (where: string, values: unknown[]): Promise<Logged[]> =>
    orm.em.fork().execute<Logged[]>(`select * from "contact_access" where ${where} order by "accessed_at", "id"`, values);
  const readsOf = (person: Caller) => logged('"person_id" = ?', [person.id]);

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    const sales = createSaleActivities({ orm });
    const callbacks = createCallbackActivities({ orm });
    const cases = createCaseActivities({ orm });
    callResults = createCallResultActivities({ orm, companyTimeZone: 'Asia/Shanghai', deliveries: noDeliveries, log: () => undefined });

    delivery = aDelivery({
      buyer: { name: '王芳', title: '采购主管', phone: '+86 138 0000 1001', email: 'buyer@example.com' },
      actualUser: { name: '李强', title: '设备科科长', phone: '+86 139 0000 1002', specialNeeds: '下午三点后方便' },
      deliveredOn: '2026-01-31',
      warrantyMonths: 13,
    });
    await sales.registerSale({ delivery, workflowId: `sale-${delivery.saleId}` });
    const schedule = aSchedule(delivery);
    await callbacks.scheduleCallbacks(schedule);
    [c1, c2] = schedule.callbacks.map((c) => c.callbackId) as [string, string];
    await callbacks.openCallback({ callbackId: c1, dueAt: schedule.callbacks[0]!.dueAt, late: true, openedAt: schedule.callbacks[0]!.dueAt });
    await callResults.claimCallback({ callbackId: c1, agentId: claimant.id, claimedAt: new Date().toISOString() });

    // An earlier case of the sale, now waiting for its independent re-visit.
    ({ caseNo } = await callResults.openFeedbackCase(aCaseStart(delivery, c1)));
    const registered: CaseSnapshot = {
      stage: 'registered', cycle: 1, priority: 'high', department: null, ownerId: null, nature: null, scope: null,
      stageDueAt: '2026-12-22T09:30:00.000Z', calendarVersion: 'cn-2026.1', deadlineProvisional: false, missedDeadlines: 0,
      resolution: null, closedAt: null,
    };
    const assigned = { ...registered, stage: 'assigned' as const, department: 'rnd' as const, ownerId: owner, nature: 'product_quality' as const, scope: 'single' as const };
    const events: [CaseEvent, CaseSnapshot][] = [
      [{ eventId: `${caseNo}:1`, type: 'registered', at: '2026-12-21T02:15:01.000Z', cycle: 1, details: { sourceAgentId: claimant.id } }, registered],
      [{ eventId: `${caseNo}:2`, type: 'assigned', at: '2026-12-21T03:00:00.000Z', cycle: 1, actor: { id: MANAGER.id, role: 'after_sales_manager' }, details: { department: 'rnd', ownerId: owner } }, assigned],
      [{ eventId: `${caseNo}:3`, type: 'done_reported', at: '2026-12-23T03:00:00.000Z', cycle: 1, actor: { id: owner, role: 'department_owner' } }, { ...assigned, stage: 'verifying' }],
      [{ eventId: `${caseNo}:4`, type: 'verified', at: '2026-12-24T03:00:00.000Z', cycle: 1, actor: { id: verifier, role: 'after_sales_manager' } }, { ...assigned, stage: 'revisiting' }],
    ];
    for (const [event, snapshot] of events) await cases.recordCaseEvent({ caseNo, event, snapshot });

    // And one just registered.
    ({ caseNo: registeredCaseNo } = await callResults.openFeedbackCase(
      aCaseStart(delivery, c1, { classification: 'unanswered_question', priority: 'medium', customerWords: '能否加装第二块屏幕？', score: null, receivedAt: '2026-12-22T02:15:00.000Z' }),
    ));
    await cases.recordCaseEvent({ caseNo: registeredCaseNo, event: { eventId: `${registeredCaseNo}:1`, type: 'registered', at: '2026-12-22T02:15:01.000Z', cycle: 1 }, snapshot: { ...registered, priority: 'medium' } });
  });
  after(async () => {
    await app?.close();
    await orm?.close();
  });

  describe('the call sheet', () => {
    let sheet: CallSheetDto;
    let readBetween: [Date, Date];

    before(async () => {
      const start = new Date();
      const { status, body } = await get<CallSheetDto>(`/callbacks/${c1}/call-sheet`, claimant);
      assert.equal(status, 200, JSON.stringify(body));
      sheet = body;
      readBetween = [start, new Date()];
    });

    it('shows the claimant whom to call, the actual user first and then the buyer', () => {
      assert.deepEqual(sheet.contacts, [
        { role: 'actual_user', name: '李强', title: '设备科科长', phone: '+86 139 0000 1002', email: null, specialNeeds: '下午三点后方便' },
        { role: 'buyer', name: '王芳', title: '采购主管', phone: '+86 138 0000 1001', email: 'buyer@example.com', specialNeeds: null },
      ]);
      assert.deepEqual(sheet.customer, { id: delivery.customer.id, name: '华东第一人民医院', category: 'medical', keyAccount: true, region: '华东', industry: 'healthcare' });
    });

    it('shows the product, with the day its warranty ends, and the callback with its script', () => {
      assert.deepEqual(sheet.product, {
        model: 'XR-200', quantity: 2, orderNo: delivery.orderNo, deliveredOn: '2026-01-31', warrantyMonths: 13, warrantyEndsOn: '2027-02-28', salesOwner: 'li.lei',
      });
      assert.deepEqual([sheet.callback.callbackId, sheet.callback.status, sheet.callback.claimedBy, sheet.callback.late], [c1, 'claimed', claimant.id, true]);
      assert.equal(sheet.scriptKind, 'first_30_days');
    });

    it("shows the sale's callbacks and its open cases", () => {
      assert.deepEqual(sheet.callbacks.map((c) => [c.callbackId, c.status]), [[c1, 'claimed'], [c2, 'scheduled'], [`${delivery.saleId}-C3`, 'scheduled']]);
      assert.deepEqual(sheet.openCases.map((c) => [c.caseNo, c.stage, c.priority]), [[caseNo, 'revisiting', 'high'], [registeredCaseNo, 'registered', 'medium']]);
      assert.deepEqual([sheet.attempts, sheet.surveys], [[], []]);
    });

    it('records the read before answering: who, in which role, when, which customer and sale, for which callback', async () => {
      const reads = await readsOf(claimant);
      assert.equal(reads.length, 1);
      const [read] = reads;
      assert.deepEqual(
        { ...read, accessed_at: undefined, id: undefined },
        {
          id: undefined, person_id: claimant.id, role: 'agent', customer_id: delivery.customer.id, sale_id: delivery.saleId,
          purpose: 'callback', callback_id: c1, case_no: null, accessed_at: undefined,
        },
      );
      assert.equal((read as unknown as { id: string }).id, sheet.access.id);
      const at = new Date(read!.accessed_at);
      assert.equal(at.toISOString(), sheet.access.accessedAt);
      assert.ok(at >= readBetween[0] && at <= readBetween[1], `${at.toISOString()} is not within the request`);
    });

    it('records every read once: a second read is a second entry', async () => {
      const again = await get<CallSheetDto>(`/callbacks/${c1}/call-sheet`, claimant);
      assert.equal(again.status, 200);
      assert.notEqual(again.body.access.id, sheet.access.id);
      assert.deepEqual((await readsOf(claimant)).map((r) => (r as unknown as { id: string }).id), [sheet.access.id, again.body.access.id]);
    });

    it('refuses another agent (403), a callback that is not claimed (409) and an unknown one (404), and logs none of them', async () => {
      const before = (await logged('"customer_id" = ?', [delivery.customer.id])).length;
      const other = await get(`/callbacks/${c1}/call-sheet`, otherAgent);
      assert.equal(other.status, 403);
      assert.match(other.body.message, new RegExp(`callback ${c1} is claimed by another agent; only the agent who claimed it sees whom to call`));
      const scheduled = await get(`/callbacks/${c2}/call-sheet`, claimant);
      assert.equal(scheduled.status, 409);
      assert.match(scheduled.body.message, new RegExp(`callback ${c2} is not open for calls yet \\(scheduled`));
      const unknown = await get(`/callbacks/${delivery.saleId}-C9/call-sheet`, claimant);
      assert.equal(unknown.status, 404);
      const manager = await get(`/callbacks/${c1}/call-sheet`, MANAGER);
      assert.equal(manager.status, 403);
      assert.deepEqual([(await readsOf(otherAgent)).length, (await readsOf(MANAGER)).length], [0, 0]);
      assert.equal((await logged('"customer_id" = ?', [delivery.customer.id])).length, before);
      assert.doesNotMatch(JSON.stringify([other.body, scheduled.body, unknown.body, manager.body]), /李强|王芳|\+86/);
    });

    it('shows the actual user an agent recorded (wrong person) first', async () => {
      await callResults.recordActualUser({ customerId: delivery.customer.id, actualUser: { name: '赵敏', title: '技师', phone: '+86 137 0000 1003' } });
      const { body } = await get<CallSheetDto>(`/callbacks/${c1}/call-sheet`, claimant);
      assert.deepEqual(body.contacts.map((c) => [c.role, c.name]), [['actual_user', '赵敏'], ['buyer', '王芳']]);
    });
  });

  describe('the re-visit sheet', () => {
    it('shows an agent who did not handle the case whom to call, the words and the timeline, and records the read', async () => {
      const { status, body } = await get<RevisitSheetDto>(`/feedback-cases/${caseNo}/revisit-sheet`, revisitor);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body.contacts.map((c) => c.role), ['actual_user', 'buyer']);
      assert.deepEqual([body.case.caseNo, body.case.stage, body.scriptKind, body.customerWords], [caseNo, 'revisiting', 'revisit', '开机太慢']);
      assert.deepEqual(body.timeline.map((e) => e.type), ['registered', 'assigned', 'done_reported', 'verified']);
      const reads = await readsOf(revisitor);
      assert.deepEqual(reads.map((r) => [r.purpose, r.case_no, r.callback_id, r.customer_id, r.sale_id]), [['revisit', caseNo, null, delivery.customer.id, delivery.saleId]]);
    });

    it("refuses whoever handled the case, a case not in its re-visit, and another role; none is logged", async () => {
      for (const handler of [claimant.id, owner, verifier]) {
        const res = await get(`/feedback-cases/${caseNo}/revisit-sheet`, as('agent', handler));
        assert.equal(res.status, 403, handler);
        assert.match(res.body.message, new RegExp(`${handler} handled case ${caseNo}`));
      }
      assert.equal((await logged('"case_no" = ? and "person_id" <> ?', [caseNo, revisitor.id])).length, 0);
      const notRevisiting = await get(`/feedback-cases/${registeredCaseNo}/revisit-sheet`, revisitor);
      assert.equal(notRevisiting.status, 409);
      assert.match(notRevisiting.body.message, new RegExp(`feedback case ${registeredCaseNo} is registered, not revisiting`));
      assert.equal((await get('/feedback-cases/19991231-PHONE-999/revisit-sheet', revisitor)).status, 404);
      assert.equal((await get('/feedback-cases/not-a-case/revisit-sheet', revisitor)).status, 400);
      assert.equal((await readsOf(revisitor)).length, 1);
      assert.equal((await get(`/feedback-cases/${caseNo}/revisit-sheet`, MANAGER)).status, 403);
    });
  });

  describe('the contact access log', () => {
    const list = (query: string, caller: Caller = ADMINISTRATOR) => get<ContactAccessPageDto>(`/contact-access-log?${query}`, caller);

    it('lists the reads newest first, filtered by person, customer, purpose and company-time date, paged', async () => {
      const byCustomer = await list(`customer=${delivery.customer.id}`);
      assert.equal(byCustomer.status, 200, JSON.stringify(byCustomer.body));
      const items = byCustomer.body.items;
      assert.equal(byCustomer.body.total, 4);
      assert.deepEqual(items.map((e) => e.personId), [revisitor.id, claimant.id, claimant.id, claimant.id]);
      assert.deepEqual(Object.keys(items[0]!).sort(), ['accessedAt', 'callbackId', 'caseNo', 'customerId', 'id', 'personId', 'purpose', 'role', 'saleId']);
      assert.ok(items.every((e, i) => i === 0 || items[i - 1]!.accessedAt >= e.accessedAt));
      assert.doesNotMatch(JSON.stringify(byCustomer.body), /李强|王芳|赵敏|\+86/);

      assert.deepEqual((await list(`person=${claimant.id}&customer=${delivery.customer.id}`)).body.total, 3);
      assert.deepEqual((await list(`customer=${delivery.customer.id}&purpose=revisit`)).body.items.map((e) => e.caseNo), [caseNo]);
      const paged = await list(`customer=${delivery.customer.id}&page=2&pageSize=3`);
      assert.deepEqual([paged.body.items.length, paged.body.total, paged.body.page, paged.body.pageSize], [1, 4, 2, 3]);

      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      assert.equal((await list(`customer=${delivery.customer.id}&from=${today}&to=${today}`)).body.total, 4);
      assert.equal((await list(`customer=${delivery.customer.id}&to=2026-01-01`)).body.total, 0);
      assert.equal((await list(`customer=${delivery.customer.id}&from=2999-01-01`)).body.total, 0);
    });

    it('answers 400 naming a bad filter, and 403 to anyone but the administrator', async () => {
      const fields = (body: unknown) => (body as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
      const bad = await list('purpose=curiosity&page=0&customer=no%20such&from=yesterday&extra=1');
      assert.equal(bad.status, 400);
      assert.deepEqual(fields(bad.body), ['customer', 'extra', 'from', 'page', 'purpose']);
      const impossible = await list('from=2026-02-30&to=2026-13-01');
      assert.deepEqual([impossible.status, fields(impossible.body)], [400, ['from', 'to']]);
      const inverted = await list('from=2026-03-02&to=2026-03-01');
      assert.deepEqual([inverted.status, fields(inverted.body)], [400, ['to']]);
      assert.match((inverted.body as unknown as { message: string }).message, /invalid to/);
      for (const caller of [claimant, MANAGER]) assert.equal((await list('', caller)).status, 403);
    });
  });
});
