import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { pageWindow } from '../common/paging.js';
import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/auth.service.js';
import { ForbiddenError } from '../common/errors.js';
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

  /** The repurchase leads, read from the records: newest first. A sales owner gets their own only. */
  async list(query: LeadsQueryDto, caller: Caller): Promise<LeadPageDto> {
    const where: FilterQuery<Lead> = {};
    if (caller.role === 'sales_owner') {
      if (query.salesOwner !== undefined && query.salesOwner !== caller.id) {
        throw new ForbiddenError(`a sales owner sees their own leads only: salesOwner must be ${caller.id} or left out`);
      }
      where.salesOwner = caller.id;
    } else if (query.salesOwner) where.salesOwner = query.salesOwner;
    if (query.status) where.status = query.status;
    const [leads, total] = await this.em.fork().findAndCount(Lead, where, {
      orderBy: { createdAt: 'desc', id: 'asc' },
      ...pageWindow(query),
    });
    return { items: leads.map(toView), page: query.page, pageSize: query.pageSize, total };
  }
}
