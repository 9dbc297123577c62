import { LockMode, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { insertIgnoringConflict } from '../src/database/insert-ignoring-conflict.js';
import { ApplicationFailure } from '@temporalio/common';
import { CallAttempt } from '../src/callbacks/call-attempt.entity.js';
import { Callback } from '../src/callbacks/callback.entity.js';
import { SurveyRecord, type DimensionScores } from '../src/callbacks/survey-record.entity.js';
import { Customer } from '../src/customers/customer.entity.js';
import { FeedbackCase, feedbackCaseNo } from '../src/feedback/feedback-case.entity.js';
import { Lead } from '../src/leads/lead.entity.js';
import { Notification } from '../src/notifications/notification.entity.js';
import { isUrgent, notificationFacts, recordNotification, type DeliveryStarter, type NotifyInput } from '../src/notifications/record-notification.js';
import { Sale } from '../src/sales/sale.entity.js';
import type { CallOutcome, FeedbackCaseStart, SurveyRecordInput } from '../workflows/call-results.js';
import { FINAL_CALLBACK_STATUSES, type CallbackStatus } from '../workflows/callback-types.js';
import type { SurveyClass } from '../workflows/domain/classification.js';
import { toCompanyTime } from '../workflows/domain/company-time.js';
import type { ContactPerson } from '../workflows/sale-types.js';

export interface CallResultActivityDeps {
  orm: MikroORM;
  /** The company's time zone: a feedback case's number carries the local date it arrived. */
  companyTimeZone: string;
  /** Starts the delivery of each notification recorded. */
  deliveries: DeliveryStarter;
  /** Where the one line per notification goes; console.log unless a test listens. */
  log?: (line: string) => void;
}

// Bad input from the workflow is a bug a retry cannot fix: fail the activity for good, naming the field.
function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'InvalidCallResultInput');
}

function instant(value: string, name: string): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw invalid(`${name} must be an ISO 8601 instant, got ${String(value)}`);
  return date;
}

/** An id the activity filters by: checked first, as a missing one in a where clause would match every row. */
function requireId(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
    throw invalid(`${name} must be a non-empty string of at most 200 characters, got ${String(value)}`);
  }
  return value;
}

/** Builds an entity, turning a broken invariant into a non-retryable failure. */
function build<T>(what: string, create: () => T): T {
  try {
    return create();
  } catch (err) {
    throw invalid(`${what}: ${(err as Error).message}`);
  }
}

const unknownCallback = (id: string) => ApplicationFailure.nonRetryable(`callback ${id} is not known`, 'UnknownCallback');
const unknownSale = (id: string) => ApplicationFailure.nonRetryable(`sale ${id} is not registered`, 'UnknownSale');
const unknownCustomer = (id: string) => ApplicationFailure.nonRetryable(`customer ${id} is not known`, 'UnknownCustomer');

/** Statuses a callback waiting on a call or a questionnaire can be sent back to 'scheduled' from. */
const RESCHEDULABLE: readonly CallbackStatus[] = ['due', 'claimed', 'questionnaire'];
const CLOSING_STATUSES = ['completed', 'unreachable', 'refused'] as const;

function contactPerson(value: ContactPerson): ContactPerson {
  if (typeof value !== 'object' || value === null) throw invalid('actualUser is required');
  const field = (name: keyof ContactPerson, required: boolean, max: number): string | undefined => {
    const given = value[name];
    if (given === undefined || given === null) {
      if (required) throw invalid(`actualUser.${name} is required`);
      return undefined;
    }
    if (typeof given !== 'string' || (required && given.trim() === '') || given.length > max) {
      throw invalid(`actualUser.${name} must be ${required ? 'a non-empty' : 'a'} string of at most ${max} characters`);
    }
    return given;
  };
  const person: ContactPerson = { name: field('name', true, 100)!, phone: field('phone', true, 32)! };
  const title = field('title', false, 100);
  const email = field('email', false, 200);
  const specialNeeds = field('specialNeeds', false, 500);
  if (title !== undefined) person.title = title;
  if (email !== undefined) person.email = email;
  if (specialNeeds !== undefined) person.specialNeeds = specialNeeds;
  return person;
}

/** Thrown inside the case transaction to roll back its sequence number when another run opened the case. */
class CaseAlreadyOpened extends Error {}

