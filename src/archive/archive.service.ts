import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors.js';
import { pageWindow } from '../common/paging.js';
import { SurveyRecord } from '../callbacks/survey-record.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { CaseEventRecord } from '../feedback/case-event.entity.js';
import { CorrectiveAction } from '../feedback/corrective-action.entity.js';
import { FeedbackCase } from '../feedback/feedback-case.entity.js';
import type { CustomerCategory } from '../../workflows/sale-types.js';
import type {
  ArchiveCaseDto,
  ArchiveCaseEventDto,
  ArchiveCorrectiveActionDto,
  ArchiveCustomerDto,
  ArchiveEntryDto,
  ArchivePageDto,
  ArchiveQueryDto,
  ArchiveSurveyDto,
  CustomerArchiveDto,
} from './dto/archive.dto.js';

const segment = (customer: Pick<Customer, 'id' | 'category' | 'keyAccount' | 'region' | 'industry'>): ArchiveCustomerDto => ({
  id: customer.id,
  category: customer.category,
  keyAccount: customer.keyAccount,
  region: customer.region,
  industry: customer.industry,
});

export const archivedSurvey = (s: SurveyRecord): ArchiveSurveyDto => ({
  callbackId: s.callback.id,
  saleId: s.sale.id,
  recordedAt: s.recordedAt.toISOString(),
  method: s.method,
  score: s.score,
  classification: s.classification,
  opinions: s.opinions,
  problems: s.problems,
});

export const archivedCaseEvent = (e: CaseEventRecord): ArchiveCaseEventDto => ({
  eventId: e.eventId,
  type: e.type,
  at: e.at.toISOString(),
  cycle: e.cycle,
  actorId: e.actorId,
  actorRole: e.actorRole,
  details: e.details,
});

export const archivedCorrectiveAction = (a: CorrectiveAction): ArchiveCorrectiveActionDto => ({
  id: a.id,
  cycle: a.cycle,
  kind: a.kind,
  description: a.description,
  deadline: a.deadline.toISOString(),
});

interface ArchiveRow {
  id: string;
  category: CustomerCategory;
  key_account: boolean;
  region: string | null;
  industry: string | null;
  surveys: string | number;
  cases: string | number;
  total: string | number;
}

/** The archive (资料归档, DOMAIN §6): what is kept per customer, browsable by customer category. No names or contacts. */
@Injectable()
export class ArchiveService {
  constructor(private readonly em: EntityManager) {}

  /** Customers by category, newest first within a category, with how many surveys and cases are kept for each. */
  async list(query: ArchiveQueryDto): Promise<ArchivePageDto> {
    const { limit, offset } = pageWindow(query);
    const category = query.customerCategory ?? null;
    const rows = await this.em.fork().execute<ArchiveRow[]>(
      `select c."id", c."category", c."key_account", c."region", c."industry",
              (select count(*) from "survey_record" s where s."customer_id" = c."id") as "surveys",
              (select count(*) from "feedback_case" f where f."customer_id" = c."id") as "cases",
              count(*) over () as "total"
         from "customer" c
        where (?::varchar is null or c."category" = ?)
        order by c."category" asc, c."created_at" desc, c."id" asc
        limit ? offset ?`,
      [category, category, limit, offset],
    );
    // A page past the end has no rows to carry the total: count it on its own.
    const total = rows.length > 0 ? Number(rows[0].total) : await this.em.fork().count(Customer, category ? { category } : {});
    const items: ArchiveEntryDto[] = rows.map((row) => ({
      ...segment({ id: row.id, category: row.category, keyAccount: row.key_account, region: row.region, industry: row.industry }),
      surveys: Number(row.surveys),
      cases: Number(row.cases),
    }));
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  /** One customer's survey records and feedback cases, each case with its timeline and corrective actions, oldest first. */
  async customerArchive(customerId: string): Promise<CustomerArchiveDto> {
    const em = this.em.fork();
    const customer = await em.findOne(Customer, customerId, { fields: ['id', 'category', 'keyAccount', 'region', 'industry'] });
    if (!customer) throw new NotFoundError(`customer ${customerId} is not known`);
    const [surveys, cases] = await Promise.all([
      em.fork().find(SurveyRecord, { customerId }, { orderBy: { recordedAt: 'asc', attemptId: 'asc' } }),
      em.fork().find(FeedbackCase, { customerId }, { orderBy: { receivedAt: 'asc', caseNo: 'asc' } }),
    ]);
    const caseNos = cases.map((c) => c.caseNo);
    const [events, actions] = caseNos.length === 0
      ? [[], []]
      : await Promise.all([
          em.fork().find(CaseEventRecord, { feedbackCase: { $in: caseNos } }, { orderBy: { at: 'asc', createdAt: 'asc', eventId: 'asc' } }),
          em.fork().find(CorrectiveAction, { caseNo: { $in: caseNos } }, { orderBy: { cycle: 'asc', kind: 'desc', createdAt: 'asc', id: 'asc' } }),
        ]);
    return {
      customer: segment(customer),
      surveys: surveys.map(archivedSurvey),
      cases: cases.map((c): ArchiveCaseDto => ({
        caseNo: c.caseNo,
        stage: c.stage,
        priority: c.priority,
        classification: c.classification,
        department: c.department,
        receivedAt: c.receivedAt.toISOString(),
        closedAt: c.closedAt?.toISOString() ?? null,
        resolution: c.resolution,
        timeline: events.filter((e) => e.feedbackCase.caseNo === c.caseNo).map(archivedCaseEvent),
        correctiveActions: actions.filter((a) => a.caseNo === c.caseNo).map(archivedCorrectiveAction),
      })),
    };
  }
}
