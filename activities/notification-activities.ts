import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { isRole } from '../src/auth/roles.js';
import { insertIgnoringConflict } from '../src/database/insert-ignoring-conflict.js';
import { Department } from '../src/directory/department.entity.js';
import { activePeopleInRole, personById } from '../src/directory/directory.js';
import type { Locale, Person } from '../src/directory/person.entity.js';
import { ChatPostFailed, postChatMessage, type ChatMessage, type ChatTarget } from '../src/notifications/chat-webhooks.js';
import { mailErrorSummary, messageIdDomain, notificationMessageId, type Mailer } from '../src/notifications/mailer.js';
import { Notification, type NotificationChannel, type NotificationRecipient } from '../src/notifications/notification.entity.js';
import { recordNotification, type DeliveryStarter } from '../src/notifications/record-notification.js';
import { renderNotification, type RenderedNotification, type RenderSettings } from '../src/notifications/templates.js';
import type { DeliveryPlan, PlannedSend, SendOutcome } from '../workflows/notification-types.js';

/** Notices to the administrators about delivery itself: their own failures never raise further notices. */
const ABOUT_DELIVERY = new Set(['delivery_failing', 'recipient_unresolved']);

export interface NotificationActivityDeps {
  orm: MikroORM;
  deliveries: DeliveryStarter;
  mailer: Mailer;
  /** The sender address; its domain ends every Message-ID. */
  mailFrom: string;
  render: RenderSettings;
  postChat?: (target: ChatTarget, message: ChatMessage) => Promise<void>;
  /** Errors about undeliverable notifications, ids only; console.error unless a test listens. */
  logError?: (line: string) => void;
}

interface SendRow {
  id: string;
  notification_key: string;
  recipient_id: string | null;
  channel: NotificationChannel;
  status: string;
  department_code: string | null;
  kind: string;
}

const invalid = (message: string) => ApplicationFailure.nonRetryable(message, 'InvalidDeliveryInput');

/** Keys of the notices about a notification stay within the key's 200 characters. */
function derivedKey(prefix: string, key: string): string {
  const full = `${prefix}:${key}`;
  return full.length <= 200 ? full : `${prefix}:${createHash('sha256').update(key).digest('hex')}`;
}

function emailText(rendered: RenderedNotification, locale: Locale): string {
  const footer = locale === 'en' ? 'Sent by Aftercare; open the link to see the details your role allows.' : '本邮件由售后回访系统 Aftercare 自动发送；打开链接查看您的角色可见的详情。';
  return `${rendered.body}\n\n${rendered.link}\n\n-- \n${footer}\n`;
}

