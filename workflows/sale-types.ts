// Plain, serialisable shapes shared by the API, the workflows and the activities.

import type { ContactPerson, CustomerCategory } from './customer-types.js';

export { CUSTOMER_CATEGORIES, type ContactPerson, type CustomerCategory } from './customer-types.js';

/** What the sales system reports when a sale is delivered. */
export interface SaleDelivery {
  saleId: string;
  orderNo: string;
  customer: {
    id: string;
    name: string;
    category: CustomerCategory;
    keyAccount: boolean;
    region?: string;
    industry?: string;
  };
  buyer: ContactPerson;
  actualUser?: ContactPerson;
  product: { model: string; quantity: number };
  /** Local date of delivery, YYYY-MM-DD. */
  deliveredOn: string;
  warrantyMonths: number;
  salesOwner: string;
}

import type { CallAttemptView, SurveyView } from './call-results.js';
import type { CallbackPlanEntry, SaleCancellationReason } from './callback-types.js';

/** registering → following (callbacks planned, opened when due) → completed; or cancelled by a return or refund. */
export type FollowUpStage = 'registering' | 'following' | 'completed' | 'cancelled';
export const FOLLOW_UP_STAGES: readonly FollowUpStage[] = ['registering', 'following', 'completed', 'cancelled'];

export interface SaleCancellation {
  reason: SaleCancellationReason;
  note?: string;
  /** ISO 8601, when the workflow received it. */
  cancelledAt: string;
}

/** The live state of one sale's follow-up, as the sale workflow reports it. */
export interface SaleFollowUpState {
  saleId: string;
  orderNo: string;
  customerId: string;
  customerCategory: CustomerCategory;
  productModel: string;
  deliveredOn: string;
  warrantyMonths: number;
  stage: FollowUpStage;
  /** When the sale's record was written to the database (ISO). */
  registeredAt: string | null;
  /** The three callbacks, once planned: due times, late flags, statuses. */
  callbacks: CallbackPlanEntry[];
  /** Every call made, in order, and every survey completed. */
  attempts: CallAttemptView[];
  surveys: SurveyView[];
  cancellation: SaleCancellation | null;
}

/**
 * What a follow-up carries into its next run when it continues as new between callbacks: its state and what its
 * decisions still need, never the delivery's contacts.
 */
export interface SaleFollowUpContinued {
  continued: {
    state: SaleFollowUpState;
    salesOwner: string;
    timeZone: string;
    /** The sale's correction revision the workflow has applied (0: none). */
    revision: number;
  };
}

/**
 * A correction recorded in PostgreSQL, as the workflow needs it (no contacts): the values after the correction, and
 * the revision that orders corrections sent at once.
 */
export interface SaleCorrectionRequest {
  revision: number;
  orderNo: string;
  productModel: string;
  customerCategory: CustomerCategory;
  deliveredOn: string;
  warrantyMonths: number;
  salesOwner: string;
}

/** What a correction did to the follow-up: the callbacks not yet opened whose due times it moved. */
export interface SaleCorrectionOutcome {
  revision: number;
  replanned: string[];
}

export const saleWorkflowId = (saleId: string): string => `sale-${saleId}`;
