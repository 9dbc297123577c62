import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { messageIdDomain, notificationMessageId } from '../../src/notifications/mailer.js';
import { periodBefore } from '../../workflows/domain/report-periods.js';
import { addDays, atCompanyTime, toCompanyTime } from '../../workflows/domain/company-time.js';
import { isWithinCallWindow } from '../../workflows/domain/call-windows.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';
import { reportWorkflowId } from '../../workflows/report-types.js';
import { deliveryWorkflowId } from '../../workflows/notification-types.js';
import { addDepartment, addPerson, type TestPerson } from '../support/directory.js';
import { APP_BASE_URL, MAIL_FROM, startDeliveryHarness, TIME_ZONE, type DeliveryHarness } from '../support/delivery-harness.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { ADMINISTRATOR, as, GENERAL_MANAGER, MANAGER, SALES_SYSTEM, type Caller } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const AGENT = as('agent', 'A-1001');
const OWNER = as('department_owner', 'owner.liu');
const SECOND_MANAGER = as('after_sales_manager', 'mgr.zhao');
const SALES_OWNER_ID = 'li.lei';

const ROBOT = {
  wecom: '/cgi-bin/webhook/send',
  dingtalk: '/robot/send',
  feishu: '/open-apis/bot/v2/hook/3f6c1c2e',
};
const DINGTALK_SECRET = 'SECd1e2f3a4b5c6d7e8f9';
const FEISHU_SECRET = 'feishu-signing-secret-8c1a';

// The demo directory's people (contract 3), written into this test's own database.
const PEOPLE: TestPerson[] = [
  { id: 'A-1001', roles: ['agent'], department: 'after_sales', chatHandle: 'a1001' },
  { id: 'owner.liu', roles: ['department_owner'], department: 'rnd', chatHandle: 'liu_dd' },
  { id: 'mgr.chen', roles: ['after_sales_manager'], department: 'after_sales', chatHandle: 'chen.wx' },
  { id: 'mgr.zhao', roles: ['after_sales_manager'], department: 'after_sales', locale: 'en' },
  { id: 'gm.wang', roles: ['general_manager'] },
  { id: SALES_OWNER_ID, roles: ['sales_owner'], department: 'sales', chatHandle: 'ou_7d8a6e6df7621556ce0d21922b676706' },
  { id: 'admin', roles: ['administrator'] },
];
const address = (id: string) => `${id}@example.com`;

interface InboxItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  caseNo: string | null;
  saleId: string | null;
  urgent: boolean;
  readAt: string | null;
}

