import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { pageWindow } from '../common/paging.js';
import { Injectable } from '@nestjs/common';
import { Lead } from './lead.entity.js';
import type { LeadPageDto, LeadView } from './dto/lead-view.dto.js';
import type { LeadsQueryDto } from './dto/leads-query.dto.js';

function toView(lead: Lead): LeadView {
  return {
    leadId: lead.id,
    saleId: lead.sale.id,
    customerId: lead.customerId,
    salesOwner: lead.salesOwner,
    productInterest: lead.productInterest,
    status: lead.status,
    createdAt: lead.createdAt.toISOString(),
  };
}

@Injectable()
export class LeadsService {
  constructor(private readonly em: EntityManager) {}

  /** The repurchase leads, read from the records: newest first. */
  async list(query: LeadsQueryDto): Promise<LeadPageDto> {
    const where: FilterQuery<Lead> = {};
    if (query.salesOwner) where.salesOwner = query.salesOwner;
    if (query.status) where.status = query.status;
    const [leads, total] = await this.em.fork().findAndCount(Lead, where, {
      orderBy: { createdAt: 'desc', id: 'asc' },
      ...pageWindow(query),
    });
    return { items: leads.map(toView), page: query.page, pageSize: query.pageSize, total };
  }
}
