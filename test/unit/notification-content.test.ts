import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mailErrorSummary, messageIdDomain, notificationMessageId } from '../../src/notifications/mailer.js';
import { isUrgent } from '../../src/notifications/record-notification.js';
import { companyTimeText, linkOf, NOTIFICATION_KINDS, renderNotification, type NotificationContent } from '../../src/notifications/templates.js';

const WORKFLOWS_DIR = fileURLToPath(new URL('../../../workflows/', import.meta.url));
const settings = { appBaseUrl: 'https://aftercare.example.com/app/', timeZone: 'Asia/Shanghai' };

const aNotification = (overrides: Partial<NotificationContent> = {}): NotificationContent => ({
  kind: 'case_deadline_warning',
  recipient: 'department_owner',
  saleId: 'S-2026-0001',
  callbackId: 'S-2026-0001-C1',
  caseNo: '20261123-PHONE-001',
  facts: { stage: 'assigned', dueAt: '2026-11-26T09:30:00.000Z', priority: 'high' },
  ...overrides,
});

/** The facts each kind is sent with by its workflow (or by the delivery, for the administrators' kinds). */
const FACTS: Record<string, Partial<NotificationContent>> = {
  report_review: { caseNo: null, saleId: null, callbackId: null, facts: { reportId: 'monthly-2026-10-v2', dueAt: '2026-11-05T09:30:00.000Z' } },
  report_restated: { caseNo: null, saleId: null, callbackId: null, facts: { reportId: 'quarterly-2026-Q3-v3', dueAt: '2026-10-15T09:30:00.000Z' } },
  report_reminder: { caseNo: null, saleId: null, callbackId: null, facts: { reportId: 'monthly-2026-10-v1', dueAt: '2026-11-05T09:30:00.000Z' } },
  report_not_approved: { caseNo: null, saleId: null, callbackId: null, facts: { reportId: 'monthly-2026-10-v1', dueAt: '2026-11-05T09:30:00.000Z' } },
  repurchase_lead: { caseNo: null, facts: {} },
  questionnaire_chase: { caseNo: null, facts: {} },
  delivery_failing: { facts: { regarding: { key: 'case-warning:20261123-PHONE-001:1:assigned:x', kind: 'case_deadline_warning', channel: 'email', recipient: 'owner.liu', attempts: 5 } } },
  recipient_unresolved: { facts: { regarding: { key: 'report-escalation:monthly-2026-10-v1', kind: 'report_not_approved', recipient: 'general_manager' } } },
};

