import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { instant, oneOf, optionalText, text } from '../common/invariants.js';

export const NOTIFICATION_RECIPIENTS = ['general_manager', 'after_sales_manager', 'sales_owner', 'department_owner', 'agent'] as const;
export type NotificationRecipient = (typeof NOTIFICATION_RECIPIENTS)[number];

// Logged with every notification: no spaces, so no sentence (and no name) fits in it.
const KIND = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * A notification sent to a person in a role. Sending is recording it (there is no mail system); the key names
 * the event, so the same event is never notified twice.
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

  /** May hold personal data: stored, never logged. */
  @Property({ type: 'text' })
  message: string;

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
    this.notifiedAt = instant(props.notifiedAt, 'at');
  }
}
