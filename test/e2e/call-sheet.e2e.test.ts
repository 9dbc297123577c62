import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CallPageDto, ClaimedCallDto } from '../../src/callbacks/dto/calls.dto.js';
import type { CallSheetDto, ContactAccessPageDto } from '../../src/contacts/dto/contact-sheet.dto.js';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { aDelivery } from '../support/fixtures.js';
import { startServices, type Services } from '../support/e2e.js';
import { ADMINISTRATOR, as, SALES_SYSTEM } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

// The agent's call over HTTP, with the API and worker processes, the Temporal dev server and PostgreSQL.
describe('an agent calls a late import: one call, the call sheet, the contact access log', () => {
  let services: Services;
  const suffix = randomUUID().slice(0, 8);
  const agent = as('agent', `agent.${suffix}`);
  const otherAgent = as('agent', `agent.other-${suffix}`);
  // Delivered 100 days ago: the 30-day and the 3-month callbacks open at once.
  const delivery = aDelivery({ deliveredOn: addDays(toCompanyTime(new Date(), 'Asia/Shanghai').date, -100) });
  const [c1, c2] = [`${delivery.saleId}-C1`, `${delivery.saleId}-C2`];

  before(async () => {
    services = await startServices({ alwaysOpen: true });
  });
  after(async () => {
    await services?.stop();
  });

  const sheetOf = (callbackId: string, caller = agent) => services.get(`/callbacks/${callbackId}/call-sheet`, caller);

  it('lists the sale once in the calls, with both of its late callbacks', async () => {
    assert.equal((await services.post('/sales', delivery, SALES_SYSTEM)).status, 201);
    const call = await waitFor('the late import to be one call with two callbacks', async () => {
      const page = await services.getJson<CallPageDto>('/calls?status=due&pageSize=200', agent);
      const found = page.items.find((c) => c.saleId === delivery.saleId);
      return found?.callbacks.length === 2 ? found : undefined;
    });
    assert.deepEqual([call.late, call.callbacks.map((c) => c.callbackId), call.claimedBy], [true, [c1, c2], []]);
  });

  it('shows nobody the contact before the call is claimed', async () => {
    const res = await sheetOf(c1);
    assert.equal(res.status, 409);
    assert.match(((await res.json()) as { message: string }).message, /is not claimed; claim it first/);
  });

  it('claims the whole call in one request, each callback by its own update to the workflow', async () => {
    const res = await services.post(`/calls/${delivery.saleId}/claim`, {}, agent);
    assert.equal(res.status, 200);
    const claimed = (await res.json()) as ClaimedCallDto;
    assert.deepEqual(claimed.callbacks.map((c) => [c.callbackId, c.status, c.claimedBy]), [[c1, 'claimed', agent.id], [c2, 'claimed', agent.id]]);
    const again = await services.post(`/calls/${delivery.saleId}/claim`, {}, agent);
    assert.equal(again.status, 200, 'claiming again answers the same');
    const other = await services.post(`/calls/${delivery.saleId}/claim`, {}, otherAgent);
    assert.equal(other.status, 409);
    assert.match(((await other.json()) as { message: string }).message, new RegExp(`claimed by ${agent.id}; nothing was claimed`));
  });

  it('gives the claimant the call sheet, and refuses the other agent', async () => {
    const res = await sheetOf(c1);
    assert.equal(res.status, 200);
    const sheet = (await res.json()) as CallSheetDto;
    assert.deepEqual(sheet.contacts.map((c) => [c.role, c.name, c.phone]), [
      ['actual_user', delivery.actualUser!.name, delivery.actualUser!.phone],
      ['buyer', delivery.buyer.name, delivery.buyer.phone],
    ]);
    assert.deepEqual(sheet.callbacks.filter((c) => c.status === 'claimed').map((c) => c.callbackId), [c1, c2]);
    assert.equal((await sheetOf(c2)).status, 200);
    assert.equal((await sheetOf(c1, otherAgent)).status, 403);
  });

  it('shows the class, score and the case and lead the survey opened, and the contact is gone once the callback is done', async () => {
    const res = await services.post(`/callbacks/${c1}/results`, {
      attemptId: randomUUID(),
      outcome: 'survey_done',
      survey: {
        method: 'phone', usage: {}, overall: { scale: 'four_grades', grade: 'dissatisfied' },
        saysDissatisfied: true, complainedToManagement: false, seriousOpinion: false,
        opinions: '噪音太大', repurchaseIntent: '明年再买一台',
      },
    }, agent);
    assert.equal(res.status, 201);
    const { survey } = (await res.json()) as { survey: { classification: string; score: number; feedbackCaseNo: string | null; leadCreated: boolean } };
    assert.equal(survey.classification, 'dissatisfied');
    assert.ok(survey.score < 70);
    assert.match(survey.feedbackCaseNo ?? '', /^\d{8}-PHONE-\d{3,}$/);
    assert.equal(survey.leadCreated, true);
    const ended = await sheetOf(c1);
    assert.equal(ended.status, 409);
    assert.match(((await ended.json()) as { message: string }).message, /has ended \(completed\)/);
  });

  it("records each read, the claimant's only, in the contact access log", async () => {
    const log = await services.getJson<ContactAccessPageDto>(`/contact-access-log?customer=${delivery.customer.id}`, ADMINISTRATOR);
    assert.deepEqual(log.items.map((e) => [e.personId, e.callbackId, e.purpose]).reverse(), [[agent.id, c1, 'callback'], [agent.id, c2, 'callback']]);
    assert.equal(log.total, 2);
  });

  it('never writes the contact to the logs', () => {
    const logs = services.logs();
    for (const secret of [delivery.buyer.name, delivery.buyer.phone, delivery.actualUser!.name, delivery.actualUser!.phone]) {
      assert.ok(!logs.includes(secret), `logs contain ${secret}`);
    }
  });
});
