import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallResultOutcome, CallResultRequest, ClaimRequest } from './call-results.js';
import type { CallbackPlanEntry, SaleCancellationReason } from './callback-types.js';
import type { SaleFollowUpState } from './sale-types.js';

export const saleStateQuery = defineQuery<SaleFollowUpState>('saleState');

/** The sale was returned or refunded: the follow-up ends; the first cancellation counts. */
export const cancelSaleSignal = defineSignal<[{ reason: SaleCancellationReason; note?: string }]>('cancelSale');

/** An agent takes an open callback; rejected when it is not open or another agent has it. */
export const claimCallbackUpdate = defineUpdate<CallbackPlanEntry, [ClaimRequest]>('claimCallback');

/** An agent records what came of a call; a repeated attempt id is applied once. */
export const recordCallResultUpdate = defineUpdate<CallResultOutcome, [CallResultRequest]>('recordCallResult');
