import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { NotificationChannel } from './notification.entity.js';

/**
 * pending: to be sent; waiting: held until working hours (notBefore); retrying: failed at least once and is tried again;
 * sent; failed: given up, or nobody to send it to.
 */
export const DELIVERY_STATUSES = ['pending', 'waiting', 'retrying', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Where one notification stands for one person on one channel; written by the delivery activities only. */
@Entity({ tableName: 'notification_delivery' })
export class NotificationDelivery {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'string', length: 200 })
  notificationKey!: string;

  /** Null on the row that records a recipient resolving to nobody active. */
  @Property({ type: 'string', length: 100, nullable: true })
  recipientId!: string | null;

  @Property({ type: 'string', length: 8 })
  channel!: NotificationChannel;

  @Property({ type: 'string', length: 8 })
  status!: DeliveryStatus;

  /** The department whose chat robot a chat delivery posts to. */
  @Property({ type: 'string', length: 32, nullable: true })
  departmentCode!: string | null;

  @Property({ type: 'integer' })
  attempts!: number;

  /** What went wrong last, without personal data (addresses are masked). */
  @Property({ type: 'string', length: 500, nullable: true })
  lastError!: string | null;

  @Property({ type: 'datetime', nullable: true })
  notBefore!: Date | null;

  @Property({ type: 'datetime', nullable: true })
  sentAt!: Date | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
