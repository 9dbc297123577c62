import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { pageWindow } from '../common/paging.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { addDays, atCompanyTime } from '../../workflows/domain/company-time.js';
import { ContactAccess } from './contact-access.entity.js';
import type { ContactAccessQueryDto } from './dto/contact-access-query.dto.js';
import type { ContactAccessPageDto } from './dto/contact-sheet.dto.js';

/** The contact access log for the administrator: newest first. */
@Injectable()
export class ContactAccessLogService {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: ContactAccessQueryDto): Promise<ContactAccessPageDto> {
    const zone = this.config.COMPANY_TIME_ZONE;
    const where: FilterQuery<ContactAccess> = {};
    if (query.person) where.personId = query.person;
    if (query.customer) where.customerId = query.customer;
    if (query.purpose) where.purpose = query.purpose;
    if (query.from || query.to) {
      where.accessedAt = {
        ...(query.from ? { $gte: atCompanyTime(query.from, 0, zone) } : {}),
        ...(query.to ? { $lt: atCompanyTime(addDays(query.to, 1), 0, zone) } : {}),
      };
    }
    const [entries, total] = await this.em.fork().findAndCount(ContactAccess, where, {
      orderBy: { accessedAt: 'desc', id: 'asc' },
      ...pageWindow(query),
    });
    return {
      items: entries.map((e) => ({
        id: e.id,
        personId: e.personId,
        role: e.role,
        customerId: e.customerId,
        saleId: e.saleId,
        purpose: e.purpose,
        callbackId: e.callbackId,
        caseNo: e.caseNo,
        accessedAt: e.accessedAt.toISOString(),
      })),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }
}
