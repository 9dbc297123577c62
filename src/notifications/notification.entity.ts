import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { instant, oneOf, optionalText, text } from '../common/invariants.js';
import { CASE_STAGES, type CaseStage } from '../../workflows/feedback-types.js';
import type { FeedbackPriority } from '../../workflows/domain/classification.js';

export const NOTIFICATION_RECIPIENTS = ['general_manager', 'after_sales_manager', 'sales_owner', 'department_owner', 'agent', 'administrator'] as const;
export type NotificationRecipient = (typeof NOTIFICATION_RECIPIENTS)[number];

export const NOTIFICATION_CHANNELS = ['inbox', 'email', 'chat'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

const PRIORITIES: readonly FeedbackPriority[] = ['high', 'medium', 'low'];
// Logged with every notification: no spaces, so no sentence (and no name) fits in it.
const KIND = /^[A-Za-z0-9_.:-]{1,64}$/;
const REPORT_ID = /^(monthly|quarterly)-[0-9A-Za-z-]{4,16}-v[1-9][0-9]{0,5}$/;

/** What the administrators are told about: another notification, and the channel or recipient that failed. */
export interface NotificationRegarding {
  key: string;
  kind: string;
  /** The channel that keeps failing; absent when nobody could be found to tell. */
  channel?: NotificationChannel;
  /** The addressee that resolved to nobody active (a role, or a person's id), or the person a channel failed for. */
  recipient?: string;
  attempts?: number;
}

/**
 * The structured facts a notification's templates are rendered from: ids, stages, deadlines and priorities only,
 * never a customer's name, phone or words.
 */
export interface NotificationFacts {
  stage?: CaseStage;
  /** The deadline the notification is about, ISO 8601. */
  dueAt?: string;
  priority?: FeedbackPriority;
  /** A report version, e.g. monthly-2026-10-v2. */
  reportId?: string;
  /** Roles told as well as the recipient, e.g. the after-sales manager of an escalation to the general manager. */
  alsoTo?: NotificationRecipient[];
  regarding?: NotificationRegarding;
}

/** Checks facts given by a workflow or an activity; a broken one is a bug that no retry fixes. */
export function checkedFacts(facts: NotificationFacts): NotificationFacts {
  const checked: NotificationFacts = {};
  if (facts.stage !== undefined) checked.stage = oneOf(facts.stage, CASE_STAGES, 'stage');
  if (facts.dueAt !== undefined) checked.dueAt = instant(facts.dueAt, 'dueAt').toISOString();
  if (facts.priority !== undefined) checked.priority = oneOf(facts.priority, PRIORITIES, 'priority');
  if (facts.reportId !== undefined) {
    if (typeof facts.reportId !== 'string' || !REPORT_ID.test(facts.reportId)) {
      throw new Error(`reportId must look like monthly-2026-10-v1, got ${String(facts.reportId)}`);
    }
    checked.reportId = facts.reportId;
  }
  if (facts.alsoTo !== undefined) {
    if (!Array.isArray(facts.alsoTo)) throw new Error('alsoTo must be a list of roles');
    checked.alsoTo = [...new Set(facts.alsoTo.map((role) => oneOf(role, NOTIFICATION_RECIPIENTS, 'alsoTo')))];
  }
  if (facts.regarding !== undefined) {
    const { key, kind, channel, recipient, attempts } = facts.regarding;
    checked.regarding = { key: text(key, 'regarding.key', 200), kind: text(kind, 'regarding.kind', 64) };
    if (channel !== undefined) checked.regarding.channel = oneOf(channel, NOTIFICATION_CHANNELS, 'regarding.channel');
    if (recipient !== undefined) checked.regarding.recipient = text(recipient, 'regarding.recipient', 100);
    if (attempts !== undefined) checked.regarding.attempts = attempts;
  }
  return checked;
}

/**
 * A notification to the people in a role, or to one person. Recording it is what the workflows do (once per event:
 * the key names it); delivering it to each person's inbox, e-mail and chat is the DeliverNotification workflow's job.
 */
@Entity({ tableName: 'notification' })
export class Notification {
  @PrimaryKey({ type: 'string', length: 200 })
  key: string;

  @Property({ type: 'string', length: 32 })
  recipient: NotificationRecipient;

  /** The person in that role (a sales owner, department owner or agent id), when known. */
  @Property({ type: 'string', length: 100, nullable: true })
  recipientId: string | null;

  @Property({ type: 'string', length: 64 })
  kind: string;

  @Property({ type: 'string', length: 64, nullable: true })
  saleId: string | null;

  @Property({ type: 'string', length: 80, nullable: true })
  callbackId: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  caseNo: string | null;

  /** The workflow's own wording, in English; stored, never logged, never delivered (templates render the facts). */
  @Property({ type: 'text' })
  message: string;

  @Property({ type: 'json' })
  facts: NotificationFacts;

  /** Delivered day or night; otherwise e-mail and chat wait for working hours. */
  @Property({ type: 'boolean' })
  urgent: boolean;

  /** When the event happened. */
  @Property({ type: 'datetime' })
  notifiedAt: Date;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt: Date = new Date();

  constructor(props: {
    key: string;
    recipient: NotificationRecipient;
    recipientId?: string | null;
    kind: string;
    saleId?: string | null;
    callbackId?: string | null;
    caseNo?: string | null;
    message: string;
    facts?: NotificationFacts;
    urgent?: boolean;
    notifiedAt: Date | string;
  }) {
    this.key = text(props.key, 'key', 200);
    this.recipient = oneOf(props.recipient, NOTIFICATION_RECIPIENTS, 'recipient');
    this.recipientId = optionalText(props.recipientId, 'recipientId', 100);
    if (typeof props.kind !== 'string' || !KIND.test(props.kind)) {
      throw new Error(`kind must be 1–64 letters, digits, dot, colon, dash or underscore, got ${String(props.kind)}`);
    }
    this.kind = props.kind;
    this.saleId = optionalText(props.saleId, 'saleId', 64);
    this.callbackId = optionalText(props.callbackId, 'callbackId', 80);
    this.caseNo = optionalText(props.caseNo, 'caseNo', 40);
    this.message = text(props.message, 'message', 10_000);
    this.facts = checkedFacts(props.facts ?? {});
    this.urgent = props.urgent ?? false;
    this.notifiedAt = instant(props.notifiedAt, 'at');
  }
}