export function createNotificationActivities({
  orm,
  deliveries,
  mailer,
  mailFrom,
  render,
  postChat = postChatMessage,
  logError = console.error,
}: NotificationActivityDeps) {
  const domain = messageIdDomain(mailFrom);

  async function loadNotification(em: EntityManager, key: string): Promise<Notification> {
    const notification = typeof key === 'string' ? await em.findOne(Notification, { key }) : null;
    if (!notification) throw ApplicationFailure.nonRetryable(`notification ${key} is not recorded`, 'UnknownNotification');
    return notification;
  }

  /** Everyone the notification names: its recipient (one person, or every active person in the role) and alsoTo roles. */
  async function resolve(em: EntityManager, n: Notification): Promise<{ people: Person[]; unresolved: string[] }> {
    const addressees: { role: NotificationRecipient; id: string | null }[] = [
      { role: n.recipient, id: n.recipientId },
      ...(n.facts.alsoTo ?? []).map((role) => ({ role, id: null })),
    ];
    const people = new Map<string, Person>();
    const unresolved: string[] = [];
    for (const { role, id } of addressees) {
      // A role the directory does not know yet (sales_owner without an id) has nobody in it.
      const found: Person[] =
        id !== null
          ? [await personById(em, id)].filter((person): person is Person => person?.active === true)
          : isRole(role)
            ? await activePeopleInRole(em, role)
            : [];
      if (found.length === 0) unresolved.push(id ?? role);
      for (const person of found) people.set(person.id, person);
    }
    return { people: [...people.values()], unresolved };
  }

  async function sendsOf(em: EntityManager, key: string): Promise<PlannedSend[]> {
    const rows = await em.execute<{ id: string; channel: 'email' | 'chat' }[]>(
      `select "id", "channel" from "notification_delivery"
        where "notification_key" = ? and "channel" in ('email', 'chat') and "status" not in ('sent', 'failed')
        order by "recipient_id", "channel"`,
      [key],
    );
    return rows.map((row) => ({ deliveryId: row.id, channel: row.channel }));
  }

  async function loadSend(em: EntityManager, deliveryId: string): Promise<SendRow> {
    if (typeof deliveryId !== 'string' || !/^[0-9a-f-]{36}$/.test(deliveryId)) throw invalid(`deliveryId must be a uuid, got ${String(deliveryId)}`);
    const [row] = await em.execute<SendRow[]>(
      `select d."id", d."notification_key", d."recipient_id", d."channel", d."status", d."department_code", n."kind"
         from "notification_delivery" d join "notification" n on n."key" = d."notification_key" where d."id" = ?`,
      [deliveryId],
    );
    if (!row) throw ApplicationFailure.nonRetryable(`delivery ${deliveryId} is not recorded`, 'UnknownDelivery');
    return row;
  }

  async function markSent(em: EntityManager, row: SendRow, attempt: number, target: string): Promise<void> {
    await em.execute(
      `update "notification_delivery" set "status" = 'sent', "attempts" = ?, "sent_at" = now(), "updated_at" = now() where "id" = ?`,
      [attempt, row.id],
    );
    // The channel works again: a later spell of failures is told anew.
    await em.execute(`update "delivery_alert" set "closed_at" = now() where "channel" = ? and "target" = ? and "closed_at" is null`, [row.channel, target]);
  }

  async function markFailed(em: EntityManager, row: SendRow, error: string): Promise<SendOutcome> {
    await em.execute(
      `update "notification_delivery" set "status" = 'failed', "last_error" = ?, "updated_at" = now() where "id" = ? and "status" <> 'sent'`,
      [error.slice(0, 500), row.id],
    );
    return 'failed';
  }

  /**
   * Records a failed attempt. From the limit on, makes sure the administrators were told that this channel keeps
   * failing: once per spell (an open delivery_alert), whose notice is recorded in the same transaction as the alert and
   * whose delivery is started on every attempt past the limit, so a crash between the two loses nothing.
   */
  async function failedAttempt(em: EntityManager, row: SendRow, attempt: number, error: string, failingAfterAttempts: number, target: string): Promise<void> {
    await em.execute(
      `update "notification_delivery" set "status" = 'retrying', "attempts" = ?, "last_error" = ?, "updated_at" = now() where "id" = ? and "status" <> 'sent'`,
      [attempt, error.slice(0, 500), row.id],
    );
    if (attempt < failingAfterAttempts || ABOUT_DELIVERY.has(row.kind)) return;
    const noticeKey = await em.fork().transactional(async (tx) => {
      const [opened] = await tx.execute<{ id: string }[]>(
        `insert into "delivery_alert" ("id", "channel", "target", "opened_at") values (?, ?, ?, now()) on conflict do nothing returning "id"`,
        [randomUUID(), row.channel, target],
      );
      if (!opened) {
        const [open] = await tx.execute<{ id: string }[]>(
          `select "id" from "delivery_alert" where "channel" = ? and "target" = ? and "closed_at" is null`,
          [row.channel, target],
        );
        return open ? `delivery-failing:${open.id}` : null;
      }
      const original = await loadNotification(tx, row.notification_key);
      const notice = new Notification({
        key: `delivery-failing:${opened.id}`,
        recipient: 'administrator',
        kind: 'delivery_failing',
        saleId: original.saleId,
        callbackId: original.callbackId,
        caseNo: original.caseNo,
        message: `${row.channel} deliveries are failing (${target}): notification ${row.notification_key}, attempt ${attempt}`,
        facts: {
          regarding: { key: row.notification_key, kind: row.kind, channel: row.channel, ...(row.recipient_id ? { recipient: row.recipient_id } : {}), attempts: attempt },
        },
        urgent: original.urgent,
        notifiedAt: new Date(),
      });
      await insertIgnoringConflict(tx, Notification, notice, 'key');
      return notice.key;
    });
    if (noticeKey) await deliveries.start(noticeKey);
  }

  /** Sets a held send back to pending when its time has come. */
  async function startSending(em: EntityManager, row: SendRow): Promise<void> {
    if (row.status === 'waiting') {
      await em.execute(`update "notification_delivery" set "status" = 'pending', "updated_at" = now() where "id" = ? and "status" = 'waiting'`, [row.id]);
    }
  }

  async function recipientOf(em: EntityManager, row: SendRow): Promise<Person | null> {
    const person = row.recipient_id ? await personById(em, row.recipient_id) : null;
    return person?.active ? person : null;
  }

  const attemptNow = (): number => Context.current().info.attempt;

  return {
    /**
     * Resolves the recipients through the directory and writes, once, each person's inbox entry (at once, day or
     * night) and a pending row per person for e-mail (when they have an address) and chat (when their department has
     * a robot). Nobody active for an addressee: a failed row, and the administrators are told. Answers the sends left.
     * With `again` (an administrator's redelivery) the failed sends are set to go again first.
     */
    async planDelivery({ key, again }: { key: string; again?: boolean }): Promise<DeliveryPlan> {
      const em = orm.em.fork();
      const n = await loadNotification(em, key);
      if (again === true) {
        // A redelivery: failed sends go again, and addressees nobody was found for are looked up again (below).
        await em.transactional(async (tx) => {
          await tx.execute(
            `update "notification_delivery" set "status" = 'pending', "not_before" = null, "updated_at" = now()
              where "notification_key" = ? and "channel" in ('email', 'chat') and "status" = 'failed' and "recipient_id" is not null`,
            [key],
          );
          await tx.execute(`delete from "notification_delivery" where "notification_key" = ? and "recipient_id" is null and "status" = 'failed'`, [key]);
        });
      }
      const { people, unresolved } = await resolve(em, n);
      await em.transactional(async (tx) => {
        for (const person of people) {
          const rendered = renderNotification(n, person.locale, render);
          await tx.execute(
            `insert into "inbox_item" ("id", "notification_key", "person_id", "kind", "title", "body", "link", "sale_id", "callback_id", "case_no", "urgent", "created_at", "read_at")
             values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), null) on conflict do nothing`,
            [randomUUID(), n.key, person.id, n.kind, rendered.title.slice(0, 300), rendered.body, rendered.link, n.saleId, n.callbackId, n.caseNo, n.urgent],
          );
          const rows: [NotificationChannel, string, string | null][] = [['inbox', 'sent', null]];
          if (person.email) rows.push(['email', 'pending', null]);
          if (person.department?.chatPlatform) rows.push(['chat', 'pending', person.department.code]);
          for (const [channel, status, departmentCode] of rows) {
            await tx.execute(
              `insert into "notification_delivery" ("id", "notification_key", "recipient_id", "channel", "status", "department_code", "attempts", "sent_at", "created_at", "updated_at")
               values (?, ?, ?, ?, ?, ?, ?, ?, now(), now()) on conflict do nothing`,
              [randomUUID(), n.key, person.id, channel, status, departmentCode, status === 'sent' ? 1 : 0, status === 'sent' ? new Date() : null],
            );
          }
        }
        if (unresolved.length > 0) {
          await tx.execute(
            `insert into "notification_delivery" ("id", "notification_key", "recipient_id", "channel", "status", "attempts", "last_error", "created_at", "updated_at")
             values (?, ?, null, 'inbox', 'failed', 0, ?, now(), now()) on conflict do nothing`,
            [randomUUID(), n.key, `nobody active in the directory for ${unresolved.join(', ')}`],
          );
        }
      });
      if (unresolved.length > 0) {
        if (ABOUT_DELIVERY.has(n.kind)) {
          logError(`notification undeliverable: kind=${n.kind} key=${n.key} nobody active for ${unresolved.join(',')}`);
        } else {
          const notice = new Notification({
            key: derivedKey('recipient-unresolved', n.key),
            recipient: 'administrator',
            kind: 'recipient_unresolved',
            saleId: n.saleId,
            callbackId: n.callbackId,
            caseNo: n.caseNo,
            message: `Nobody active in the directory for ${unresolved.join(', ')}: notification ${n.key}`,
            facts: { regarding: { key: n.key, kind: n.kind, recipient: unresolved.join(', ').slice(0, 100) } },
            urgent: n.urgent,
            notifiedAt: new Date(),
          });
          await recordNotification(orm, deliveries, notice);
        }
      }
      return { urgent: n.urgent, inbox: people.length, sends: await sendsOf(em, n.key) };
    },

    /** The sends wait for working hours: shown as waiting until `until`. */
    async markWaiting({ deliveryIds, until }: { deliveryIds: string[]; until: string }): Promise<void> {
      if (!Array.isArray(deliveryIds) || Number.isNaN(Date.parse(until))) throw invalid('deliveryIds and until are required');
      if (deliveryIds.length === 0) return;
      await orm.em.fork().execute(
        `update "notification_delivery" set "status" = 'waiting', "not_before" = ?, "updated_at" = now()
          where "id" in (${deliveryIds.map(() => '?').join(', ')}) and "status" in ('pending', 'waiting')`,
        [new Date(until), ...deliveryIds],
      );
    },

    /** E-mails one person their notification, with the Message-ID that every attempt at it shares. */
    async sendEmail({ deliveryId, failingAfterAttempts }: { deliveryId: string; failingAfterAttempts: number }): Promise<SendOutcome> {
      const em = orm.em.fork();
      const row = await loadSend(em, deliveryId);
      if (row.status === 'sent' || row.status === 'failed') return row.status;
      const person = await recipientOf(em, row);
      if (!person?.email) return markFailed(em, row, 'the recipient is no longer active or has no e-mail address in the directory');
      await startSending(em, row);
      const n = await loadNotification(em, row.notification_key);
      const rendered = renderNotification(n, person.locale, render);
      const attempt = attemptNow();
      try {
        await mailer.send({
          to: person.email,
          subject: n.urgent ? `${person.locale === 'en' ? '[Urgent] ' : '【紧急】'}${rendered.title}` : rendered.title,
          text: emailText(rendered, person.locale),
          messageId: notificationMessageId(n.key, person.id, domain),
          headers: { 'X-Aftercare-Kind': n.kind },
        });
      } catch (err) {
        const summary = mailErrorSummary(err);
        await failedAttempt(em, row, attempt, summary, failingAfterAttempts, 'smtp');
        throw ApplicationFailure.retryable(`e-mail not sent: ${summary}`, 'EmailNotSent');
      }
      await markSent(em, row, attempt, 'smtp');
      return 'sent';
    },

    /** Posts one person's notification to their department's group robot, @-mentioning them by their chat handle. */
    async postChat({ deliveryId, failingAfterAttempts }: { deliveryId: string; failingAfterAttempts: number }): Promise<SendOutcome> {
      const em = orm.em.fork();
      const row = await loadSend(em, deliveryId);
      if (row.status === 'sent' || row.status === 'failed') return row.status;
      const person = await recipientOf(em, row);
      const department = row.department_code ? await em.findOne(Department, { code: row.department_code }) : null;
      if (!person) return markFailed(em, row, 'the recipient is no longer active in the directory');
      if (!department?.chatPlatform || !department.chatWebhookUrl) return markFailed(em, row, `department ${row.department_code} has no chat robot any more`);
      await startSending(em, row);
      const n = await loadNotification(em, row.notification_key);
      const attempt = attemptNow();
      try {
        await postChat(
          { platform: department.chatPlatform, webhookUrl: department.chatWebhookUrl, secret: department.chatSecret },
          { ...renderNotification(n, person.locale, render), locale: person.locale, mention: person.chatHandle },
        );
      } catch (err) {
        const summary = err instanceof ChatPostFailed ? err.message : `chat post failed (${(err as Error).name})`;
        await failedAttempt(em, row, attempt, summary, failingAfterAttempts, department.code);
        throw ApplicationFailure.retryable(summary, 'ChatNotPosted');
      }
      await markSent(em, row, attempt, department.code);
      return 'sent';
    },

    /** A send that kept failing until the give-up time: failed for good, its last error kept. */
    async giveUpSend({ deliveryId }: { deliveryId: string }): Promise<void> {
      const em = orm.em.fork();
      const row = await loadSend(em, deliveryId);
      await em.execute(
        `update "notification_delivery" set "status" = 'failed', "last_error" = left('given up: ' || coalesce("last_error", 'no attempt succeeded'), 500), "updated_at" = now()
          where "id" = ? and "status" not in ('sent', 'failed')`,
        [row.id],
      );
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
