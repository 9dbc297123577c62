// How a feedback case is prioritised and routed (DOMAIN §4, from the feedback procedure [001]).
import type { FeedbackPriority, SurveyClass } from './classification.js';

export interface RiskFlags {
  /** A safety hazard (安全隐患). */
  safetyHazard?: boolean;
  /** A major loss to the customer (重大损失). */
  majorLoss?: boolean;
  /** The customer may be lost (客户流失风险). */
  riskOfLosingCustomer?: boolean;
}

/**
 * High: a complaint, stated dissatisfaction, risk of losing the customer, a safety hazard or a major loss;
 * medium: suggestions, grievances or a question left open; low: praise or plain satisfaction.
 */
export function casePriority(classification: SurveyClass | 'unanswered_question', flags: RiskFlags = {}): FeedbackPriority {
  if (flags.safetyHazard || flags.majorLoss || flags.riskOfLosingCustomer) return 'high';
  if (classification === 'complaint' || classification === 'dissatisfied') return 'high';
  if (classification === 'grievance' || classification === 'opinion' || classification === 'unanswered_question') return 'medium';
  return 'low';
}

export type SuggestedNature = 'attitude' | 'technical_ability' | 'process_efficiency' | 'product_quality' | 'communication';
export type SuggestedDepartment = 'after_sales' | 'rnd' | 'logistics' | 'sales';

export interface DimensionScores {
  product: number | null;
  attitude: number | null;
  speed: number | null;
  service: number | null;
}

/** The nature the worst-rated dimension points to, and the department that answers for it. */
const ROUTES: Record<keyof DimensionScores, { nature: SuggestedNature; department: SuggestedDepartment }> = {
  product: { nature: 'product_quality', department: 'rnd' },
  attitude: { nature: 'attitude', department: 'after_sales' },
  speed: { nature: 'process_efficiency', department: 'after_sales' },
  service: { nature: 'technical_ability', department: 'after_sales' },
};

/**
 * A suggestion for the after-sales manager who assigns the case: the worst-rated dimension (ties in the order
 * product, attitude, speed, service); communication with after-sales when no dimension was rated. A single
 * customer's report is scoped `single` until the manager finds it common or systemic.
 */
export function suggestedAssignment(scores: DimensionScores): { nature: SuggestedNature; department: SuggestedDepartment; scope: 'single' } {
  const rated = (Object.keys(ROUTES) as (keyof DimensionScores)[]).filter((d) => scores[d] !== null);
  if (rated.length === 0) return { nature: 'communication', department: 'after_sales', scope: 'single' };
  const worst = rated.reduce((a, b) => (scores[b]! < scores[a]! ? b : a));
  return { ...ROUTES[worst], scope: 'single' };
}