describe('what each notification says', () => {
  it('has a template for every kind a workflow sends', async () => {
    const files = (await readdir(WORKFLOWS_DIR)).filter((f) => f.endsWith('.ts'));
    const sent = new Set<string>();
    for (const file of files) {
      const source = await readFile(`${WORKFLOWS_DIR}${file}`, 'utf8');
      for (const line of source.split('\n').filter((l) => /^\s*kind: .*'/.test(l))) {
        for (const [, kind] of line.matchAll(/'([a-z_]+)'/g)) sent.add(kind!);
      }
    }
    assert.ok(sent.size >= 10, `kinds found in workflows/: ${[...sent].join(', ')}`);
    for (const kind of sent) assert.ok(NOTIFICATION_KINDS.includes(kind), `no template for ${kind}`);
  });

  for (const kind of NOTIFICATION_KINDS) {
    it(`${kind}: zh-CN by default, English for those who prefer it, ids only`, () => {
      const n = aNotification({ kind, ...FACTS[kind] });
      const zh = renderNotification(n, 'zh-CN', settings);
      const en = renderNotification(n, 'en', settings);
      for (const rendered of [zh, en]) {
        assert.ok(rendered.title.length > 5 && rendered.body.length > 5);
        assert.doesNotMatch(`${rendered.title} ${rendered.body}`, /undefined|null|\[object/);
        assert.ok(rendered.link.startsWith('https://aftercare.example.com/app/'));
      }
      assert.match(zh.title, /[\u4e00-\u9fff]/);
      assert.doesNotMatch(en.title, /[\u4e00-\u9fff]/);
      assert.doesNotMatch(en.body, /[\u4e00-\u9fff]/);
      assert.notEqual(zh.title, en.title);
    });
  }

  it('names the case, the stage and the deadline in company time with its offset', () => {
    const zh = renderNotification(aNotification(), 'zh-CN', settings);
    assert.deepEqual(zh, {
      title: '反馈单 20261123-PHONE-001：原因分析与计划阶段即将到期',
      body: '截止时间 2026-11-26 17:30 (UTC+08:00)。请在截止前完成本阶段。',
      link: 'https://aftercare.example.com/app/cases/20261123-PHONE-001',
    });
    const en = renderNotification(aNotification({ kind: 'case_deadline_missed' }), 'en', settings);
    assert.equal(en.title, 'Feedback case 20261123-PHONE-001: the root cause and plan stage is overdue');
    assert.equal(en.body, 'It was due 2026-11-26 17:30 (UTC+08:00). Priority: high. Please follow it up.');
    assert.equal(companyTimeText('2026-11-26T09:30:00Z', 'UTC'), '2026-11-26 09:30 (UTC+00:00)');
  });

  it('links each kind to its page of the web app', () => {
    const link = (kind: string, extra: Partial<NotificationContent> = {}) => linkOf(aNotification({ kind, ...FACTS[kind], ...extra }), 'http://127.0.0.1:3000/app');
    assert.equal(link('case_assigned'), 'http://127.0.0.1:3000/app/cases/20261123-PHONE-001');
    assert.equal(link('external_complaint'), 'http://127.0.0.1:3000/app/cases/20261123-PHONE-001');
    assert.equal(link('repurchase_lead'), 'http://127.0.0.1:3000/app/leads');
    assert.equal(link('questionnaire_chase'), 'http://127.0.0.1:3000/app/callbacks/S-2026-0001-C1');
    assert.equal(link('report_review'), 'http://127.0.0.1:3000/app/reports/monthly/2026-10');
    assert.equal(link('report_restated'), 'http://127.0.0.1:3000/app/reports/quarterly/2026-Q3');
    assert.equal(link('delivery_failing'), 'http://127.0.0.1:3000/app/admin/deliveries');
    assert.equal(link('external_complaint', { caseNo: null }), 'http://127.0.0.1:3000/app/sales/S-2026-0001');
    assert.equal(link('something_new', { caseNo: null, saleId: null }), 'http://127.0.0.1:3000/app/inbox');
  });

  it('renders what an older workflow sent without the structured facts, without inventing them', () => {
    const rendered = renderNotification(aNotification({ facts: {} }), 'en', settings);
    assert.equal(rendered.title, 'Feedback case 20261123-PHONE-001: the current stage is due soon');
    assert.equal(rendered.body, 'Finish the stage before then.');
  });

  it('is urgent for an external complaint and a missed deadline on a high-priority case only', () => {
    assert.equal(isUrgent('external_complaint', {}), true);
    assert.equal(isUrgent('case_deadline_missed', { priority: 'high' }), true);
    assert.equal(isUrgent('case_deadline_missed', { priority: 'medium' }), false);
    assert.equal(isUrgent('case_deadline_missed', {}), false);
    for (const kind of ['case_assigned', 'case_deadline_warning', 'repurchase_lead', 'questionnaire_chase', 'report_review', 'report_not_approved']) {
      assert.equal(isUrgent(kind, { priority: 'high' }), false, kind);
    }
  });
});

describe('notification e-mail', () => {
  it('has one Message-ID per notification and person, the same on every attempt', () => {
    const domain = messageIdDomain('售后回访 <Aftercare@Example.COM>');
    assert.equal(domain, 'example.com');
    const id = notificationMessageId('lead:S-1-C1', 'li.lei', domain);
    assert.match(id, /^notification\.[0-9a-f]{32}@example\.com$/);
    assert.equal(notificationMessageId('lead:S-1-C1', 'li.lei', domain), id);
    assert.notEqual(notificationMessageId('lead:S-1-C1', 'mgr.chen', domain), id);
    assert.notEqual(notificationMessageId('lead:S-2-C1', 'li.lei', domain), id);
  });

  it('records what went wrong without an address in it', () => {
    const rejected = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <li.lei@example.com>: Recipient address rejected"), {
      code: 'EENVELOPE',
      responseCode: 550,
    });
    assert.equal(mailErrorSummary(rejected), "EENVELOPE 550 Can't send mail - all recipients were rejected: 550 5.1.1 <<address>>: Recipient address rejected");
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1025'), { code: 'ESOCKET' });
    assert.equal(mailErrorSummary(refused), 'ESOCKET connect ECONNREFUSED 127.0.0.1:1025');
  });
});