describe('notifications reach the people they name, by inbox, e-mail and chat', () => {
  let h: DeliveryHarness;
  const customer = aDelivery().customer;
  const secrets = new Set<string>();

  before(async () => {
    h = await startDeliveryHarness();
    const em = h.orm.em.fork();
    await addDepartment(em, { code: 'after_sales', chatPlatform: 'wecom', chatWebhookUrl: `${h.receiver.base}${ROBOT.wecom}?key=wecom-key-1` });
    await addDepartment(em, {
      code: 'rnd',
      chatPlatform: 'dingtalk',
      chatWebhookUrl: `${h.receiver.base}${ROBOT.dingtalk}?access_token=dd-token-1`,
      chatSecret: DINGTALK_SECRET,
    });
    await addDepartment(em, { code: 'sales', chatPlatform: 'feishu', chatWebhookUrl: `${h.receiver.base}${ROBOT.feishu}`, chatSecret: FEISHU_SECRET });
    for (const person of PEOPLE) await addPerson(em, person);
  });
  after(async () => {
    await h?.stop();
  });

  const sql = <T = any>(text: string, params: unknown[] = []) => h.orm.em.fork().execute<T[]>(text, params);
  const marks = (values: unknown[]) => values.map(() => '?').join(', ');
  const inboxOf = async (caller: Caller): Promise<InboxItem[]> => {
    const res = await h.api.get('/notifications?pageSize=200', caller);
    assert.equal(res.status, 200);
    return ((await res.json()) as { items: InboxItem[] }).items;
  };
  /** Every send of these notifications is through: sent, or failed for good. */
  const settled = async (keys: string[]) => {
    const rows = () =>
      sql<{ notification_key: string; recipient_id: string; channel: string; status: string; attempts: number; last_error: string | null }>(
        `select "notification_key", "recipient_id", "channel", "status", "attempts", "last_error" from "notification_delivery" where "notification_key" in (${marks(keys)})`,
        keys,
      );
    try {
      await waitFor(`the sends of ${keys.join(', ')} to finish`, async () => {
        const all = await rows();
        return all.length > 0 && all.every((r) => r.status === 'sent' || r.status === 'failed') ? true : undefined;
      }, 30_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}: ${JSON.stringify(await rows())}`, { cause: err });
    }
  };
  /** Skips past every send held for working hours (each time the held ones are all held), until every send is through. */
  const flush = async (keys: string[]) => {
    for (;;) {
      const rows = await waitFor('the sends to be held or through', async () => {
        const all = await sql<{ status: string; not_before: Date | null }>(
          `select "status", "not_before" from "notification_delivery" where "notification_key" in (${marks(keys)})`,
          keys,
        );
        return all.length > 0 && !all.some((r) => r.status === 'pending') ? all : undefined;
      });
      const held = rows.filter((r) => r.status === 'waiting').map((r) => new Date(r.not_before!).getTime());
      if (held.length === 0) break;
      await h.skipTo(new Date(Math.max(...held) + 60_000));
      await waitFor('the held sends to start', async () => {
        const [row] = await sql<{ n: string }>(
          `select count(*) as "n" from "notification_delivery" where "notification_key" in (${marks(keys)}) and "status" = 'waiting'`,
          keys,
        );
        return Number(row!.n) === 0 ? true : undefined;
      });
    }
    await settled(keys);
  };
  const keysOf = async (where: string, params: unknown[]) => (await sql<{ key: string }>(`select "key" from "notification" where ${where}`, params)).map((r) => r.key);
  const kinds = (items: { kind: string }[]) => items.map((i) => i.kind).sort();

  let caseNo = '';
  let saleId = '';

  it('a feedback case driven through the API and left alone: the owner is told and warned, then every after-sales manager and the general manager hear of the missed deadline, once each', async () => {
    const today = toCompanyTime(await h.now(), TIME_ZONE).date;
    const delivery = aDelivery({ deliveredOn: addDays(today, -40), salesOwner: SALES_OWNER_ID });
    saleId = delivery.saleId;
    for (const secret of [delivery.customer.name, delivery.buyer.name, delivery.buyer.phone, delivery.actualUser!.name, delivery.actualUser!.phone]) secrets.add(secret);
    assert.equal((await h.api.post('/sales', delivery, SALES_SYSTEM)).status, 201);

    // The late 30-day callback opens at the next call window.
    const callbackId = `${saleId}-C1`;
    const planned = await waitFor('the callback plan', async () => {
      const state = (await (await h.api.get(`/sales/${saleId}`, AGENT)).json()) as { callbacks?: { status: string; dueAt: string }[] };
      return state.callbacks?.[0];
    });
    await h.skipTo(new Date(Date.parse(planned.dueAt) + 1000));
    await waitFor('the callback to open', async () => {
      const state = (await (await h.api.get(`/sales/${saleId}`, AGENT)).json()) as { callbacks?: { status: string }[] };
      return state.callbacks?.[0]?.status === 'due' ? true : undefined;
    });

    // Dissatisfied, complained to the media, would buy again: a high-priority case, the GM at once, a lead.
    const words = `设备三天两头死机，${delivery.actualUser!.name}说已经找了电视台`;
    secrets.add(words);
    const survey = {
      method: 'phone',
      usage: { city: '上海' },
      overall: { scale: 'four_grades', grade: 'dissatisfied' },
      saysDissatisfied: true,
      complainedTo: 'media',
      complainedToManagement: false,
      seriousOpinion: true,
      opinions: words,
      repurchaseIntent: 'XR-300 给新院区',
    };
    const result = await h.api.post(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), outcome: 'survey_done', survey }, AGENT);
    const outcome = (await result.json()) as { survey: { feedbackCaseNo: string } };
    assert.equal(result.status, 201, JSON.stringify(outcome));
    caseNo = outcome.survey.feedbackCaseNo;

    const complaint = await waitFor('the complaint in the general manager\'s inbox', async () =>
      (await inboxOf(GENERAL_MANAGER)).find((i) => i.kind === 'external_complaint'),
    );
    assert.equal(complaint.urgent, true);
    assert.equal(complaint.caseNo, caseNo);
    assert.equal(complaint.link, `${APP_BASE_URL}/cases/${caseNo}`);
    await waitFor('the complaint e-mailed to the general manager', async () => ((await h.mailpit.to(address('gm.wang'))).length === 1 ? true : undefined));

    const registered = await waitFor('the case to be registered', async () => {
      const state = (await (await h.api.get(`/feedback-cases/${caseNo}`, MANAGER)).json()) as { stage?: string; priority?: string };
      return state.stage === 'registered' ? state : undefined;
    });
    assert.equal(registered.priority, 'high');
    const assigned = await h.api.post(
      `/feedback-cases/${caseNo}/assignment`,
      { department: 'rnd', ownerId: 'owner.liu', nature: 'product_quality', scope: 'single' },
      MANAGER,
    );
    const state = (await assigned.json()) as { deadlines: { stage: string; warnAt: string; dueAt: string }[] };
    assert.equal(assigned.status, 200, JSON.stringify(state));
    const deadline = state.deadlines.at(-1)!;
    assert.equal(deadline.stage, 'assigned');
    await waitFor('the assignment in the owner\'s inbox', async () => ((await inboxOf(OWNER)).some((i) => i.kind === 'case_assigned') ? true : undefined));

    // Left alone: the warning at 75 % of the stage's time, then the missed deadline.
    await settled(await keysOf(`"case_no" = ? or "sale_id" = ?`, [caseNo, saleId]));
    await h.skipTo(new Date(Date.parse(deadline.warnAt) + 60_000));
    await waitFor('the warning in the owner\'s inbox', async () => ((await inboxOf(OWNER)).some((i) => i.kind === 'case_deadline_warning') ? true : undefined));
    await flush(await keysOf(`"kind" = 'case_deadline_warning' and "case_no" = ?`, [caseNo]));
    await h.skipTo(new Date(Date.parse(deadline.dueAt) + 60_000));
    for (const manager of [MANAGER, SECOND_MANAGER, GENERAL_MANAGER]) {
      await waitFor(`the escalation in ${manager.id}'s inbox`, async () => ((await inboxOf(manager)).some((i) => i.kind === 'case_deadline_missed') ? true : undefined));
    }
    const keys = await keysOf(`"case_no" = ? or "sale_id" = ?`, [caseNo, saleId]);
    await flush(keys);

    // Exactly the people DOMAIN §4 and §8 name, once each, in the inbox and by e-mail.
    const expected: Record<string, string[]> = {
      'owner.liu': ['case_assigned', 'case_deadline_warning'],
      'mgr.chen': ['case_deadline_missed'],
      'mgr.zhao': ['case_deadline_missed'],
      'gm.wang': ['case_deadline_missed', 'external_complaint'],
      [SALES_OWNER_ID]: ['repurchase_lead'],
      'A-1001': [],
      admin: [],
    };
    const inboxRows = await sql<{ person_id: string; kind: string; notification_key: string }>(
      `select "person_id", "kind", "notification_key" from "inbox_item" where "notification_key" in (${marks(keys)})`,
      keys,
    );
    const domain = messageIdDomain(MAIL_FROM);
    for (const [person, want] of Object.entries(expected)) {
      const rows = inboxRows.filter((r) => r.person_id === person);
      assert.deepEqual(kinds(rows), want, `inbox of ${person}`);
      const mails = await h.mailpit.to(address(person));
      assert.equal(mails.length, want.length, `e-mails to ${person}: ${mails.map((m) => m.Subject).join(' | ')}`);
      assert.deepEqual(
        mails.map((m) => m.MessageID).sort(),
        rows.map((r) => notificationMessageId(r.notification_key, person, domain)).sort(),
        `one e-mail per notification to ${person}, with its stable Message-ID`,
      );
    }
    const owner = await inboxOf(OWNER);
    const warning = owner.find((i) => i.kind === 'case_deadline_warning')!;
    assert.match(warning.title, new RegExp(`反馈单 ${caseNo}：原因分析与计划阶段即将到期`));
    assert.match(warning.body, /截止时间 \d{4}-\d{2}-\d{2} 17:30 \(UTC\+08:00\)/);
    assert.equal(owner.find((i) => i.kind === 'case_assigned')!.urgent, false);
    const english = (await inboxOf(SECOND_MANAGER)).find((i) => i.kind === 'case_deadline_missed')!;
    assert.match(english.title, new RegExp(`^Feedback case ${caseNo}: the root cause and plan stage is overdue$`));
    assert.match(english.body, /It was due \d{4}-\d{2}-\d{2} 17:30 \(UTC\+08:00\)\. Priority: high\./);
    assert.equal(english.urgent, true);
    const lead = (await sql<{ title: string; link: string }>(`select "title", "link" from "inbox_item" where "person_id" = ? and "kind" = 'repurchase_lead'`, [SALES_OWNER_ID]))[0]!;
    assert.deepEqual(lead, { title: `新的复购线索：销售 ${saleId}`, link: `${APP_BASE_URL}/leads` });
    // Nobody reads another's inbox: the owner's entry is not found for the manager.
    const refused = await h.api.post(`/notifications/${warning.id}/read`, {}, MANAGER);
    assert.equal(refused.status, 404);
  });

  it('the chat robots of WeCom, DingTalk and Feishu get their own format, signed as each platform checks', () => {
    // WeCom (after-sales managers): markdown with a <@userid> mention, no signature.
    const wecom = h.receiver.posts(ROBOT.wecom);
    assert.ok(wecom.length >= 2, `WeCom posts: ${wecom.length}`);
    for (const post of wecom) {
      assert.equal(post.query.get('key'), 'wecom-key-1');
      assert.match(post.contentType ?? '', /^application\/json/);
      assert.deepEqual(Object.keys(post.body).sort(), ['markdown', 'msgtype']);
      assert.equal(post.body.msgtype, 'markdown');
      assert.equal(typeof post.body.markdown.content, 'string');
      assert.ok(Buffer.byteLength(post.body.markdown.content) <= 4096);
    }
    assert.ok(wecom.some((p) => p.body.markdown.content.includes('<@chen.wx>') && p.body.markdown.content.includes(caseNo)));

    // DingTalk (the owner in R&D): markdown, @ by user id in text and in at.atUserIds, signed in the query.
    const dingtalk = h.receiver.posts(ROBOT.dingtalk);
    assert.equal(dingtalk.length, 2, 'the assignment and the warning');
    for (const post of dingtalk) {
      assert.equal(post.query.get('access_token'), 'dd-token-1');
      const timestamp = post.query.get('timestamp')!;
      assert.ok(Math.abs(Number(timestamp) - post.receivedAt) < 3_600_000, 'DingTalk refuses a timestamp more than an hour off');
      const expected = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`).digest('base64');
      assert.equal(post.query.get('sign'), expected);
      assert.equal(post.body.msgtype, 'markdown');
      assert.equal(typeof post.body.markdown.title, 'string');
      assert.match(post.body.markdown.text, /@liu_dd/);
      assert.deepEqual(post.body.at, { atUserIds: ['liu_dd'], isAtAll: false });
    }

    // Feishu (the sales owner): a post with an at element, timestamp and sign in the body.
    const [feishu, ...more] = h.receiver.posts(ROBOT.feishu);
    assert.equal(more.length, 0);
    const { timestamp, sign, msg_type: msgType, content } = feishu!.body;
    assert.ok(Math.abs(Number(timestamp) * 1000 - feishu!.receivedAt) < 3_600_000, 'Feishu refuses a timestamp more than an hour off');
    assert.equal(sign, createHmac('sha256', `${timestamp}\n${FEISHU_SECRET}`).update('').digest('base64'));
    assert.equal(msgType, 'post');
    const post = content.post.zh_cn;
    assert.equal(post.title, `新的复购线索：销售 ${saleId}`);
    assert.ok(post.content[0].some((e: { tag: string; user_id?: string }) => e.tag === 'at' && e.user_id === 'ou_7d8a6e6df7621556ce0d21922b676706'));
    assert.ok(post.content[0].some((e: { tag: string; href?: string }) => e.tag === 'a' && e.href === `${APP_BASE_URL}/leads`));
  });

  it('a robot that refuses posts is retried until it takes them, and the administrators are told once', async () => {
    h.receiver.refuse(ROBOT.dingtalk);
    const keys = [`test-chat-outage:${randomUUID()}`, `test-chat-outage:${randomUUID()}`];
    for (const key of keys) {
      await h.activities.notify({
        key,
        recipient: 'department_owner',
        recipientId: 'owner.liu',
        kind: 'case_deadline_missed',
        caseNo,
        stage: 'assigned',
        dueAt: (await h.now()).toISOString(),
        priority: 'high',
        message: 'test',
        at: (await h.now()).toISOString(),
      });
    }
    const failing = await waitFor('the administrators to be told', async () => {
      const rows = await sql<{ key: string }>(`select "key" from "notification" where "kind" = 'delivery_failing' and "facts"->'regarding'->>'key' in (${marks(keys)})`, keys);
      return rows.length > 0 ? rows : undefined;
    });
    const [retrying] = await sql<{ attempts: number; last_error: string; status: string }>(
      `select "attempts", "last_error", "status" from "notification_delivery" where "notification_key" = ? and "channel" = 'chat'`,
      [keys[0]],
    );
    assert.equal(retrying!.status, 'retrying');
    assert.match(retrying!.last_error, /^dingtalk robot answered HTTP 503$/);
    h.receiver.accept(ROBOT.dingtalk);
    await settled(keys);
    await flush([...keys, failing[0]!.key]);
    assert.equal(failing.length, 1, 'one notice for the spell, not one per notification');
    const adminInbox = await inboxOf(ADMINISTRATOR);
    const notice = adminInbox.filter((i) => i.kind === 'delivery_failing');
    assert.equal(notice.length, 1);
    assert.match(notice[0]!.title, /通知投递持续失败：企业群聊/);
    assert.equal(notice[0]!.link, `${APP_BASE_URL}/admin/deliveries`);
    const sent = await sql<{ status: string }>(`select "status" from "notification_delivery" where "notification_key" in (${marks(keys)}) and "channel" = 'chat'`, keys);
    assert.deepEqual(sent.map((r) => r.status), ['sent', 'sent']);
  });

  it('a report awaiting approval reaches every after-sales manager', async () => {
    const period = periodBefore('monthly', await h.now(), TIME_ZONE);
    const handle = await h.env.client.workflow.start('ReportPeriod', {
      workflowId: `${reportWorkflowId(period)}-${randomUUID().slice(0, 8)}`,
      taskQueue: h.taskQueue,
      args: [{ kind: 'monthly', period }],
    });
    const key = await waitFor('the report to be produced', async () => (await keysOf(`"kind" = 'report_review' and "facts"->>'reportId' like ?`, [`monthly-${period.label}-v%`]))[0]);
    await flush([key]);
    for (const manager of [MANAGER, SECOND_MANAGER]) {
      const review = (await inboxOf(manager)).find((i) => i.kind === 'report_review');
      assert.ok(review, `${manager.id} is asked to approve`);
      assert.equal(review.link, `${APP_BASE_URL}/reports/monthly/${period.label}`);
      assert.equal((await h.mailpit.to(address(manager.id))).filter((m) => m.MessageID === notificationMessageId(key, manager.id, messageIdDomain(MAIL_FROM))).length, 1);
    }
    assert.match((await inboxOf(SECOND_MANAGER)).find((i) => i.kind === 'report_review')!.title, new RegExp(`^The monthly satisfaction report ${period.label} awaits approval$`));
    assert.equal((await inboxOf(GENERAL_MANAGER)).some((i) => i.kind === 'report_review'), false);
    await handle.terminate('test done');
  });

  it('at night a notification that is not urgent waits for the morning call window; an urgent one goes at once', async () => {
    // 22:00 company time tonight (or tomorrow night when it is past).
    const now = await h.now();
    let night = atCompanyTime(toCompanyTime(now, TIME_ZONE).date, 22 * 60, TIME_ZONE);
    if (night.getTime() <= now.getTime()) night = atCompanyTime(addDays(toCompanyTime(now, TIME_ZONE).date, 1), 22 * 60, TIME_ZONE);
    await h.skipTo(night);
    const at = (await h.now()).toISOString();
    assert.equal(isWithinCallWindow(CHINA_CALENDAR, at, TIME_ZONE), false);
    const chase = `questionnaire-chase:${uniqueId('S')}-C2:${at}`;
    const escalation = `case-escalation:${caseNo}:9:assigned:${at}`;
    await h.activities.notify({ key: chase, recipient: 'agent', recipientId: 'A-1001', kind: 'questionnaire_chase', saleId, callbackId: `${saleId}-C2`, message: 'test', at });
    await h.activities.notify({
      key: escalation,
      recipient: 'general_manager',
      alsoTo: ['after_sales_manager'],
      kind: 'case_deadline_missed',
      caseNo,
      stage: 'verifying',
      dueAt: at,
      priority: 'high',
      message: 'test',
      at,
    });

    const complaint = `external-complaint:${randomUUID()}`;
    await h.activities.notify({ key: complaint, recipient: 'general_manager', kind: 'external_complaint', saleId, callbackId: `${saleId}-C2`, caseNo, message: 'test', at });

    // The urgent ones: inbox and e-mail at once, in the middle of the night.
    await settled([escalation, complaint]);
    for (const key of [escalation, complaint]) {
      const gmMail = (await h.mailpit.to(address('gm.wang'))).filter((m) => m.MessageID === notificationMessageId(key, 'gm.wang', messageIdDomain(MAIL_FROM)));
      assert.equal(gmMail.length, 1, key);
      assert.match(gmMail[0]!.Subject, /^【紧急】/);
    }
    assert.equal((await h.mailpit.to(address('mgr.zhao'))).filter((m) => m.MessageID === notificationMessageId(escalation, 'mgr.zhao', messageIdDomain(MAIL_FROM)))[0]?.Subject.startsWith('[Urgent] '), true);

    // The other: in the agent's inbox at once (harmless, read when they work), e-mail and chat held until 10:00.
    const held = await waitFor('the chase to be held', async () => {
      const rows = await sql<{ channel: string; status: string; not_before: Date | null }>(
        `select "channel", "status", "not_before" from "notification_delivery" where "notification_key" = ? order by "channel"`,
        [chase],
      );
      return rows.length === 3 && rows.every((r) => r.channel === 'inbox' || r.status === 'waiting') ? rows : undefined;
    });
    assert.deepEqual(held.map((r) => [r.channel, r.status]), [['chat', 'waiting'], ['email', 'waiting'], ['inbox', 'sent']]);
    const morning = new Date(held[0]!.not_before!);
    const local = toCompanyTime(morning, TIME_ZONE);
    assert.equal(local.msOfDay, 10 * 3600_000, 'the first call window opens at 10:00');
    assert.ok(morning.getTime() > Date.parse(at));
    const agentMail = () => h.mailpit.to(address('A-1001'));
    assert.equal((await agentMail()).length, 0);
    assert.equal((await inboxOf(AGENT)).filter((i) => i.kind === 'questionnaire_chase').length, 1);

    // Just before the window nothing has gone; once it opens, the e-mail and the chat post go.
    await h.skipTo(new Date(morning.getTime() - 60_000));
    assert.equal((await agentMail()).length, 0);
    await h.skipTo(new Date(morning.getTime() + 60_000));
    await settled([chase]);
    const [mail] = await agentMail();
    assert.equal(mail!.MessageID, notificationMessageId(chase, 'A-1001', messageIdDomain(MAIL_FROM)));
    const detail = await h.mailpit.message(mail!.ID);
    assert.match(detail.Text, new RegExp(`${APP_BASE_URL}/callbacks/${saleId}-C2`));
  });

  it('a role with nobody active in it: the administrators are told; with no administrator either, it is logged and listed', async () => {
    const em = h.orm.em.fork();
    await addPerson(em, { id: 'gm.wang', roles: ['general_manager'], active: false });
    try {
      const at = (await h.now()).toISOString();
      const key = `report-escalation:monthly-2026-10-v${Math.floor(Math.random() * 1e5) + 1}`;
      await h.activities.notify({ key, recipient: 'general_manager', kind: 'report_not_approved', reportId: key.split(':')[1], dueAt: at, message: 'test', at });
      const told = await waitFor('the administrator to be told', async () => (await inboxOf(ADMINISTRATOR)).find((i) => i.kind === 'recipient_unresolved' && i.body.includes(key)));
      assert.match(told.body, /general_manager/);
      const [unresolved] = await sql<{ recipient_id: string | null; status: string; last_error: string }>(
        `select "recipient_id", "status", "last_error" from "notification_delivery" where "notification_key" = ?`,
        [key],
      );
      assert.deepEqual(unresolved, { recipient_id: null, status: 'failed', last_error: 'nobody active in the directory for general_manager' });
      const noticeKey = (await keysOf(`"kind" = 'recipient_unresolved' and "facts"->'regarding'->>'key' = ?`, [key]))[0]!;
      await flush([noticeKey]);
      assert.equal((await h.mailpit.to(address('admin'))).filter((m) => m.MessageID === notificationMessageId(noticeKey, 'admin', messageIdDomain(MAIL_FROM))).length, 1);

      // Nobody to tell the administrators either: an error in the log (ids only), and both in the delivery list.
      await addPerson(em, { id: 'admin', roles: ['administrator'], active: false });
      const lonely = `report-escalation:monthly-2026-09-v${Math.floor(Math.random() * 1e5) + 1}`;
      await h.activities.notify({ key: lonely, recipient: 'general_manager', kind: 'report_not_approved', reportId: lonely.split(':')[1], message: 'test', at });
      const logged = await waitFor('the error in the log', async () => h.errors.find((line) => line.includes(lonely)));
      assert.match(logged, /^notification undeliverable: kind=recipient_unresolved key=recipient-unresolved:report-escalation:monthly-2026-09-v\d+ nobody active for administrator$/);
      // The directory's 'admin' is deactivated now, so an operators' tool with the administrator role reads the list.
      const list = (await (await h.api.get('/notifications/deliveries?status=failed&pageSize=200', as('administrator', 'admin-tool'))).json()) as {
        items: { notificationKey: string; recipientId: string | null; lastError: string }[];
      };
      const listed = list.items.filter((i) => i.notificationKey.includes(lonely));
      assert.deepEqual(listed.map((i) => [i.notificationKey, i.recipientId]).sort(), [
        [`recipient-unresolved:${lonely}`, null],
        [lonely, null],
      ]);
    } finally {
      await addPerson(em, { id: 'gm.wang', roles: ['general_manager'] });
      await addPerson(em, { id: 'admin', roles: ['administrator'] });
    }
  });

  it('an administrator delivers again once the directory is fixed: the person found now is told, nobody twice', async () => {
    const em = h.orm.em.fork();
    await addPerson(em, { id: 'gm.wang', roles: ['general_manager'], active: false });
    const at = (await h.now()).toISOString();
    const key = `report-escalation:quarterly-2026-Q3-v${Math.floor(Math.random() * 1e5) + 1}`;
    try {
      await h.activities.notify({ key, recipient: 'general_manager', alsoTo: ['after_sales_manager'], kind: 'report_not_approved', reportId: key.split(':')[1], dueAt: at, message: 'test', at });
      await flush([key]);
      await h.env.client.workflow.getHandle(deliveryWorkflowId(key)).result();
      const mailsOf = async (id: string) => (await h.mailpit.to(address(id))).filter((m) => m.MessageID === notificationMessageId(key, id, messageIdDomain(MAIL_FROM)));
      assert.deepEqual([(await mailsOf('mgr.chen')).length, (await mailsOf('gm.wang')).length], [1, 0]);

      const redeliver = (body: unknown) => h.api.post('/notifications/deliveries/redelivery', body, ADMINISTRATOR);
      // The directory fixed: the redelivery finds the general manager; the managers, told the first time, are not told again.
      await addPerson(em, { id: 'gm.wang', roles: ['general_manager'] });
      const accepted = await redeliver({ notificationKey: key });
      assert.equal(accepted.status, 202, await accepted.clone().text());
      assert.deepEqual(await accepted.json(), { notificationKey: key, workflowId: deliveryWorkflowId(key), failedSends: 0, unresolvedAddressees: 1 });
      await flush([key]);
      await h.env.client.workflow.getHandle(deliveryWorkflowId(key)).result();
      const inboxes = await sql<{ person_id: string }>(`select "person_id" from "inbox_item" where "notification_key" = ? order by "person_id"`, [key]);
      assert.deepEqual(inboxes.map((i) => i.person_id), ['gm.wang', 'mgr.chen', 'mgr.zhao']);
      assert.deepEqual([(await mailsOf('mgr.chen')).length, (await mailsOf('mgr.zhao')).length, (await mailsOf('gm.wang')).length], [1, 1, 1]);
      const [unresolved] = await sql<{ n: string }>(`select count(*) as "n" from "notification_delivery" where "notification_key" = ? and "recipient_id" is null`, [key]);
      assert.equal(Number(unresolved!.n), 0);

      // A send that failed for good (as after a give-up) goes again, with the Message-ID of the first attempt.
      await sql(`update "notification_delivery" set "status" = 'failed', "last_error" = 'given up: smtp' where "notification_key" = ? and "recipient_id" = 'mgr.zhao' and "channel" = 'email'`, [key]);
      const resent = await redeliver({ notificationKey: key });
      assert.deepEqual([resent.status, ((await resent.json()) as { failedSends: number }).failedSends], [202, 1]);
      await flush([key]);
      await h.env.client.workflow.getHandle(deliveryWorkflowId(key)).result();
      assert.deepEqual([(await mailsOf('mgr.chen')).length, (await mailsOf('mgr.zhao')).length, (await mailsOf('gm.wang')).length], [1, 2, 1]);

      const again = await redeliver({ notificationKey: key });
      assert.deepEqual([again.status, ((await again.json()) as { message: string }).message], [409, `nothing of notification ${key} failed: its deliveries are sent or under way`]);
      assert.equal((await redeliver({ notificationKey: 'no-such-notification' })).status, 404);
      const bad = await redeliver({});
      assert.equal(bad.status, 400);
      assert.deepEqual(((await bad.json()) as { fields: { field: string }[] }).fields.map((f) => f.field), ['notificationKey']);
      assert.equal((await h.api.post('/notifications/deliveries/redelivery', { notificationKey: key }, MANAGER)).status, 403);
    } finally {
      await addPerson(em, { id: 'gm.wang', roles: ['general_manager'] });
    }
  });

  it('no customer name, phone or words reaches an inbox, an e-mail or a chat post', async () => {
    secrets.add(customer.name);
    const inbox = await sql<{ title: string; body: string; link: string }>(`select "title", "body", "link" from "inbox_item"`);
    const mails = await Promise.all((await h.mailpit.messages()).map((m) => h.mailpit.message(m.ID)));
    const posts = h.receiver.posts().map((p) => JSON.stringify(p.body));
    assert.ok(inbox.length > 10 && mails.length > 10 && posts.length > 3);
    const delivered = [...inbox.map((i) => `${i.title}\n${i.body}\n${i.link}`), ...mails.map((m) => `${m.Subject}\n${m.Text}`), ...posts];
    for (const secret of secrets) {
      for (const text of delivered) assert.ok(!text.includes(secret), `delivered text contains ${secret}: ${text}`);
    }
    // The system had the words: the survey record keeps them, as the case does; only what is sent leaves them out.
    const [stored] = await sql<{ n: string }>(`select count(*) as "n" from "survey_record" where "opinions" like ?`, ['%电视台%']);
    assert.equal(Number(stored!.n), 1);
    assert.ok(delivered.some((text) => text.includes(caseNo)), 'the case number is what people are told');
  });
});
