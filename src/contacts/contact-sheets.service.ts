import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { archivedCaseEvent, archivedCorrectiveAction, archivedSurvey } from '../archive/archive.service.js';
import type { Caller } from '../auth/auth.service.js';
import { CallAttempt } from '../callbacks/call-attempt.entity.js';
import { Callback } from '../callbacks/callback.entity.js';
import { callbackView } from '../callbacks/callbacks.service.js';
import { SurveyRecord } from '../callbacks/survey-record.entity.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors.js';
import type { Customer } from '../customers/customer.entity.js';
import { CaseEventRecord } from '../feedback/case-event.entity.js';
import { CorrectiveAction } from '../feedback/corrective-action.entity.js';
import { FeedbackCase } from '../feedback/feedback-case.entity.js';
import { feedbackCaseView } from '../feedback/feedback.service.js';
import { Sale } from '../sales/sale.entity.js';
import { FINAL_CALLBACK_STATUSES } from '../../workflows/callback-types.js';
import { addCalendarMonths } from '../../workflows/domain/company-time.js';
import type { ContactPerson } from '../../workflows/sale-types.js';
import { ContactAccess } from './contact-access.entity.js';
import type { CallSheetDto, ContactDto, ContactRole, RevisitSheetDto, SheetCustomerDto, SheetProductDto } from './dto/contact-sheet.dto.js';

type Transaction = EntityManager;

const contact = (role: ContactRole, person: ContactPerson): ContactDto => ({
  role,
  name: person.name,
  title: person.title ?? null,
  phone: person.phone,
  email: person.email ?? null,
  specialNeeds: person.specialNeeds ?? null,
});

/** The actual user first (callbacks go to them by preference), then the buyer. */
const contactsOf = (customer: Customer): ContactDto[] => [
  ...(customer.actualUser ? [contact('actual_user', customer.actualUser)] : []),
  contact('buyer', customer.buyer),
];

const customerOf = (c: Customer): SheetCustomerDto => ({
  id: c.id,
  name: c.name,
  category: c.category,
  keyAccount: c.keyAccount,
  region: c.region,
  industry: c.industry,
});

const productOf = (sale: Sale): SheetProductDto => ({
  model: sale.productModel,
  quantity: sale.quantity,
  orderNo: sale.orderNo,
  deliveredOn: sale.deliveredOn,
  warrantyMonths: sale.warrantyMonths,
  warrantyEndsOn: addCalendarMonths(sale.deliveredOn, sale.warrantyMonths),
  salesOwner: sale.salesOwner,
});

function callbackNotClaimed(callback: Callback): string {
  if (FINAL_CALLBACK_STATUSES.includes(callback.status)) return `callback ${callback.id} has ended (${callback.status}); its contact is no longer shown`;
  if (callback.status === 'due') return `callback ${callback.id} is not claimed; claim it first (POST /callbacks/${callback.id}/claim)`;
  if (callback.status === 'questionnaire') return `callback ${callback.id} is waiting for its questionnaire, not claimed for a call`;
  return `callback ${callback.id} is not open for calls yet (${callback.status}, due ${callback.dueAt.toISOString()})`;
}

/** Everyone who handled the case, as its workflow counts them: the agent who took the call, every owner, every verifier. */
async function handlersOf(tx: Transaction, feedbackCase: FeedbackCase): Promise<Set<string>> {
  const events = await tx.find(CaseEventRecord, { feedbackCase, type: { $in: ['assigned', 'verified', 'verification_failed'] } });
  const handlers = new Set<string>(feedbackCase.sourceAgentId ? [feedbackCase.sourceAgentId] : []);
  if (feedbackCase.ownerId) handlers.add(feedbackCase.ownerId);
  for (const event of events) {
    const ownerId = event.type === 'assigned' ? event.details?.['ownerId'] : event.actorId;
    if (typeof ownerId === 'string') handlers.add(ownerId);
  }
  return handlers;
}

/**
 * The only reads of a customer's contact (DOMAIN §7): the claimant of a callback while it is claimed, and an
 * independent agent re-visiting a feedback case. Each read is recorded in the contact access log in the same
 * transaction, before the contact leaves: a read that cannot be recorded is not answered.
 */
@Injectable()
export class ContactSheetsService {
  constructor(private readonly em: EntityManager) {}

