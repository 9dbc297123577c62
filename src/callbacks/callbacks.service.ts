import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Callback } from './callback.entity.js';
import type { CallbackPageDto, CallbackView } from './dto/callback-view.dto.js';
import type { CallbacksQueryDto } from './dto/callbacks-query.dto.js';

function toView(callback: Callback): CallbackView {
  return {
    callbackId: callback.id,
    saleId: callback.sale.id,
    kind: callback.kind,
    status: callback.status,
    nominalDate: callback.nominalDate,
    dueAt: callback.dueAt.toISOString(),
    late: callback.late,
    customerId: callback.customerId,
    customerCategory: callback.customerCategory,
    claimedBy: callback.claimedBy,
    claimedAt: callback.claimedAt?.toISOString() ?? null,
    attempts: callback.attempts,
  };
}

@Injectable()
export class CallbacksService {
  constructor(private readonly em: EntityManager) {}

  /** The agents' queue, read from the records: earliest due first. */
  async list(query: CallbacksQueryDto): Promise<CallbackPageDto> {
    const where: FilterQuery<Callback> = {};
    if (query.status) where.status = { $in: query.status };
    if (query.dueBefore) where.dueAt = { $lt: new Date(query.dueBefore) };
    if (query.agent) where.claimedBy = query.agent;
    if (query.customerCategory) where.customerCategory = query.customerCategory;
    const [callbacks, total] = await this.em.fork().findAndCount(Callback, where, {
      orderBy: { dueAt: 'asc', id: 'asc' },
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { items: callbacks.map(toView), page: query.page, pageSize: query.pageSize, total };
  }
}
