import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pageWindow } from '../common/paging.js';
import type { DeliveriesQueryDto, DeliveryPageDto, DeliveryView } from './dto/deliveries.dto.js';

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

/** The delivery status of every notification, per person and channel, for the administrators. */
@Injectable()
export class DeliveriesService {
  constructor(private readonly em: EntityManager) {}

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
