import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { notificationMessageId } from '../../src/notifications/mailer.js';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { startServices, type Services } from '../support/e2e.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { startMailpit, type Mailpit } from '../support/mailpit.js';
import { as, SALES_SYSTEM } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const SALES = 3;

// The worker process e-mails through a real SMTP server that goes down and comes back: every e-mail arrives, once.
describe('e-mail while the SMTP server is down', () => {
  let services: Services;
  let mailpit: Mailpit;
  const owner = uniqueId('owner');
  const admin = uniqueId('admin');
  const agent = as('agent', uniqueId('agent'));
  const saleIds: string[] = [];
  const query = async <T = any>(text: string, values: unknown[] = []): Promise<T[]> => (await services.db.query(text, values)).rows as T[];
  const leadKeys = () => saleIds.map((saleId) => `lead:${saleId}-C1`);

  before(async () => {
    mailpit = await startMailpit();
    services = await startServices({
      alwaysOpen: true,
      env: {
        SMTP_PORT: String(mailpit.smtpPort),
        SMTP_FROM: 'Aftercare <aftercare@outage.test>',
        DELIVERY_RETRY_INITIAL_MS: '200',
        DELIVERY_RETRY_MAX_MS: '1000',
        DELIVERY_FAILING_AFTER_ATTEMPTS: '3',
      },
    });
    for (const [id, role] of [[owner, 'sales_owner'], [admin, 'administrator']]) {
      await query(
        `insert into "person" ("id", "display_name", "roles", "email", "locale", "active", "created_at", "updated_at")
         values ($1, $1, $2::jsonb, $3, 'zh-CN', true, now(), now())`,
        [id, JSON.stringify([role]), `${id}@example.com`],
      );
    }
  });
  after(async () => {
    // Other end-to-end tests share the database: these people are told nothing after this test.
    await services?.db.query(`update "person" set "active" = false where "id" = any($1)`, [[owner, admin]]).catch(() => undefined);
    await services?.stop();
    await mailpit?.stop();
  });

  it('SMTP down while leads are recorded: the sends fail and retry, the inbox has them, the administrator is told once', async () => {
    await mailpit.kill();
    const today = toCompanyTime(new Date(), 'Asia/Shanghai').date;
    for (let i = 0; i < SALES; i++) {
      const delivery = aDelivery({ deliveredOn: addDays(today, -40), salesOwner: owner });
      saleIds.push(delivery.saleId);
      assert.equal((await services.post('/sales', delivery, SALES_SYSTEM)).status, 201);
    }
    for (const saleId of saleIds) {
      await waitFor('the callback to open', async () => ((await services.getJson(`/sales/${saleId}`, agent)).callbacks?.[0]?.status === 'due' ? true : undefined));
      const survey = {
        method: 'phone',
        usage: { city: '杭州' },
        overall: { scale: 'score_0_to_100', score: 95 },
        saysDissatisfied: false,
        complainedToManagement: false,
        seriousOpinion: false,
        repurchaseIntent: 'two more units next year',
      };
      const res = await services.post(`/callbacks/${saleId}-C1/results`, { attemptId: randomUUID(), outcome: 'survey_done', survey }, agent);
      assert.equal(res.status, 201);
    }

    const failing = await waitFor(
      'every lead e-mail to have failed three times',
      async () => {
        const rows = await query<{ attempts: number; status: string; last_error: string }>(
          `select "attempts", "status", "last_error" from "notification_delivery" where "notification_key" = any($1) and "channel" = 'email'`,
          [leadKeys()],
        );
        return rows.length === SALES && rows.every((r) => r.status === 'retrying' && r.attempts >= 3) ? rows : undefined;
      },
      30_000,
    );
    for (const row of failing) {
      assert.match(row.last_error, /ECONNREFUSED|ESOCKET|ECONNECTION/);
      assert.ok(!row.last_error.includes('@'), 'no address in the error text');
    }
    const inbox = await query<{ notification_key: string }>(`select "notification_key" from "inbox_item" where "person_id" = $1`, [owner]);
    assert.deepEqual(inbox.map((r) => r.notification_key).sort(), leadKeys().sort());
    const alerts = await query<{ key: string }>(
      `select "key" from "notification" where "kind" = 'delivery_failing' and "facts"->'regarding'->>'key' = any($1)`,
      [leadKeys()],
    );
    assert.equal(alerts.length, 1, 'one notice for the outage, not one per e-mail');
    await waitFor('the notice in the administrator\'s inbox', async () =>
      (await query(`select 1 from "inbox_item" where "person_id" = $1 and "kind" = 'delivery_failing'`, [admin])).length === 1 ? true : undefined,
    );
  });

  it('SMTP back: every e-mail arrives exactly once, recognisable by its Message-ID', async () => {
    await mailpit.start();
    const keys = [...leadKeys(), ...(await query<{ key: string }>(`select "key" from "notification" where "kind" = 'delivery_failing' and "facts"->'regarding'->>'key' = any($1)`, [leadKeys()])).map((r) => r.key)];
    await waitFor(
      'every e-mail to be sent',
      async () => {
        const rows = await query<{ status: string }>(
          `select "status" from "notification_delivery" where "notification_key" = any($1) and "channel" = 'email' and "recipient_id" = any($2)`,
          [keys, [owner, admin]],
        );
        return rows.length === SALES + 1 && rows.every((r) => r.status === 'sent') ? true : undefined;
      },
      30_000,
    );
    const toOwner = await mailpit.to(`${owner}@example.com`);
    assert.deepEqual(
      toOwner.map((m) => m.MessageID).sort(),
      leadKeys().map((key) => notificationMessageId(key, owner, 'outage.test')).sort(),
      'each lead e-mailed once, none twice',
    );
    const toAdmin = await mailpit.to(`${admin}@example.com`);
    assert.equal(toAdmin.length, 1);
    assert.match(toAdmin[0]!.Subject, /通知投递持续失败：电子邮件/);
    const attempts = await query<{ attempts: number }>(`select "attempts" from "notification_delivery" where "notification_key" = any($1) and "channel" = 'email'`, [leadKeys()]);
    assert.ok(attempts.every((r) => r.attempts >= 4), 'sent on a retry, after the failed attempts');
  });
});
