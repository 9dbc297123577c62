import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors.js';
import { pageWindow } from '../common/paging.js';
import type { InboxItemView, InboxPageDto, InboxQueryDto } from './dto/inbox.dto.js';

interface InboxRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  sale_id: string | null;
  callback_id: string | null;
  case_no: string | null;
  created_at: Date;
  read_at: Date | null;
  urgent: boolean;
}

const COLUMNS = `"id", "kind", "title", "body", "link", "sale_id", "callback_id", "case_no", "created_at", "read_at", "urgent"`;

function toView(row: InboxRow): InboxItemView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    saleId: row.sale_id,
    callbackId: row.callback_id,
    caseNo: row.case_no,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at === null ? null : new Date(row.read_at).toISOString(),
    urgent: row.urgent,
  };
}

/** A person's own inbox: every query is bound to the caller's id, so nobody reads another's. */
@Injectable()
export class InboxService {
  constructor(private readonly em: EntityManager) {}

  async list(personId: string, query: InboxQueryDto): Promise<InboxPageDto> {
    const filters = [`"person_id" = ?`];
    const params: unknown[] = [personId];
    if (query.kind) {
      filters.push(`"kind" = ?`);
      params.push(query.kind);
    }
    if (query.read !== undefined) filters.push(query.read ? `"read_at" is not null` : `"read_at" is null`);
    const where = filters.join(' and ');
    const { limit, offset } = pageWindow(query);
    const em = this.em.fork();
    const [rows, [counts]] = await Promise.all([
      em.execute<InboxRow[]>(
        `select ${COLUMNS} from "inbox_item" where ${where}
          order by ("read_at" is null) desc, "created_at" desc, "id" asc limit ? offset ?`,
        [...params, limit, offset],
      ),
      em.execute<{ total: string; unread: string }[]>(
        `select count(*) filter (where ${where}) as "total", count(*) filter (where "read_at" is null) as "unread"
           from "inbox_item" where "person_id" = ?`,
        [...params, personId],
      ),
    ]);
    return { items: rows.map(toView), page: query.page, pageSize: query.pageSize, total: Number(counts.total), unread: Number(counts.unread) };
  }

  /** Marks the entry read; marking it again keeps the first time. Another person's entry is as unknown as a missing one. */
  async markRead(personId: string, id: string): Promise<InboxItemView> {
    const [row] = await this.em.fork().execute<InboxRow[]>(
      `update "inbox_item" set "read_at" = coalesce("read_at", now()) where "id" = ? and "person_id" = ? returning ${COLUMNS}`,
      [id, personId],
    );
    if (!row) throw new NotFoundError(`your inbox has no entry ${id}`);
    return toView(row);
  }

  async unreadCount(personId: string): Promise<{ unread: number }> {
    const [row] = await this.em.fork().execute<{ unread: string }[]>(
      `select count(*) as "unread" from "inbox_item" where "person_id" = ? and "read_at" is null`,
      [personId],
    );
    return { unread: Number(row.unread) };
  }
}
