import type { EntityManager } from '@mikro-orm/postgresql';
import { CallAttempt } from '../callbacks/call-attempt.entity.js';
import { Callback } from '../callbacks/callback.entity.js';
import { SurveyRecord } from '../callbacks/survey-record.entity.js';
import { FeedbackCase } from '../feedback/feedback-case.entity.js';
import { Notification } from '../notifications/notification.entity.js';
import type { CallAttemptView, CallResultOutcome, SurveyView } from '../../workflows/call-results.js';
import type { CallbackPlanEntry } from '../../workflows/callback-types.js';
import type { SaleFollowUpState } from '../../workflows/sale-types.js';
import { Sale } from './sale.entity.js';

const iso = (date: Date) => date.toISOString();

/**
 * A sale's follow-up as its records tell it, in the shape of the workflow's `saleState` query: what GET /sales/:id
 * answers once Temporal has forgotten the workflow (its namespace's retention passed). Null for an unknown sale.
 */
export async function archivedSaleState(em: EntityManager, saleId: string): Promise<SaleFollowUpState | null> {
  const sale = await em.findOne(Sale, saleId, { populate: ['customer'] });
  if (!sale) return null;
  const callbacks = await em.find(Callback, { sale: saleId }, { orderBy: { id: 'asc' } });
  const callbackIds = callbacks.map((c) => c.id);
  const attempts = callbackIds.length
    ? await em.find(CallAttempt, { callback: { $in: callbackIds } }, { orderBy: { recordedAt: 'asc', createdAt: 'asc', id: 'asc' } })
    : [];
  const surveys = await em.find(SurveyRecord, { sale: saleId }, { orderBy: { recordedAt: 'asc', attemptId: 'asc' } });
  const cases = surveys.length
    ? await em.find(FeedbackCase, { sourceAttemptId: { $in: surveys.map((s) => s.attemptId) } }, { fields: ['caseNo', 'sourceAttemptId'] })
    : [];
  const chased = callbackIds.length
    ? new Set(
        (await em.find(Notification, { kind: 'questionnaire_chase', callbackId: { $in: callbackIds } }, { fields: ['callbackId'] })).map(
          (n) => n.callbackId,
        ),
      )
    : new Set<string | null>();
  const caseOf = new Map(cases.map((c) => [c.sourceAttemptId, c.caseNo]));

  const plan = callbacks.map((callback): CallbackPlanEntry => {
    const own = attempts.filter((a) => a.callback.id === callback.id);
    const agreed = own.filter((a) => a.outcome === 'busy').at(-1)?.nextTryAt;
    return {
      callbackId: callback.id,
      kind: callback.kind,
      nominalDate: callback.nominalDate,
      dueAt: iso(callback.dueAt),
      late: callback.late,
      status: callback.status,
      claimedBy: callback.claimedBy,
      attempts: callback.attempts,
      unanswered: own.filter((a) => a.outcome === 'no_answer').length,
      ...(agreed ? { agreedTime: iso(agreed) } : {}),
      ...(callback.questionnaireSentAt ? { questionnaireSentAt: iso(callback.questionnaireSentAt) } : {}),
      ...(chased.has(callback.id) ? { questionnaireChased: true } : {}),
    };
  });
  const attemptViews = attempts.map(
    (a): CallAttemptView => ({
      attemptId: a.id,
      callbackId: a.callback.id,
      agentId: a.agentId,
      outcome: a.outcome,
      recordedAt: iso(a.recordedAt),
      ...(a.reason !== null ? { reason: a.reason } : {}),
      ...(a.nextTryAt !== null ? { nextTryAt: iso(a.nextTryAt) } : {}),
    }),
  );
  const surveyViews = surveys.map((s) => surveyView(s, caseOf.get(s.attemptId) ?? null));
  const cancelled = sale.cancelledAt !== null && sale.cancellationReason !== null;
  return {
    saleId: sale.id,
    orderNo: sale.orderNo,
    customerId: sale.customer.id,
    customerCategory: sale.delivery?.customer.category ?? sale.customer.category,
    productModel: sale.productModel,
    deliveredOn: sale.deliveredOn,
    warrantyMonths: sale.warrantyMonths,
    stage: cancelled ? 'cancelled' : sale.status,
    registeredAt: iso(sale.registeredAt),
    callbacks: plan,
    attempts: attemptViews,
    surveys: surveyViews,
    cancellation: cancelled
      ? { reason: sale.cancellationReason!, ...(sale.cancellationNote ? { note: sale.cancellationNote } : {}), cancelledAt: iso(sale.cancelledAt!) }
      : null,
  };
}

/** A survey record as the workflow shows it (`SurveyView`), with the case it opened. */
export function surveyView(record: SurveyRecord, feedbackCaseNo: string | null): SurveyView {
  return {
    attemptId: record.attemptId,
    callbackId: record.callback.id,
    method: record.method,
    score: record.score,
    classification: record.classification,
    feedbackCaseNo,
    // The workflow's consequence: a lead whenever the customer named a repurchase intent.
    leadCreated: record.repurchaseIntent !== null,
    recordedAt: iso(record.recordedAt),
  };
}

/**
 * The answer to an attempt already recorded, from the records: what a repeated result gets (`applied: false`), also
 * once the workflow has closed or Temporal has forgotten it. Null for an attempt not recorded yet.
 */
export async function recordedAttemptOutcome(em: EntityManager, attemptId: string): Promise<CallResultOutcome | null> {
  const attempt = await em.findOne(CallAttempt, attemptId, { populate: ['callback'] });
  if (!attempt) return null;
  const survey = await em.findOne(SurveyRecord, { attemptId });
  const feedbackCase = survey ? await em.findOne(FeedbackCase, { sourceAttemptId: attemptId }, { fields: ['caseNo'] }) : null;
  return {
    callbackId: attempt.callback.id,
    attemptId,
    applied: false,
    callbackStatus: attempt.callbackStatus ?? attempt.callback.status,
    ...(survey ? { survey: surveyView(survey, feedbackCase?.caseNo ?? null) } : {}),
  };
}