  async callSheet(callbackId: string, caller: Caller): Promise<CallSheetDto> {
    return this.em.fork().transactional(async (tx) => {
      const callback = await tx.findOne(Callback, callbackId, { lockMode: LockMode.PESSIMISTIC_READ });
      if (!callback) throw new NotFoundError(`callback ${callbackId} is not known`);
      if (callback.status !== 'claimed') throw new ConflictError(callbackNotClaimed(callback));
      if (callback.claimedBy !== caller.id) {
        throw new ForbiddenError(`callback ${callbackId} is claimed by another agent; only the agent who claimed it sees whom to call`);
      }
      const sale = await tx.findOneOrFail(Sale, callback.sale.id, { populate: ['customer'] });
      const access = await this.record(tx, caller, sale, { purpose: 'callback', callbackId });
      const [callbacks, attempts, surveys, cases] = await Promise.all([
        tx.find(Callback, { sale }, { orderBy: { id: 'asc' } }),
        tx.find(CallAttempt, { callback: { sale } }, { orderBy: { recordedAt: 'asc', id: 'asc' } }),
        tx.find(SurveyRecord, { sale }, { orderBy: { recordedAt: 'asc', attemptId: 'asc' } }),
        tx.find(FeedbackCase, { sale, stage: { $ne: 'closed' } }, { orderBy: { receivedAt: 'asc', caseNo: 'asc' } }),
      ]);
      const now = new Date();
      return {
        access,
        contacts: contactsOf(sale.customer),
        customer: customerOf(sale.customer),
        product: productOf(sale),
        callback: callbackView(callback),
        scriptKind: callback.kind,
        callbacks: callbacks.map(callbackView),
        attempts: attempts.map((a) => ({
          attemptId: a.id,
          callbackId: a.callback.id,
          agentId: a.agentId,
          outcome: a.outcome,
          recordedAt: a.recordedAt.toISOString(),
          ...(a.reason === null ? {} : { reason: a.reason }),
          ...(a.nextTryAt === null ? {} : { nextTryAt: a.nextTryAt.toISOString() }),
        })),
        surveys: surveys.map(archivedSurvey),
        openCases: cases.map((c) => feedbackCaseView(c, now)),
      };
    });
  }

  async revisitSheet(caseNo: string, caller: Caller): Promise<RevisitSheetDto> {
    return this.em.fork().transactional(async (tx) => {
      const feedbackCase = await tx.findOne(FeedbackCase, caseNo, { lockMode: LockMode.PESSIMISTIC_READ });
      if (!feedbackCase) throw new NotFoundError(`feedback case ${caseNo} is not known`);
      if (feedbackCase.stage !== 'revisiting') {
        throw new ConflictError(`feedback case ${caseNo} is ${feedbackCase.stage}, not revisiting; its contact is shown only for the re-visit`);
      }
      if ((await handlersOf(tx, feedbackCase)).has(caller.id)) {
        throw new ForbiddenError(`${caller.id} handled case ${caseNo}; the re-visit, and the contact, are for an agent who did not`);
      }
      const sale = await tx.findOneOrFail(Sale, feedbackCase.sale.id, { populate: ['customer'] });
      const access = await this.record(tx, caller, sale, { purpose: 'revisit', caseNo });
      const [events, actions] = await Promise.all([
        tx.find(CaseEventRecord, { feedbackCase }, { orderBy: { at: 'asc', createdAt: 'asc', eventId: 'asc' } }),
        tx.find(CorrectiveAction, { caseNo }, { orderBy: { cycle: 'asc', kind: 'desc', createdAt: 'asc', id: 'asc' } }),
      ]);
      return {
        access,
        contacts: contactsOf(sale.customer),
        customer: customerOf(sale.customer),
        product: productOf(sale),
        case: feedbackCaseView(feedbackCase, new Date()),
        scriptKind: 'revisit' as const,
        customerWords: feedbackCase.customerWords,
        timeline: events.map(archivedCaseEvent),
        correctiveActions: actions.map(archivedCorrectiveAction),
      };
    });
  }

  private async record(
    tx: Transaction,
    caller: Caller,
    sale: Sale,
    reason: ConstructorParameters<typeof ContactAccess>[0]['for'],
  ): Promise<{ id: string; accessedAt: string }> {
    const access = new ContactAccess({ personId: caller.id, role: caller.role, customerId: sale.customer.id, saleId: sale.id, accessedAt: new Date(), for: reason });
    await tx.persist(access).flush();
    return { id: access.id, accessedAt: access.accessedAt.toISOString() };
  }
}