export function createCallResultActivities({ orm, companyTimeZone, deliveries, log = console.log }: CallResultActivityDeps) {
  async function loadSale(em: EntityManager, saleId: string): Promise<Sale> {
    const sale = typeof saleId === 'string' ? await em.findOne(Sale, saleId, { populate: ['customer'] }) : null;
    if (!sale) throw unknownSale(saleId);
    return sale;
  }

  async function requireCallback(em: EntityManager, callbackId: string): Promise<Callback> {
    const callback = typeof callbackId === 'string' ? await em.findOne(Callback, callbackId) : null;
    if (!callback) throw unknownCallback(callbackId);
    return callback;
  }

  async function caseOpenedBy(em: EntityManager, sourceAttemptId: string): Promise<string | null> {
    const existing = await em.findOne(FeedbackCase, { sourceAttemptId }, { fields: ['caseNo'], disableIdentityMap: true });
    return existing?.caseNo ?? null;
  }

  return {
    /** A due callback becomes the agent's; the same agent claiming again changes nothing. */
    async claimCallback(input: { callbackId: string; agentId: string; claimedAt: string }): Promise<void> {
      requireId(input.callbackId, 'callbackId');
      const claimedAt = instant(input.claimedAt, 'claimedAt');
      if (typeof input.agentId !== 'string' || input.agentId.trim() === '' || input.agentId.length > 100) {
        throw invalid('agentId must be a non-empty string of at most 100 characters');
      }
      const em = orm.em.fork();
      const claimed = await em.nativeUpdate(
        Callback,
        { id: input.callbackId, status: 'due' },
        { status: 'claimed', claimedBy: input.agentId, claimedAt, updatedAt: new Date() },
      );
      if (claimed > 0) return;
      const callback = await requireCallback(em, input.callbackId);
      if (callback.status === 'claimed') {
        if (callback.claimedBy === input.agentId) return;
        throw ApplicationFailure.nonRetryable(`callback ${callback.id} is claimed by another agent`, 'CallbackClaimedByAnother');
      }
      if (FINAL_CALLBACK_STATUSES.includes(callback.status)) {
        throw ApplicationFailure.nonRetryable(`callback ${callback.id} is ${callback.status}`, 'CallbackFinished');
      }
      throw ApplicationFailure.nonRetryable(`callback ${callback.id} is not open for calls (${callback.status})`, 'CallbackNotOpen');
    },

    /** Records the attempt once, then sets the callback's attempt count to the attempts recorded for it. */
    async recordCallAttempt(input: {
      attemptId: string;
      callbackId: string;
      agentId: string;
      outcome: CallOutcome;
      reason?: string;
      nextTryAt?: string;
      recordedAt: string;
      /** The callback's status after the attempt; absent from workflows that ran before it was kept. */
      callbackStatus?: CallbackStatus;
    }): Promise<void> {
      requireId(input.callbackId, 'callbackId');
      const em = orm.em.fork();
      const attempt = build(`attempt ${input.attemptId}`, () =>
        new CallAttempt({
          id: input.attemptId,
          callback: em.getReference(Callback, input.callbackId),
          agentId: input.agentId,
          outcome: input.outcome,
          reason: input.reason ?? null,
          nextTryAt: input.nextTryAt ?? null,
          recordedAt: input.recordedAt,
          callbackStatus: input.callbackStatus ?? null,
        }),
      );
      await em.transactional(async (tx) => {
        // The lock orders concurrent attempts on one callback, so each count sees every attempt committed before it.
        const callback = await tx.findOne(Callback, input.callbackId, { lockMode: LockMode.PESSIMISTIC_WRITE, disableIdentityMap: true });
        if (!callback) throw unknownCallback(input.callbackId);
        await insertIgnoringConflict(tx, CallAttempt, attempt, 'id');
        const attempts = await tx.count(CallAttempt, { callback: input.callbackId });
        await tx.nativeUpdate(Callback, { id: input.callbackId, attempts: { $ne: attempts } }, { attempts, updatedAt: new Date() });
      });
    },

    /**
     * Sends a waiting callback back to 'scheduled' for `dueAt` and releases its claim. Already scheduled for that
     * time: nothing changes; a completed, unreachable, refused or cancelled callback is never reopened.
     */
    async rescheduleCallback(input: { callbackId: string; dueAt: string }): Promise<void> {
      requireId(input.callbackId, 'callbackId');
      const dueAt = instant(input.dueAt, 'dueAt');
      const em = orm.em.fork();
      const rescheduled = await em.nativeUpdate(
        Callback,
        {
          id: input.callbackId,
          $or: [{ status: { $in: [...RESCHEDULABLE] } }, { status: 'scheduled', dueAt: { $ne: dueAt } }],
        },
        { status: 'scheduled', dueAt, claimedBy: null, claimedAt: null, updatedAt: new Date() },
      );
      if (rescheduled === 0) await requireCallback(em, input.callbackId);
    },

    /** A questionnaire went out instead of a call: the callback waits for it in 'questionnaire'. */
    async markQuestionnaireSent(input: { callbackId: string; sentAt: string }): Promise<void> {
      requireId(input.callbackId, 'callbackId');
      const sentAt = instant(input.sentAt, 'sentAt');
      const em = orm.em.fork();
      const marked = await em.nativeUpdate(
        Callback,
        { id: input.callbackId, status: { $in: ['due', 'claimed'] } },
        { status: 'questionnaire', questionnaireSentAt: sentAt, updatedAt: new Date() },
      );
      if (marked > 0) return;
      const callback = await requireCallback(em, input.callbackId);
      // Already waiting (a retry), or closed meanwhile: nothing to do.
      if (callback.status === 'questionnaire' || FINAL_CALLBACK_STATUSES.includes(callback.status)) return;
      throw ApplicationFailure.nonRetryable(`callback ${callback.id} is not open (${callback.status})`, 'CallbackNotOpen');
    },

    /** Closes the callback with its final status; the first close wins, later ones change nothing. */
    async closeCallback(input: { callbackId: string; status: 'completed' | 'unreachable' | 'refused'; closedAt: string }): Promise<void> {
      requireId(input.callbackId, 'callbackId');
      if (!CLOSING_STATUSES.includes(input.status)) {
        throw invalid(`status must be one of ${CLOSING_STATUSES.join(', ')}, got ${String(input.status)}`);
      }
      const closedAt = instant(input.closedAt, 'closedAt');
      const em = orm.em.fork();
      await em.transactional(async (tx) => {
        const closed = await tx.nativeUpdate(
          Callback,
          { id: input.callbackId, status: { $nin: [...FINAL_CALLBACK_STATUSES] } },
          { status: input.status, closedAt, updatedAt: new Date() },
        );
        if (closed === 0) await requireCallback(tx, input.callbackId);
        // The last callback to end completes the sale's follow-up: its record says so once the workflow is gone.
        await tx.execute(
          `update "sale" s set "status" = 'completed'
            where s."id" = (select "sale_id" from "callback" where "id" = ?) and s."status" = 'following'
              and not exists (select 1 from "callback" c where c."sale_id" = s."id"
                               and c."status" not in ('completed', 'unreachable', 'refused'))`,
          [input.callbackId],
        );
      });
    },

    /** Saves the survey record of a reached customer once per attempt, with the segment copied for the reports. */
    async recordSurvey(input: {
      attemptId: string;
      callbackId: string;
      saleId: string;
      customerId: string;
      agentId: string;
      survey: SurveyRecordInput;
      score: number | null;
      dimensionScores: DimensionScores;
      classification: SurveyClass;
      recordedAt: string;
    }): Promise<void> {
      requireId(input.saleId, 'saleId');
      requireId(input.callbackId, 'callbackId');
      instant(input.recordedAt, 'recordedAt');
      const em = orm.em.fork();
      const sale = await loadSale(em, input.saleId);
      const callback = await requireCallback(em, input.callbackId);
      const record = build(`survey of attempt ${input.attemptId}`, () =>
        new SurveyRecord({
          attemptId: input.attemptId,
          callback,
          sale,
          customerId: input.customerId,
          agentId: input.agentId,
          survey: input.survey,
          score: input.score,
          dimensionScores: input.dimensionScores,
          classification: input.classification,
          recordedAt: input.recordedAt,
        }),
      );
      await insertIgnoringConflict(em, SurveyRecord, record, 'attemptId');
    },

    /** Someone else answered: the customer's actual user (使用人) becomes who the callbacks go to. */
    async recordActualUser(input: { customerId: string; actualUser: ContactPerson }): Promise<void> {
      requireId(input.customerId, 'customerId');
      const actualUser = contactPerson(input.actualUser);
      const em = orm.em.fork();
      const updated = await em.nativeUpdate(Customer, { id: input.customerId }, { actualUser, updatedAt: new Date() });
      if (updated === 0) throw unknownCustomer(input.customerId);
    },

    /** A repurchase lead for the sale's sales owner, once per lead id. */
    async createLead(input: {
      leadId: string;
      saleId: string;
      customerId: string;
      salesOwner: string;
      productInterest: string;
      createdAt: string;
    }): Promise<void> {
      requireId(input.saleId, 'saleId');
      instant(input.createdAt, 'createdAt');
      const em = orm.em.fork();
      const sale = await loadSale(em, input.saleId);
      const lead = build(`lead ${input.leadId}`, () =>
        new Lead({
          id: input.leadId,
          sale,
          customerId: input.customerId,
          salesOwner: input.salesOwner,
          productInterest: input.productInterest,
          createdAt: input.createdAt,
        }),
      );
      await insertIgnoringConflict(em, Lead, lead, 'id');
    },

    /**
     * Records a notification once per key and starts its delivery (DeliverNotification, once per key): the first call
     * for a key records it (sent=true), a repeat changes nothing (sent=false) but still makes sure the delivery was
     * started, so nobody is told twice about the same event and a crash between the two steps loses nothing.
     * Logs kind, recipient and ids, never the message.
     */
    async notify(input: NotifyInput): Promise<{ sent: boolean }> {
      instant(input.at, 'at');
      const notification = build(`notification ${input.kind}`, () => {
        const facts = notificationFacts(input);
        return new Notification({
          key: input.key,
          recipient: input.recipient,
          recipientId: input.recipientId ?? null,
          kind: input.kind,
          saleId: input.saleId ?? null,
          callbackId: input.callbackId ?? null,
          caseNo: input.caseNo ?? null,
          message: input.message,
          facts,
          urgent: isUrgent(input.kind, facts),
          notifiedAt: input.at,
        });
      });
      const sent = await recordNotification(orm, deliveries, notification);
      if (sent) {
        const ids = { saleId: notification.saleId, callbackId: notification.callbackId, caseNo: notification.caseNo };
        log(
          `notification recorded: kind=${notification.kind} recipient=${notification.recipient}` +
            Object.entries(ids)
              .filter(([, id]) => id !== null)
              .map(([name, id]) => ` ${name}=${id}`)
              .join(''),
        );
      }
      return { sent };
    },

    /**
     * Registers a feedback case for the attempt that raised it, numbered `YYYYMMDD-CHANNEL-NNN` by the company-time
     * day it arrived. The number comes from a per-day, per-channel counter incremented in the case's own transaction:
     * concurrent cases get consecutive numbers, and a rolled-back case gives its number back. A retry answers the
     * number the first run got.
     */
    async openFeedbackCase(start: FeedbackCaseStart): Promise<{ caseNo: string }> {
      if (typeof start !== 'object' || start === null) throw invalid('the feedback case is required');
      requireId(start.sourceAttemptId, 'sourceAttemptId');
      requireId(start.saleId, 'saleId');
      let day: string;
      try {
        day = toCompanyTime(start.receivedAt, companyTimeZone).date;
      } catch (err) {
        throw invalid(`receivedAt: ${(err as Error).message}`);
      }
      const em = orm.em.fork();
      const opened = await caseOpenedBy(em, start.sourceAttemptId);
      if (opened) return { caseNo: opened };
      const sale = await loadSale(em, start.saleId);
      // Checked before a number is taken; the real number replaces the first one below.
      const feedbackCase = build(`feedback case of attempt ${start.sourceAttemptId}`, () =>
        new FeedbackCase({ caseNo: feedbackCaseNo(day, start.channel, 1), sale, start }),
      );
      try {
        return await em.fork().transactional(async (tx) => {
          const [row] = await tx.execute<{ last: number }[]>(
            `insert into "feedback_case_sequence" ("day", "channel", "last") values (?, ?, 1)
               on conflict ("day", "channel") do update set "last" = "feedback_case_sequence"."last" + 1
               returning "last"`,
            [day, feedbackCase.channel],
          );
          feedbackCase.caseNo = feedbackCaseNo(day, feedbackCase.channel, Number(row.last));
          if (!(await insertIgnoringConflict(tx, FeedbackCase, feedbackCase, 'sourceAttemptId'))) throw new CaseAlreadyOpened();
          return { caseNo: feedbackCase.caseNo };
        });
      } catch (err) {
        if (!(err instanceof CaseAlreadyOpened)) throw err;
        // A concurrent run for the same attempt committed first: its number stands, this one was rolled back.
        const caseNo = await caseOpenedBy(orm.em.fork(), start.sourceAttemptId);
        if (!caseNo) throw new Error(`feedback case of attempt ${start.sourceAttemptId} vanished`, { cause: err });
        return { caseNo };
      }
    },
  };
}

export type CallResultActivities = ReturnType<typeof createCallResultActivities>;
