import type { SaleDelivery } from '../workflows/sale-types.js';
import { CUSTOMER_CATEGORIES } from '../workflows/sale-types.js';

const REGIONS = ['华东', '华北', '华南', '西南', '东北'];
const MODELS = ['XR-200', 'XR-300', 'CT-9', 'US-5'];

/** A delivery as the sales system sends it; four sales per customer, as a hospital buys more than once. */
export function aDelivery(saleId: string, index: number, deliveredOn: string, runId: string): SaleDelivery {
  const customer = Math.floor(index / 4);
  return {
    saleId,
    orderNo: `PO-${saleId}`,
    customer: {
      id: `${runId}-C${customer}`,
      name: '华东第一人民医院',
      category: CUSTOMER_CATEGORIES[customer % CUSTOMER_CATEGORIES.length],
      keyAccount: customer % 5 === 0,
      region: REGIONS[customer % REGIONS.length],
      industry: 'healthcare',
    },
    buyer: { name: '王芳', phone: '+86 138 0013 8000', title: '采购主管' },
    actualUser: { name: '李强', phone: '+86 139 0013 9000', title: '设备科科长' },
    product: { model: MODELS[index % MODELS.length], quantity: 1 + (index % 3) },
    deliveredOn,
    warrantyMonths: 12,
    salesOwner: `owner.${index % 20}`,
  };
}

/** A satisfied customer's phone survey: the common result, no feedback case, no lead. */
export function aSatisfiedSurvey(attemptId: string): Record<string, unknown> {
  return {
    attemptId,
    outcome: 'survey_done',
    survey: {
      method: 'phone',
      usage: { location: '放射科', usedBy: '技师', city: '上海', hoursPerDay: 8 },
      overall: { scale: 'score_0_to_100', score: 95 },
      productRating: { scale: 'score_1_to_5', score: 5 },
      staffAttitude: { scale: 'grade', grade: 'very_satisfied' },
      saysDissatisfied: false,
      complainedToManagement: false,
      seriousOpinion: false,
    },
  };
}
