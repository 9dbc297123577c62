import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SaleCancellationReason } from './callback-types.js';
import type { SaleFollowUpState } from './sale-types.js';

export const saleStateQuery = defineQuery<SaleFollowUpState>('saleState');

/** The sale was returned or refunded: the follow-up ends; the first cancellation counts. */
export const cancelSaleSignal = defineSignal<[{ reason: SaleCancellationReason; note?: string }]>('cancelSale');
