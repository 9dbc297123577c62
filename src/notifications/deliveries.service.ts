import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { pageWindow } from '../common/paging.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TemporalService } from '../temporal/temporal.service.js';
import { deliveryWorkflowId } from '../../workflows/notification-types.js';
import type { DeliveriesQueryDto, DeliveryPageDto, DeliveryView, RedeliveryDto } from './dto/deliveries.dto.js';
import { Notification } from './notification.entity.js';
import { startDelivery } from './record-notification.js';

interface DeliveryRow {
  id: string;
  notification_key: string;
  kind: string;
  sale_id: string | null;
  case_no: string | null;
  recipient_id: string | null;
  channel: DeliveryView['channel'];
  status: DeliveryView['status'];
  attempts: number;
  last_error: string | null;
  not_before: Date | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const iso = (value: Date | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The delivery status of every notification, per person and channel, for the administrators, and redelivery. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly em: EntityManager,
    private readonly temporal: TemporalService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Runs the notification's delivery again, under its own workflow id, once its run has ended: the sends that failed
   * and the addressees nobody was found for (the directory or a robot fixed since) are tried again. A notification
   * recorded before deliveries existed, with no delivery yet, is delivered for the first time.
   */
  async redeliver(key: string): Promise<RedeliveryDto> {
    const em = this.em.fork();
    if (!(await em.findOne(Notification, { key }, { fields: ['key'] }))) throw new NotFoundError(`notification ${key} is not recorded`);
    const [counts] = await em.execute<{ rows: string; failed_sends: string; unresolved: string }[]>(
      `select count(*) as "rows",
              count(*) filter (where "status" = 'failed' and "channel" in ('email', 'chat') and "recipient_id" is not null) as "failed_sends",
              count(*) filter (where "status" = 'failed' and "recipient_id" is null) as "unresolved"
         from "notification_delivery" where "notification_key" = ?`,
      [key],
    );
    const failedSends = Number(counts.failed_sends);
    const unresolvedAddressees = Number(counts.unresolved);
    if (Number(counts.rows) > 0 && failedSends === 0 && unresolvedAddressees === 0) {
      throw new ConflictError(`nothing of notification ${key} failed: its deliveries are sent or under way`);
    }
    if (!(await startDelivery(this.temporal.client, this.temporal.taskQueue, this.config.deliveryPolicy, key, true))) {
      throw new ConflictError(`the delivery of notification ${key} is still under way; what fails can be delivered again once it has ended`);
    }
    return { notificationKey: key, workflowId: deliveryWorkflowId(key), failedSends, unresolvedAddressees };
  }

  async list(query: DeliveriesQueryDto): Promise<DeliveryPageDto> {
    const filters: string[] = [];
    const params: unknown[] = [];
    const filter = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      filters.push(`${column} = ?`);
      params.push(value);
    };
    filter('d."status"', query.status);
    filter('d."channel"', query.channel);
    filter('n."kind"', query.kind);
    filter('d."recipient_id"', query.recipientId);
    const where = filters.length ? `where ${filters.join(' and ')}` : '';
    const from = `from "notification_delivery" d join "notification" n on n."key" = d."notification_key" ${where}`;
    const { limit, offset } = pageWindow(query);
    const em = this.em.fork();
    const [rows, [count]] = await Promise.all([
      em.execute<DeliveryRow[]>(
        `select d."id", d."notification_key", n."kind", n."sale_id", n."case_no", d."recipient_id", d."channel", d."status", d."attempts",
                d."last_error", d."not_before", d."sent_at", d."created_at", d."updated_at"
           ${from} order by d."updated_at" desc, d."id" asc limit ? offset ?`,
        [...params, limit, offset],
      ),
      em.execute<{ total: string }[]>(`select count(*) as "total" ${from}`, params),
    ]);
    const items = rows.map(
      (row): DeliveryView => ({
        id: row.id,
        notificationKey: row.notification_key,
        kind: row.kind,
        saleId: row.sale_id,
        caseNo: row.case_no,
        recipientId: row.recipient_id,
        channel: row.channel,
        status: row.status,
        attempts: row.attempts,
        lastError: row.last_error,
        notBefore: iso(row.not_before),
        sentAt: iso(row.sent_at),
        createdAt: iso(row.created_at)!,
        updatedAt: iso(row.updated_at)!,
      }),
    );
    return { items, page: query.page, pageSize: query.pageSize, total: Number(count.total) };
  }
}
