import { randomUUID } from 'node:crypto';
import type { FeedbackCaseStart, SurveyRecordInput } from '../../workflows/call-results.js';
import type { SaleDelivery } from '../../workflows/sale-types.js';

/** A unique id per test so tiers can share one database and one server. */
export const uniqueId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export function aDelivery(overrides: Partial<SaleDelivery> = {}): SaleDelivery {
  const saleId = overrides.saleId ?? uniqueId('S');
  return {
    saleId,
    orderNo: `PO-${saleId}`,
    customer: { id: uniqueId('C'), name: '华东第一人民医院', category: 'medical', keyAccount: true, region: '华东', industry: 'healthcare' },
    buyer: { name: '王芳', phone: '+86 138 0013 8000', title: '采购主管' },
    actualUser: { name: '李强', phone: '+86 139 0013 9000', title: '设备科科长' },
    product: { model: 'XR-200', quantity: 2 },
    deliveredOn: '2026-11-20',
    warrantyMonths: 12,
    salesOwner: 'li.lei',
    ...overrides,
  };
}

/** A phone survey in which the customer says they are dissatisfied (score 55): it opens a feedback case. */
export const aDissatisfiedSurvey = () => ({
  method: 'phone',
  usage: { location: '放射科', city: '上海', hoursPerDay: 6 },
  overall: { scale: 'score_0_to_100', score: 55 },
  saysDissatisfied: true,
  complainedToManagement: false,
  seriousOpinion: false,
  opinions: '售后响应太慢',
});

/** What a sale workflow opens a feedback case with, for the sale's callback: a dissatisfied phone call by default. */
export function aCaseStart(delivery: SaleDelivery, callbackId: string, overrides: Partial<FeedbackCaseStart> = {}): FeedbackCaseStart {
  return {
    sourceAttemptId: randomUUID(),
    saleId: delivery.saleId,
    callbackId,
    customerId: delivery.customer.id,
    orderNo: delivery.orderNo,
    productModel: delivery.product.model,
    channel: 'PHONE',
    classification: 'dissatisfied',
    priority: 'high',
    customerWords: '开机太慢',
    score: 40,
    receivedAt: '2026-12-21T02:15:00.000Z',
    ...overrides,
  };
}

/** A satisfied customer's phone survey, nothing more: no case, no lead. */
export const satisfiedSurvey: SurveyRecordInput = {
  method: 'phone',
  usage: {},
  overall: { scale: 'grade', grade: 'satisfied' },
  saysDissatisfied: false,
  complainedToManagement: false,
  seriousOpinion: false,
};
